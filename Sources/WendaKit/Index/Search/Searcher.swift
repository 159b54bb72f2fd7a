import Foundation

/// Finds the best paragraphs of an index for a question's terms: reads the postings of
/// each term into one score per passage (exhaustive search), or, when the postings to
/// read are many, skips those that cannot change the result (`maxScore`, same result);
/// then keeps the best window of each paragraph and the top k. Scores are the
/// `ScoreFunction`'s.
struct Searcher {
    let index: PassageIndex
    let score: ScoreFunction
    /// Passages of articles deleted since the index was written (a segment's deletions):
    /// never scored, so they neither appear nor raise the bar MaxScore prunes by.
    let deleted: PassageSet?

    init(_ index: PassageIndex, _ statistics: some CollectionStatistics, deleted: PassageSet? = nil) {
        self.index = index
        score = ScoreFunction(index.options, statistics)
        self.deleted = deleted
    }

    /// The number of postings a question must reach before search prunes.
    static let pruningFrom = 32 * 1024

    /// The best `limit` paragraphs for `terms` (windows of one paragraph merged: the best
    /// counts); ties broken by article id, then position in the collection.
    func search(_ terms: [QueryTerm], limit: Int, _ stats: some CollectionStatistics) -> [ParagraphScore] {
        var read = 0
        // Pruning pays off once the postings to read are many (not at CMRC 2018 size,
        // about 2,000 a question, where it costs more than it saves).
        var total = 0
        for q in terms where q.id >= 0 && Int(q.id) < index.termCount { total += index.postingCount(q.id) }
        return search(terms, limit: limit, stats, pruned: index.options.pruning && total > Self.pruningFrom, read: &read)
    }

    /// `search`, with pruning or without, adding to `read` the postings it read.
    func search(_ terms: [QueryTerm], limit: Int, _ stats: some CollectionStatistics, pruned: Bool, read: inout Int)
        -> [ParagraphScore]
    {
        guard limit > 0, index.passageCount > 0 else { return [] }
        let weighted = score.weights(terms, termCount: index.termCount, stats)
        // Pruning needs each term's bound, which needs a length norm that grows with length.
        if pruned, score.hasBounds { return maxScore(weighted, limit: limit, read: &read) }
        // The score array is as long as the collection: reused between questions (each
        // touched entry is zeroed again after), not allocated and cleared every time.
        var acc = index.scratch.take(index.passageCount)
        defer { index.scratch.give(acc) }
        let lists = weighted.map { t in (postings: index.postingList(t.id), w: t.weight) }
        var total = 0
        for l in lists { total += l.postings.count }
        // Passages in the order first reached: each posting's passage is written at the
        // end and kept (the end moved on) when its sum was still 0, with no branch to
        // mispredict; at most one a posting.
        let touched = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(1, total))
        defer { touched.deallocate() }
        let scratch = PostingScratch()
        defer { scratch.deallocate() }
        var reached = 0
        let n = index.passageCount
        acc.withUnsafeMutableBufferPointer { ac in
            ScoreFunction.tfTable.withUnsafeBufferPointer { tf in
                for (list, w) in lists {
                    list.forEachBlock(scratch) { pp, pc in
                        read += pp.count
                        for k in 0..<pp.count {
                            let p = Int(pp[k])
                            guard p >= 0 && p < n else { continue }
                            let old = ac[p]
                            touched[reached] = Int32(p)
                            reached &+= old == 0 ? 1 : 0
                            ac[p] = old + w * ScoreFunction.tf(pc[k], tf)
                        }
                    }
                }
            }
        }
        var candidates = touched[..<reached].map { p in (passage: Int(p), score: acc[Int(p)]) }
        for p in touched[..<reached] { acc[Int(p)] = 0 }
        if let deleted { candidates.removeAll { deleted.contains($0.passage) } }
        return collect(candidates, limit: limit)
    }

    /// The best `limit` paragraphs of scored passages (sums of w_t · tf, before the length
    /// norm), given in the order they were first reached: the best window per paragraph
    /// (the first of equal ones), then the top k.
    func collect(_ candidates: [(passage: Int, score: Double)], limit: Int) -> [ParagraphScore] {
        var top = TopK(limit, rank: index.columns.paragraphOrder)
        let paragraphCount = index.paragraphCount, passageCount = index.passageCount
        let lengths = index.columns.passageLength.buffer(0..<passageCount)
        let owners = index.columns.passageParagraph.buffer(0..<passageCount)
        // (Short buffers: a damaged block, read element by element as zeros instead.)
        let whole = lengths.count == passageCount && owners.count == passageCount
        @inline(__always) func norm(_ p: Int) -> Double { score.norm(whole ? lengths[p] : index.columns.passageLength[p]) }
        @inline(__always) func owner(_ p: Int) -> Int { whole ? Int(owners[p]) : Int(index.columns.passageParagraph[p]) }
        if index.hasWindows {
            // Best window per paragraph in paragraph-sized arrays lent for the search
            // (scores are positive: 0 is "none yet"; zeroed again after).
            var bestScore = index.scratch.take(paragraphCount)
            var bestPassage = index.passageScratch.take(paragraphCount)
            defer { index.scratch.give(bestScore); index.passageScratch.give(bestPassage) }
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
                top.offer(ParagraphScore(paragraph: Int(g), passage: Int(bestPassage[Int(g)]), score: bestScore[Int(g)]))
                bestScore[Int(g)] = 0
                bestPassage[Int(g)] = 0
            }
        } else {
            // A passage that cannot beat the last of a full top is passed over before its
            // norm is worked out (see `ScoreFunction.ceiling`). Those it could beat are
            // offered with their exact score.
            let ceiling = score.ceiling
            for (p, sum) in candidates {
                if top.items.count == limit, sum > 0, sum * ceiling < top.kth { continue }
                let g = owner(p)
                guard g >= 0 && g < paragraphCount else { continue }
                top.offer(ParagraphScore(paragraph: g, passage: p, score: sum / norm(p)))
            }
        }
        return top.items
    }

    /// Which terms of `terms` passage `p` holds and what each added to its score: the
    /// same sum the search takes (`ScoreFunction.explain`).
    func explain(_ terms: [QueryTerm], passage p: Int, _ stats: some CollectionStatistics) -> ScoreExplanation {
        let weighted = score.weights(terms, termCount: index.termCount, stats)
        return score.explain(terms, weighted, passage: p, paragraph: index.paragraph(ofPassage: p),
                             length: index.columns.passageLength[p]) { id in
            var cursor = PostingCursor(index.postingList(id))
            defer { cursor.deallocate() }
            return cursor.count(of: p)
        }
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
