/// English questions over Chinese articles: each content word or phrase of the question
/// becomes a concept, matched by any of its forms — the word as written (names, models and
/// numbers stand in Chinese text as written: GPU, Meta, 2023) or the Chinese words CC-CEDICT
/// glosses with it (multi-word glosses first: natural language processing → 自然语言处理).
/// The quote stays the Chinese sentence, verbatim.
extension AnswerEngine {
    /// One form of a concept: its term id, its kind, and how much it counts in retrieval.
    struct ConceptForm {
        var id: Int32
        var kind: TermKind
        var text: String
        var weight: Double
        /// A Chinese rendering (not the word as written).
        var chinese: Bool
    }

    /// The concepts of an English question (words as written and their Chinese renderings),
    /// each as its forms, best first; nil for a question that is not English, or when the
    /// glosses are not there.
    static func englishConcepts(_ aq: AnalyzedQuestion, _ glosses: ChineseEnglish) -> [[(text: String, chinese: Bool)]]? {
        guard aq.isEnglish else { return nil }
        // The question's words, those of the question form left out.
        let all = AnswerSpotter.latinWords(aq.folded).filter { w in
            !aq.questionWords.contains { $0.overlaps(w.1) }
        }
        let words = all.map(\.0)
        func isContent(_ k: Int) -> Bool { !EnglishText.isStopWord(words[k]) }
        var concepts: [[(text: String, chinese: Bool)]] = []
        var k = 0
        while k < words.count {
            guard isContent(k) else { k += 1; continue }
            // The longest phrase from here that CC-CEDICT glosses (ending on a content word).
            var matched = 1
            var chinese: [String] = []
            var n = min(glosses.longestKey, words.count - k)
            while n >= 2 {
                if isContent(k + n - 1) {
                    let c = glosses.chinese(for: Array(words[k..<(k + n)]))
                    if !c.isEmpty { matched = n; chinese = c; break }
                }
                n -= 1
            }
            var forms: [(text: String, chinese: Bool)] = []
            if matched == 1 {
                let w = words[k]
                forms.append((w, false))
                let stem = EnglishText.stem(w)
                if stem != w { forms.append((stem, false)) }
                if AnswerSpotter.isYear(w) { forms.append((w + "年", false)) }
                if !w.unicodeScalars.allSatisfy({ AnswerSpotter.digits.contains($0) || $0 == "." || $0 == "," }) {
                    chinese = glosses.chinese(for: [w])
                }
            }
            forms += chinese.map { ($0, true) }
            concepts.append(forms)
            k += matched
        }
        // Chinese words copied into the question (a name as the article writes it).
        var i = 0
        while i < aq.folded.count {
            guard UnicodeText.isHan(aq.folded[i]), aq.content[i] else { i += 1; continue }
            var j = i
            while j < aq.folded.count, UnicodeText.isHan(aq.folded[j]), aq.content[j] { j += 1 }
            let run = String(String.UnicodeScalarView(aq.folded[i..<j]))
            for t in Segmenter.shared.tokenize(run) where t.kind == .word {
                concepts.append([(t.norm, true)])
            }
            i = j
        }
        return concepts.isEmpty ? nil : concepts
    }

    /// The concepts' forms that the collection has, as term ids: a Chinese rendering as a
    /// word (a character for a one-character word; a word of three or more characters that
    /// the articles cut otherwise, as its longest word they have), weighted down the list.
    func conceptForms(_ concept: [(text: String, chinese: Bool)]) -> [ConceptForm] {
        var out: [ConceptForm] = []
        var rank = 0
        var chinese = false
        func add(_ kind: TermKind, _ text: String, _ weight: Double) {
            let id = index.termID(kind, text)
            guard id >= 0, !out.contains(where: { $0.id == id }) else { return }
            out.append(ConceptForm(id: id, kind: kind, text: text, weight: weight, chinese: chinese))
        }
        for form in concept {
            chinese = form.chinese
            guard form.chinese else { add(.word, form.text, 1); continue }
            let decay = 1 / (1 + 0.25 * Double(rank))
            rank += 1
            let n = form.text.unicodeScalars.count
            if n == 1 {
                add(.character, form.text, 0.3 * decay)
                continue
            }
            let before = out.count
            add(.word, form.text, decay)
            if out.count == before, n == 2 { add(.bigram, form.text, 0.8 * decay) }
            if out.count == before, n >= 3 {
                let parts = Segmenter.shared.tokenize(form.text).filter { $0.kind == .word && $0.end - $0.start >= 2 }
                if let longest = parts.filter({ index.termID(.word, Normalizer.simplified($0.text)) >= 0 })
                    .max(by: { $0.end - $0.start < $1.end - $1.start }) {
                    add(.word, Normalizer.simplified(longest.text), 0.6 * decay)
                }
            }
        }
        // A one-character rendering matches characters of any word: only when no longer
        // rendering is there.
        if out.contains(where: { $0.chinese && $0.kind != .character }) {
            out.removeAll { $0.chinese && $0.kind == .character }
        }
        return out
    }

    /// The query and question terms of an English question read as Chinese concepts, when
    /// that reading finds more of the question in its best paragraph than the English one
    /// (`english`, the terms of the words as written) does; nil otherwise.
    func chineseReading(_ aq: AnalyzedQuestion, english: (query: [QueryTerm], terms: [QuestionTerm]))
        -> (query: [QueryTerm], terms: [QuestionTerm])?
    {
        guard let glosses = ChineseEnglish.shared, let concepts = Self.englishConcepts(aq, glosses) else { return nil }
        let stats = index.statistics
        let maxIDF = IndexStatistics.idf(documentFrequency: 0, passages: stats.passageCount)
        var query: [QueryTerm] = []
        var terms: [QuestionTerm] = []
        var anyChinese = false
        for concept in concepts {
            let forms = conceptForms(concept)
            guard let first = forms.first else {
                // A concept the collection lacks: it counts against the answer all the same.
                terms.append(QuestionTerm(term: QueryTerm(id: -1, kind: .word, text: concept.first?.text ?? "", weight: 0), idf: maxIDF))
                continue
            }
            if forms.contains(where: \.chinese) { anyChinese = true }
            for f in forms where !query.contains(where: { $0.id == f.id }) {
                query.append(QueryTerm(id: f.id, kind: f.kind, text: f.text, weight: index.options.weight(.word) * f.weight))
            }
            terms.append(QuestionTerm(term: QueryTerm(id: first.id, kind: .word, text: first.text, weight: index.options.weight(.word) * first.weight),
                                      idf: stats.idf(first.id), alternatives: forms.dropFirst().map(\.id)))
        }
        guard anyChinese, !query.isEmpty else { return nil }
        let reading = (query, terms)
        // A reading that finds under a third of the question in its best paragraph says
        // nothing sure (a word or two of an unrelated question rendered loosely).
        let found = support(reading)
        return found >= 1.0 / 3 && found > support(english) ? reading : nil
    }

    /// The IDF share of a reading's terms found in the paragraph it retrieves first.
    func support(_ reading: (query: [QueryTerm], terms: [QuestionTerm])) -> Double {
        guard let top = index.search(reading.query, limit: 1).first else { return 0 }
        let par = index.paragraph(top.paragraph)
        var found = [Bool](repeating: false, count: reading.terms.count)
        for s in Int(par.firstSentence)..<Int(par.endSentence) {
            let st = index.termBuffer(ofSentence: s)
            for (k, t) in reading.terms.enumerated() where !found[k] {
                found[k] = (t.id >= 0 && BinarySearch.contains(st, t.id)) || t.alternatives.contains { BinarySearch.contains(st, $0) }
            }
        }
        var all = 0.0, got = 0.0
        for (k, t) in reading.terms.enumerated() where t.kind != .character {
            all += t.idf
            if found[k] { got += t.idf }
        }
        return all > 0 ? got / all : 0
    }
}
