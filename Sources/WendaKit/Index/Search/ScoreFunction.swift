import Foundation

/// How a passage is scored: TF-IDF with sublinear term frequency and pivoted length
/// normalisation,
///
///     score(p) = Σ_t w_t · tf(t, p) / norm(p)
///     w_t      = q_t · idf(t)        q_t: the query weight (kind weight × repetitions)
///     tf(t, p) = 1 + ln(count of t in p)
///     idf(t)   = ln(1 + (N − df + 0.5) / (df + 0.5))      (`CollectionStatistics.idf`)
///     norm(p)  = (1 − b) + b · length(p) / mean length     (b: `IndexOptions.lengthSlope`)
///
/// over the terms of the question the passage holds; a single character found in more
/// than `maxCharacterShare` of the passages (and more than 64) does not count. Exhaustive
/// search, MaxScore search and `explain` all score with this, so an explanation is by
/// construction what was scored: each sums w_t · tf in query order and divides by the
/// norm once, so every path gives a passage the same score to the last bit.
struct ScoreFunction: Sendable {
    /// b of the length norm.
    let slope: Double
    let averageLength: Double
    let passageCount: Int
    let maxCharacterShare: Double

    init(_ options: IndexOptions, _ statistics: some CollectionStatistics) {
        slope = options.lengthSlope
        averageLength = statistics.averagePassageLength
        passageCount = statistics.passageCount
        maxCharacterShare = options.maxCharacterShare
    }

    /// A term of the question that counts, with its weight w_t.
    struct WeightedTerm: Sendable {
        var id: Int32
        /// w_t = query weight × idf.
        var weight: Double
        var idf: Double
        /// Its place among the question's terms.
        var query: Int
    }

    /// The question's terms that count (known to the collection, of positive weight, not
    /// too common a character), with their weights, in query order.
    func weights(_ terms: [QueryTerm], termCount: Int, _ stats: some CollectionStatistics) -> [WeightedTerm] {
        var out: [WeightedTerm] = []
        for (k, q) in terms.enumerated() where q.id >= 0 && Int(q.id) < termCount && q.weight > 0 {
            let idf = stats.idf(q.id)
            if q.kind == .character && tooCommon(stats.documentFrequency(q.id)) { continue }
            out.append(WeightedTerm(id: q.id, weight: q.weight * idf, idf: idf, query: k))
        }
        return out
    }

    /// A single character in this many passages adds little and touches most of them.
    @inline(__always)
    func tooCommon(_ df: Int) -> Bool {
        df > 64 && Double(df) > maxCharacterShare * Double(passageCount)
    }

    static let tfTable: [Double] = (0..<64).map { $0 == 0 ? 0 : 1 + log(Double($0)) }

    /// tf = 1 + ln(count) (0 for 0), small counts from a table.
    @inline(__always)
    static func tf(_ c: UInt16) -> Double {
        c < 64 ? tfTable[Int(c)] : 1 + log(Double(c))
    }

    /// `tf`, its table read through `table` (a loop over postings holds it once).
    @inline(__always)
    static func tf(_ c: UInt16, _ table: UnsafeBufferPointer<Double>) -> Double {
        c < 64 ? table[Int(c)] : 1 + log(Double(c))
    }

    /// The length norm of a passage of `length` terms.
    @inline(__always)
    func norm(_ length: Float) -> Double {
        (1 - slope) + slope * Double(length) / averageLength
    }

    /// Whether a norm grows with length and stays positive, so that each term's score has
    /// an upper bound (what MaxScore needs).
    var hasBounds: Bool { slope >= 0 && slope <= 1 && averageLength > 0 }

    /// The most a term can add to any passage's score: w_t · tf(its largest count) / the
    /// norm of the shortest passage holding it (MaxScore's upper bound).
    @inline(__always)
    func upperBound(_ weight: Double, maxCount: UInt16, minLength: Float) -> Double {
        let n = norm(minLength)
        return n > 0 ? weight * Self.tf(max(1, maxCount)) / n : .infinity
    }

    /// How much more than its sum of w_t · tf a passage can score: the norm is at least
    /// 1 − b (lengths are counts), so the score is at most sum / (1 − b); with a margin for
    /// rounding (infinite when there is no such bound).
    var ceiling: Double {
        slope >= 0 && slope < 1 && averageLength > 0 ? (1 / (1 - slope)) * (1 + 1e-9) : .infinity
    }

    /// Why passage `p` (of `length` terms) scores what it does for `terms`: each term it
    /// holds (`count` gives the passage's count of a term, nil when it lacks it), with its
    /// tf, idf and share of the score.
    func explain(_ terms: [QueryTerm], _ weighted: [WeightedTerm], passage p: Int, paragraph: Int, length: Float,
                 count: (Int32) -> UInt16?) -> ScoreExplanation {
        let norm = self.norm(length)
        var sum = 0.0
        var out: [ScoreExplanation.Term] = []
        for t in weighted {
            guard let c = count(t.id) else { continue }
            let x = t.weight * Self.tf(c)
            sum += x
            let q = terms[t.query]
            out.append(.init(kind: q.kind, text: q.text, termFrequency: Int(c), idf: t.idf, queryWeight: q.weight,
                             contribution: x / norm))
        }
        out.sort { $0.contribution != $1.contribution ? $0.contribution > $1.contribution : $0.text < $1.text }
        return ScoreExplanation(passage: p, paragraph: paragraph, score: sum / norm, lengthNorm: norm, terms: out)
    }
}
