/// The top-k collector of a search: the best `k` paragraphs offered, best first, ties
/// broken by the collection's order of paragraphs (article id, then position: `rank`).
/// With `distinct`, a paragraph offered again (another window of it) is kept once, at
/// its best score. Most offers are turned away by one comparison with the k-th.
struct TopK {
    let k: Int
    let rank: Column<Int32>
    let distinct: Bool
    private(set) var items: [ParagraphScore] = []

    init(_ k: Int, rank: Column<Int32>, distinct: Bool = false) {
        self.k = k
        self.rank = rank
        self.distinct = distinct
        items.reserveCapacity(k + 1)
    }

    /// The k-th best score so far (0 while fewer than k).
    var kth: Double { items.count == k ? items[k - 1].score : 0 }

    @inline(__always)
    func better(_ x: ParagraphScore, _ y: ParagraphScore) -> Bool {
        if x.score != y.score { return x.score > y.score }
        return rank[x.paragraph] < rank[y.paragraph]
    }

    @inline(__always)
    mutating func offer(_ c: ParagraphScore) {
        guard k > 0 else { return }
        if items.count == k, !better(c, items[k - 1]) { return }
        if distinct, let i = items.firstIndex(where: { $0.paragraph == c.paragraph }) {
            guard better(c, items[i]) else { return }
            items.remove(at: i)
        }
        var i = items.count
        while i > 0, better(c, items[i - 1]) { i -= 1 }
        items.insert(c, at: i)
        if items.count > k { items.removeLast() }
    }
}
