import Foundation

/// The index of a collection, as `wenda build` saves it: an inverted TF-IDF index over
/// its passages (integer term ids, postings in flat arrays), the sorted distinct term ids
/// of every sentence (so answer selection scores the sentences of the retrieved
/// paragraphs without reading text again), and the articles. Its columns (`IndexLayout`)
/// are arrays of its own, or regions of the saved file read in place. It is built by
/// `IndexBuilder`, saved and loaded by `IndexFile`, searched by `Searcher`, and it is the
/// `Retriever` answering asks.
public final class PassageIndex: Retriever {
    /// The articles (those of a saved index decoded when first asked for).
    public let articles: ArticleList
    public let options: IndexOptions
    let columns: IndexColumns
    let meta: IndexMeta
    /// Term ids by text (words) or packed code (characters and bigrams), and back.
    let terms: TermTable
    public let statistics: IndexStatistics
    /// Score arrays for `Searcher`, kept for the next question.
    let scratch = ScratchPool<Double>()
    let passageScratch = ScratchPool<Int32>()
    let bitScratch = ScratchPool<UInt64>()
    /// The term ids of the sentences read so far, decoded (see `termBuffer(ofSentence:)`).
    let decodedSentences: DecodedSentenceTerms
    /// The ids of the questions' terms looked up so far (`termID(_:)`, what `queryTerms`
    /// asks), by packed code and by word: a question's characters and bigrams are mostly
    /// those of questions before it, and a look-up in `terms` reads its blocks. Bounded
    /// (`WordCache`).
    let codeIDs = WordCache<UInt64, Int32>()
    let wordIDs = WordCache<String, Int32>()
    /// The term ids of the titles read so far, decoded (see `titleTermBuffer(ofArticle:)`).
    let decodedTitles: DecodedSentenceTerms

    /// Whether any paragraph was cut into windows.
    var hasWindows: Bool { meta.hasWindows }
    public var passageCount: Int { columns.passageParagraph.count }
    public var termCount: Int { terms.count }
    public var paragraphCount: Int { columns.paragraphs.count }
    public var sentenceCount: Int { columns.sentences.count }

    init(columns: IndexColumns, meta: IndexMeta, options: IndexOptions, articles: ArticleList) {
        self.columns = columns
        self.meta = meta
        self.options = options
        self.articles = articles
        terms = columns.termTable
        decodedSentences = DecodedSentenceTerms(count: columns.sentences.count)
        decodedTitles = DecodedSentenceTerms(count: max(0, columns.titleTermOffsets.count - 1))
        statistics = IndexStatistics(passageCount: meta.passageCount, averagePassageLength: meta.averagePassageLength,
                                     terms: terms.infos)
    }

    /// Builds the index in memory; `progress` is told each article segmented (from any
    /// thread). `words`, when given, are the articles' words segmented by the build (see
    /// `ArticleWords`; an article without is segmented here).
    public convenience init(articles: [Article], options: IndexOptions = IndexOptions(), words: ArticleWordsSource? = nil,
                            hashes: [UInt64] = [], progress: (@Sendable (Article) -> Void)? = nil) {
        let local = LocalTermsSource(articles, words, progress)
        // In memory nothing is written: nothing to throw.
        let built = try! IndexBuilder(options: options, sink: .memory, hashes: hashes).build(articles, local: local)
        self.init(columns: IndexColumns(adopting: built.sections), meta: built.meta, options: options,
                  articles: ArticleList(articles))
    }

    /// The index over the columns of a saved index (see `IndexFile.load`), read in place.
    convenience init(saved columns: IndexColumns, meta: IndexMeta, options: IndexOptions) {
        let blank = SavedArticles.placeholder(paragraphs: columns.paragraphs, sentences: columns.sentences)
        let records = ArticleBlockReader(offsets: columns.articleOffsets, blocks: columns.articleBlocks,
                                         data: columns.articleRecords, dictionary: columns.articleDictionary)
        let saved = SavedArticles(records: records,
                                  idOffsets: columns.articleIDOffsets, ids: columns.articleIDs,
                                  titleOffsets: columns.articleTitleOffsets, titles: columns.articleTitles, placeholder: blank,
                                  sentenceRanges: SavedArticles.sentenceRanges(paragraphs: columns.paragraphs, sentences: columns.sentences))
        self.init(columns: columns, meta: meta, options: options, articles: ArticleList(saved: saved))
    }

    /// The sections of the saved index (in layout order), with `problems` in its meta.
    func sections(problems: [ReadProblem]) -> [any IndexSection] {
        var c = columns
        c.meta = Column(meta.with(problems: problems).bytes)
        return c.sections
    }

    /// Verifies every checksum block of a saved index now, not when first read (true:
    /// nothing damaged; an index built in memory has nothing to verify).
    func verifyAll() -> Bool {
        var ok = true
        for column in IndexLayout.columns where !column.verifyAll(columns) { ok = false }
        return ok
    }

    // MARK: Looking up

    public func termID(_ kind: TermKind, _ text: String) -> Int32 {
        if kind == .word { return terms.id(word: text) }
        return TermExtractor.code(kind, text: text).map { terms.id(code: $0) } ?? -1
    }

    func termID(_ o: TermOccurrence) -> Int32 {
        if o.kind == .word {
            if let id = wordIDs[o.word] { return id }
            let id = terms.id(word: o.word)
            wordIDs[o.word] = id
            return id
        }
        if let id = codeIDs[o.code] { return id }
        let id = terms.id(code: o.code)
        codeIDs[o.code] = id
        return id
    }

    public func termText(_ id: Int32) -> String { terms.text(id) }
    public func termKind(_ id: Int32) -> TermKind { terms.kind(id) }

    public func queryTerms(_ occurrences: [TermOccurrence]) -> [QueryTerm] {
        Self.queryTerms(occurrences, options) { termID($0) }
    }

    /// The terms of a question (each distinct term once, its kind weight times its
    /// repetitions), each looked up by `id`.
    static func queryTerms(_ occurrences: [TermOccurrence], _ options: IndexOptions, id termID: (TermOccurrence) -> Int32)
        -> [QueryTerm]
    {
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

    public func paragraph(_ g: Int) -> ParagraphRef { columns.paragraphs[g] }
    public func sentence(_ s: Int) -> SentenceRef { columns.sentence(s) }
    public func rank(ofParagraph g: Int) -> Int32 { columns.paragraphOrder[g] }

    /// The paragraph a passage belongs to.
    public func paragraph(ofPassage p: Int) -> Int { Int(columns.passageParagraph[p]) }

    /// Sorted distinct term ids of a sentence.
    public func terms(ofSentence s: Int) -> Column<Int32> { Column(Array(termBuffer(ofSentence: s))) }

    /// `terms(ofSentence:)` as a buffer (empty when its block is damaged), valid as long
    /// as the index: decoded from the saved bytes the first time it is asked for (their
    /// checksum blocks verified then), and kept.
    @inline(__always)
    public func termBuffer(ofSentence s: Int) -> UnsafeBufferPointer<Int32> {
        decodedSentences.ids(s) { out in
            // Its group's bytes, the sentences before it in the group passed over.
            let (g, k) = s.quotientAndRemainder(dividingBy: SentenceTermCoding.stride)
            let bytes = columns.sentenceTerms.buffer(columns.sentenceTermGroup(g))
            var at = 0
            for _ in 0..<k { at = SentenceTermCoding.end(of: bytes, from: at) }
            SentenceTermCoding.decode(UnsafeBufferPointer(rebasing: bytes[at...]), limit: Int32(clamping: terms.count), into: &out)
        }
    }

    /// Sorted distinct term ids of an article's title.
    public func titleTerms(ofArticle a: Int) -> Column<Int32> { Column(Array(titleTermBuffer(ofArticle: a))) }

    /// `titleTerms(ofArticle:)` as a buffer (empty when its block is damaged), valid as
    /// long as the index: decoded the first time it is asked for, and kept, as a sentence's.
    @inline(__always)
    public func titleTermBuffer(ofArticle a: Int) -> UnsafeBufferPointer<Int32> {
        decodedTitles.ids(a) { out in
            let lo = Int(columns.titleTermOffsets[a]), hi = Int(columns.titleTermOffsets[a + 1])
            SentenceTermCoding.decode(columns.titleTerms.buffer(lo..<max(lo, hi)), limit: Int32(clamping: terms.count), into: &out)
        }
    }

    /// The postings of a term (`PostingBlocks`), read in place; empty when the term has
    /// none or a block of them is damaged.
    @inline(__always)
    func postingList(_ t: Int32) -> PostingList {
        guard let info = terms.infos.info(Int(t)), info.frequency > 0 else { return .empty }
        if info.frequency == 1 {
            guard info.boundOrPassage < passageCount else { return .empty }
            return PostingList(single: Int32(info.boundOrPassage), count: info.maxCount)
        }
        guard info.postings < info.postingsEnd else { return .empty }
        let lo = info.postings, hi = info.postingsEnd, df = info.frequency
        let b0 = info.skips, b1 = b0 + df / PostingBlocks.blockSize
        let bytes = columns.postings.buffer(lo..<(hi + PostingBlocks.padding))
        let skips = columns.postingSkips.buffer(b0..<b1)
        guard bytes.count == hi - lo + PostingBlocks.padding, skips.count == b1 - b0 else { return .empty }
        return PostingList(bytes: bytes.baseAddress, size: hi - lo, count: df, skips: skips)
    }

    /// What term `t` can add to a passage's score at most (see `ScoreFunction`): its largest
    /// count in a passage, and the shortest passage holding it (0 and 0 when not known).
    func scoreBound(_ t: Int32) -> (maxCount: UInt16, minLength: Float) {
        guard let info = terms.infos.info(Int(t)) else { return (0, 0) }
        if info.frequency == 1 {
            return (info.maxCount, info.boundOrPassage < passageCount ? columns.passageLength[info.boundOrPassage] : 0)
        }
        return (info.maxCount, Float(info.boundOrPassage))
    }

    /// Every posting of a term, decoded: passages (ascending) and counts.
    func postings(_ t: Int32) -> (passages: [Int32], counts: [UInt16]) { postingList(t).decoded() }

    /// How many passages hold term `t`.
    @inline(__always)
    func postingCount(_ t: Int32) -> Int { terms.infos.frequency(Int(t)) }

    // MARK: Searching

    public func search(_ terms: [QueryTerm], limit: Int) -> [ParagraphScore] {
        Searcher(self, statistics).search(terms, limit: limit, statistics)
    }

    /// `search`, scoring with other collection statistics (a shard's share of a larger
    /// collection, say).
    public func search(_ terms: [QueryTerm], limit: Int, statistics: some CollectionStatistics) -> [ParagraphScore] {
        Searcher(self, statistics).search(terms, limit: limit, statistics)
    }

    /// `search`, with MaxScore pruning or without, adding to `read` the postings it read.
    func search(_ terms: [QueryTerm], limit: Int, pruned: Bool, read: inout Int) -> [ParagraphScore] {
        Searcher(self, statistics).search(terms, limit: limit, statistics, pruned: pruned, read: &read)
    }

    /// `search` over the passages not in `deleted`, scoring with `statistics` (those of
    /// the whole collection a segment is part of).
    func search(_ terms: [QueryTerm], limit: Int, statistics: some CollectionStatistics, deleted: PassageSet?) -> [ParagraphScore] {
        Searcher(self, statistics, deleted: deleted).search(terms, limit: limit, statistics)
    }

    public func explain(_ terms: [QueryTerm], passage p: Int) -> ScoreExplanation {
        Searcher(self, statistics).explain(terms, passage: p, statistics)
    }

    /// `explain`, scoring with other collection statistics.
    func explain(_ terms: [QueryTerm], passage p: Int, statistics: some CollectionStatistics) -> ScoreExplanation {
        Searcher(self, statistics).explain(terms, passage: p, statistics)
    }

    /// Each article's content hash, as the build was given it (0: not known).
    func contentHash(ofArticle a: Int) -> UInt64 { columns.articleHashes[a] }

    /// The id of a term given by its kind and key: a character's or bigram's packed code,
    /// a word's text (−1 when the index lacks it).
    func termID(kind: UInt8, code: UInt64, word: String) -> Int32 {
        kind == TermKind.word.rawValue ? terms.id(word: word) : terms.id(code: code)
    }
}
