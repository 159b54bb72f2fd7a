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
    /// The deleted articles' paragraphs, sentences and passages: the collection numbers
    /// only the live ones.
    let paragraphGaps: Gaps, sentenceGaps: Gaps, passageGaps: Gaps

    var liveParagraphs: Int { index.paragraphCount - paragraphGaps.total }
    var liveSentences: Int { index.sentenceCount - sentenceGaps.total }

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
            paragraphGaps = Gaps([]); sentenceGaps = Gaps([]); passageGaps = Gaps([])
            return
        }
        var paragraphRanges: [Range<Int>] = [], sentenceRanges: [Range<Int>] = [], passageRanges: [Range<Int>] = []
        var set = PassageSet(capacity: index.passageCount)
        var frequency: [Int32: Int32] = [:]
        var seen = Set<Int32>()
        for a in deleted {
            let g = Self.paragraphs(ofArticle: Int(a), c)
            paragraphRanges.append(g)
            sentenceRanges.append(g.isEmpty ? g : Int(c.paragraphs[g.lowerBound].firstSentence)..<Int(c.paragraphs[g.upperBound - 1].endSentence))
            passageRanges.append(Self.passages(ofArticle: Int(a), c))
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
        paragraphGaps = Gaps(paragraphRanges); sentenceGaps = Gaps(sentenceRanges); passageGaps = Gaps(passageRanges)
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

    /// The paragraphs of article `a` (in article order).
    static func paragraphs(ofArticle a: Int, _ c: IndexColumns) -> Range<Int> {
        let g0 = BinarySearch.first(0, c.paragraphs.count) { Int(c.paragraphs[$0].article) < a }
        return g0..<BinarySearch.first(g0, c.paragraphs.count) { Int(c.paragraphs[$0].article) <= a }
    }

    /// The passages of article `a`: those of its paragraphs (articles' paragraphs and
    /// passages are in article order).
    static func passages(ofArticle a: Int, _ c: IndexColumns) -> Range<Int> {
        let g = paragraphs(ofArticle: a, c)
        let g0 = g.lowerBound, g1 = g.upperBound
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

/// Runs of numbers left out of a numbering (the paragraphs, sentences or passages of a
/// segment's deleted articles): a live item's number and its number in the segment, each
/// from the other.
struct Gaps: Sendable {
    /// The runs, ascending, apart from one another.
    let runs: [Range<Int>]
    /// Per run: the live number of the first item after it; and the items in the runs
    /// before it (one more entry: all of them).
    private let liveAfter: [Int]
    private let before: [Int]
    var total: Int { before.last ?? 0 }

    init(_ runs: [Range<Int>]) {
        self.runs = runs.filter { !$0.isEmpty }
        var after: [Int] = [], b = [0]
        for r in self.runs {
            after.append(r.lowerBound - b[b.count - 1])
            b.append(b[b.count - 1] + r.count)
        }
        liveAfter = after
        before = b
    }

    /// The number in the segment of live item `j`.
    @inline(__always)
    func local(_ j: Int) -> Int {
        guard !runs.isEmpty else { return j }
        return j + before[BinarySearch.first(0, liveAfter.count) { liveAfter[$0] <= j }]
    }

    /// The live number of item `l` of the segment (for one in a run, the next live one's).
    @inline(__always)
    func live(_ l: Int) -> Int {
        guard !runs.isEmpty else { return l }
        let c = BinarySearch.first(0, runs.count) { runs[$0].upperBound <= l }
        let inside = c < runs.count && runs[c].contains(l) ? l - runs[c].lowerBound : 0
        return l - before[c] - inside
    }
}
