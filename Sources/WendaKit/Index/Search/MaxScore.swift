// MaxScore search: the searcher's exact result for large collections, without reading
// every posting of the common terms.
import Foundation

extension Searcher {
    /// Search by MaxScore (Turtle and Flood's pruning) with block-max bounds: the result
    /// of reading every posting, without reading every posting of the common terms (a test
    /// compares the two). Terms are read whole into partial sums, the largest upper bound
    /// for their postings first (`ScoreFunction.upperBound`), until what the unread terms
    /// could still add to any passage (the sum of their bounds) is below the `limit`-th
    /// best paragraph so far: no passage they alone reach can enter the result. Before a
    /// long list is read, the best paragraphs so far get their whole scores (the unread
    /// terms looked up), which lifts the bar above partial sums. Within a list read whole,
    /// a block whose bound cannot lift a passage not yet reached to the bar only adds to
    /// passages already reached. Then each candidate in turn (a passage reached whose
    /// partial score plus the unread bound can still make it) has the unread terms looked
    /// up until it cannot, a block's bound sparing blocks the way; the few that remain are
    /// scored again exactly, every term in query order, so their scores are bit for bit
    /// the ones a full pass gives.
    func maxScore(_ weighted: [ScoreFunction.WeightedTerm], limit: Int, read postingsRead: inout Int) -> [ParagraphScore] {
        let n = index.passageCount
        let columns = index.columns
        let bounds = weighted.map {
            let bound = index.scoreBound($0.id)
            return score.upperBound($0.weight, maxCount: bound.maxCount, minLength: bound.minLength)
        }
        // Read first the terms whose bound is largest for their postings (Lucene's ratio of
        // bound to cost): the short lists of rare words and bigrams, which raise the bar at
        // little cost, before the long lists of common ones, which the bar may then spare.
        let gain = weighted.indices.map { bounds[$0] / Double(max(1, index.postingCount(weighted[$0].id))) }
        let order = weighted.indices.sorted { gain[$0] != gain[$1] ? gain[$0] > gain[$1] : $0 < $1 }
        var rest = [Double](repeating: 0, count: order.count + 1)
        for i in stride(from: order.count - 1, through: 0, by: -1) { rest[i] = rest[i + 1] + bounds[order[i]] }
        let slack = 1e-9

        var acc = index.scratch.take(n)
        defer { index.scratch.give(acc) }
        // The passages reached, a bit each (a passage is reached when its sum is not 0): an
        // array of an eighth of a byte a passage, lent for the search and zeroed again as the
        // passages reached are gone over. Small enough to stay in cache, where the sums are not.
        var seen = index.bitScratch.take((n + 63) >> 6)
        defer { index.bitScratch.give(seen) }
        // The best `limit` paragraphs of the partial sums, kept up to date as postings are
        // read: its last is the bar (theta) the unread terms must be able to lift a passage
        // to, always at hand (not worked out again in a pass over every passage reached).
        // A passage is offered only when its sum, at the shortest length a passage can have
        // (`ScoreFunction.ceiling`), would reach the bar; one not offered only leaves the bar
        // lower, never wrong.
        var top = TopK(limit, rank: columns.paragraphOrder, distinct: true)
        let ceiling = score.ceiling
        let scratch = PostingScratch()
        defer { scratch.deallocate() }
        var read = 0
        // Passages whose whole score has been offered to the top k (see below).
        var lifted = Set<Int>()
        acc.withUnsafeMutableBufferPointer { ac in
          seen.withUnsafeMutableBufferPointer { seen in
            columns.passageParagraph.withUnsafeBufferPointer { paragraph in
                columns.passageLength.withUnsafeBufferPointer { length in
                    // (Short columns: a damaged block; nothing offered, so nothing pruned.)
                    let whole = paragraph.count == n && length.count == n
                    ScoreFunction.tfTable.withUnsafeBufferPointer { tf in
                        for (i, k) in order.enumerated() {
                            // What the unread terms could add to any passage no longer reaches the bar.
                            if rest[i] * (1 + slack) < top.kth * (1 - slack) { break }
                            let list = index.postingList(weighted[k].id)
                            // Before a long list is read whole: the top k's passages not yet
                            // lifted have the unread terms looked up, so the bar is their
                            // whole scores, not partial sums, and may already be out of the
                            // unread terms' reach.
                            if whole, list.count > 4 * limit * (order.count - i) {
                                let ps = top.items.map(\.passage).filter { !lifted.contains($0) }.sorted()
                                var sums = ps.map { ac[$0] }
                                for j in i..<order.count where !ps.isEmpty {
                                    var cursor = PostingCursor(index.postingList(weighted[order[j]].id))
                                    defer { cursor.deallocate() }
                                    for (x, p) in ps.enumerated() {
                                        postingsRead += 1
                                        if let c = cursor.count(of: p) { sums[x] += weighted[order[j]].weight * ScoreFunction.tf(c, tf) }
                                    }
                                }
                                for (x, p) in ps.enumerated() {
                                    lifted.insert(p)
                                    top.offer(ParagraphScore(paragraph: Int(paragraph[p]), passage: p, score: sums[x] / score.norm(length[p])))
                                }
                                if rest[i] * (1 + slack) < top.kth * (1 - slack) { break }
                            }
                            let w = weighted[k].weight
                            let after = rest[i + 1] * (1 + slack)
                            var bar = top.kth
                            for b in 0..<list.blockCount {
                                // Block-max: a passage first met in a block whose bound (its
                                // largest count, its shortest passage), with all the unread
                                // terms' bounds, is below the bar cannot make the result, nor
                                // can one first met in a later term's such block (the bar only
                                // rises, and this term's bound is counted in theirs). Such a
                                // block adds only to the passages already reached, and is not
                                // decoded when none lies in its range.
                                let fresh = blockBound(list, b, weight: w, termBound: bounds[k]) * (1 + slack) + after
                                    >= bar * (1 - slack)
                                if !fresh {
                                    let lo = b == 0 ? 0 : list.lastPassage(b - 1) + 1
                                    let hi = b < list.fullBlocks ? list.lastPassage(b) : n - 1
                                    if Self.noneSet(seen, from: lo, through: hi) { continue }
                                }
                                let m = list.decode(b, passages: scratch.passages, counts: scratch.counts)
                                postingsRead += m
                                let pp = scratch.passages, pc = scratch.counts
                                for j in 0..<m {
                                    let p = Int(pp[j])
                                    guard p >= 0 && p < n else { continue }
                                    let bit: UInt64 = 1 << UInt64(p & 63)
                                    if fresh {
                                        guard deleted?.contains(p) != true else { continue }
                                        seen[p >> 6] |= bit
                                    } else if seen[p >> 6] & bit == 0 {
                                        continue
                                    }
                                    let sum = ac[p] + w * ScoreFunction.tf(pc[j], tf)
                                    ac[p] = sum
                                    if sum * ceiling >= bar, whole {
                                        top.offer(ParagraphScore(paragraph: Int(paragraph[p]), passage: p,
                                                                 score: sum / score.norm(length[p])))
                                        bar = top.kth
                                    }
                                }
                            }
                            read = i + 1
                        }
                    }
                }
            }
          }
        }
        var theta = top.kth
        // The passages reached that can still make the result, in passage order (the bits
        // gone over word by word), with their partial scores; each unread term (highest
        // bound first) is then looked up for them alone, and those that can no longer make
        // it dropped. A sum that even at the shortest length cannot make it is passed over
        // before its length is read. Every sum and bit is zeroed again on the way.
        var cand: [(passage: Int, partial: Double)] = []
        let unreadBound = rest[read] * (1 + slack), bar = theta * (1 - slack)
        columns.passageLength.withUnsafeBufferPointer { length in
            acc.withUnsafeMutableBufferPointer { ac in
                seen.withUnsafeMutableBufferPointer { seen in
                    for wi in seen.indices where seen[wi] != 0 {
                        var bits = seen[wi]
                        seen[wi] = 0
                        while bits != 0 {
                            let p = wi << 6 | bits.trailingZeroBitCount
                            bits &= bits &- 1
                            let sum = ac[p]
                            ac[p] = 0
                            if sum * ceiling * (1 + slack) + unreadBound < bar { continue }
                            let partial = sum / score.norm(length.count == n ? length[p] : columns.passageLength[p])
                            if partial * (1 + slack) + unreadBound >= bar { cand.append((p, partial)) }
                        }
                    }
                }
            }
        }
        // Each candidate in turn (passage order: each unread term's cursor only seeks
        // forward) has the unread terms looked up, highest bound first, until what is left
        // to look up could no longer lift it to the bar, or the bound of the block that
        // would hold it says so (then that block is not decoded); one that stays the course
        // has its whole score (summed in another order than the exact one, so within the
        // slack of it) and is offered to the top k, which raises the bar for the next.
        var unreadCursors = order[read...].map { PostingCursor(index.postingList(weighted[$0].id)) }
        defer { for c in unreadCursors { c.deallocate() } }
        var kept: [(passage: Int, score: Double)] = []
        columns.passageParagraph.withUnsafeBufferPointer { paragraph in
            for (p, partial) in cand {
                var s = partial
                var norm = -1.0
                var alive = true
                for u in unreadCursors.indices {
                    let i = read + u, k = order[i]
                    if (s + rest[i]) * (1 + slack) < theta * (1 - slack) { alive = false; break }
                    let list = unreadCursors[u].list
                    let b = unreadCursors[u].block(holding: p)
                    guard b < list.blockCount else { continue }
                    let bound = blockBound(list, b, weight: weighted[k].weight, termBound: bounds[k])
                    if (s + bound + rest[i + 1]) * (1 + slack) < theta * (1 - slack) { alive = false; break }
                    postingsRead += 1
                    if let count = unreadCursors[u].count(of: p) {
                        if norm < 0 { norm = score.norm(columns.passageLength[p]) }
                        s += weighted[k].weight * ScoreFunction.tf(count) / norm
                    }
                }
                guard alive else { continue }
                kept.append((p, s))
                if paragraph.count == n {
                    top.offer(ParagraphScore(paragraph: Int(paragraph[p]), passage: p, score: s))
                    theta = max(theta, top.kth)
                }
            }
        }
        cand.removeAll()
        for (p, s) in kept where s * (1 + slack) >= theta * (1 - slack) { cand.append((p, s)) }
        // The survivors, scored again exactly, every term in query order; kept in the
        // order a full pass first reaches them (the first term holding them, then passage).
        // (Candidates are in passage order: each term's cursor only seeks forward.)
        var cursors = weighted.map { PostingCursor(index.postingList($0.id)) }
        defer { for c in cursors { c.deallocate() } }
        var survivors: [(first: Int, passage: Int, score: Double)] = []
        for (p, _) in cand {
            var sum = 0.0, first = -1
            for k in weighted.indices {
                postingsRead += 1
                guard let count = cursors[k].count(of: p) else { continue }
                if first < 0 { first = k }
                sum += weighted[k].weight * ScoreFunction.tf(count)
            }
            survivors.append((first, p, sum))
        }
        survivors.sort { $0.first != $1.first ? $0.first < $1.first : $0.passage < $1.passage }
        return collect(survivors.map { ($0.passage, $0.score) }, limit: limit)
    }

    /// What a term of weight `w` can add to a passage of block `b` of its `list`: a full
    /// block's own bound (its largest count, its shortest passage), else the term's.
    @inline(__always)
    func blockBound(_ list: PostingList, _ b: Int, weight w: Double, termBound: Double) -> Double {
        b < list.fullBlocks ? score.upperBound(w, maxCount: list.skips[b].maxCount, minLength: list.skips[b].minLength) : termBound
    }

    /// Whether no bit of `bits` from `lo` through `hi` is set (looked at only over a range
    /// of at most 32 words: a longer one is taken as holding some).
    @inline(__always)
    static func noneSet(_ bits: UnsafeMutableBufferPointer<UInt64>, from lo: Int, through hi: Int) -> Bool {
        let first = lo >> 6, last = hi >> 6
        guard lo <= hi, last - first < 32, last < bits.count else { return lo > hi }
        var any: UInt64 = 0
        for w in first...last {
            var x = bits[w]
            if w == first { x &= ~0 << UInt64(lo & 63) }
            if w == last { x &= ~0 >> UInt64(63 - (hi & 63)) }
            any |= x
        }
        return any == 0
    }
}
