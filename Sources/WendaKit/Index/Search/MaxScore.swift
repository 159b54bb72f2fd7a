// MaxScore search: the searcher's exact result for large collections, without reading
// every posting of the common terms.
import Foundation

extension Searcher {
    /// Search by MaxScore (Turtle and Flood's pruning): the result of reading every
    /// posting, without reading every posting of the common terms (a test compares the
    /// two). Terms are read whole, the highest upper bound first (`ScoreFunction.upperBound`),
    /// into partial sums, until what the unread terms could still add to any passage (the
    /// sum of their bounds) is below the `limit`-th best paragraph so far: no passage they
    /// alone reach can enter the result. Of the passages reached, those whose partial score
    /// plus that bound can still reach the `limit`-th are scored again exactly, every term
    /// in query order (found by seeking in its postings), so their scores are bit for bit
    /// the ones a full pass gives. Seeking passes over whole blocks by their last passage,
    /// and a candidate that even the bound of the block holding it (its largest count, its
    /// shortest passage) cannot lift to the `limit`-th is dropped without decoding it.
    func maxScore(_ weighted: [ScoreFunction.WeightedTerm], limit: Int, read postingsRead: inout Int) -> [ParagraphScore] {
        let n = index.passageCount
        let columns = index.columns
        let bounds = weighted.map {
            let bound = index.scoreBound($0.id)
            return score.upperBound($0.weight, maxCount: bound.maxCount, minLength: bound.minLength)
        }
        let order = weighted.indices.sorted { bounds[$0] != bounds[$1] ? bounds[$0] > bounds[$1] : $0 < $1 }
        var rest = [Double](repeating: 0, count: order.count + 1)
        for i in stride(from: order.count - 1, through: 0, by: -1) { rest[i] = rest[i + 1] + bounds[order[i]] }
        let slack = 1e-9

        var acc = index.scratch.take(n)
        defer { index.scratch.give(acc) }
        // The passages reached, in the order first reached (at most one a passage): an
        // array as long as the collection lent for the search, not grown a page at a time.
        var touched = index.passageScratch.take(n)
        var reached = 0
        defer {
            for i in 0..<reached { touched[i] = 0 }
            index.passageScratch.give(touched)
        }
        var read = 0
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
        acc.withUnsafeMutableBufferPointer { ac in
          touched.withUnsafeMutableBufferPointer { touched in
            columns.passageParagraph.withUnsafeBufferPointer { paragraph in
                columns.passageLength.withUnsafeBufferPointer { length in
                    // (Short columns: a damaged block; nothing offered, so nothing pruned.)
                    let whole = paragraph.count == n && length.count == n
                    ScoreFunction.tfTable.withUnsafeBufferPointer { tf in
                        for (i, k) in order.enumerated() {
                            // What the unread terms could add to any passage no longer reaches the bar.
                            if rest[i] * (1 + slack) < top.kth * (1 - slack) { break }
                            let list = index.postingList(weighted[k].id)
                            postingsRead += list.count
                            let w = weighted[k].weight
                            var bar = top.kth
                            list.forEachBlock(scratch) { pp, pc in
                                for j in 0..<pp.count {
                                    let p = Int(pp[j])
                                    guard p >= 0 && p < n, deleted?.contains(p) != true else { continue }
                                    let old = ac[p]
                                    if old == 0 { touched[reached] = Int32(p); reached += 1 }
                                    let sum = old + w * ScoreFunction.tf(pc[j], tf)
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
        // The passages reached that can still make the result, in passage order, with
        // their partial scores; each unread term (highest bound first) is then looked up
        // for them alone, and those that can no longer make it dropped.
        // Each passage reached is read once more (its sum, then zeroed): when they are many,
        // by a pass over the sums in passage order (sequential reads, nothing to sort), else
        // in the order reached and those kept sorted. A sum that even at the shortest length
        // cannot make it is passed over before its length is read.
        var cand: [(passage: Int, partial: Double)] = []
        let unreadBound = rest[read] * (1 + slack), bar = theta * (1 - slack)
        columns.passageLength.withUnsafeBufferPointer { length in
            acc.withUnsafeMutableBufferPointer { ac in
                @inline(__always) func consider(_ p: Int) {
                    let sum = ac[p]
                    ac[p] = 0
                    if sum * ceiling * (1 + slack) + unreadBound < bar { return }
                    let partial = sum / score.norm(length.count == n ? length[p] : columns.passageLength[p])
                    if partial * (1 + slack) + unreadBound >= bar { cand.append((p, partial)) }
                }
                if reached > n / 8 {
                    for p in 0..<n where ac[p] != 0 { consider(p) }
                } else {
                    for p32 in touched[..<reached] { consider(Int(p32)) }
                    cand.sort { $0.passage < $1.passage }
                }
            }
        }
        for i in read..<order.count where !cand.isEmpty {
            let t = weighted[order[i]]
            var cursor = PostingCursor(index.postingList(t.id))
            defer { cursor.deallocate() }
            let unread = rest[i + 1] * (1 + slack)
            let termBound = bounds[order[i]]
            var blockBound = (block: -1, bound: 0.0)
            for c in cand.indices {
                let p = cand[c].passage
                // What this term can add to a passage of the block that would hold it.
                let b = cursor.block(holding: p)
                guard b < cursor.list.blockCount else { continue }
                if b != blockBound.block {
                    blockBound = (b, b < cursor.list.fullBlocks
                        ? score.upperBound(t.weight, maxCount: cursor.list.skips[b].maxCount, minLength: cursor.list.skips[b].minLength)
                        : termBound)
                }
                if (cand[c].partial + blockBound.bound) * (1 + slack) + unread < theta * (1 - slack) {
                    cand[c].partial = -.infinity  // cannot make it, whatever this block holds
                    continue
                }
                postingsRead += 1
                if let count = cursor.count(of: p) {
                    cand[c].partial += t.weight * ScoreFunction.tf(count) / score.norm(columns.passageLength[p])
                }
            }
            cand.removeAll { $0.partial == -.infinity }
            theta = max(theta, kthBest(cand, limit: limit))
            cand.removeAll { $0.partial * (1 + slack) + unread < theta * (1 - slack) }
        }
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

    /// The `limit`-th best paragraph score among candidates' partial scores (already
    /// divided by their length norms).
    func kthBest(_ cand: [(passage: Int, partial: Double)], limit: Int) -> Double {
        var top = TopK(limit, rank: index.columns.paragraphOrder, distinct: true)
        for (p, s) in cand { top.offer(ParagraphScore(paragraph: Int(index.columns.passageParagraph[p]), passage: p, score: s)) }
        return top.kth
    }
}
