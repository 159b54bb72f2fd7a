/// Names asked about that the articles never mention: a question naming a person, place,
/// work or organisation (written in Han characters) that neither the collection nor the
/// quoted article has, while the quoted article is about another named thing, is answered
/// about something else. Two pieces of evidence, either enough:
/// - the collection never has the name: two or more of its characters next to each other
///   stand in no character bigram the collection holds (document frequency 0, read through
///   the retriever's collection statistics, so any engine behind the seam answers it);
/// - the quoted article has neither the name nor any of its words.
/// A question that names the quoted article (its title, or three characters of it in a
/// row, stand in the question) is about that article, whatever else it writes.
extension NearMiss {
    /// A name as asked: a run of neighbouring content words of the question (no question
    /// word, particle, function word or verb among them), scalar offsets.
    struct AskedName: Equatable {
        var range: Range<Int>
        /// Its segmenter words.
        var words: [Range<Int>]
    }

    /// The names a question asks about (`folded`: the folded question; `content`: which
    /// of its characters carry content). A lone common word (寓意, 战况) is what was asked
    /// of a thing, not the thing.
    static func askedNames(folded: [Unicode.Scalar], content: [Bool]?) -> [AskedName] {
        let tokens = Segmenter.shared.tokenize(scalars: folded)
        var out: [AskedName] = []
        var run: [Range<Int>] = []
        func close() {
            defer { run = [] }
            // A one-character word the dictionary knows, not as a name, at either end (此 大厦,
            // 状况 下) belongs to the sentence, not to the name, when two characters remain;
            // a run of one-character words only is a name the segmenter does not know, whole.
            let whole = run.allSatisfy { $0.count == 1 }
            func edge(_ w: Range<Int>) -> Bool {
                !whole && w.count == 1 && Segmenter.defaultDictionary.logProbability(of: folded[w]) != nil && !isNameLike(folded[w])
            }
            while let w = run.first, edge(w), run.count > 1, run.last!.upperBound - run[1].lowerBound >= 2 { run.removeFirst() }
            while let w = run.last, edge(w), run.count > 1, run[run.count - 2].upperBound - run[0].lowerBound >= 2 { run.removeLast() }
            guard let first = run.first, let last = run.last, last.upperBound - first.lowerBound >= 2 else { return }
            // A name: characters the segmenter knows no word of (钩 鳞 鲀), a word the
            // dictionary does not know or knows as a rare name, or what the question opens
            // with, its topic: a rare word (螺栓的著作有哪些？) or several words (天文航空的别名).
            // Common words elsewhere (外貌特征, 生活习性) are what is asked of a thing.
            // The topic is the first thing the question names: nothing but question words,
            // particles and punctuation before it (为什么X…, 什么是X).
            let opens = folded.indices[..<first.lowerBound].allSatisfy { i in
                !(UnicodeText.isHan(folded[i]) && (content?[i] ?? true) && !QuestionAnalyzer.particles.contains(folded[i]))
                    && !isLatinLetter(folded[i]) && !AnswerSpotter.isDigit(folded[i])
            }
            let named = whole || run.contains { isNameLike(folded[$0]) }
            let topic = opens && (run.count > 1 || isRare(folded[first]))
            guard named || topic else { return }
            out.append(AskedName(range: first.lowerBound..<last.upperBound, words: run))
        }
        for t in tokens {
            let r = t.start..<t.end
            let word = t.kind == .word && r.allSatisfy { UnicodeText.isHan(folded[$0]) && (content?[$0] ?? true) }
                && !(r.count == 1 && QuestionAnalyzer.particles.contains(folded[r.lowerBound]))
            let tag = word ? WordTags.tag(t.norm) : nil
            guard word, tag != .function, tag != .verb else { close(); continue }
            if let last = run.last, last.upperBound != r.lowerBound { close() }
            run.append(r)
        }
        close()
        return out
    }

    /// Whether the dictionary does not know a word (folded), or knows it as a rare name,
    /// place or organisation (城市, tagged a place, names no one place).
    static func isNameLike(_ word: ArraySlice<Unicode.Scalar>) -> Bool {
        guard word.count >= 2, let p = Segmenter.defaultDictionary.logProbability(of: word) else { return word.count >= 2 }
        switch Segmenter.defaultDictionary.wordClass(of: word) {
        case .person, .place, .organisation: return p < rareLogProbability
        default: return false
        }
    }

    /// Whether a question names an article: its title, less a qualifier in brackets
    /// (广济寺 (芜湖)), stands in the question, or three characters of it in a row do
    /// (金花蛇 for 金花蛇属, 阿普伽 for 维珍尼亚·阿普伽).
    static func namesArticle(_ questionFolded: [Unicode.Scalar], title: String) -> Bool {
        var t = TermExtractor.fold(title)
        if let open = t.firstIndex(where: { $0 == "(" || $0 == "（" }), open > 0 { t = Array(t[..<open]) }
        while let last = t.last, last == " " { t.removeLast() }
        guard !t.isEmpty else { return false }
        if AnswerEngine.occurs(t, in: questionFolded) { return true }
        guard questionFolded.count >= 3 else { return false }
        for i in 0...(questionFolded.count - 3) where (i..<(i + 3)).allSatisfy({ UnicodeText.isHan(questionFolded[$0]) }) {
            if AnswerEngine.occurs(Array(questionFolded[i..<(i + 3)]), in: t) { return true }
        }
        return false
    }

    /// Whether two or more neighbouring characters of `name` are new to the collection:
    /// every bigram of the question holding one of them is one the collection lacks
    /// (`seen` says which bigrams, by their place in `question`, it holds).
    /// Only characters of words that may be names count (words the dictionary does not
    /// know, knows as names or as rare words, and single characters): a common word the collection lacks
    /// (大厦 where the article writes 大楼) is another wording, not another thing.
    static func isNewToCollection(_ name: AskedName, question: [Unicode.Scalar], seen: (Int) -> Bool) -> Bool {
        var run = 0
        for w in name.words {
            guard w.count == 1 || isNameLike(question[w]) || isRare(question[w]) else { run = 0; continue }
            for i in w {
                // The bigrams holding character i: those starting at i − 1 and at i.
                let bigrams = [i - 1, i].filter { $0 >= 0 && $0 + 1 < question.count && UnicodeText.isHan(question[$0]) && UnicodeText.isHan(question[$0 + 1]) }
                run = bigrams.allSatisfy { !seen($0) } ? run + 1 : 0
                if run >= 2 { return true }
            }
        }
        return false
    }

    /// Whether an article (folded title and text) lacks `name`: it has neither the name nor
    /// any of its words of two or more characters, or — the name of several words — not the
    /// name whole while a word of it that it lacks names one thing (`namesOneThing`: 日本 of
    /// 日本工业大学, 游戏王 of 游戏王系列角色列表). It has the name when it has it less its first
    /// or last character (the segmenter may glue a character of the next word to a name:
    /// 刘七是). A glued character is the last one, or a first one that is a function word, a
    /// verb or a particle (以兆康苑). A name of one-character words only (the segmenter knows
    /// none of it) is left to `isNewToCollection`: there is no word of it to look for.
    static func isForeign(_ name: AskedName, question: [Unicode.Scalar], article: [Unicode.Scalar]) -> Bool {
        guard name.words.contains(where: { $0.count >= 2 }) else { return false }
        if holdsWhole(name, question: question, text: article) { return false }
        let words = name.words.filter { $0.count >= 2 }
        let missing = words.filter { !AnswerEngine.occurs(Array(question[$0]), in: article) }
        return missing.count == words.count || (name.words.count >= 2 && missing.contains { namesOneThing(question[$0]) })
    }

    /// Whether a folded text holds `name` whole, or less its last character or a glued
    /// first one (see `isForeign`).
    static func holdsWhole(_ name: AskedName, question: [Unicode.Scalar], text: [Unicode.Scalar]) -> Bool {
        let r = name.range
        if AnswerEngine.occurs(Array(question[r]), in: text) { return true }
        guard r.count >= 3 else { return false }
        if AnswerEngine.occurs(Array(question[r.lowerBound..<(r.upperBound - 1)]), in: text) { return true }
        return mayBeGluedOn(question[r.lowerBound])
            && AnswerEngine.occurs(Array(question[(r.lowerBound + 1)..<r.upperBound]), in: text)
    }

    /// Whether a character before a name may be one the segmenter glued on from the
    /// sentence: a function word, a verb or a particle (以 of 以兆康苑).
    static func mayBeGluedOn(_ c: Unicode.Scalar) -> Bool {
        let tag = Segmenter.defaultDictionary.wordClass(of: CollectionOfOne(c))
        return tag == .function || tag == .verb || QuestionAnalyzer.particles.contains(c)
    }

    /// Whether the retrieved articles (`retrieved`: folded title and text of each article a
    /// retrieved paragraph belongs to, the quoted one among them) never hold a part of
    /// `name` that names one thing: a word the dictionary does not know or knows as a rare
    /// name (no character at its edges that the segmenter may have glued on from the
    /// sentence: 中梅 of 电视剧中梅剑仙), or a run of one-character words (the segmenter
    /// knows no word of it). A name the collection has ranks a paragraph holding it among
    /// the retrieved ones (its characters are the question's rarest), so none holding it
    /// says the collection never mentions it, though each of its bigrams stands somewhere.
    static func isAbsentWhole(_ name: AskedName, question: [Unicode.Scalar], retrieved: () -> [[Unicode.Scalar]]) -> Bool {
        func glued(_ c: Unicode.Scalar) -> Bool { mayBeGluedOn(c) || notInNames.contains(c) || localizers.contains(c) }
        var parts = name.words.filter {
            $0.count >= 2 && isNameLike(question[$0]) && !glued(question[$0.lowerBound]) && !glued(question[$0.upperBound - 1])
        }.map { AskedName(range: $0, words: [$0]) }
        var run: [Range<Int>] = []
        for w in name.words + [0..<0] {
            if w.count == 1, run.last.map({ $0.upperBound == w.lowerBound }) ?? true { run.append(w); continue }
            if run.count >= 2 { parts.append(AskedName(range: run[0].lowerBound..<run.last!.upperBound, words: run)) }
            run = w.count == 1 ? [w] : []
        }
        guard !parts.isEmpty else { return false }
        let texts = retrieved()
        return parts.contains { p in !texts.contains { holdsWhole(p, question: question, text: $0) } }
    }

    /// Localizers (方位词): after a noun they say where or when (剧中, 时后), not part of a name.
    static let localizers: Set<Unicode.Scalar> = Set("中上下内外时后前".unicodeScalars)

    /// Below this log-probability a dictionary word is among its rarest (a handful of uses
    /// in 60 million words: 游戏王, 国家图书奖), a name more than a word.
    static let rarestLogProbability = -16.0

    /// Whether a word (folded) names one thing: the dictionary tags it as a person, place
    /// or organisation (日本, 司马), or knows it as one of its rarest words; no particle or
    /// pronoun in it (该岛 is a phrase).
    static func namesOneThing(_ word: ArraySlice<Unicode.Scalar>) -> Bool {
        guard !word.contains(where: notInNames.contains), let p = Segmenter.defaultDictionary.logProbability(of: word) else { return false }
        switch Segmenter.defaultDictionary.wordClass(of: word) {
        case .person, .place, .organisation: return true
        default: return p <= rarestLogProbability
        }
    }

    /// The names of the question the collection never has or the quoted article lacks,
    /// each as a mismatch with what the article is about (its title), unless the question
    /// names the article.
    static func nameMismatches(question: [Unicode.Scalar], questionFolded: [Unicode.Scalar], content: [Bool]?,
                               title: String, article: [Unicode.Scalar], seen: (Int) -> Bool,
                               retrieved: () -> [[Unicode.Scalar]] = { [] }) -> [Mismatch] {
        if namesArticle(questionFolded, title: title) { return [] }
        func text(_ r: Range<Int>) -> String { String(String.UnicodeScalarView(question[r])) }
        return askedNames(folded: questionFolded, content: content).compactMap { name in
            guard isNewToCollection(name, question: questionFolded, seen: seen)
                || isForeign(name, question: questionFolded, article: article)
                || isAbsentWhole(name, question: questionFolded, retrieved: retrieved) else { return nil }
            return Mismatch(asked: text(name.range), found: title)
        }
    }
}
