/// What answering asks of a collection, and all it asks: the seam a retrieval engine
/// plugs into. `PassageIndex` (the memory-mapped index `wenda build` saves) is one; an
/// engine over other storage — remote shards, segments — implements the same, and
/// answer selection does not change.
///
/// Question terms go in (`queryTerms`), scored passages come out (`search`), with the
/// collection statistics their scores were computed with, and what answering reads of
/// the passages it retrieved: their paragraphs, the sentences of those, each sentence's
/// distinct term ids, and the articles (text and citation data: title, author, date,
/// source, paragraph numbers).
///
/// Numbers: articles, paragraphs, sentences and passages are numbered across the
/// collection from 0 (a paragraph's sentences are consecutive); term ids are the
/// engine's own, the same in `termID`, `queryTerms`, `termBuffer(ofSentence:)` and
/// `titleTermBuffer(ofArticle:)`, and −1 for a term the collection lacks.
public protocol Retriever: AnyObject, Sendable {
    associatedtype Statistics: CollectionStatistics

    var options: IndexOptions { get }
    /// What the scores were computed with (passages, mean length, document frequencies).
    var statistics: Statistics { get }
    var articles: ArticleList { get }
    var paragraphCount: Int { get }
    var sentenceCount: Int { get }

    /// The id of a term, or −1.
    func termID(_ kind: TermKind, _ text: String) -> Int32
    /// The terms of a question, each distinct term once with its kind weight times its
    /// repetitions.
    func queryTerms(_ occurrences: [TermOccurrence]) -> [QueryTerm]

    /// The best `limit` paragraphs for `terms`, best first (windows of one paragraph
    /// merged: the best counts); ties broken by `rank(ofParagraph:)`.
    func search(_ terms: [QueryTerm], limit: Int) -> [ParagraphScore]
    /// Why a passage scored what it did (its score is the one `search` gave it).
    func explain(_ terms: [QueryTerm], passage: Int) -> ScoreExplanation

    func paragraph(_ g: Int) -> ParagraphRef
    func sentence(_ s: Int) -> SentenceRef
    /// The sorted distinct term ids of sentence `s` (valid as long as the retriever).
    func termBuffer(ofSentence s: Int) -> UnsafeBufferPointer<Int32>
    /// The sorted distinct term ids of an article's title (valid as long as the retriever).
    func titleTermBuffer(ofArticle a: Int) -> UnsafeBufferPointer<Int32>
    /// A paragraph's place in the collection's order (article id, then position): how
    /// ties between equal scores are broken.
    func rank(ofParagraph g: Int) -> Int32

    /// The ids of several terms at once (an engine over remote shards asks them in one
    /// exchange).
    func termIDs(_ terms: [(kind: TermKind, text: String)]) -> [Int32]
    /// Terms a question will look up (its own, their synonyms, its bigrams): an engine
    /// over remote shards asks them all in one exchange now and keeps the answers, so the
    /// look-ups that follow ask nothing. Other engines do not call `terms`.
    func prefetch(_ terms: () -> [(kind: TermKind, text: String)])
    /// What this thread could not read of the collection since it last asked (a remote
    /// shard that stopped answering), taken: answering then says so rather than answer
    /// from what it could read. Always nil for an engine that reads only local files.
    func takeFailure() -> String?
}

extension Retriever {
    public func termIDs(_ terms: [(kind: TermKind, text: String)]) -> [Int32] { terms.map { termID($0.kind, $0.text) } }
    public func takeFailure() -> String? { nil }
    public func prefetch(_ terms: () -> [(kind: TermKind, text: String)]) {}

    /// The paragraphs, by number (`paragraphs[g]`, `paragraphs.count`).
    public var paragraphs: RetrieverList<ParagraphRef> { RetrieverList(count: paragraphCount) { self.paragraph($0) } }
    /// The sentences, by number.
    public var sentences: RetrieverList<SentenceRef> { RetrieverList(count: sentenceCount) { self.sentence($0) } }
}

/// Paragraphs or sentences of a retriever, by number.
public struct RetrieverList<Element>: RandomAccessCollection {
    public let count: Int
    let element: (Int) -> Element
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public subscript(i: Int) -> Element { element(i) }
}

/// A paragraph of the collection: its article, its place in it, and its sentences.
public struct ParagraphRef: Sendable, Hashable, BitwiseCopyable {
    public var article: Int32
    /// 0-based index into `articles[article].paragraphs`.
    public var index: Int32
    /// Its sentences' numbers in the collection: `firstSentence..<endSentence`.
    public var firstSentence: Int32
    public var endSentence: Int32
}

/// A sentence of the collection: its paragraph, its place in it, and its range of the
/// article's text (Unicode scalars).
public struct SentenceRef: Sendable, Hashable, BitwiseCopyable {
    public var paragraph: Int32
    /// 0-based within the paragraph.
    public var index: Int32
    public var start: Int32
    public var end: Int32
}

/// A term of a query, looked up in the collection (`id` is −1 when the collection lacks it).
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
    /// The paragraph's number in the collection (0-based).
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
    /// The paragraph the passage belongs to.
    public var paragraph: Int
    public var score: Double
    public var lengthNorm: Double
    public var terms: [Term]
}
