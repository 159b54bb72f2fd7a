import Foundation

/// What scoring needs to know about the collection (the collection statistics), kept
/// apart from the scorer in the manner of tantivy's `Bm25StatisticsProvider`: a test, a
/// shard or a merged index can supply other figures without touching how a score is
/// computed (`ScoreFunction`).
public protocol CollectionStatistics: Sendable {
    /// Passages in the collection.
    var passageCount: Int { get }
    /// Mean passage length, in terms.
    var averagePassageLength: Double { get }
    /// Passages holding the term.
    func documentFrequency(_ term: Int32) -> Int
}

extension CollectionStatistics {
    /// Smoothed inverse document frequency: `ln(1 + (N − df + 0.5) / (df + 0.5))`.
    /// Always positive, even with two passages or a term in every passage (DrQA clips a
    /// negative IDF to 0, and then finds nothing on a small collection).
    public func idf(_ term: Int32) -> Double {
        Self.idf(documentFrequency: documentFrequency(term), passages: passageCount)
    }

    public static func idf(documentFrequency df: Int, passages n: Int) -> Double {
        let df = Double(max(0, df)), n = Double(max(n, 1))
        return log(1 + (n - df + 0.5) / (df + 0.5))
    }
}

/// The statistics of one built index.
public struct IndexStatistics: CollectionStatistics {
    public let passageCount: Int
    public let averagePassageLength: Double
    /// Each term's frequency: a list of them, or the index's term records.
    private let frequencies: Column<Int32>
    private let terms: TermInfoStore?

    public init(passageCount: Int, averagePassageLength: Double, frequencies: [Int32]) {
        self.passageCount = passageCount
        self.averagePassageLength = averagePassageLength
        self.frequencies = Column(frequencies)
        terms = nil
    }

    init(passageCount: Int, averagePassageLength: Double, terms: TermInfoStore) {
        self.passageCount = passageCount
        self.averagePassageLength = averagePassageLength
        frequencies = Column()
        self.terms = terms
    }

    public func documentFrequency(_ term: Int32) -> Int {
        if let terms { return term >= 0 ? terms.frequency(Int(term)) : 0 }
        return term >= 0 && Int(term) < frequencies.count ? Int(frequencies[Int(term)]) : 0
    }
}
