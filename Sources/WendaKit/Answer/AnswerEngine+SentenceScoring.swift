import Foundation

// Sentence scoring, the third stage of answering: each sentence of the best paragraphs
// scored on how much of the question it covers (IDF-weighted, the article's topic
// discounted, the relation asked about weighed up), an item of the expected type, its place
// and length, and its paragraph's retrieval score; with each paragraph's support (the
// share of the question's content terms it holds). Weights in `SelectionWeights`.
extension AnswerEngine {
    /// A sentence scored: its paragraph, its number, its score and its paragraph's support.
    struct Candidate {
        var paragraph: Int
        var sentence: Int
        var score: Double
        var support: Double
    }

    static let pronouns: Set<Unicode.Scalar> = Set("它他她该其此这".unicodeScalars)

    /// Whether `c` is one of `pronouns`, without hashing.
    @inline(__always)
    static func isPronoun(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "它", "他", "她", "该", "其", "此", "这": true
        default: false
        }
    }

    /// The sentences scored, best first, and what each paragraph read holds.
    struct ScoredSentences {
        /// Best first; ties: the paragraph's place in the collection, then the sentence's.
        var candidates: [Candidate]
        /// The paragraphs read, in retrieval order.
        var paragraphs: [Int]
        /// Which question terms each paragraph read holds: `termCount` a paragraph, in
        /// `paragraphs`' order (what the confidence needs of the best one).
        var found: [Bool]
        var termCount: Int

        /// Which question terms `paragraph` holds, as the sentence loop found them (nil: not read).
        func found(inParagraph paragraph: Int) -> ArraySlice<Bool>? {
            guard let h = paragraphs.firstIndex(of: paragraph) else { return nil }
            return found[(h * termCount)..<((h + 1) * termCount)]
        }
    }

    /// Scores the sentences of the best `weights.paragraphs` of `hits` (`topScore`: the
    /// first one's retrieval score) for the question.
    func scoreSentences(_ aq: AnalyzedQuestion, _ qterms: [QuestionTerm], hits: [ParagraphScore], topScore: Double) -> ScoredSentences {
        let w = weights
        let questionFolded = aq.folded
        let qchars = ScalarSet(aq.folded)
        var kindWeight = [0.0, 0.0, 0.0]
        kindWeight[Self.slot(.bigram)] = w.bigram
        kindWeight[Self.slot(.character)] = w.character
        kindWeight[Self.slot(.word)] = w.word
        let qslots = qterms.map { Self.slot($0.kind) }
        let qids = qterms.map(\.id)
        // What the loops below read of each term, as plain arrays (a `QuestionTerm` read in
        // a loop is copied, its text and id lists retained and released).
        let qidf = qterms.map(\.idf)
        let qrelation = qterms.map { $0.nearQuestionWord ? w.relation : 1 }
        let qcontent = qterms.map { $0.kind != .character }
        // Question terms a sentence of the paragraph holds only by a lexicon synonym (part
        // of the support, at `synonym`'s weight).
        var foundSynonym = [Bool](repeating: false, count: qterms.count)
        // What a term id says of the question: that the sentence holds question term k
        // (flag k), one of its synonyms (flag n + k) or one of its lexicon candidates (flag
        // 2n + k), n the number of question terms. The ids in ascending order, with their flags.
        let n = qterms.count
        var marks: [(id: Int32, flag: Int)] = []
        for (k, t) in qterms.enumerated() {
            if t.id >= 0 { marks.append((t.id, k)) }
            for a in t.alternatives { marks.append((a, n + k)) }
            for l in t.lexicon { marks.append((l, 2 * n + k)) }
        }
        // (Sorted as one integer each, id then flag: every id here is 0 or more.)
        var keys = marks.map { Int64($0.id) << 32 | Int64($0.flag) }
        keys.sort()
        marks = keys.map { (Int32(truncatingIfNeeded: $0 >> 32), Int(truncatingIfNeeded: $0 & 0xFFFF_FFFF)) }
        // An id two question terms share marks the first of them only.
        marks = marks.enumerated().filter { j, m in m.flag >= n || j == 0 || marks[j - 1].id != m.id }.map(\.element)
        let markIds = marks.map(\.id)
        // The ids in a table of `slotCount` slots (an id's slot: its low bits), each holding
        // its id and its flag: a sentence's term is told present or absent by one read and
        // one comparison, and a synonym or lexicon candidate by the same read (not searched
        // for in every sentence). A slot two marks share is marked, and the marks of a term
        // of it are found by binary search in `markIds`.
        let slotMask = Int32(Self.slotCount - 1)
        let slots = UnsafeMutablePointer<Int64>.allocate(capacity: Self.slotCount)
        defer { slots.deallocate() }
        slots.initialize(repeating: Self.emptySlot, count: Self.slotCount)
        for m in marks {
            let b = Int(m.id & slotMask)
            slots[b] = slots[b] == Self.emptySlot ? Int64(m.flag) << 32 | Int64(m.id) : Self.sharedSlot
        }
        // For each question term, the first term of the question with its id (the one the
        // marks name: a title's terms are told by the same table as a sentence's).
        var firstWithID = Array(0..<n)
        for k in 0..<n where qids[k] >= 0 {
            for j in 0..<k where qids[j] == qids[k] { firstWithID[k] = j; break }
        }
        var titleHolds = [Bool](repeating: false, count: n)
        // The flags a sentence sets, and one more entry written for a term of it that is no
        // mark (so that every term is written, without a branch).
        let flags = 3 * n
        let inSentence = UnsafeMutablePointer<Bool>.allocate(capacity: flags + 1)
        defer { inSentence.deallocate() }
        let elsewhere = flags
        // Support: IDF share of the question's content bigrams and words found, no title discount.
        var supportTotal = 0.0
        for t in qterms where t.kind != .character { supportTotal += t.idf }

        let typed = aq.answerType == .date || aq.answerType == .number || aq.answerType == .reason
        let needsFeatures = (w.answerType != 0 && typed) || aq.unit != nil || w.short != 0 || w.length != 0
        var candidates: [Candidate] = []
        var found = [Bool](repeating: false, count: qterms.count)
        var tw = [Double](repeating: 0, count: qterms.count)
        var totals = [0.0, 0.0, 0.0]
        candidates.reserveCapacity(w.paragraphs * 16)
        // Each candidate's paragraph's place in the collection (the sort's tie-break), read
        // once a paragraph rather than at every comparison.
        var ranks: [Int32] = []
        ranks.reserveCapacity(w.paragraphs * 16)
        // `found` of each paragraph read, one after the other (what the confidence needs of the best one).
        var paragraphFound: [Bool] = []
        paragraphFound.reserveCapacity(min(hits.count, w.paragraphs) * qterms.count)
        for hit in hits.prefix(w.paragraphs) {
            let par = index.paragraph(hit.paragraph)
            let a = Int(par.article)
            let title = index.titleTermBuffer(ofArticle: a)
            // Topic discount and per-kind totals for this article.
            for k in tw.indices { tw[k] = 0 }
            totals[0] = 0; totals[1] = 0; totals[2] = 0
            for k in 0..<n { titleHolds[k] = false }
            for t in title {
                let e = slots[Int(t & slotMask)]
                if Int32(truncatingIfNeeded: e) == t {
                    if Int(e >> 32) < n { titleHolds[Int(e >> 32)] = true }
                } else if e == Self.sharedSlot {
                    var m = BinarySearch.first(0, markIds.count) { markIds[$0] < t }
                    while m < markIds.count, markIds[m] == t {
                        if marks[m].flag < n { titleHolds[marks[m].flag] = true }
                        m += 1
                    }
                }
            }
            for k in 0..<n {
                let inTitle = qids[k] >= 0 && titleHolds[firstWithID[k]]
                tw[k] = qidf[k] * (inTitle ? w.titleDiscount : 1) * qrelation[k]
                totals[qslots[k]] += tw[k]
            }
            // Share of the title's characters found in the question.
            let titleCharacters = self.titleCharacters[a]
            let titleChars = titleCharacters.count
            let titleHits = titleCharacters.reduce(0) { $0 + (qchars.contains($1) ? 1 : 0) }
            // Which of its sentences open with a pronoun; their features, when read.
            let opens = pronounOpeners[hit.paragraph]
            let features = needsFeatures ? paragraphFeatures[hit.paragraph] : []
            let titleShare = titleChars > 0 ? Double(titleHits) / Double(titleChars) : 0
            let parRel = hit.score / topScore
            for k in found.indices { found[k] = false; foundSynonym[k] = false }
            // The question's terms in the heading of the section, counted weakly below.
            let heading = w.heading != 0 ? headingTerms(ofParagraph: hit.paragraph, qids) : nil
            let first = candidates.count
            let rank = index.rank(ofParagraph: hit.paragraph)
            let sentenceCount = Int(par.endSentence - par.firstSentence)
            for s in Int(par.firstSentence)..<Int(par.endSentence) {
                let ref = index.sentence(s)
                let st = index.termBuffer(ofSentence: s)
                inSentence.initialize(repeating: false, count: flags + 1)
                for t in st {
                    let e = slots[Int(t & slotMask)]
                    inSentence[Int32(truncatingIfNeeded: e) == t ? Int(e >> 32) : elsewhere] = true
                    if e == Self.sharedSlot {
                        var m = BinarySearch.first(0, markIds.count) { markIds[$0] < t }
                        while m < markIds.count, markIds[m] == t { inSentence[marks[m].flag] = true; m += 1 }
                    }
                }
                let pronoun = opens[s - Int(par.firstSentence)]
                var cov0 = 0.0, cov1 = 0.0, cov2 = 0.0
                for k in 0..<qids.count {
                    let hit = inSentence[k] || inSentence[n + k]
                    if !hit, inSentence[2 * n + k] {
                        switch qslots[k] {
                        case 0: cov0 += w.synonym * tw[k]
                        case 1: cov1 += w.synonym * tw[k]
                        default: cov2 += w.synonym * tw[k]
                        }
                        foundSynonym[k] = true
                        continue
                    }
                    guard hit else {
                        if let heading, heading[k] {
                            switch qslots[k] {
                            case 0: cov0 += w.heading * tw[k]
                            case 1: cov1 += w.heading * tw[k]
                            default: cov2 += w.heading * tw[k]
                            }
                        }
                        continue
                    }
                    switch qslots[k] {
                    case 0: cov0 += tw[k]
                    case 1: cov1 += tw[k]
                    default: cov2 += tw[k]
                    }
                    found[k] = true
                }
                var score = 0.0
                if totals[0] > 0 { score += kindWeight[0] * cov0 / totals[0] }
                if totals[1] > 0 { score += kindWeight[1] * cov1 / totals[1] }
                if totals[2] > 0 { score += kindWeight[2] * cov2 / totals[2] }
                // The sentence's features, looked up once, and only when something uses them
                // (a weight of 0 adds nothing).
                if needsFeatures {
                    let f = features[s - Int(par.firstSentence)]
                    if w.answerType != 0, hasAnswerItem(aq.answerType, f, questionFolded) { score += w.answerType }
                    if let unit = aq.unit, f.numbers.contains(where: {
                        Self.hasSuffix($0, unit) && !Self.occurs($0, in: questionFolded)
                    }) {
                        score += w.unitMatch
                    }
                    if w.short != 0, f.length < 8 { score += w.short }
                    if w.length != 0 { score += w.length * log(Double(max(f.length, 4)) / 30) }
                }
                if ref.index == 0 && sentenceCount > 1 { score += w.first }
                if pronoun { score += w.pronoun }
                score += w.paragraphScore * parRel + w.titleInQuestion * titleShare
                candidates.append(Candidate(paragraph: hit.paragraph, sentence: s, score: score, support: 0))
                ranks.append(rank)
            }
            var sup = 0.0
            var synonymSup = 0.0
            for k in 0..<n where qcontent[k] {
                if found[k] { sup += qidf[k] } else if foundSynonym[k] { synonymSup += qidf[k] }
            }
            // Synonyms add to the support, weakly, and never more than exact matches give.
            sup += min(w.synonym * synonymSup, sup)
            let support = supportTotal > 0 ? sup / supportTotal : 0
            for c in first..<candidates.count { candidates[c].support = support }
            paragraphFound.append(contentsOf: found)
        }
        // Sorted by keys laid side by side (no candidate read through the arrays at every
        // comparison).
        var order = candidates.indices.map { i in
            (score: candidates[i].score, paragraph: candidates[i].paragraph, rank: ranks[i], sentence: candidates[i].sentence,
             at: Int32(truncatingIfNeeded: i))
        }
        order.sort { x, y in
            if x.score != y.score { return x.score > y.score }
            if x.paragraph != y.paragraph { return x.rank < y.rank }
            return x.sentence < y.sentence
        }
        candidates = order.map { candidates[Int($0.at)] }
        return ScoredSentences(candidates: candidates, paragraphs: hits.prefix(w.paragraphs).map(\.paragraph),
                               found: paragraphFound, termCount: qterms.count)
    }

    @inline(__always)
    static func slot(_ k: TermKind) -> Int { Int(k.rawValue) - 1 }

    /// The slots of the question's id table in the sentence loop (a power of two): 8 KB.
    static let slotCount = 1024
    /// A slot no id holds (its low half, −1, is no term id).
    static let emptySlot: Int64 = -1
    /// A slot two or more ids share (its low half, −2, is no term id).
    static let sharedSlot: Int64 = -2
    // MARK: - What a sentence holds

    /// Whether `needle` stands in `hay`.
    static func occurs(_ needle: [Unicode.Scalar], in hay: [Unicode.Scalar]) -> Bool {
        guard !needle.isEmpty, needle.count <= hay.count else { return needle.isEmpty }
        outer: for i in 0...(hay.count - needle.count) where hay[i] == needle[0] {
            for k in 1..<needle.count where hay[i + k] != needle[k] { continue outer }
            return true
        }
        return false
    }

    static func hasSuffix(_ s: [Unicode.Scalar], _ suffix: [Unicode.Scalar]) -> Bool {
        hasSuffix(s[...], suffix)
    }

    static func hasSuffix(_ s: ArraySlice<Unicode.Scalar>, _ suffix: [Unicode.Scalar]) -> Bool {
        guard s.count >= suffix.count else { return false }
        let d = s.endIndex - suffix.count
        for k in 0..<suffix.count where s[d + k] != suffix[k] { return false }
        return true
    }

    /// Whether `c` counts in a sentence's length: a Han character or a letter (ASCII
    /// letters told without a property look-up).
    @inline(__always)
    static func isLetter(_ c: Unicode.Scalar) -> Bool {
        if UnicodeText.isHan(c) { return true }
        if c.isASCII { let l = c.value | 0x20; return l >= 0x61 && l <= 0x7A }
        return c.properties.isAlphabetic
    }

    func hasAnswerItem(_ type: AnswerType, _ s: Int, _ question: [Unicode.Scalar]) -> Bool {
        switch type {
        case .reason, .date, .number: return hasAnswerItem(type, sentenceFeatures(s), question)
        default: return false
        }
    }

    func hasAnswerItem(_ type: AnswerType, _ f: SentenceFeatures, _ question: [Unicode.Scalar]) -> Bool {
        switch type {
        case .reason: return f.reason
        case .date: return f.dates.contains { !Self.occurs($0, in: question) }
        case .number: return f.numbers.contains { !Self.occurs($0, in: question) }
        default: return false
        }
    }
}
