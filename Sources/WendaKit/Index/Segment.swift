import Foundation

/// One segment of a collection as search reads it: a saved index of some of the articles
/// (never changed once written) and the articles of it deleted since (their passages
/// passed over, their share taken off the collection's statistics).
struct Segment: @unchecked Sendable {
    let index: PassageIndex
    /// Deleted articles, ascending (numbers in the segment).
    let deletedArticles: [Int32]
    /// Their passages (nil when none is deleted).
    let deletedPassages: PassageSet?
    /// Per term of the segment: how many deleted passages hold it (only terms with some).
    let deletedFrequency: [Int32: Int32]
    /// The summed length of the live passages (what the mean length is worked out from).
    let liveLength: Double
    /// The live articles' numbers in the segment, in order (nil when none is deleted:
    /// the live article `i` is then article `i`).
    let liveArticles: [Int32]?

    var livePassages: Int { index.passageCount - (deletedPassages?.count ?? 0) }
    var liveArticleCount: Int { index.articles.count - deletedArticles.count }

    init(_ index: PassageIndex, deleted: [Int32]) {
        self.index = index
        deletedArticles = deleted
        let c = index.columns
        var total = 0.0
        c.passageLength.withUnsafeBufferPointer { for x in $0 { total += Double(x) } }
        guard !deleted.isEmpty else {
            deletedPassages = nil
            deletedFrequency = [:]
            liveLength = total
            liveArticles = nil
            return
        }
        var set = PassageSet(capacity: index.passageCount)
        var frequency: [Int32: Int32] = [:]
        var seen = Set<Int32>()
        for a in deleted {
            for p in Self.passages(ofArticle: Int(a), c) {
                set.insert(p)
                total -= Double(c.passageLength[p])
                // A passage holds the terms of its sentences (as its postings were made).
                seen.removeAll(keepingCapacity: true)
                for s in Int(c.passageFirstSentence[p])..<Int(c.passageEndSentence[p]) {
                    for t in index.termBuffer(ofSentence: s) where seen.insert(t).inserted { frequency[t, default: 0] += 1 }
                }
            }
        }
        deletedPassages = set
        deletedFrequency = frequency
        liveLength = total
        var live: [Int32] = []
        live.reserveCapacity(index.articles.count - deleted.count)
        var d = 0
        for a in 0..<Int32(index.articles.count) {
            if d < deleted.count, deleted[d] == a { d += 1; continue }
            live.append(a)
        }
        liveArticles = live
    }

    /// The passages of article `a`: those of its paragraphs (articles' paragraphs and
    /// passages are in article order).
    static func passages(ofArticle a: Int, _ c: IndexColumns) -> Range<Int> {
        let g0 = BinarySearch.first(0, c.paragraphs.count) { Int(c.paragraphs[$0].article) < a }
        let g1 = BinarySearch.first(g0, c.paragraphs.count) { Int(c.paragraphs[$0].article) <= a }
        let n = c.passageParagraph.count
        let p0 = BinarySearch.first(0, n) { Int(c.passageParagraph[$0]) < g0 }
        let p1 = BinarySearch.first(p0, n) { Int(c.passageParagraph[$0]) < g1 }
        return p0..<p1
    }

    /// Whether article `a` of the segment is deleted.
    func isDeleted(_ a: Int) -> Bool {
        deletedArticles.withUnsafeBufferPointer { BinarySearch.contains($0, Int32(a)) }
    }

    /// The live number of article `a` in the segment (how many live articles come before
    /// it; for a deleted one, that of the next live article).
    func liveNumber(_ a: Int) -> Int {
        a - deletedArticles.withUnsafeBufferPointer { BinarySearch.lowerBound($0, Int32(a)) }
    }

    /// The article of the segment that is live article `i`.
    func article(live i: Int) -> Int { liveArticles.map { Int($0[i]) } ?? i }

    /// How many of its passages hold term `t` (a term of the segment) and are live.
    func liveFrequency(_ t: Int32) -> Int {
        guard t >= 0 && Int(t) < index.termCount else { return 0 }
        return index.postingCount(t) - Int(deletedFrequency[t] ?? 0)
    }
}
