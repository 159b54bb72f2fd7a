import Foundation

/// Answers questions over a set of articles: analyses the question, retrieves passages
/// from the TF-IDF index, ranks the sentences of the best ones, and quotes the best
/// sentences verbatim with their citations — or says there is no answer and shows the
/// nearest passages.
public final class AnswerEngine: QuestionAnswering {
    /// The collection's index, as answering sees it (see `Retriever`).
    public let index: any Retriever
    public let weights: SelectionWeights
    /// The scalars of each article's text, for slicing quotes and spotting answer items.
    /// These per-article, per-paragraph and per-sentence tables are filled the first time
    /// an entry is asked for (`LazyTable`), so an engine over a saved index starts without
    /// going through every sentence.
    let scalars: LazyTable<[Unicode.Scalar]>
    /// Each paragraph's text, number and article id (global paragraph numbers of the
    /// index): what a retrieved passage shows, without reading its article again.
    let paragraphInfo: LazyTable<ParagraphInfo>
    /// Per sentence (global numbers): letters and Han characters; dates and numbers in it
    /// (folded text); whether it gives a reason.
    let sentenceFeatures: LazyTable<SentenceFeatures>
    /// Distinct Han characters of each article's title.
    let titleCharacters: LazyTable<[Unicode.Scalar]>
    /// Their term ids (−1 for one the collection lacks), in the same order.
    let titleCharacterIDs: LazyTable<[Int32]>
    /// Each article's blocks and section headings (see `AnswerEngine+Context`).
    let layout: LazyTable<ArticleLayout>
    /// See `synonymIDs(_:)`.
    let synonymIDs: [Int32: [Int32]]
    /// Checks the source files of a built corpus for quotes that no longer stand there
    /// (nil: the articles were read just now, or their index was rebuilt because they changed).
    public let sourceCheck: SourceCheck?

    struct ParagraphInfo: Sendable {
        var text: String
        /// 1-based within its article.
        var number: Int
        var docId: String
    }

    struct SentenceFeatures: Sendable {
        var length: Int32
        var dates: [[Unicode.Scalar]]
        var numbers: [[Unicode.Scalar]]
        var reason: Bool
    }

    public var articles: ArticleList { index.articles }

    public convenience init(articles: [Article], indexOptions: IndexOptions = IndexOptions(), weights: SelectionWeights = SelectionWeights()) {
        self.init(index: PassageIndex(articles: articles, options: indexOptions), weights: weights)
    }

    /// An engine over an index already built (or loaded: see `AnswerEngine+Persisted`).
    public init(index: any Retriever, weights: SelectionWeights = SelectionWeights(), sourceCheck: SourceCheck? = nil) {
        self.index = index
        self.sourceCheck = sourceCheck
        synonymIDs = Self.synonymIDs(index)
        let articles = index.articles
        self.weights = weights
        let scalars = LazyTable(count: articles.count) { a in
            let text = articles[a].text.unicodeScalars
            var out: [Unicode.Scalar] = []
            out.reserveCapacity(text.count)
            out.append(contentsOf: text)
            return out
        }
        self.scalars = scalars
        paragraphInfo = LazyTable(count: index.paragraphs.count) { g in
            let par = index.paragraphs[g]
            let article = articles[Int(par.article)]
            let p = article.paragraphs[Int(par.index)]
            let all = scalars[Int(par.article)]
            return ParagraphInfo(text: UnicodeText.string(all[p.range.clamped(to: 0..<all.count)]), number: p.number, docId: article.id)
        }
        sentenceFeatures = LazyTable(count: index.sentences.count) { i in
            let ref = index.sentences[i]
            let a = Int(index.paragraphs[Int(ref.paragraph)].article)
            let s = scalars[a][Int(ref.start)..<Int(ref.end)].map { Normalizer.fold($0) }
            func texts(_ r: [Range<Int>]) -> [[Unicode.Scalar]] { r.map { Array(s[$0]) } }
            return SentenceFeatures(
                length: Int32(s.reduce(0) { $0 + (Self.isLetter($1) ? 1 : 0) }),
                dates: texts(AnswerSpotter.spans(.date, in: s)),
                numbers: texts(AnswerSpotter.spans(.number, in: s)),
                reason: !AnswerSpotter.spans(.reason, in: s).isEmpty)
        }
        let titleCharacters = LazyTable(count: articles.count) { a in
            var seen = Set<Unicode.Scalar>()
            return TermExtractor.fold(articles[a].title).filter { UnicodeText.isHan($0) && seen.insert($0).inserted }
        }
        self.titleCharacters = titleCharacters
        layout = LazyTable(count: articles.count) { a in ArticleLayout(articles[a]) }
        titleCharacterIDs = LazyTable(count: articles.count) { a in
            titleCharacters[a].map { index.termID(.character, String($0)) }
        }
    }

    /// Reads the corpus at `corpusPath` (a folder, an article file, or corpus JSONL) and
    /// builds the engine. Throws when the path does not exist or holds no readable article;
    /// the problems of articles that could not be read are returned.
    public static func load(corpusPath: String, indexOptions: IndexOptions = IndexOptions(),
                            weights: SelectionWeights = SelectionWeights()) throws
        -> (engine: AnswerEngine, problems: [ReadProblem])
    {
        let (index, problems) = try CorpusIndex.inMemory(corpusPath, options: indexOptions)
        return (AnswerEngine(index: index, weights: weights), problems)
    }

    public func answer(_ question: String, top: Int) -> AnswerResult {
        let clock = ContinuousClock()
        let start = clock.now
        _ = index.takeFailure()
        var result = answerUntimed(question, top: top)
        if let failure = index.takeFailure() {
            result = AnswerResult(question: question, noAnswer: true, answers: [], passages: [], elapsedMs: 0)
            result.failure = failure
        }
        let d = clock.now - start
        result.elapsedMs = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return result
    }

    // MARK: - Answering

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

    /// How much of a question is analysed: a longer one is a paste, not a question, and
    /// answering it must stay bounded in time.
    public static let maxQuestionScalars = 1_000

    func answerUntimed(_ question: String, top: Int) -> AnswerResult {
        var asked = question
        if question.unicodeScalars.count > Self.maxQuestionScalars {
            asked = String(String.UnicodeScalarView(question.unicodeScalars.prefix(Self.maxQuestionScalars)))
        }
        let aq = QuestionAnalyzer.analyze(asked)
        let (query, qterms) = questionTerms(aq)
        let w = weights
        let hits = index.search(query, limit: max(w.passages, w.paragraphs))
        let passages = hits.prefix(w.passages).map(passageHit)
        guard !qterms.isEmpty, let topScore = hits.first?.score, topScore > 0 else {
            return AnswerResult(question: question, noAnswer: true, answers: [], passages: passages, elapsedMs: 0)
        }
        let questionFolded = aq.folded
        let qchars = Set(aq.folded)
        var kindWeight = [0.0, 0.0, 0.0]
        kindWeight[Self.slot(.bigram)] = w.bigram
        kindWeight[Self.slot(.character)] = w.character
        kindWeight[Self.slot(.word)] = w.word
        let qslots = qterms.map { Self.slot($0.kind) }
        let qids = qterms.map(\.id)
        let hasAlternatives = qterms.map { !$0.alternatives.isEmpty }
        let hasLexicon = qterms.map { !$0.lexicon.isEmpty }
        // Question terms a sentence of the paragraph holds only by a lexicon synonym (part
        // of the support, at `synonym`'s weight).
        var foundSynonym = [Bool](repeating: false, count: qterms.count)
        // The question's term ids in ascending order (with where each stands in `qterms`),
        // walked alongside a sentence's sorted ids rather than searched for one by one.
        let sortedQ = qids.indices.filter { qids[$0] >= 0 }.sorted { (qids[$0], $0) < (qids[$1], $1) }
        let sortedIds = sortedQ.map { qids[$0] }
        // The question's ids in a table of `slotCount` slots (an id's slot: its low bits),
        // each holding its id and where it stands in `qterms`: a sentence's term is told
        // present or absent by one read and one comparison (a merge of the sorted lists
        // branches unpredictably at every step). A slot two ids share is marked, and a term
        // of it is found by binary search in `sortedIds`.
        let slotMask = Int32(Self.slotCount - 1)
        let slots = UnsafeMutablePointer<Int64>.allocate(capacity: Self.slotCount)
        defer { slots.deallocate() }
        slots.initialize(repeating: Self.emptySlot, count: Self.slotCount)
        for (j, id) in sortedIds.enumerated() {
            let b = Int(id & slotMask)
            slots[b] = slots[b] == Self.emptySlot ? Int64(sortedQ[j]) << 32 | Int64(id) : Self.sharedSlot
        }
        // Which question terms the sentence holds, and one more entry written for a term
        // it holds that the question lacks (so that every term is written, without a branch).
        let inSentence = UnsafeMutablePointer<Bool>.allocate(capacity: qterms.count + 1)
        defer { inSentence.deallocate() }
        let elsewhere = qterms.count
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
        // `found` of each paragraph read, one after the other (what the confidence needs of the best one).
        var paragraphFound: [Bool] = []
        paragraphFound.reserveCapacity(min(hits.count, w.paragraphs) * qterms.count)
        for hit in hits.prefix(w.paragraphs) {
            let par = index.paragraphs[hit.paragraph]
            let a = Int(par.article)
            let title = index.titleTermBuffer(ofArticle: a)
            // Topic discount and per-kind totals for this article.
            for k in tw.indices { tw[k] = 0 }
            totals[0] = 0; totals[1] = 0; totals[2] = 0
            for (k, t) in qterms.enumerated() {
                let inTitle = t.id >= 0 && BinarySearch.contains(title, t.id)
                tw[k] = t.idf * (inTitle ? w.titleDiscount : 1) * (t.nearQuestionWord ? w.relation : 1)
                totals[qslots[k]] += tw[k]
            }
            // Share of the title's characters found in the question.
            let titleCharacters = self.titleCharacters[a]
            let titleChars = titleCharacters.count
            let titleHits = titleCharacters.reduce(0) { $0 + (qchars.contains($1) ? 1 : 0) }
            let text = scalars[a]
            let titleShare = titleChars > 0 ? Double(titleHits) / Double(titleChars) : 0
            let parRel = hit.score / topScore
            for k in found.indices { found[k] = false; foundSynonym[k] = false }
            // The question's terms in the heading of the section, counted weakly below.
            let heading = w.heading != 0 ? headingTerms(ofParagraph: hit.paragraph, qids) : nil
            let first = candidates.count
            let sentenceCount = Int(par.endSentence - par.firstSentence)
            for s in Int(par.firstSentence)..<Int(par.endSentence) {
                // The sentence's place and first character read first: their memory is
                // fetched while its terms are matched.
                let ref = index.sentences[s]
                let pronoun = Self.isPronoun(Normalizer.fold(text[Int(ref.start)]))
                let st = index.termBuffer(ofSentence: s)
                inSentence.initialize(repeating: false, count: qterms.count + 1)
                for t in st {
                    let e = slots[Int(t & slotMask)]
                    inSentence[Int32(truncatingIfNeeded: e) == t ? Int(e >> 32) : elsewhere] = true
                    if e == Self.sharedSlot {
                        let lo = BinarySearch.first(0, sortedIds.count) { sortedIds[$0] < t }
                        if lo < sortedIds.count, sortedIds[lo] == t { inSentence[sortedQ[lo]] = true }
                    }
                }
                var cov0 = 0.0, cov1 = 0.0, cov2 = 0.0
                for k in 0..<qids.count {
                    var hit = inSentence[k]
                    if !hit, hasAlternatives[k] { hit = qterms[k].alternatives.contains { BinarySearch.contains(st, $0) } }
                    if !hit, hasLexicon[k], qterms[k].lexicon.contains(where: { BinarySearch.contains(st, $0) }) {
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
                    let f = sentenceFeatures[s]
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
            }
            var sup = 0.0
            var synonymSup = 0.0
            for (k, t) in qterms.enumerated() where t.kind != .character {
                if found[k] { sup += t.idf } else if foundSynonym[k] { synonymSup += t.idf }
            }
            // Synonyms add to the support, weakly, and never more than exact matches give.
            sup += min(w.synonym * synonymSup, sup)
            let support = supportTotal > 0 ? sup / supportTotal : 0
            for c in first..<candidates.count { candidates[c].support = support }
            paragraphFound.append(contentsOf: found)
        }
        // What the sentence loop found in the best candidate's paragraph.
        func foundIn(_ paragraph: Int) -> ArraySlice<Bool>? {
            guard let h = hits.prefix(w.paragraphs).firstIndex(where: { $0.paragraph == paragraph }) else { return nil }
            return paragraphFound[(h * qterms.count)..<((h + 1) * qterms.count)]
        }
        candidates.sort { x, y in
            if x.score != y.score { return x.score > y.score }
            if x.paragraph != y.paragraph {
                return index.rank(ofParagraph: x.paragraph) < index.rank(ofParagraph: y.paragraph)
            }
            return x.sentence < y.sentence
        }
        // A distinctive term of the question the best sentence's paragraph lacks, a near variant there (NearMiss).
        let mismatch = candidates.first.map { mismatches(NearMiss.terms(original: Array(aq.text.unicodeScalars), folded: aq.folded, content: aq.content), aq, sentence: $0.sentence) } ?? []
        if let best = candidates.first, let sink = LibrarySettings.featureSink {
            let f = confidenceFeatures(best: best, hits: hits, qterms: qterms, aq: aq, candidates: candidates, mismatched: !mismatch.isEmpty)
            sink(question.replacingOccurrences(of: "\t", with: " ") + "\t" + f.line)
        }
        guard let best = candidates.first, best.support >= w.minSupport, best.score >= w.minScore,
              Double(index.paragraphs.count) < w.calibratedParagraphs
                ? best.support >= w.smallMinSupport
                : confidence(confidenceFeatures(best: best, hits: hits, qterms: qterms, aq: aq, candidates: candidates,
                                                found: foundIn(best.paragraph), mismatched: false)) >= noAnswerThreshold else {
            return AnswerResult(question: question, noAnswer: true, answers: [], passages: passages, elapsedMs: 0)
        }
        // The score of a sentence among the candidates (the last one listed, should it be
        // listed twice); looked up for the few quoted ones only.
        func scoreOf(_ sentence: Int) -> Double? {
            candidates.last { $0.sentence == sentence }?.score
        }
        // Each sentence quoted once: what an earlier quote already covers (a neighbour
        // joined to it) is left out of the later ones.
        var quotedSpans: [ClosedRange<Int>] = []
        let hq = AnswerSpotter.HighlightQuestion(aq)
        var answers: [QuotedSentence] = []
        let bestScore = best.score
        // Quotes too weak to give (candidates come best first): kept for the shell's /more.
        var weaker: [QuotedSentence] = []
        for c in candidates {
            if answers.count + weaker.count >= max(1, top) { break }
            let relative = QuoteSelection.relative(c.score, best: bestScore)
            var from = c.sentence, to = c.sentence
            if joinsNext(c.sentence, aq, questionFolded) || leadsIn(c.sentence, aq, questionFolded) {
                to += 1
            } else if w.joinMargin > 0 {
                let prev = scoreOf(c.sentence - 1).flatMap { index.sentences[c.sentence - 1].paragraph == index.sentences[c.sentence].paragraph ? $0 : nil }
                let next = scoreOf(c.sentence + 1).flatMap { index.sentences[c.sentence + 1].paragraph == index.sentences[c.sentence].paragraph ? $0 : nil }
                let p = prev ?? -.infinity, n = next ?? -.infinity
                if max(p, n) >= c.score - w.joinMargin { if n >= p { to += 1 } else { from -= 1 } }
            }
            // A list asked for: its lead-in and items together.
            if let list = listQuote(c.sentence, question: question) { from = list.lowerBound; to = list.upperBound }
            // Sentences already quoted are left out of this quote; nothing left, no quote.
            func covered(_ i: Int) -> Bool { quotedSpans.contains { $0.contains(i) } }
            while from <= to, covered(from) { from += 1 }
            while to >= from, covered(to) { to -= 1 }
            if from > to || (from...to).contains(where: covered) { continue }
            quotedSpans.append(from...to)
            let q = quote(c, from: from, to: to, hq, relative: relative, supporting: !answers.isEmpty && relative < QuoteSelection.supporting, aq)
            if !answers.isEmpty && relative < QuoteSelection.cutOff { weaker.append(q) } else { answers.append(q) }
        }
        var result = AnswerResult(question: question, noAnswer: false, answers: answers, passages: passages, elapsedMs: 0)
        result.weaker = weaker
        if !mismatch.isEmpty {
            // About something else: no answer, the quotes held back for those who ask for near misses.
            result.noAnswer = true
            result.nearMiss = answers
            result.answers = []
            result.mismatch = mismatch
        }
        return result
    }

    @inline(__always)
    static func slot(_ k: TermKind) -> Int { Int(k.rawValue) - 1 }

    /// The slots of the question's id table in the sentence loop (a power of two): 8 KB.
    static let slotCount = 1024
    /// A slot no id holds (its low half, −1, is no term id).
    static let emptySlot: Int64 = -1
    /// A slot two or more ids share (its low half, −2, is no term id).
    static let sharedSlot: Int64 = -2

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
        case .reason, .date, .number: return hasAnswerItem(type, sentenceFeatures[s], question)
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

    func passageHit(_ hit: ParagraphScore) -> PassageHit {
        let info = paragraphInfo[hit.paragraph]
        return PassageHit(docId: info.docId, paragraph: info.number, score: (hit.score * 10000).rounded() / 10000,
                          text: info.text, title: articles[Int(index.paragraphs[hit.paragraph].article)].title)
    }

    static let connectives: [[Unicode.Scalar]] = ["但", "而", "并", "因此", "所以", "其中", "此外", "同时", "后来", "之后", "随后", "然而", "不过", "故", "即"].map { Array($0.unicodeScalars) }
    static let clauseEnds: Set<Unicode.Scalar> = Set("：:，,、".unicodeScalars)
    static let semicolons: Set<Unicode.Scalar> = Set("；;".unicodeScalars)

    /// Whether the answer clearly runs on into the next sentence of the same paragraph:
    /// the sentence is very short, stops mid-clause, the next one continues it (a pronoun,
    /// a connective), or only the next one holds an item of the expected type.
    func joinsNext(_ s: Int, _ aq: AnalyzedQuestion, _ questionFolded: [Unicode.Scalar]) -> Bool {
        let ref = index.sentences[s]
        let par = index.paragraphs[Int(ref.paragraph)]
        guard s + 1 < Int(par.endSentence) else { return false }
        let w = weights
        let text = scalars[Int(par.article)]
        if Double(sentenceFeatures[s].length) < w.joinShort { return true }
        if w.joinClause != 0 {
            var e = Int(ref.end) - 1
            while e > Int(ref.start), text[e].isSpace { e -= 1 }
            if Self.clauseEnds.contains(text[e]) { return true }
            // A semicolon: the sentence is one item of a list that runs on.
            if w.joinSemicolon != 0, Self.semicolons.contains(text[e]) { return true }
        }
        let next = index.sentences[s + 1]
        var b = Int(next.start)
        while b < Int(next.end), text[b].isSpace { b += 1 }
        if w.joinPronoun != 0, b < Int(next.end) {
            if Self.isPronoun(Normalizer.fold(text[b])) { return true }
            if Self.connectives.contains(where: { c in b + c.count <= Int(next.end) && text[b..<(b + c.count)].lazy.map(Normalizer.fold).elementsEqual(c) }) { return true }
        }
        if w.joinType != 0, [.date, .number, .reason].contains(aq.answerType),
           !hasAnswerItem(aq.answerType, s, questionFolded), hasAnswerItem(aq.answerType, s + 1, questionFolded) {
            return true
        }
        return false
    }

    /// Quotes sentences `from`…`to` around candidate `c` (one paragraph, or a line and the
    /// next line of its block), scored `relative` to the best quote.
    func quote(_ c: Candidate, from: Int, to: Int, _ hq: AnswerSpotter.HighlightQuestion,
               relative: Double, supporting: Bool, _ aq: AnalyzedQuestion) -> QuotedSentence {
        let ref = index.sentences[from]
        let par = index.paragraphs[Int(ref.paragraph)]
        let a = Int(par.article)
        let article = articles[a]
        let range = Int(ref.start)..<Int(index.sentences[to].end)
        let s = Array(scalars[a][range])
        var highlight: [[Int]] = []
        let folded = s.map { Normalizer.fold($0) }
        if let r = AnswerSpotter.highlight(hq, original: s, folded: folded),
           !supporting || QuoteSelection.deserves(r, in: folded, original: s, aq) {
            highlight = [[r.lowerBound, r.upperBound]]
        }
        let citation = Citation(
            docId: article.id, title: article.title, author: article.author, date: article.date, source: article.source,
            url: article.url, page: article.page(ofParagraph: article.paragraphs[Int(par.index)].number),
            paragraph: article.paragraphs[Int(par.index)].number, sentence: Int(ref.index) + 1,
            sentenceEnd: Int(index.sentences[to].index) + 1, paragraphEnd: paragraphNumber(ofSentence: to),
            start: range.lowerBound, end: range.upperBound,
            stale: sourceCheck?.isStale(article) ?? false)
        return QuotedSentence(text: UnicodeText.string(s), score: relative, highlight: highlight, citation: citation,
                              supporting: supporting)
    }
}
