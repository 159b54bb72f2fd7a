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
    /// Whether search may skip postings that cannot change its result (the same result
    /// either way: off only to measure).
    public var pruning = true

    public init() {}

    /// Sets options from `name=value,…` (bigramWeight, wordWeight, characterWeight,
    /// lengthSlope, maxPassageLength, windowLength, pruning); returns the settings it did not know.
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
            case "pruning": pruning = v != 0
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
    /// The articles (those of a saved index decoded when first asked for).
    public let articles: ArticleList
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
    public let paragraphs: Column<ParagraphRef>
    public let sentences: Column<SentenceRef>
    /// Sorted distinct term ids of sentence `s`: `sentenceTerms[sentenceTermOffsets[s]..<sentenceTermOffsets[s+1]]`.
    let sentenceTermOffsets: Column<Int32>
    let sentenceTerms: Column<Int32>
    /// Sorted distinct term ids of each article's title.
    let titleTermOffsets: Column<Int32>
    let titleTerms: Column<Int32>

    /// Passages: a paragraph, or a window of sentences of a long one.
    let passageParagraph: Column<Int32>
    let passageFirstSentence: Column<Int32>
    let passageEndSentence: Column<Int32>
    let passageLength: Column<Float>

    /// Term ids by text (words) or packed code (characters and bigrams), and back.
    let terms: TermTable
    let postingOffsets: Column<Int32>
    let postingPassages: Column<Int32>
    let postingCounts: Column<UInt16>

    public let statistics: IndexStatistics
    /// Each paragraph's rank when sorted by article id, then position (for ties).
    let paragraphOrder: Column<Int32>
    /// Per term: its largest count in a passage, and the shortest passage holding it —
    /// an upper bound of what the term can add to any passage's score (see `search`).
    let termMaxCount: Column<UInt16>
    let termMinLength: Column<Float>
    /// Whether any paragraph was cut into windows.
    let hasWindows: Bool
    /// Score arrays for `search`, kept for the next question.
    let scratch = ScratchPool<Double>()
    let passageScratch = ScratchPool<Int32>()

    public var passageCount: Int { passageParagraph.count }
    public var termCount: Int { terms.count }

    /// Builds the index; `progress` is told each article segmented (from any thread).
    /// `words`, when given, are the articles' words segmented by the build (see
    /// `ArticleWords`; an article without is segmented here).
    public convenience init(articles: [Article], options: IndexOptions = IndexOptions(), words: ArticleWordsSource? = nil,
                            progress: (@Sendable (Article) -> Void)? = nil) {
        self.init(articles: articles, options: options, local: LocalTermsSource(articles, words, progress))
    }

    /// Builds the index from the articles' local terms, found elsewhere (a build finds them
    /// as it segments each article) and taken from `local` in article order.
    init(articles: [Article], options: IndexOptions, local: LocalTermsSource) {
        self.articles = ArticleList(articles)
        self.options = options
        var m = Merged(articles)
        let (kinds, termCodes, termWords) = Self.number(articles, options, local) { part, a in m.add(part, articles[a], a) }
        let termCount = kinds.count
        let table = ResultBox<TermTable>()
        let tableDone = Parallel.start { [kinds, termCodes, termWords] in
            table.set(.success(Self.termTable(kinds, termCodes, termWords)))
        }
        let postP = Growing<Int32>(), postC = Growing<UInt16>()
        // In memory nothing is written: nothing to throw.
        let p = try! Self.postings(termCount: termCount, &m, budget: .max, passages: postP, counts: postC)
        self.paragraphs = Column(m.paragraphs)
        self.sentences = Column(m.sentences.array)
        self.sentenceTermOffsets = Column(m.sentenceTermOffsets.array)
        self.sentenceTerms = Column(m.sentenceTerms.array)
        self.titleTermOffsets = Column(m.titleTermOffsets)
        self.titleTerms = Column(m.titleTerms)
        self.passageParagraph = Column(m.pPar)
        self.passageFirstSentence = Column(m.pFirst)
        self.passageEndSentence = Column(m.pEnd)
        self.passageLength = Column(m.lengths)
        tableDone.wait()
        self.terms = try! table.get()
        self.postingOffsets = Column(p.offsets)
        self.postingPassages = Column(postP.array)
        self.postingCounts = Column(postC.array)
        (self.termMaxCount, self.termMinLength) = (Column(p.maxCount), Column(p.minLength))
        self.paragraphOrder = Column(Self.paragraphOrder(m.paragraphs) { articles[$0].id })
        self.hasWindows = m.hasWindows
        self.statistics = IndexStatistics(
            passageCount: m.pPar.count, averagePassageLength: Self.averageLength(m.lengths), frequencies: p.frequencies)
    }

    /// Builds the index of `articles` (their local terms taken from `local`, in article
    /// order) and saves it to `url` as `IndexFile.write` would save the index built in
    /// memory, byte for byte, without holding it: the large sections (sentences and their
    /// terms, article records, passages' terms, postings) go to temporary files beside
    /// `url` as they are made, and the postings are made a share of the terms at a time,
    /// each share within `postingBudget` postings. (Memory then grows with the corpus only
    /// by what is kept per paragraph, passage and term.) `fingerprint` is asked for when
    /// the file is about to be written.
    static func write(articles: ArticleStore, options: IndexOptions, local: LocalTermsSource, fingerprint: () throws -> UInt64,
                      problems: [ReadProblem] = [], to url: URL, postingBudget: Int = 64 << 20) throws {
        let dir = url.deletingLastPathComponent()
        var m = try Merged(articles, spillingTo: dir)
        let records = Growing<UInt8>(sink: try SectionSink(directory: dir, elementSize: 1))
        var recordOffsets: [Int64] = [0], ids: [UInt8] = [], idOffsets: [Int64] = [0], idStrings: [String] = []
        recordOffsets.reserveCapacity(articles.count + 1); idOffsets.reserveCapacity(articles.count + 1)
        idStrings.reserveCapacity(articles.count)
        var record = BinaryWriter()
        let (kinds, termCodes, termWords) = number(articles, options, local) { part, a in
            let article = articles[a]
            m.add(part, article, a)
            record.bytes.removeAll(keepingCapacity: true)
            IndexFile.encodeArticle(article, &record)
            records.append(contentsOf: record.bytes)
            recordOffsets.append(Int64(records.count))
            ids += Array(article.id.utf8)
            idOffsets.append(Int64(ids.count))
            idStrings.append(article.id)
            // Its corpus JSON made (before its words were fed to the index) and its part
            // merged: the article is not needed again.
            articles.release(a)
        }
        let table = ResultBox<TermTable>()
        let tableDone = Parallel.start { [kinds, termCodes, termWords] in
            table.set(.success(Self.termTable(kinds, termCodes, termWords)))
        }
        // (Waited for once, also when something below throws.)
        var tableWaited = false
        defer { if !tableWaited { tableDone.wait() } }
        let postP = Growing<Int32>(sink: try SectionSink(directory: dir, elementSize: 4))
        let postC = Growing<UInt16>(sink: try SectionSink(directory: dir, elementSize: 2))
        let p = try postings(termCount: kinds.count, &m, budget: postingBudget, passages: postP, counts: postC)
        let order = paragraphOrder(m.paragraphs) { idStrings[$0] }
        idStrings = []
        let meta = IndexFile.meta(options, problems: problems, passageCount: m.pPar.count,
                                  averagePassageLength: averageLength(m.lengths), hasWindows: m.hasWindows,
                                  articleCount: articles.count)
        tableDone.wait()
        tableWaited = true
        let t = try table.get()
        let sections: [any IndexSection] = [
            MemorySection(meta), MemorySection(idOffsets), MemorySection(ids), MemorySection(recordOffsets),
            try records.section(), MemorySection(m.paragraphs), try m.sentences.section(),
            try m.sentenceTermOffsets.section(), try m.sentenceTerms.section(),
            MemorySection(m.titleTermOffsets), MemorySection(m.titleTerms),
            MemorySection(m.pPar), MemorySection(m.pFirst), MemorySection(m.pEnd), MemorySection(m.lengths),
            MemorySection(t.kinds), MemorySection(t.keys), MemorySection(t.sortedCodes), MemorySection(t.codeIDs),
            MemorySection(t.wordBytes), MemorySection(t.wordStarts), MemorySection(t.wordIDs),
            MemorySection(p.offsets), try postP.section(), try postC.section(),
            MemorySection(p.frequencies), MemorySection(order), MemorySection(p.maxCount), MemorySection(p.minLength),
        ]
        let fp = try fingerprint()
        try FileIO.writeAtomically(to: url) { emit in
            try IndexFile.assemble(sections, fingerprint: fp, into: emit)
        }
    }

    /// Numbers the terms of every article (`local` gives each article's terms, in order),
    /// handing each article's part to `merge` in article order; returns the terms in the
    /// order of their ids.
    private static func number<C: RandomAccessCollection<Article> & Sendable>(
        _ articles: C, _ options: IndexOptions, _ local: LocalTermsSource, merge: (ArticlePart, Int) -> Void
    ) -> (kinds: [TermKind], codes: [UInt64], words: [String]) where C.Index == Int {
        var codeIDs = CodeTable(capacity: 1 << 15)
        var wordIDs = WordTable(capacity: 1 << 15)
        var kinds: [TermKind] = []
        var termCodes: [UInt64] = []
        var termWords: [String] = []
        // Segmenting and finding each article's terms are most of the work: done on every
        // core, article by article, while the terms are numbered here in article order (so
        // ids do not depend on timing), one lookup per distinct term of an article. Each
        // article numbered, its sentences' and passages' terms are found on every core too.
        let numbered = Handover<(LocalTerms, [Int32])>(articles.count)
        let parts = Handover<ArticlePart>(articles.count)
        let partsDone = Parallel.start {
            Parallel.forEach(articles.count, ownThreads: true) { a in
                let (terms, map) = numbered.take(a)
                parts.put(PassageIndex.articlePart(articles[a], terms, map, options), at: a)
            }
        }
        // The articles' parts put together, in order, as they come, between numberings
        // (each part's sentences let go of at once).
        var nextPart = 0
        for a in articles.indices {
            let terms = local.take(a)
            var map: [Int32] = []
            map.reserveCapacity(terms.kinds.count)
            var normalized = terms.normalizedKeys.makeIterator()
            var nextNormalized = normalized.next()
            for k in terms.kinds.indices {
                let kind = terms.kinds[k]
                let next = Int32(kinds.count)
                if kind == .word {
                    // Words are one term when equal as strings: compared by their bytes,
                    // in canonical composition when they are not already.
                    var key: String
                    if let n = nextNormalized, Int(n.local) == k {
                        key = n.key
                        nextNormalized = normalized.next()
                    } else {
                        key = terms.words[k]
                    }
                    let found = key.withUTF8 { wordIDs.find($0, hash: terms.hashes[k], orInsert: next) }
                    if found.inserted { kinds.append(kind); termCodes.append(0); termWords.append(terms.words[k]) }
                    map.append(found.value)
                } else {
                    let found = codeIDs.find(terms.codes[k], orInsert: next)
                    if found.inserted { kinds.append(kind); termCodes.append(terms.codes[k]); termWords.append("") }
                    map.append(found.value)
                }
            }
            numbered.put((terms, map), at: a)
            while nextPart < a, let part = parts.takeIfReady(nextPart) {
                merge(part, nextPart)
                nextPart += 1
            }
        }
        while nextPart < articles.count {
            merge(parts.take(nextPart), nextPart)
            nextPart += 1
        }
        local.finish()
        partsDone.wait()
        return (kinds, termCodes, termWords)
    }

    /// Each paragraph's rank when sorted by its article's id, then position.
    private static func paragraphOrder(_ paragraphs: [ParagraphRef], id: (Int) -> String) -> [Int32] {
        var order = Array(0..<paragraphs.count)
        order.sort { x, y in
            let ax = id(Int(paragraphs[x].article)), ay = id(Int(paragraphs[y].article))
            return ax != ay ? ax < ay : x < y
        }
        var rank = [Int32](repeating: 0, count: paragraphs.count)
        for (r, g) in order.enumerated() { rank[g] = Int32(r) }
        return rank
    }

    private static func averageLength(_ lengths: [Float]) -> Double {
        let total = lengths.reduce(0.0) { $0 + Double($1) }
        return lengths.isEmpty ? 1 : max(1, total / Double(lengths.count))
    }

    /// The postings of the merged passages' terms, sorted by term (counting sort), appended
    /// to `passages` and `counts`: a share of the terms at a time, each of at most `budget`
    /// postings (one share when it holds them all), every share read from the passages'
    /// coded terms again, a chunk of passages at a time. On every core, each its part of
    /// a share's terms. Also: each term's offset into the postings, its frequency (passages
    /// holding it), its largest count and the shortest passage holding it.
    private static func postings(termCount: Int, _ m: inout Merged, budget: Int, passages: Growing<Int32>, counts: Growing<UInt16>)
        throws -> (offsets: [Int32], frequencies: [Int32], maxCount: [UInt16], minLength: [Float])
    {
        let bytes = m.passageTerms
        try bytes.sink?.finish()
        let ends = m.passageTermEnds
        m.passageTermEnds = []
        let lengths = m.lengths
        let width = Parallel.width
        // Chunks of passages, each at most `chunkBytes` of their coded terms (or one passage).
        let chunkBytes = bytes.sink == nil ? Int.max : 16 << 20
        var chunks: [Range<Int>] = []
        var first = 0
        while first < ends.count {
            let start = first == 0 ? 0 : ends[first - 1]
            var last = first + 1
            while last < ends.count, ends[last] - start <= chunkBytes { last += 1 }
            chunks.append(first..<last)
            first = last
        }
        var scratch: [UInt8] = []
        /// Calls `body` for each chunk of passages: its first passage, the coded terms, and
        /// where each passage's terms end (relative to the chunk).
        func eachChunk(_ body: (Int, UnsafeBufferPointer<UInt8>, [Int]) -> Void) throws {
            for c in chunks {
                let lo = c.lowerBound == 0 ? 0 : Int(ends[c.lowerBound - 1])
                let hi = Int(ends[c.upperBound - 1])
                let local = c.map { Int(ends[$0]) - lo }
                try bytes.withElements(lo..<hi, scratch: &scratch) { body(c.lowerBound, $0, local) }
            }
        }
        // Frequencies first, on every core each its part of the terms.
        var df = [Int32](repeating: 0, count: termCount)
        let shares = max(1, min(width, termCount / 65536 + 1))
        let bounds = (0...shares).map { Int32(termCount * $0 / shares) }
        try eachChunk { base, b, localEnds in
            df.withUnsafeMutableBufferPointer { buffer in
                let df = UnsafeSendableBuffer(buffer)
                let b = UnsafeSendableBuffer(UnsafeMutableBufferPointer(mutating: b))
                Parallel.forEach(shares) { share in
                    Self.decode(base, UnsafeBufferPointer(b.buffer), localEnds, bounds[share], bounds[share + 1]) { t, _, _ in
                        df.buffer[Int(t)] += 1
                    }
                }
            }
        }
        var offsets = [Int32](repeating: 0, count: termCount + 1)
        for t in 0..<termCount { offsets[t + 1] = offsets[t] + df[t] }
        // The postings are the largest arrays of the build: the memory freed so far (the
        // articles' local terms, the parts' sentences) goes back to the system first.
        Self.returnFreedMemory()
        var maxCount = [UInt16](repeating: 0, count: termCount), minLength = [Float](repeating: 0, count: termCount)
        var lo = 0
        while lo < termCount {
            // The share: as many terms as fit the budget (at least one).
            var hi = lo + 1
            while hi < termCount, Int(offsets[hi + 1] - offsets[lo]) <= budget { hi += 1 }
            let base = Int(offsets[lo]), size = Int(offsets[hi]) - base
            var postP = [Int32](repeating: 0, count: size)
            var postC = [UInt16](repeating: 0, count: size)
            var fill = (lo..<hi).map { offsets[$0] - Int32(base) }
            let parts = max(1, min(width, (hi - lo) / 65536 + 1)), shareStart = lo
            let partBounds = (0...parts).map { Int32(lo + (hi - lo) * $0 / parts) }
            try eachChunk { first, b, localEnds in
                fill.withUnsafeMutableBufferPointer { fb in
                    postP.withUnsafeMutableBufferPointer { pb in
                        postC.withUnsafeMutableBufferPointer { cb in
                            let fill = UnsafeSendableBuffer(fb), postP = UnsafeSendableBuffer(pb), postC = UnsafeSendableBuffer(cb)
                            let b = UnsafeSendableBuffer(UnsafeMutableBufferPointer(mutating: b))
                            Parallel.forEach(parts) { part in
                                Self.decode(first, UnsafeBufferPointer(b.buffer), localEnds, partBounds[part], partBounds[part + 1]) { t, q, c in
                                    let slot = Int(t) - shareStart
                                    let at = Int(fill.buffer[slot])
                                    postP.buffer[at] = Int32(q)
                                    postC.buffer[at] = UInt16(truncatingIfNeeded: c)
                                    fill.buffer[slot] += 1
                                }
                            }
                        }
                    }
                }
            }
            fill = []
            for t in lo..<hi {
                var most: UInt16 = 0, shortest = Float.infinity
                for k in (Int(offsets[t]) - base)..<(Int(offsets[t + 1]) - base) {
                    most = max(most, postC[k])
                    shortest = min(shortest, lengths[Int(postP[k])])
                }
                maxCount[t] = most
                minLength[t] = shortest == .infinity ? 0 : shortest
            }
            passages.append(contentsOf: postP)
            counts.append(contentsOf: postC)
            lo = hi
        }
        m.passageTerms = Growing()
        return (offsets, df, maxCount, minLength)
    }

    /// Calls `visit(term, passage, count)` for every term of a chunk's passages (`base` the
    /// first, `ends` where each one's coded terms end in `b`) whose id is in `lo..<hi`.
    @inline(__always)
    private static func decode(_ base: Int, _ b: UnsafeBufferPointer<UInt8>, _ ends: [Int], _ lo: Int32, _ hi: Int32,
                               _ visit: (Int32, Int, UInt64) -> Void) {
        var k = 0
        for q in ends.indices {
            let end = ends[q]
            var t: Int32 = 0
            while k < end {
                t = nextTerm(b, &k, after: t)
                let c = varint(b, &k)
                if t >= lo && t < hi { visit(t, base + q, c) }
            }
        }
    }

    /// The articles' parts put together, in order (see `add`): the sentences and their
    /// terms, the passages' coded terms (in memory, or, for a build that saves its index,
    /// in temporary files), and what is kept per paragraph, passage and article.
    struct Merged {
        var paragraphs: [ParagraphRef] = []
        var sentences: Growing<SentenceRef>
        var sentenceTermOffsets: Growing<Int32>
        var sentenceTerms: Growing<Int32>
        var titleTermOffsets: [Int32] = [0]
        var titleTerms: [Int32] = []
        var pPar: [Int32] = [], pFirst: [Int32] = [], pEnd: [Int32] = []
        var lengths: [Float] = []
        /// Every passage's terms, coded small (see `ArticlePart.passageTermBytes`), one
        /// passage after another, and where each passage's end.
        var passageTerms: Growing<UInt8>
        var passageTermEnds: [Int64] = []

        /// Whether any paragraph was cut into windows (has more than one passage).
        var hasWindows: Bool { pPar.count != Set(pPar).count }

        init(_ articles: some RandomAccessCollection<Article>) {
            // A sentence has no more distinct terms than its text has characters, bigrams and
            // words (at most three a scalar): room for that many is asked for once, so the
            // array is never copied to grow, and what is not used is never touched.
            let scalars = articles.reduce(0) { $0 + $1.text.unicodeScalars.count }
            let sentenceCount = articles.reduce(0) { $0 + $1.sentenceCount }
            sentences = Growing(capacity: sentenceCount)
            sentenceTermOffsets = Growing(capacity: sentenceCount + 1)
            sentenceTerms = Growing(capacity: 3 * scalars)
            passageTerms = Growing()
            reserve(articles)
        }

        /// As `init(_:)`, the sentences, their terms and the passages' terms written to
        /// temporary files in `directory`.
        init(_ articles: some RandomAccessCollection<Article>, spillingTo directory: URL) throws {
            sentences = Growing(sink: try SectionSink(directory: directory, elementSize: MemoryLayout<SentenceRef>.stride))
            sentenceTermOffsets = Growing(sink: try SectionSink(directory: directory, elementSize: 4))
            sentenceTerms = Growing(sink: try SectionSink(directory: directory, elementSize: 4))
            passageTerms = Growing(sink: try SectionSink(directory: directory, elementSize: 1))
            reserve(articles)
        }

        private mutating func reserve(_ articles: some RandomAccessCollection<Article>) {
            sentenceTermOffsets.append(0)
            paragraphs.reserveCapacity(articles.reduce(0) { $0 + $1.paragraphs.count })
            titleTermOffsets.reserveCapacity(articles.count + 1)
        }

        /// Puts article `a`'s part after those of the articles before it.
        mutating func add(_ part: ArticlePart, _ article: Article, _ a: Int) {
            let firstParagraph = Int32(paragraphs.count), firstSentence = Int32(sentences.count)
            let termBase = Int32(sentenceTerms.count)
            var si = 0
            for (p, paragraph) in article.paragraphs.enumerated() {
                let first = Int32(sentences.count)
                for s in paragraph.sentences.indices {
                    let r = part.ranges[si]
                    sentences.append(SentenceRef(paragraph: Int32(paragraphs.count), index: Int32(s),
                                                 start: r.lowerBound, end: r.upperBound))
                    sentenceTermOffsets.append(termBase + part.sentenceTermEnds[si])
                    si += 1
                }
                paragraphs.append(ParagraphRef(article: Int32(a), index: Int32(p), firstSentence: first,
                                               endSentence: Int32(sentences.count)))
            }
            sentenceTerms.append(contentsOf: part.sentenceTerms)
            titleTerms += part.titleTerms
            titleTermOffsets.append(Int32(titleTerms.count))
            for k in part.passageParagraph.indices {
                pPar.append(firstParagraph + part.passageParagraph[k])
                pFirst.append(firstSentence + part.passageFirstSentence[k])
                pEnd.append(firstSentence + part.passageEndSentence[k])
            }
            lengths += part.lengths
            let base = Int64(passageTerms.count)
            passageTerms.append(contentsOf: part.passageTermBytes)
            for e in part.passageTermEnds { passageTermEnds.append(base + Int64(e)) }
        }
    }

    /// What one article adds to the index once its terms are numbered: its sentences'
    /// and title's distinct sorted term ids, and its passages (paragraph and sentence
    /// numbers within the article) with their terms and counts.
    struct ArticlePart: Sendable {
        var ranges: [Range<Int32>] = []
        var sentenceTerms: [Int32] = []
        /// Per sentence: the end of its terms in `sentenceTerms`.
        var sentenceTermEnds: [Int32] = []
        var titleTerms: [Int32] = []
        var passageParagraph: [Int32] = [], passageFirstSentence: [Int32] = [], passageEndSentence: [Int32] = []
        var passageTermIds: [Int32] = []
        var passageTermCounts: [UInt16] = []
        /// Per passage: the end of its terms in `passageTermBytes`.
        var passageTermEnds: [Int32] = []
        /// Each passage's terms (in `passageTermIds`, `passageTermCounts` while the part is
        /// made) coded small: per term, the difference from the passage's previous term id
        /// (zigzag varint), then its count (varint).
        var passageTermBytes: [UInt8] = []
        var lengths: [Float] = []
    }

    static func articlePart(_ article: Article, _ terms: LocalTerms, _ map: [Int32], _ options: IndexOptions) -> ArticlePart {
        map.withUnsafeBufferPointer { map in
            terms.occurrences.withUnsafeBufferPointer { occurrences in
                terms.offsets.withUnsafeBufferPointer { offsets in
                    articlePart(article, terms, map, occurrences, offsets, options)
                }
            }
        }
    }

    /// (Everything in local variables, no closures capturing them: no exclusivity checks.)
    private static func articlePart(
        _ article: Article, _ terms: LocalTerms, _ map: UnsafeBufferPointer<Int32>,
        _ occurrences: UnsafeBufferPointer<Int32>, _ offsets: UnsafeBufferPointer<Int32>, _ options: IndexOptions
    ) -> ArticlePart {
        var part = ArticlePart()
        part.ranges = terms.ranges
        var distinct: [Int32] = []
        // Per local term: the last sentence (stamp) it was seen in.
        var seen = [Int32](repeating: -1, count: terms.kinds.count)
        let sentenceCount = terms.ranges.count
        for si in 0...sentenceCount {
            // The sentences, then the title (or the first sentence, standing in for a missing title).
            appendDistinctSorted(Int(offsets[si])..<Int(offsets[si + 1]), Int32(si), map, occurrences, &seen, &distinct,
                                 to: &part, title: si == sentenceCount)
        }

        // Passages: whole paragraphs, or windows of sentences of the long ones.
        var first = 0
        for (p, paragraph) in article.paragraphs.enumerated() {
            let end = first + paragraph.sentences.count
            defer { first = end }
            guard first < end else { continue }
            let length = Int(terms.ranges[end - 1].upperBound - terms.ranges[first].lowerBound)
            if length <= options.maxPassageLength || end - first == 1 {
                part.passageParagraph.append(Int32(p))
                part.passageFirstSentence.append(Int32(first))
                part.passageEndSentence.append(Int32(end))
                continue
            }
            var s = first
            while s < end {
                var e = s + 1
                while e < end, Int(terms.ranges[e].upperBound - terms.ranges[s].lowerBound) <= options.windowLength { e += 1 }
                part.passageParagraph.append(Int32(p))
                part.passageFirstSentence.append(Int32(s))
                part.passageEndSentence.append(Int32(e))
                if e >= end { break }
                // Overlap: the next window starts a third of the way back into this one.
                let back = max(1, (e - s) / 3)
                s = max(s + 1, e - back)
            }
        }
        // Each passage's terms, counted by local index. (Local terms are distinct terms
        // unless a word had to be put in canonical composition.)
        let aliased = !terms.normalizedKeys.isEmpty
        var count = [Int32](repeating: 0, count: terms.kinds.count)
        var touched: [Int32] = []
        for p in part.passageParagraph.indices {
            var len = 0
            for s in Int(part.passageFirstSentence[p])..<Int(part.passageEndSentence[p]) {
                for k in Int(offsets[s])..<Int(offsets[s + 1]) {
                    let l = Int(occurrences[k])
                    if count[l] == 0 { touched.append(Int32(l)) }
                    count[l] += 1
                }
                len += Int(offsets[s + 1] - offsets[s])
            }
            // (Postings list passages in order whatever the order of a passage's terms.)
            if aliased {
                // Two local terms may be one term (words equal only in canonical
                // composition): counted together.
                var merged: [Int32: Int] = [:]
                var order: [Int32] = []
                for l in touched {
                    let t = map[Int(l)]
                    if merged[t] == nil { order.append(t) }
                    merged[t, default: 0] += Int(count[Int(l)])
                    count[Int(l)] = 0
                }
                for t in order {
                    part.passageTermIds.append(t)
                    part.passageTermCounts.append(UInt16(min(merged[t]!, Int(UInt16.max))))
                }
            } else {
                for l in touched {
                    part.passageTermIds.append(map[Int(l)])
                    part.passageTermCounts.append(UInt16(min(Int(count[Int(l)]), Int(UInt16.max))))
                    count[Int(l)] = 0
                }
            }
            touched.removeAll(keepingCapacity: true)
            var previous: Int32 = 0
            for k in part.passageTermIds.indices {
                let t = part.passageTermIds[k]
                let d = Int64(t) - Int64(previous)
                Self.appendVarint(UInt64(bitPattern: (d << 1) ^ (d >> 63)), to: &part.passageTermBytes)
                Self.appendVarint(UInt64(part.passageTermCounts[k]), to: &part.passageTermBytes)
                previous = t
            }
            part.passageTermIds.removeAll(keepingCapacity: true)
            part.passageTermCounts.removeAll(keepingCapacity: true)
            part.passageTermEnds.append(Int32(part.passageTermBytes.count))
            part.lengths.append(Float(len))
        }
        // The passages' terms are kept until the postings are made: without room to grow.
        part.passageTermIds = []
        part.passageTermCounts = []
        part.passageTermBytes = exactCopy(part.passageTermBytes)
        part.passageTermEnds = exactCopy(part.passageTermEnds)
        return part
    }

    /// Hands the pages of freed memory back to the system (glibc's `malloc_trim`): what
    /// the segmenting and the articles' parts let go of is not counted again beside the postings.
    static func returnFreedMemory() {
        #if os(Linux)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }

    @inline(__always)
    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    @inline(__always)
    static func varint(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt64 {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            let b = bytes[i]
            i += 1
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }

    /// The next term id of a passage's coded terms (see `ArticlePart.passageTermBytes`).
    @inline(__always)
    static func nextTerm(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int, after previous: Int32) -> Int32 {
        let z = varint(bytes, &i)
        let d = Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1)
        return Int32(truncatingIfNeeded: Int64(previous) + d)
    }

    /// A copy of `array` with no spare capacity.
    static func exactCopy<T: BitwiseCopyable>(_ array: [T]) -> [T] {
        array.withUnsafeBufferPointer { source in
            [T](unsafeUninitializedCapacity: source.count) { buffer, count in
                if let from = source.baseAddress, let to = buffer.baseAddress { to.initialize(from: from, count: source.count) }
                count = source.count
            }
        }
    }

    /// Appends the distinct global ids of `occurrences[range]`, sorted, to the part's
    /// sentence terms (or its title terms).
    @inline(__always)
    private static func appendDistinctSorted(
        _ range: Range<Int>, _ stamp: Int32, _ map: UnsafeBufferPointer<Int32>, _ occurrences: UnsafeBufferPointer<Int32>,
        _ seen: inout [Int32], _ distinct: inout [Int32], to part: inout ArticlePart, title: Bool
    ) {
        distinct.removeAll(keepingCapacity: true)
        seen.withUnsafeMutableBufferPointer { seen in
            for k in range {
                let l = Int(occurrences[k])
                if seen[l] != stamp { seen[l] = stamp; distinct.append(map[l]) }
            }
        }
        distinct.withUnsafeMutableBufferPointer { d in
            if d.count <= 32 {
                // Insertion sort for short runs.
                var i = 1
                while i < d.count {
                    let x = d[i]
                    var j = i
                    while j > 0, d[j - 1] > x { d[j] = d[j - 1]; j -= 1 }
                    d[j] = x
                    i += 1
                }
            } else {
                d.sort()
            }
        }
        // (Two local terms may be one term: words equal only in canonical composition.)
        var last: Int32 = -1
        if title {
            for t in distinct where t != last { part.titleTerms.append(t); last = t }
        } else {
            for t in distinct where t != last { part.sentenceTerms.append(t); last = t }
            part.sentenceTermEnds.append(Int32(part.sentenceTerms.count))
        }
    }

    /// The term table of terms numbered in order (as `TermTable(kinds:codes:words:)`),
    /// its words sorted by their bytes in one flat buffer.
    static func termTable(_ termKinds: [TermKind], _ codes: [UInt64], _ words: [String]) -> TermTable {
        let n = termKinds.count
        var keys = codes
        var codeOrder: [Int32] = []
        var wordIDs: [Int32] = []
        var flat: [UInt8] = [], flatStarts: [Int] = [0]
        for i in 0..<n {
            if termKinds[i] == .word {
                wordIDs.append(Int32(i))
                var w = words[i]
                w.withUTF8 { flat.append(contentsOf: $0) }
                flatStarts.append(flat.count)
            } else {
                codeOrder.append(Int32(i))
            }
        }
        // Codes sorted by radix (they are distinct), their ids carried along.
        var sortedCodes = codeOrder.map { codes[Int($0)] }
        RadixSort.sort(&sortedCodes, &codeOrder)
        // Words by their bytes (distinct words never have the same bytes): by their first
        // eight bytes (big-endian, zero-padded: the same order), then the few that share
        // them by all their bytes.
        var prefixes = [UInt64](repeating: 0, count: wordIDs.count)
        var wordOrder = Array(0..<Int32(wordIDs.count))
        flat.withUnsafeBufferPointer { b in
            flatStarts.withUnsafeBufferPointer { st in
                for w in 0..<wordIDs.count {
                    var p: UInt64 = 0
                    let s = st[w], e = min(st[w + 1], s + 8)
                    for k in s..<e { p |= UInt64(b[k]) << UInt64(56 - 8 * (k - s)) }
                    prefixes[w] = p
                }
                RadixSort.sort(&prefixes, &wordOrder)
                let base = b.baseAddress
                var i = 0
                while i < prefixes.count {
                    var j = i + 1
                    while j < prefixes.count, prefixes[j] == prefixes[i] { j += 1 }
                    if j - i > 1 {
                        wordOrder[i..<j].sort { x, y in
                            let xs = st[Int(x)], xn = st[Int(x) + 1] - xs, ys = st[Int(y)], yn = st[Int(y) + 1] - ys
                            let c = min(xn, yn) == 0 ? 0 : memcmp(base! + xs, base! + ys, min(xn, yn))
                            return c != 0 ? c < 0 : xn < yn
                        }
                    }
                    i = j
                }
            }
        }
        var bytes: [UInt8] = [], starts: [Int32] = [0], ids: [Int32] = []
        bytes.reserveCapacity(flat.count)
        starts.reserveCapacity(wordOrder.count + 1)
        ids.reserveCapacity(wordOrder.count)
        for (w, o) in wordOrder.enumerated() {
            bytes += flat[flatStarts[Int(o)]..<flatStarts[Int(o) + 1]]
            starts.append(Int32(bytes.count))
            let id = wordIDs[Int(o)]
            ids.append(id)
            keys[Int(id)] = UInt64(w)
        }
        return TermTable(kinds: Column(termKinds.map(\.rawValue)), keys: Column(keys),
                         sortedCodes: Column(sortedCodes), codeIDs: Column(codeOrder),
                         wordBytes: Column(bytes), wordStarts: Column(starts), wordIDs: Column(ids))
    }

    /// One article's terms: its distinct terms in order of first appearance (kind, code,
    /// word), and each sentence's occurrences as indices into them, then the title's.
    struct LocalTerms: Sendable {
        var kinds: [TermKind] = []
        var codes: [UInt64] = []
        var words: [String] = []
        /// Words: the hash of the word's key (see `normalizedKeys`); others 0.
        var hashes: [UInt64] = []
        /// The words whose key is not their own text (local index, key: the word in
        /// canonical composition), in order; every other word is its own key.
        var normalizedKeys: [(local: Int32, key: String)] = []
        /// Sentence by sentence, then the title: local term indices with repetitions.
        var occurrences: [Int32] = []
        var offsets: [Int32] = [0]
        /// Each sentence's range in the folded text.
        var ranges: [Range<Int32>] = []
    }

    /// Finds an article's distinct terms, each looked up once per occurrence in tables of
    /// its own (by packed code, or by the bytes of a word).
    struct LocalTermsBuilder {
        var out = LocalTerms()
        var codeIDs: CodeTable
        var wordIDs: WordTable

        init(length: Int) {
            codeIDs = CodeTable(capacity: min(1 << 16, max(64, length)))
            wordIDs = WordTable(capacity: min(1 << 14, max(64, length / 2)))
            out.occurrences.reserveCapacity(length * 3)
        }

        mutating func add(_ folded: [Unicode.Scalar], _ tokens: ArraySlice<Token>, _ r: Range<Int>) {
            TermExtractor.forEachTerm(folded: folded, tokens: tokens, range: r) { kind, code, word, _, _ in
                let next = Int32(out.kinds.count)
                if kind == .word {
                    var w = word
                    let found = w.withUTF8 { bytes -> (value: Int32, inserted: Bool) in
                        let found = wordIDs.find(bytes, hash: WordTable.hash(bytes), orInsert: next)
                        if found.inserted {
                            if WordTable.isNormalized(bytes) {
                                out.hashes.append(WordTable.hash(bytes))
                            } else {
                                var key = word.precomposedStringWithCanonicalMapping
                                out.hashes.append(key.withUTF8 { WordTable.hash($0) })
                                out.normalizedKeys.append((next, key))
                            }
                        }
                        return found
                    }
                    if found.inserted { out.kinds.append(kind); out.codes.append(0); out.words.append(word) }
                    out.occurrences.append(found.value)
                } else {
                    let found = codeIDs.find(code, orInsert: next)
                    if found.inserted { out.kinds.append(kind); out.codes.append(code); out.words.append(""); out.hashes.append(0) }
                    out.occurrences.append(found.value)
                }
            }
            out.offsets.append(Int32(out.occurrences.count))
        }
    }

    static func localTerms(
        of article: Article,
        _ prepared: (folded: [Unicode.Scalar], tokens: [Token], titleFolded: [Unicode.Scalar], titleTokens: [Token])
    ) -> LocalTerms {
        let (folded, tokens, titleFolded, titleTokens) = prepared
        // Terms go straight to their local index: no list of occurrences in between.
        var b = LocalTermsBuilder(length: folded.count)
        var ti = 0
        for paragraph in article.paragraphs {
            for sentence in paragraph.sentences {
                let r = max(0, sentence.range.lowerBound)..<min(folded.count, sentence.range.upperBound)
                while ti < tokens.count, tokens[ti].start < r.lowerBound { ti += 1 }
                var tj = ti
                while tj < tokens.count, tokens[tj].start < r.upperBound { tj += 1 }
                b.add(folded, tokens[ti..<tj], r)
                b.out.ranges.append(Int32(r.lowerBound)..<Int32(max(r.lowerBound, r.upperBound)))
            }
        }
        let title = article.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title == article.id {
            if let s = article.paragraphs.first?.sentences.first {
                // No title of its own: the first sentence stands in for the topic.
                let r = max(0, s.range.lowerBound)..<min(folded.count, s.range.upperBound)
                b.add(folded, tokens.filter { $0.start >= r.lowerBound && $0.end <= r.upperBound }[...], r)
            } else {
                b.out.offsets.append(Int32(b.out.occurrences.count))
            }
        } else {
            b.add(titleFolded, titleTokens[...], 0..<titleFolded.count)
        }
        return b.out
    }

    /// An article's folded text and tokens, and its title's. Tokens are `ArticleWords`:
    /// given (segmented once by the build, or read back from the corpus), or segmented here.
    static func prepare(_ article: Article, _ w: ArticleWords)
        -> (folded: [Unicode.Scalar], tokens: [Token], titleFolded: [Unicode.Scalar], titleTokens: [Token])
    {
        let title = ArticleWords.title(of: article)
        let useTitle = !(title.isEmpty || title == article.id)
        return (TermExtractor.fold(article.text), w.tokens,
                useTitle ? TermExtractor.fold(title) : [], useTitle ? w.titleTokens : [])
    }

    /// The local terms of an article whose words are known.
    static func localTerms(of article: Article, words: ArticleWords) -> LocalTerms {
        localTerms(of: article, prepare(article, words))
    }

    /// The local terms of every article, found on every core (from a thread of their own)
    /// and taken in article order by whoever numbers them.
    final class LocalTermsSource: @unchecked Sendable {
        private let slots: Handover<LocalTerms>
        private let done: DispatchSemaphore?

        init(_ articles: [Article], _ words: ArticleWordsSource?, _ progress: (@Sendable (Article) -> Void)?) {
            let slots = Handover<LocalTerms>(articles.count)
            self.slots = slots
            done = Parallel.start {
                Parallel.forEach(articles.count) { i in
                    let w = words?.words(at: i) ?? ArticleWords(articles[i])
                    let terms = PassageIndex.localTerms(of: articles[i], words: w)
                    progress?(articles[i])
                    slots.put(terms, at: i)
                }
            }
        }

        /// Terms of `count` articles still to come, each given by `put`.
        init(feeding count: Int) {
            slots = Handover<LocalTerms>(count)
            done = nil
        }

        func put(_ terms: LocalTerms, at i: Int) { slots.put(terms, at: i) }

        /// The terms of article `i`, waiting for them if need be (handed over once).
        func take(_ i: Int) -> LocalTerms { slots.take(i) }

        /// Waits until the workers are done.
        func finish() { done?.wait() }
    }

    /// An index over the sections of a saved index (see `IndexFile.load`), read in place.
    init(saved file: MappedFile, articleCount n: Int, options: IndexOptions,
         articleIDOffsets: Column<Int64>, articleIDs: Column<UInt8>, articleOffsets: Column<Int64>, articleRecords: Column<UInt8>,
         paragraphs: Column<ParagraphRef>, sentences: Column<SentenceRef>,
         sentenceTermOffsets: Column<Int32>, sentenceTerms: Column<Int32>, titleTermOffsets: Column<Int32>, titleTerms: Column<Int32>,
         passageParagraph: Column<Int32>, passageFirstSentence: Column<Int32>, passageEndSentence: Column<Int32>,
         passageLength: Column<Float>, terms: TermTable, postingOffsets: Column<Int32>, postingPassages: Column<Int32>,
         postingCounts: Column<UInt16>, statistics: IndexStatistics, paragraphOrder: Column<Int32>,
         termMaxCount: Column<UInt16>, termMinLength: Column<Float>, hasWindows: Bool) throws {
        // The shape of the parts: counts that agree, offsets whose ends are where they
        // should be. (Each value is the builder's: checksum blocks are verified on reading.)
        let t = terms.count, passageCount = statistics.passageCount
        guard n >= 0, articleOffsets.count == n + 1, articleIDOffsets.count == n + 1,
              Int(articleOffsets.last ?? -1) == articleRecords.count, Int(articleIDOffsets.last ?? -1) == articleIDs.count,
              sentenceTermOffsets.count == sentences.count + 1, titleTermOffsets.count == n + 1,
              postingOffsets.count == t + 1, statistics.frequencies.count == t,
              termMaxCount.count == t, termMinLength.count == t,
              passageParagraph.count == passageCount, passageFirstSentence.count == passageCount,
              passageEndSentence.count == passageCount, passageLength.count == passageCount,
              postingPassages.count == postingCounts.count, Int(postingOffsets.last ?? -1) == postingPassages.count,
              Int(sentenceTermOffsets.last ?? -1) == sentenceTerms.count, Int(titleTermOffsets.last ?? -1) == titleTerms.count,
              paragraphOrder.count == paragraphs.count, terms.keys.count == t,
              terms.wordStarts.count == terms.wordIDs.count + 1, terms.sortedCodes.count == terms.codeIDs.count,
              Int(terms.wordStarts.last ?? -1) == terms.wordBytes.count
        else { throw IndexFile.LoadError.damaged }
        let blank = SavedArticles.placeholder(paragraphs: paragraphs, sentences: sentences, ids: nil)
        let saved = SavedArticles(offsets: articleOffsets, records: articleRecords, idOffsets: articleIDOffsets, ids: articleIDs,
                                  placeholder: blank)
        self.articles = ArticleList(saved: saved)
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
        self.termMaxCount = termMaxCount
        self.termMinLength = termMinLength
        self.hasWindows = hasWindows
    }

    /// Verifies every checksum block of a saved index now, not when first read (true:
    /// nothing damaged; an index built in memory has nothing to verify).
    func verifyAll() -> Bool {
        var ok = articles.verifyAll()
        for c in [paragraphs.verifyAll(), sentences.verifyAll(), sentenceTermOffsets.verifyAll(), sentenceTerms.verifyAll(),
                  titleTermOffsets.verifyAll(), titleTerms.verifyAll(), passageParagraph.verifyAll(),
                  passageFirstSentence.verifyAll(), passageEndSentence.verifyAll(), passageLength.verifyAll(),
                  terms.kinds.verifyAll(), terms.keys.verifyAll(), terms.sortedCodes.verifyAll(), terms.codeIDs.verifyAll(),
                  terms.wordBytes.verifyAll(), terms.wordStarts.verifyAll(), terms.wordIDs.verifyAll(),
                  postingOffsets.verifyAll(), postingPassages.verifyAll(), postingCounts.verifyAll(),
                  statistics.frequencies.verifyAll(), paragraphOrder.verifyAll(), termMaxCount.verifyAll(),
                  termMinLength.verifyAll()] where !c { ok = false }
        return ok
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
        // A term of the collection is known by its id (one id per kind and text); one it
        // lacks, by its kind and text.
        var atID: [Int32: Int] = [:]
        atID.reserveCapacity(occurrences.count)
        var atText: [String: Int] = [:]
        for o in occurrences {
            let id = termID(o)
            if id >= 0 {
                if let i = atID[id] {
                    out[i].weight += options.weight(o.kind)
                    continue
                }
                atID[id] = out.count
                out.append(QueryTerm(id: id, kind: o.kind, text: o.text, weight: options.weight(o.kind)))
                continue
            }
            let text = o.text
            let k = "\(o.kind.rawValue)\(text)"
            if let i = atText[k] {
                out[i].weight += options.weight(o.kind)
            } else {
                atText[k] = out.count
                out.append(QueryTerm(id: id, kind: o.kind, text: text, weight: options.weight(o.kind)))
            }
        }
        return out
    }

    /// The global paragraph number a passage belongs to.
    public func paragraph(ofPassage p: Int) -> Int { Int(passageParagraph[p]) }

    /// Sorted distinct term ids of a sentence (global sentence number).
    /// (Its checksum blocks verified once here, so reading it checks nothing more.)
    public func terms(ofSentence s: Int) -> Column<Int32> {
        sentenceTerms.verified(Int(sentenceTermOffsets[s])..<Int(sentenceTermOffsets[s + 1]))
    }

    /// `terms(ofSentence:)` as a buffer (empty when its block is damaged), valid as long
    /// as the index: no column made (nor its owner retained) for every sentence read.
    @inline(__always)
    func termBuffer(ofSentence s: Int) -> UnsafeBufferPointer<Int32> {
        sentenceTerms.buffer(Int(sentenceTermOffsets[s])..<Int(sentenceTermOffsets[s + 1]))
    }

    /// Sorted distinct term ids of an article's title.
    public func titleTerms(ofArticle a: Int) -> Column<Int32> {
        titleTerms.verified(Int(titleTermOffsets[a])..<Int(titleTermOffsets[a + 1]))
    }

    /// `titleTerms(ofArticle:)` as a buffer (empty when its block is damaged), valid as
    /// long as the index.
    @inline(__always)
    func titleTermBuffer(ofArticle a: Int) -> UnsafeBufferPointer<Int32> {
        titleTerms.buffer(Int(titleTermOffsets[a])..<Int(titleTermOffsets[a + 1]))
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

    /// The number of postings a question must reach before `search` prunes.
    static let pruningFrom = 32 * 1024

    /// The best `limit` paragraphs for `terms`: Σ weight × idf × (1 + ln tf) / length norm,
    /// windows of one paragraph merged (the best counts); ties broken by article id, then
    /// position in the collection.
    public func search(_ terms: [QueryTerm], limit: Int, statistics: (any CorpusStatistics)? = nil) -> [ParagraphScore] {
        let stats: any CorpusStatistics = statistics ?? self.statistics
        return search(terms, limit: limit, stats)
    }

    /// The postings of a term: passages (ascending) and counts; empty for a damaged block.
    @inline(__always)
    func postings(_ t: Int32) -> (passages: UnsafeBufferPointer<Int32>, counts: UnsafeBufferPointer<UInt16>) {
        let r = Int(postingOffsets[Int(t)])..<max(Int(postingOffsets[Int(t)]), Int(postingOffsets[Int(t) + 1]))
        let pp = postingPassages.buffer(r), pc = postingCounts.buffer(r)
        guard pp.count == r.count, pc.count == r.count else { return (UnsafeBufferPointer(start: nil, count: 0), pc) }
        return (pp, pc)
    }

    /// The terms that count in retrieval, with their weight × idf, in query order.
    func scoringTerms(_ terms: [QueryTerm], _ stats: some CorpusStatistics) -> [(id: Int32, w: Double)] {
        var out: [(id: Int32, w: Double)] = []
        for q in terms where q.id >= 0 && Int(q.id) < termCount && q.weight > 0 {
            let idf = stats.idf(q.id)
            if q.kind == .character && tooCommon(stats.documentFrequency(q.id), stats) { continue }
            out.append((q.id, q.weight * idf))
        }
        return out
    }

    func search(_ terms: [QueryTerm], limit: Int, _ stats: some CorpusStatistics) -> [ParagraphScore] {
        var read = 0
        // Pruning pays off once the postings to read are many (not at CMRC 2018 size,
        // about 2,000 a question, where it costs more than it saves).
        var total = 0
        for q in terms where q.id >= 0 && Int(q.id) < termCount { total += Int(postingOffsets[Int(q.id) + 1] - postingOffsets[Int(q.id)]) }
        return search(terms, limit: limit, stats, pruned: options.pruning && total > Self.pruningFrom, read: &read)
    }

    /// `search`, with pruning or without, adding to `read` the postings it read.
    func search(_ terms: [QueryTerm], limit: Int, _ stats: some CorpusStatistics, pruned: Bool, read: inout Int) -> [ParagraphScore] {
        guard limit > 0, passageCount > 0 else { return [] }
        let scoring = scoringTerms(terms, stats)
        let b = options.lengthSlope
        // Pruning needs each term's bound, which needs a length norm that grows with length.
        if pruned, b >= 0, b <= 1, stats.averagePassageLength > 0 {
            return prunedSearch(scoring, limit: limit, stats, read: &read)
        }
        // The score array is as long as the collection: reused between questions (each
        // touched entry is zeroed again after), not allocated and cleared every time.
        var acc = scratch.take(passageCount)
        defer { scratch.give(acc) }
        let lists = scoring.map { t in (postings: postings(t.id), w: t.w) }
        var total = 0
        for l in lists { total += l.postings.passages.count }
        // Passages in the order first reached: each posting's passage is written at the
        // end and kept (the end moved on) when its sum was still 0, with no branch to
        // mispredict; at most one a posting.
        let touched = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(1, total))
        defer { touched.deallocate() }
        var reached = 0
        let n = passageCount
        let tf = Self.tfTable
        acc.withUnsafeMutableBufferPointer { ac in
            tf.withUnsafeBufferPointer { tf in
                for ((pp, pc), w) in lists {
                    read += pp.count
                    for k in 0..<pp.count {
                        let p = Int(pp[k])
                        guard p >= 0 && p < n else { continue }
                        let old = ac[p]
                        touched[reached] = Int32(p)
                        reached &+= old == 0 ? 1 : 0
                        let c = pc[k]
                        ac[p] = old + w * (c < 64 ? tf[Int(c)] : 1 + log(Double(c)))
                    }
                }
            }
        }
        let candidates = touched[..<reached].map { p in (passage: Int(p), score: acc[Int(p)]) }
        for p in touched[..<reached] { acc[Int(p)] = 0 }
        return best(candidates, limit: limit, stats)
    }

    /// The best `limit` paragraphs of scored passages (sums before length norm), given in
    /// the order they were first reached: the best window per paragraph (the first of
    /// equal ones), then top-k insertion (ties: article id, then position —
    /// `paragraphOrder` ranks paragraphs that way).
    func best(_ candidates: [(passage: Int, score: Double)], limit: Int, _ stats: some CorpusStatistics) -> [ParagraphScore] {
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
        let paragraphCount = paragraphs.count
        // The length norm (`lengthNorm`) with the collection's mean length read once.
        let b = options.lengthSlope, avg = stats.averagePassageLength
        let lengths = passageLength.buffer(0..<passageCount), owners = passageParagraph.buffer(0..<passageCount)
        // (Short buffers: a damaged block, read element by element as zeros instead.)
        let whole = lengths.count == passageCount && owners.count == passageCount
        @inline(__always) func norm(_ p: Int) -> Double { whole ? (1 - b) + b * Double(lengths[p]) / avg : lengthNorm(p, stats) }
        @inline(__always) func owner(_ p: Int) -> Int { whole ? Int(owners[p]) : Int(passageParagraph[p]) }
        if hasWindows {
            // Best window per paragraph in paragraph-sized arrays lent for the search
            // (scores are positive: 0 is "none yet"; zeroed again after).
            var bestScore = scratch.take(paragraphCount)
            var bestPassage = passageScratch.take(paragraphCount)
            defer { scratch.give(bestScore); passageScratch.give(bestPassage) }
            var reached: [Int32] = []
            for (p, sum) in candidates {
                let s = sum / norm(p)
                let g = owner(p)
                guard g >= 0 && g < paragraphCount else { continue }
                if bestScore[g] == 0 { reached.append(Int32(g)) } else if bestScore[g] >= s { continue }
                bestScore[g] = s
                bestPassage[g] = Int32(p)
            }
            for g in reached {
                offer(ParagraphScore(paragraph: Int(g), passage: Int(bestPassage[Int(g)]), score: bestScore[Int(g)]))
                bestScore[Int(g)] = 0
                bestPassage[Int(g)] = 0
            }
        } else {
            // A passage that cannot beat the last of a full top is passed over before its
            // norm is worked out: lengths are counts, so the norm is at least 1 − b and the
            // score at most sum / (1 − b), which sum × `ceiling` exceeds (the margin covers
            // rounding). Those it could beat are offered with their exact score, as before.
            let ceiling = b >= 0 && b < 1 && avg > 0 ? (1 / (1 - b)) * (1 + 1e-9) : Double.infinity
            for (p, sum) in candidates {
                if top.count == limit, sum > 0, sum * ceiling < top[limit - 1].score { continue }
                let g = owner(p)
                guard g >= 0 && g < paragraphCount else { continue }
                offer(ParagraphScore(paragraph: g, passage: p, score: sum / norm(p)))
            }
        }
        return top
    }

    /// `search` without reading every posting of the common terms, with the same result
    /// (a test compares the two). Terms are read whole, the highest bound first, into
    /// partial sums, until what the unread terms could still add to any passage (the sum
    /// of their bounds: weight × idf × (1 + ln most) / norm of the shortest passage holding
    /// them) is below the `limit`-th best paragraph so far: no passage they alone reach can
    /// enter the result. Of the passages reached, those whose partial score plus that bound
    /// can still reach the `limit`-th are scored again exactly, every term in query order
    /// (looked up by halves in its postings), so their scores are bit for bit the ones a
    /// full pass gives.
    func prunedSearch(_ scoring: [(id: Int32, w: Double)], limit: Int, _ stats: some CorpusStatistics, read postingsRead: inout Int)
        -> [ParagraphScore]
    {
        let n = passageCount
        let avg = stats.averagePassageLength, b = options.lengthSlope
        func bound(_ t: (id: Int32, w: Double)) -> Double {
            let norm = (1 - b) + b * Double(termMinLength[Int(t.id)]) / avg
            return norm > 0 ? t.w * sublinear(max(1, termMaxCount[Int(t.id)])) / norm : .infinity
        }
        let bounds = scoring.map(bound)
        let order = scoring.indices.sorted { bounds[$0] != bounds[$1] ? bounds[$0] > bounds[$1] : $0 < $1 }
        var rest = [Double](repeating: 0, count: order.count + 1)
        for i in stride(from: order.count - 1, through: 0, by: -1) { rest[i] = rest[i + 1] + bounds[order[i]] }
        let slack = 1e-9

        var acc = scratch.take(n)
        defer { scratch.give(acc) }
        var touched: [Int32] = []
        touched.reserveCapacity(256)
        var read = 0
        var theta = 0.0
        // Postings read since `theta` was last worked out: it is worked out again (a pass
        // over every passage reached) only once as many have been read as there are
        // passages reached, so it never costs more than the reading. (Between, it is the
        // last value: scores only grow, so it is low, and stops no earlier than it may.)
        var sinceTheta = Int.max
        acc.withUnsafeMutableBufferPointer { ac in
            for (i, k) in order.enumerated() {
                let (pp, pc) = postings(scoring[k].id)
                // Before a long list, see whether the unread terms can still matter.
                if pp.count > 256, touched.count >= limit {
                    if sinceTheta >= touched.count {
                        theta = kthBest(touched, ac, limit: limit, stats)
                        sinceTheta = 0
                    }
                    if rest[i] * (1 + slack) < theta * (1 - slack) { break }
                }
                sinceTheta = sinceTheta == Int.max ? Int.max : sinceTheta + pp.count
                postingsRead += pp.count
                let w = scoring[k].w
                for j in 0..<pp.count {
                    let p = Int(pp[j])
                    guard p >= 0 && p < n else { continue }
                    if ac[p] == 0 { touched.append(Int32(p)) }
                    ac[p] += w * sublinear(pc[j])
                }
                read = i + 1
            }
            if touched.count >= limit { theta = kthBest(touched, ac, limit: limit, stats) }
        }
        // The passages reached that can still make the result, in passage order, with
        // their partial scores; each unread term (highest bound first) is then looked up
        // for them alone, and those that can no longer make it dropped.
        var cand: [(passage: Int, partial: Double)] = []
        for p32 in touched.sorted() {
            let p = Int(p32)
            let partial = acc[p] / lengthNorm(p, stats)
            acc[p] = 0
            if partial * (1 + slack) + rest[read] * (1 + slack) >= theta * (1 - slack) { cand.append((p, partial)) }
        }
        for i in read..<order.count where !cand.isEmpty {
            let (pp, pc) = postings(scoring[order[i]].id)
            let w = scoring[order[i]].w
            var lo = 0
            for c in cand.indices {
                let p = cand[c].passage
                lo = Self.seek(pp, p, from: lo)
                postingsRead += 1
                if lo < pp.count, Int(pp[lo]) == p { cand[c].partial += w * sublinear(pc[lo]) / lengthNorm(p, stats) }
            }
            theta = max(theta, kthBest(cand, limit: limit))
            let unread = rest[i + 1] * (1 + slack)
            cand.removeAll { $0.partial * (1 + slack) + unread < theta * (1 - slack) }
        }
        // The survivors, scored again exactly, every term in query order; kept in the
        // order a full pass first reaches them (the first term holding them, then passage).
        var survivors: [(first: Int, passage: Int, score: Double)] = []
        for (p, _) in cand {
            var sum = 0.0, first = -1
            for (k, t) in scoring.enumerated() {
                let (pp, pc) = postings(t.id)
                let at = Self.seek(pp, p, from: 0)
                postingsRead += 1
                guard at < pp.count, Int(pp[at]) == p else { continue }
                if first < 0 { first = k }
                sum += t.w * sublinear(pc[at])
            }
            survivors.append((first, p, sum))
        }
        survivors.sort { $0.first != $1.first ? $0.first < $1.first : $0.passage < $1.passage }
        return best(survivors.map { ($0.passage, $0.score) }, limit: limit, stats)
    }

    /// The first position at or after `from` of `postings` whose passage is `p` or more
    /// (galloping, then by halves).
    @inline(__always)
    static func seek(_ postings: UnsafeBufferPointer<Int32>, _ p: Int, from: Int) -> Int {
        var lo = from, step = 1, hi = from
        while hi < postings.count, Int(postings[hi]) < p {
            lo = hi + 1
            hi += step
            step <<= 1
        }
        hi = min(hi, postings.count)
        while lo < hi {
            let m = (lo + hi) >> 1
            if Int(postings[m]) < p { lo = m + 1 } else { hi = m }
        }
        return lo
    }


    /// The `limit`-th best paragraph score among partial sums (0 when fewer paragraphs):
    /// the best `limit` distinct paragraphs kept by their best window, most passages
    /// turned away by one comparison with the last of them.
    func kthBest(_ touched: [Int32], _ acc: UnsafeMutableBufferPointer<Double>, limit: Int, _ stats: some CorpusStatistics) -> Double {
        var top = TopParagraphs(limit: limit)
        let b = options.lengthSlope, avg = stats.averagePassageLength
        passageParagraph.withUnsafeBufferPointer { paragraph in
            passageLength.withUnsafeBufferPointer { length in
                for p32 in touched {
                    let p = Int(p32)
                    // (As `lengthNorm`.)
                    top.offer(paragraph[p], acc[p] / ((1 - b) + b * Double(length[p]) / avg))
                }
            }
        }
        return top.kth
    }

    /// The `limit`-th best paragraph score among candidates' partial scores (already
    /// divided by their length norms).
    func kthBest(_ cand: [(passage: Int, partial: Double)], limit: Int) -> Double {
        var top = TopParagraphs(limit: limit)
        for (p, s) in cand { top.offer(passageParagraph[p], s) }
        return top.kth
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

/// The best `limit` distinct paragraphs by the best score of their windows, in order.
struct TopParagraphs {
    let limit: Int
    var paragraphs: [Int32] = []
    var scores: [Double] = []

    init(limit: Int) {
        self.limit = limit
        paragraphs.reserveCapacity(limit + 1)
        scores.reserveCapacity(limit + 1)
    }

    /// The `limit`-th best score (0 while fewer paragraphs).
    var kth: Double { scores.count == limit ? scores[limit - 1] : 0 }

    mutating func offer(_ g: Int32, _ s: Double) {
        if scores.count == limit, s <= scores[limit - 1] { return }
        if let i = paragraphs.firstIndex(of: g) {
            guard s > scores[i] else { return }
            paragraphs.remove(at: i)
            scores.remove(at: i)
        }
        var i = scores.count
        while i > 0, s > scores[i - 1] { i -= 1 }
        scores.insert(s, at: i)
        paragraphs.insert(g, at: i)
        if scores.count > limit { scores.removeLast(); paragraphs.removeLast() }
    }
}

/// Zeroed score arrays, lent to one search at a time (several threads may search).
final class ScratchPool<T: Numeric>: @unchecked Sendable {
    private var free: [[T]] = []
    private let lock = NSLock()

    /// An array of `count` zeros (one given back, or a new one).
    func take(_ count: Int) -> [T] {
        lock.lock()
        var i = free.count - 1
        while i >= 0, free[i].count != count { i -= 1 }
        let a = i >= 0 ? free.remove(at: i) : nil
        lock.unlock()
        return a ?? [T](repeating: 0, count: count)
    }

    /// Gives back an array whose entries are all zero again.
    func give(_ a: [T]) {
        lock.lock()
        if free.count < 4 { free.append(a) }
        lock.unlock()
    }
}
