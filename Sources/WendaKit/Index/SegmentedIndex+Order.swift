import Foundation

/// The order of a collection's paragraphs across its segments, as one index orders them
/// (article id, then position: `MergedParts.paragraphOrder`), for breaking ties between
/// equal scores. Each segment keeps its own paragraphs' order; the base's (the largest)
/// is taken as it is, and the few paragraphs of the other segments are placed in it by
/// binary search, so making it costs one pass over the base's order and a search per
/// other paragraph, once, when first needed.
final class ParagraphOrder: @unchecked Sendable {
    private struct Made {
        /// Sorted: for each paragraph of the other segments (in the collection's order),
        /// how many of the base's paragraphs come before it.
        let positions: [Int32]
        /// Per segment other than the base, each paragraph's rank in the collection.
        let ranks: [[Int32]]
    }

    private let lock = NSLock()
    private var made: Made?

    func rank(_ g: Int, in c: SegmentedIndex) -> Int32 {
        let m = get(c)
        let k = SegmentedIndex.segment(of: g, c.paragraphBase)
        let local = c.segments[k].paragraphGaps.local(g - c.paragraphBase[k])
        guard k == c.base else { return m.ranks[k][local] }
        let r = c.segments[k].index.rank(ofParagraph: local)
        // Base paragraphs after those others placed at or before its rank.
        let before = m.positions.withUnsafeBufferPointer { BinarySearch.first(0, $0.count) { i in m.positions[i] <= r } }
        return r + Int32(before)
    }

    private func get(_ c: SegmentedIndex) -> Made {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let m = Self.make(c)
        made = m
        return m
    }

    private static func make(_ c: SegmentedIndex) -> Made {
        let base = c.segments[c.base].index
        // The others' paragraphs: (article id, segment, paragraph), in that order.
        var others: [(id: String, segment: Int, paragraph: Int)] = []
        for (k, seg) in c.segments.enumerated() where k != c.base {
            var lastArticle = -1, lastID = ""
            for g in 0..<seg.index.paragraphCount {
                let a = Int(seg.index.paragraph(g).article)
                if a != lastArticle { lastArticle = a; lastID = seg.index.articles.id(a) }
                others.append((lastID, k, g))
            }
        }
        others.sort { x, y in
            x.id != y.id ? x.id < y.id : (x.segment != y.segment ? x.segment < y.segment : x.paragraph < y.paragraph)
        }
        // The base's paragraphs by rank.
        let n = base.paragraphCount
        var byRank = [Int32](repeating: 0, count: n)
        for g in 0..<n {
            let r = Int(base.rank(ofParagraph: g))
            if r >= 0 && r < n { byRank[r] = Int32(g) }
        }
        func baseID(_ r: Int) -> String { base.articles.id(Int(base.paragraph(Int(byRank[r])).article)) }
        var positions: [Int32] = []
        positions.reserveCapacity(others.count)
        var ranks = c.segments.map { [Int32](repeating: 0, count: $0.index.paragraphCount) }
        ranks[c.base] = []
        var lo = 0
        for (j, o) in others.enumerated() {
            // The base's paragraphs of the same article id come first (a deleted version).
            lo = BinarySearch.first(lo, n) { baseID($0) <= o.id }
            positions.append(Int32(lo))
            ranks[o.segment][o.paragraph] = Int32(lo + j)
        }
        return Made(positions: positions, ranks: ranks)
    }
}
