import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How passages are cut and terms weighed.
public struct IndexOptions: Sendable, Hashable {
    /// Paragraphs longer than this (in Unicode scalars) are split into overlapping windows.
    public var maxPassageLength = 1500
    /// The target length of a window.
    public var windowLength = 700
    /// Query weight of each kind of term in passage retrieval.
    public var bigramWeight = 1.0
    public var wordWeight = 1.0
    public var characterWeight = 0.12
    /// Pivoted length normalisation: 0 ignores length, 1 divides by length / mean length.
    public var lengthSlope = 0.3
    /// A single character found in more than this share of the passages (and in more
    /// than 64) is left out of retrieval: it adds little and touches most passages. It
    /// still counts in sentence selection.
    public var maxCharacterShare = 0.2

    public init() {}

    /// Sets options from `name=value,…` (bigramWeight, wordWeight, characterWeight,
    /// lengthSlope, maxPassageLength, windowLength); returns the settings it did not know.
    public mutating func apply(_ spec: String) -> [String] {
        var rest: [String] = []
        for part in spec.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, let v = Double(kv[1]) else { rest.append(String(part)); continue }
            switch kv[0] {
            case "bigramWeight": bigramWeight = v
            case "wordWeight": wordWeight = v
            case "characterWeight": characterWeight = v
            case "lengthSlope": lengthSlope = v
            case "maxCharacterShare": maxCharacterShare = v
            case "maxPassageLength": maxPassageLength = Int(v)
            case "windowLength": windowLength = Int(v)
            default: rest.append(String(part))
            }
        }
        return rest
    }

    public func weight(_ kind: TermKind) -> Double {
        switch kind {
        case .bigram: bigramWeight
        case .word: wordWeight
        case .character: characterWeight
        }
    }
}

/// A term of a query, looked up in the index (`id` is −1 when the collection lacks it).
public struct QueryTerm: Sendable, Hashable {
    public var id: Int32
    public var kind: TermKind
    public var text: String
    /// The query-side weight (kind weight × repetitions, or what the caller wants).
    public var weight: Double

    public init(id: Int32, kind: TermKind, text: String, weight: Double) {
        self.id = id
        self.kind = kind
        self.text = text
        self.weight = weight
    }
}

/// A retrieved paragraph (windows of one paragraph are merged: the best one counts).
public struct ParagraphScore: Sendable, Hashable {
    /// Global paragraph number in the index (0-based), see `PassageIndex.paragraphs`.
    public var paragraph: Int
    /// The window that scored (0-based passage number).
    public var passage: Int
    public var score: Double
}

/// Why a passage scored what it did: one line per matched term.
public struct ScoreExplanation: Sendable, Hashable {
    public struct Term: Sendable, Hashable {
        public var kind: TermKind
        public var text: String
        public var termFrequency: Int
        public var idf: Double
        public var queryWeight: Double
        /// This term's share of the score.
        public var contribution: Double
    }
    public var passage: Int
    public var score: Double
    public var lengthNorm: Double
    public var terms: [Term]
}

/// An inverted TF-IDF index over the passages of a set of articles: integer term ids,
/// postings in flat arrays (CSR), statistics kept apart in `statistics`. It also keeps,
/// for each sentence, its sorted distinct term ids, so answer selection can score the
/// sentences of the retrieved paragraphs without reading text again.
public final class PassageIndex: Sendable {
    public let articles: [Article]
    public let options: IndexOptions

    /// One entry per paragraph of every article, in article order.
    public struct ParagraphRef: Sendable, Hashable, BitwiseCopyable {
        public var article: Int32
        /// 0-based index into `articles[article].paragraphs`.
        public var index: Int32
        /// Range into the flat sentence arrays.
        public var firstSentence: Int32
        public var endSentence: Int32
    }
    public struct SentenceRef: Sendable, Hashable, BitwiseCopyable {
        public var paragraph: Int32
        /// 0-based within the paragraph.
        public var index: Int32
        public var start: Int32
        public var end: Int32
    }
    public let paragraphs: [ParagraphRef]
    public let sentences: [SentenceRef]
    /// Sorted distinct term ids of sentence `s`: `sentenceTerms[sentenceTermOffsets[s]..<sentenceTermOffsets[s+1]]`.
    let sentenceTermOffsets: [Int32]
    let sentenceTerms: [Int32]
    /// Sorted distinct term ids of each article's title.
    let titleTermOffsets: [Int32]
    let titleTerms: [Int32]

    /// Passages: a paragraph, or a window of sentences of a long one.
    let passageParagraph: [Int32]
    let passageFirstSentence: [Int32]
    let passageEndSentence: [Int32]
    let passageLength: [Float]

    /// Term ids by text (words) or packed code (characters and bigrams), and back.
    let terms: TermTable
    let postingOffsets: [Int32]
    let postingPassages: [Int32]
    let postingCounts: [UInt16]

    public let statistics: IndexStatistics
    /// Each paragraph's rank when sorted by article id, then position (for ties).
    let paragraphOrder: [Int32]
    /// Whether any paragraph was cut into windows.
    let hasWindows: Bool
    /// Score arrays for `search`, kept for the next question.
    let scratch = ScratchPool()

    public var passageCount: Int { passageParagraph.count }
    public var termCount: Int { terms.count }

    /// Builds the index; `progress` is told each article segmented (from any thread).
    /// `words`, when given, are the articles' words segmented by the build (see
    /// `ArticleWords`; an article without is segmented here).
    public init(articles: [Article], options: IndexOptions = IndexOptions(), words: ArticleWordsSource? = nil,
                progress: (@Sendable (Article) -> Void)? = nil) {
        self.articles = articles
        self.options = options
        var dictionary: [String: Int32] = [:]
        var codes: [UInt64: Int32] = [:]
        var kinds: [TermKind] = []
        var termCodes: [UInt64] = []
        var termWords: [String] = []
        func id(_ o: TermOccurrence) -> Int32 {
            if o.kind == .word {
                if let i = dictionary[o.word] { return i }
                let i = Int32(kinds.count)
                dictionary[o.word] = i
                kinds.append(o.kind)
                termCodes.append(0)
                termWords.append(o.word)
                return i
            }
            if let i = codes[o.code] { return i }
            let i = Int32(kinds.count)
            codes[o.code] = i
            kinds.append(o.kind)
            termCodes.append(o.code)
            termWords.append("")
            return i
        }
        // Segmenting and finding each article's terms are most of the work: done for a chunk
        // of articles at a time on every core; then the terms are numbered in article order
        // (so ids do not depend on timing), one lookup per distinct term of an article.
        let chunk = 1024
        var local: [LocalTerms] = []
        var paragraphs: [ParagraphRef] = []
        var sentences: [SentenceRef] = []
        var sentenceTermOffsets: [Int32] = [0]
        var sentenceTerms: [Int32] = []
        // Every sentence's term ids with repetitions, for passage term frequencies.
        var sentenceOccOffsets: [Int32] = [0]
        var sentenceOcc: [Int32] = []
        var titleTermOffsets: [Int32] = [0]
        var titleTerms: [Int32] = []
        var map: [Int32] = []
        var distinct: [Int32] = []

        for (a, article) in articles.enumerated() {
            if a % chunk == 0 {
                let range = a..<min(articles.count, a + chunk)
                local = Self.localTerms(articles, range, Self.prepare(articles, range, words, progress))
            }
            let terms = local[a % chunk]
            map.removeAll(keepingCapacity: true)
            for k in terms.kinds.indices {
                let o = TermOccurrence(kind: terms.kinds[k], code: terms.codes[k], word: terms.words[k], start: 0, end: 0)
                map.append(id(o))
            }
            func distinctSorted(_ occ: ArraySlice<Int32>) {
                distinct.removeAll(keepingCapacity: true)
                for l in occ { distinct.append(map[Int(l)]) }
                distinct.sort()
                var last: Int32 = -1
                for t in distinct where t != last { sentenceTerms.append(t); last = t }
            }
            var si = 0
            for (p, paragraph) in article.paragraphs.enumerated() {
                let first = Int32(sentences.count)
                for s in paragraph.sentences.indices {
                    let occ = terms.occurrences[Int(terms.offsets[si])..<Int(terms.offsets[si + 1])]
                    for l in occ { sentenceOcc.append(map[Int(l)]) }
                    sentenceOccOffsets.append(Int32(sentenceOcc.count))
                    distinctSorted(occ)
                    sentenceTermOffsets.append(Int32(sentenceTerms.count))
                    sentences.append(SentenceRef(paragraph: Int32(paragraphs.count), index: Int32(s),
                                                 start: terms.ranges[si].lowerBound, end: terms.ranges[si].upperBound))
                    si += 1
                }
                paragraphs.append(ParagraphRef(article: Int32(a), index: Int32(p), firstSentence: first,
                                               endSentence: Int32(sentences.count)))
            }
            // The title's terms (or the first sentence's, standing in for a missing title).
            let titleOcc = terms.occurrences[Int(terms.offsets[si])..<Int(terms.offsets[si + 1])]
            distinct.removeAll(keepingCapacity: true)
            for l in titleOcc { distinct.append(map[Int(l)]) }
            distinct.sort()
            var last: Int32 = -1
            for t in distinct where t != last { titleTerms.append(t); last = t }
            titleTermOffsets.append(Int32(titleTerms.count))
        }

        // Passages: whole paragraphs, or windows of sentences of the long ones.
        var pPar: [Int32] = [], pFirst: [Int32] = [], pEnd: [Int32] = []
        for (g, par) in paragraphs.enumerated() {
            let first = Int(par.firstSentence), end = Int(par.endSentence)
            guard first < end else { continue }
            let length = Int(sentences[end - 1].end - sentences[first].start)
            if length <= options.maxPassageLength || end - first == 1 {
                pPar.append(Int32(g)); pFirst.append(Int32(first)); pEnd.append(Int32(end))
                continue
            }
            var s = first
            while s < end {
                var e = s + 1
                while e < end, Int(sentences[e].end - sentences[s].start) <= options.windowLength { e += 1 }
                pPar.append(Int32(g)); pFirst.append(Int32(s)); pEnd.append(Int32(e))
                if e >= end { break }
                // Overlap: the next window starts a third of the way back into this one.
                let back = max(1, (e - s) / 3)
                s = max(s + 1, e - back)
            }
        }

        // Term frequencies per passage → postings (two passes, flat arrays).
        let termCount = kinds.count
        var df = [Int32](repeating: 0, count: termCount)
        var passageTermIds: [Int32] = []
        var passageTermCounts: [UInt16] = []
        var passageTermOffsets: [Int32] = [0]
        var lengths: [Float] = []
        var scratch = [Int32](repeating: 0, count: termCount)
        var touched: [Int32] = []
        for p in 0..<pPar.count {
            var len = 0
            for s in Int(pFirst[p])..<Int(pEnd[p]) {
                for k in Int(sentenceOccOffsets[s])..<Int(sentenceOccOffsets[s + 1]) {
                    let t = sentenceOcc[k]
                    if scratch[Int(t)] == 0 { touched.append(t) }
                    scratch[Int(t)] += 1
                    len += 1
                }
            }
            touched.sort()
            for t in touched {
                passageTermIds.append(t)
                passageTermCounts.append(UInt16(min(Int(scratch[Int(t)]), Int(UInt16.max))))
                df[Int(t)] += 1
                scratch[Int(t)] = 0
            }
            touched.removeAll(keepingCapacity: true)
            passageTermOffsets.append(Int32(passageTermIds.count))
            lengths.append(Float(len))
        }
        var offsets = [Int32](repeating: 0, count: termCount + 1)
        for t in 0..<termCount { offsets[t + 1] = offsets[t] + df[t] }
        var fill = Array(offsets.dropLast())
        var postP = [Int32](repeating: 0, count: passageTermIds.count)
        var postC = [UInt16](repeating: 0, count: passageTermIds.count)
        for p in 0..<pPar.count {
            for k in Int(passageTermOffsets[p])..<Int(passageTermOffsets[p + 1]) {
                let t = Int(passageTermIds[k])
                let at = Int(fill[t])
                postP[at] = Int32(p)
                postC[at] = passageTermCounts[k]
                fill[t] += 1
            }
        }

        self.paragraphs = paragraphs
        self.sentences = sentences
        self.sentenceTermOffsets = sentenceTermOffsets
        self.sentenceTerms = sentenceTerms
        self.titleTermOffsets = titleTermOffsets
        self.titleTerms = titleTerms
        self.passageParagraph = pPar
        self.passageFirstSentence = pFirst
        self.passageEndSentence = pEnd
        self.passageLength = lengths
        self.terms = TermTable(kinds: kinds, codes: termCodes, words: termWords)
        self.postingOffsets = offsets
        self.postingPassages = postP
        self.postingCounts = postC
        var order = Array(0..<paragraphs.count)
        order.sort { x, y in
            let ax = articles[Int(paragraphs[x].article)].id, ay = articles[Int(paragraphs[y].article)].id
            return ax != ay ? ax < ay : x < y
        }
        var rank = [Int32](repeating: 0, count: paragraphs.count)
        for (r, g) in order.enumerated() { rank[g] = Int32(r) }
        self.paragraphOrder = rank
        self.hasWindows = pPar.count != Set(pPar).count
        let total = lengths.reduce(0.0) { $0 + Double($1) }
        self.statistics = IndexStatistics(
            passageCount: pPar.count, averagePassageLength: pPar.isEmpty ? 1 : max(1, total / Double(pPar.count)),
            frequencies: df)
    }

    /// One article's terms: its distinct terms in order of first appearance (kind, code,
    /// word), and each sentence's occurrences as indices into them, then the title's.
    struct LocalTerms {
        var kinds: [TermKind] = []
        var codes: [UInt64] = []
        var words: [String] = []
        /// Sentence by sentence, then the title: local term indices with repetitions.
        var occurrences: [Int32] = []
        var offsets: [Int32] = [0]
        /// Each sentence's range in the folded text.
        var ranges: [Range<Int32>] = []
    }

    /// The terms of the articles in `range`, found on every core from their prepared text.
    static func localTerms(
        _ articles: [Article], _ range: Range<Int>,
        _ prepared: [(folded: [Unicode.Scalar], tokens: [Token], titleFolded: [Unicode.Scalar], titleTokens: [Token])]
    ) -> [LocalTerms] {
        var out = [LocalTerms](repeating: LocalTerms(), count: range.count)
        out.withUnsafeMutableBufferPointer { buffer in
            let slots = UnsafeSendableBuffer(buffer)
            Parallel.forEach(range.count) { i in
                slots.buffer[i] = localTerms(of: articles[range.lowerBound + i], prepared[i])
            }
        }
        return out
    }

    static func localTerms(
        of article: Article,
        _ prepared: (folded: [Unicode.Scalar], tokens: [Token], titleFolded: [Unicode.Scalar], titleTokens: [Token])
    ) -> LocalTerms {
        let (folded, tokens, titleFolded, titleTokens) = prepared
        var out = LocalTerms()
        var wordIDs: [String: Int32] = [:]
        var codeIDs: [UInt64: Int32] = [:]
        func add(_ occ: [TermOccurrence]) {
            for o in occ {
                let l: Int32
                if o.kind == .word {
                    if let i = wordIDs[o.word] { l = i } else {
                        l = Int32(out.kinds.count); wordIDs[o.word] = l
                        out.kinds.append(o.kind); out.codes.append(0); out.words.append(o.word)
                    }
                } else if let i = codeIDs[o.code] { l = i } else {
                    l = Int32(out.kinds.count); codeIDs[o.code] = l
                    out.kinds.append(o.kind); out.codes.append(o.code); out.words.append("")
                }
                out.occurrences.append(l)
            }
            out.offsets.append(Int32(out.occurrences.count))
        }
        var ti = 0
        for paragraph in article.paragraphs {
            for sentence in paragraph.sentences {
                let r = max(0, sentence.range.lowerBound)..<min(folded.count, sentence.range.upperBound)
                while ti < tokens.count, tokens[ti].start < r.lowerBound { ti += 1 }
                var tj = ti
                while tj < tokens.count, tokens[tj].start < r.upperBound { tj += 1 }
                add(TermExtractor.terms(folded: folded, tokens: Array(tokens[ti..<tj]), range: r))
                out.ranges.append(Int32(r.lowerBound)..<Int32(max(r.lowerBound, r.upperBound)))
            }
        }
        let title = article.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title == article.id {
            if let s = article.paragraphs.first?.sentences.first {
                // No title of its own: the first sentence stands in for the topic.
                let r = max(0, s.range.lowerBound)..<min(folded.count, s.range.upperBound)
                add(TermExtractor.terms(folded: folded, tokens: tokens.filter { $0.start >= r.lowerBound && $0.end <= r.upperBound }, range: r))
            } else {
                add([])
            }
        } else {
            add(TermExtractor.terms(folded: titleFolded, tokens: titleTokens))
        }
        return out
    }

    /// Each article's folded text and tokens, and its title's, computed on every core.
    /// Tokens are `ArticleWords`: given (segmented once by the build, or read back from
    /// the corpus), or segmented here.
    static func prepare(_ articles: [Article], _ range: Range<Int>, _ words: ArticleWordsSource?,
                        _ progress: (@Sendable (Article) -> Void)?)
        -> [(folded: [Unicode.Scalar], tokens: [Token], titleFolded: [Unicode.Scalar], titleTokens: [Token])]
    {
        let n = range.count
        var out = [([Unicode.Scalar], [Token], [Unicode.Scalar], [Token])](repeating: ([], [], [], []), count: n)
        out.withUnsafeMutableBufferPointer { buffer in
            let slots = UnsafeSendableBuffer(buffer)
            Parallel.forEach(n) { a in
                let article = articles[range.lowerBound + a]
                let title = ArticleWords.title(of: article)
                let useTitle = !(title.isEmpty || title == article.id)
                let w = words?.words(at: range.lowerBound + a) ?? ArticleWords(article)
                slots.buffer[a] = (TermExtractor.fold(article.text), w.tokens,
                                   useTitle ? TermExtractor.fold(title) : [], useTitle ? w.titleTokens : [])
                progress?(article)
            }
        }
        return out
    }

    /// An index from its parts (a saved index: see `IndexFile`).
    init(articles: [Article], options: IndexOptions, paragraphs: [ParagraphRef], sentences: [SentenceRef],
         sentenceTermOffsets: [Int32], sentenceTerms: [Int32], titleTermOffsets: [Int32], titleTerms: [Int32],
         passageParagraph: [Int32], passageFirstSentence: [Int32], passageEndSentence: [Int32], passageLength: [Float],
         terms: TermTable, postingOffsets: [Int32], postingPassages: [Int32], postingCounts: [UInt16],
         statistics: IndexStatistics, paragraphOrder: [Int32], hasWindows: Bool) {
        self.articles = articles
        self.options = options
        self.paragraphs = paragraphs
        self.sentences = sentences
        self.sentenceTermOffsets = sentenceTermOffsets
        self.sentenceTerms = sentenceTerms
        self.titleTermOffsets = titleTermOffsets
        self.titleTerms = titleTerms
        self.passageParagraph = passageParagraph
        self.passageFirstSentence = passageFirstSentence
        self.passageEndSentence = passageEndSentence
        self.passageLength = passageLength
        self.terms = terms
        self.postingOffsets = postingOffsets
        self.postingPassages = postingPassages
        self.postingCounts = postingCounts
        self.statistics = statistics
        self.paragraphOrder = paragraphOrder
        self.hasWindows = hasWindows
    }

    // MARK: Looking up

    /// The id of a term, or −1.
    public func termID(_ kind: TermKind, _ text: String) -> Int32 {
        if kind == .word { return terms.id(word: text) }
        return TermExtractor.code(kind, text: text).map { terms.id(code: $0) } ?? -1
    }

    func termID(_ o: TermOccurrence) -> Int32 {
        o.kind == .word ? terms.id(word: o.word) : terms.id(code: o.code)
    }

    public func termText(_ id: Int32) -> String { terms.text(id) }
    public func termKind(_ id: Int32) -> TermKind { terms.kind(id) }

    /// The terms of a text (a question), each distinct term once with its kind weight
    /// times its repetitions.
    public func queryTerms(_ occurrences: [TermOccurrence]) -> [QueryTerm] {
        var out: [QueryTerm] = []
        var at: [String: Int] = [:]
        for o in occurrences {
            let text = o.text
            let k = "\(o.kind.rawValue)\(text)"
            if let i = at[k] {
                out[i].weight += options.weight(o.kind)
            } else {
                at[k] = out.count
                out.append(QueryTerm(id: termID(o), kind: o.kind, text: text, weight: options.weight(o.kind)))
            }
        }
        return out
    }

    /// The global paragraph number a passage belongs to.
    public func paragraph(ofPassage p: Int) -> Int { Int(passageParagraph[p]) }

    /// Sorted distinct term ids of a sentence (global sentence number).
    public func terms(ofSentence s: Int) -> ArraySlice<Int32> {
        sentenceTerms[Int(sentenceTermOffsets[s])..<Int(sentenceTermOffsets[s + 1])]
    }

    /// Sorted distinct term ids of an article's title.
    public func titleTerms(ofArticle a: Int) -> ArraySlice<Int32> {
        titleTerms[Int(titleTermOffsets[a])..<Int(titleTermOffsets[a + 1])]
    }

    static let tfTable: [Double] = (0..<64).map { $0 == 0 ? 0 : 1 + log(Double($0)) }

    @inline(__always)
    func sublinear(_ c: UInt16) -> Double {
        c < 64 ? Self.tfTable[Int(c)] : 1 + log(Double(c))
    }

    @inline(__always)
    func tooCommon(_ df: Int, _ stats: some CorpusStatistics) -> Bool {
        df > 64 && Double(df) > options.maxCharacterShare * Double(stats.passageCount)
    }

    @inline(__always)
    func lengthNorm(_ p: Int, _ stats: some CorpusStatistics) -> Double {
        let b = options.lengthSlope
        return (1 - b) + b * Double(passageLength[p]) / stats.averagePassageLength
    }

    // MARK: Searching

    /// The best `limit` paragraphs for `terms`: Σ weight × idf × (1 + ln tf) / length norm,
    /// windows of one paragraph merged (the best counts); ties broken by article id, then
    /// position in the collection.
    public func search(_ terms: [QueryTerm], limit: Int, statistics: (any CorpusStatistics)? = nil) -> [ParagraphScore] {
        let stats: any CorpusStatistics = statistics ?? self.statistics
        return search(terms, limit: limit, stats)
    }

    func search(_ terms: [QueryTerm], limit: Int, _ stats: some CorpusStatistics) -> [ParagraphScore] {
        guard limit > 0, passageCount > 0 else { return [] }
        // The score array is as long as the collection: reused between questions (each
        // touched entry is zeroed again after), not allocated and cleared every time.
        var acc = scratch.take(passageCount)
        defer { scratch.give(acc) }
        var touched: [Int32] = []
        touched.reserveCapacity(256)
        postingPassages.withUnsafeBufferPointer { pp in
            postingCounts.withUnsafeBufferPointer { pc in
                acc.withUnsafeMutableBufferPointer { ac in
                    for q in terms where q.id >= 0 && q.weight > 0 {
                        let idf = stats.idf(q.id)
                        if q.kind == .character && tooCommon(stats.documentFrequency(q.id), stats) { continue }
                        let w = q.weight * idf
                        for k in Int(postingOffsets[Int(q.id)])..<Int(postingOffsets[Int(q.id) + 1]) {
                            let p = Int(pp[k])
                            if ac[p] == 0 { touched.append(Int32(p)) }
                            ac[p] += w * sublinear(pc[k])
                        }
                    }
                }
            }
        }
        // Best window per paragraph, then the best `limit` paragraphs (top-k insertion;
        // ties: article id, then position — `paragraphOrder` ranks paragraphs that way).
        var top: [ParagraphScore] = []
        top.reserveCapacity(limit + 1)
        func better(_ x: ParagraphScore, _ y: ParagraphScore) -> Bool {
            if x.score != y.score { return x.score > y.score }
            return paragraphOrder[x.paragraph] < paragraphOrder[y.paragraph]
        }
        func offer(_ c: ParagraphScore) {
            if top.count == limit, let last = top.last, !better(c, last) { return }
            var i = top.count
            while i > 0, better(c, top[i - 1]) { i -= 1 }
            top.insert(c, at: i)
            if top.count > limit { top.removeLast() }
        }
        if hasWindows {
            var scores: [Int32: ParagraphScore] = [:]
            for p32 in touched {
                let p = Int(p32)
                let s = acc[p] / lengthNorm(p, stats)
                let g = passageParagraph[p]
                if let b = scores[g], b.score >= s { continue }
                scores[g] = ParagraphScore(paragraph: Int(g), passage: p, score: s)
            }
            for c in scores.values { offer(c) }
        } else {
            for p32 in touched {
                let p = Int(p32)
                offer(ParagraphScore(paragraph: Int(passageParagraph[p]), passage: p, score: acc[p] / lengthNorm(p, stats)))
            }
        }
        for p in touched { acc[Int(p)] = 0 }
        return top
    }

    /// Which terms of `terms` a passage holds and what each added to its score.
    public func explain(_ terms: [QueryTerm], passage p: Int, statistics: (any CorpusStatistics)? = nil) -> ScoreExplanation {
        let stats: any CorpusStatistics = statistics ?? self.statistics
        let norm = lengthNorm(p, stats)
        var out: [ScoreExplanation.Term] = []
        var total = 0.0
        for q in terms where q.id >= 0 && q.weight > 0 {
            let lo = Int(postingOffsets[Int(q.id)]), hi = Int(postingOffsets[Int(q.id) + 1])
            // Postings are in passage order: binary search.
            var l = lo, h = hi
            while l < h {
                let m = (l + h) / 2
                if Int(postingPassages[m]) < p { l = m + 1 } else { h = m }
            }
            guard l < hi, Int(postingPassages[l]) == p else { continue }
            let idf = stats.idf(q.id)
            if q.kind == .character && tooCommon(stats.documentFrequency(q.id), stats) { continue }
            let c = q.weight * idf * sublinear(postingCounts[l]) / norm
            total += c
            out.append(.init(kind: q.kind, text: q.text, termFrequency: Int(postingCounts[l]), idf: idf,
                             queryWeight: q.weight, contribution: c))
        }
        out.sort { $0.contribution != $1.contribution ? $0.contribution > $1.contribution : $0.text < $1.text }
        return ScoreExplanation(passage: p, score: total, lengthNorm: norm, terms: out)
    }
}

/// Zeroed score arrays, lent to one search at a time (several threads may search).
final class ScratchPool: @unchecked Sendable {
    private var free: [[Double]] = []
    private let lock = NSLock()

    func take(_ count: Int) -> [Double] {
        lock.lock()
        let a = free.popLast()
        lock.unlock()
        if let a, a.count == count { return a }
        return [Double](repeating: 0, count: count)
    }

    /// Gives back an array whose entries are all zero again.
    func give(_ a: [Double]) {
        lock.lock()
        if free.count < 4 { free.append(a) }
        lock.unlock()
    }
}
