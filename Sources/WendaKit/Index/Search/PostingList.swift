/// One term's postings as search reads them: its blocks (`PostingBlocks`) in place in
/// the index, decoded a block at a time, with the skip data of its full blocks (last
/// passage, end, score bound) to pass over blocks unread; or the one posting of a term
/// met in one passage, which the index keeps in the term's record (`TermInfoStore`).
struct PostingList {
    /// The term's bytes (the padding readable after them); nil when empty or damaged.
    let bytes: UnsafePointer<UInt8>?
    let size: Int
    /// How many postings.
    let count: Int
    /// Its full blocks' skip data, a row each.
    let skips: UnsafeBufferPointer<PostingBlocks.Skip>
    /// The posting of a list of one, with no bytes (−1: none).
    private var singlePassage: Int32 = -1
    private var singleCount: UInt16 = 0

    init(bytes: UnsafePointer<UInt8>?, size: Int, count: Int, skips: UnsafeBufferPointer<PostingBlocks.Skip>) {
        self.bytes = bytes
        self.size = size
        self.count = count
        self.skips = skips
    }

    /// The list of one posting: `passage`, with `count`.
    init(single passage: Int32, count: UInt16) {
        self.init(bytes: nil, size: 0, count: 1, skips: .init(start: nil, count: 0))
        singlePassage = passage
        singleCount = count
    }

    static var empty: PostingList { PostingList(bytes: nil, size: 0, count: 0, skips: .init(start: nil, count: 0)) }

    var fullBlocks: Int { skips.count }

    /// The last passage of full block `b`.
    @inline(__always)
    func lastPassage(_ b: Int) -> Int { Int(skips[b].lastPassage) }
    /// Full blocks, and the short one after them when there is one.
    var blockCount: Int { (count + PostingBlocks.blockSize - 1) / PostingBlocks.blockSize }

    /// How many postings block `b` holds.
    @inline(__always)
    func entries(_ b: Int) -> Int { b < fullBlocks ? PostingBlocks.blockSize : count - fullBlocks * PostingBlocks.blockSize }

    /// Decodes block `b` into `passages` and `counts` (room for 128 each); returns how many
    /// (0 for a damaged block).
    @inline(__always)
    func decode(_ b: Int, passages: UnsafeMutablePointer<Int32>, counts: UnsafeMutablePointer<UInt16>) -> Int {
        guard let bytes else {
            guard singlePassage >= 0, b == 0 else { return 0 }
            passages[0] = singlePassage
            counts[0] = singleCount
            return 1
        }
        let start = b == 0 ? 0 : Int(skips[b - 1].end)
        let end = b < fullBlocks ? Int(skips[b].end) : size
        guard start <= end, end <= size else { return 0 }
        return PostingBlocks.decode(bytes + start, available: end - start, n: entries(b),
                                    previous: b == 0 ? -1 : skips[b - 1].lastPassage, passages: passages, counts: counts)
    }

    /// Calls `body` with each block's passages and counts in turn.
    @inline(__always)
    func forEachBlock(_ scratch: PostingScratch, _ body: (UnsafeBufferPointer<Int32>, UnsafeBufferPointer<UInt16>) -> Void) {
        for b in 0..<blockCount {
            let n = decode(b, passages: scratch.passages, counts: scratch.counts)
            body(UnsafeBufferPointer(start: scratch.passages, count: n), UnsafeBufferPointer(start: scratch.counts, count: n))
        }
    }

    /// Every posting, decoded (for tests and tools).
    func decoded() -> (passages: [Int32], counts: [UInt16]) {
        let scratch = PostingScratch()
        defer { scratch.deallocate() }
        var p: [Int32] = [], c: [UInt16] = []
        forEachBlock(scratch) { p += $0; c += $1 }
        return (p, c)
    }
}

/// Room to decode one block into.
struct PostingScratch {
    let passages = UnsafeMutablePointer<Int32>.allocate(capacity: PostingBlocks.blockSize)
    let counts = UnsafeMutablePointer<UInt16>.allocate(capacity: PostingBlocks.blockSize)
    func deallocate() { passages.deallocate(); counts.deallocate() }
}

/// A reader of one posting list that seeks forward: the passages asked for must not go
/// down. Holds the block it decoded last.
struct PostingCursor {
    let list: PostingList
    private let scratch = PostingScratch()
    /// The block decoded (−1: none yet), how many it holds, and where the last seek ended in it.
    private(set) var block = -1
    private var n = 0
    private var at = 0
    /// Blocks decoded so far.
    private(set) var decodedBlocks = 0

    init(_ list: PostingList) { self.list = list }

    func deallocate() { scratch.deallocate() }

    /// The block that holds passage `p` if any does: the first whose last passage is `p`
    /// or more (the short last block when no full one is), at or after the current one.
    @inline(__always)
    func block(holding p: Int) -> Int {
        var lo = max(0, block)
        let full = list.fullBlocks
        if lo >= full { return lo }
        if list.lastPassage(lo) >= p { return lo }
        // Galloping, then binary search over the full blocks' last passages.
        var step = 1, hi = lo
        while hi < full, list.lastPassage(hi) < p {
            lo = hi + 1
            hi += step
            step <<= 1
        }
        return BinarySearch.first(lo, min(hi, full)) { list.lastPassage($0) < p }
    }

    /// The count of passage `p` in the list, or nil when the list lacks it.
    @inline(__always)
    mutating func count(of p: Int) -> UInt16? {
        let b = block(holding: p)
        guard b < list.blockCount else { return nil }
        if b != block {
            n = list.decode(b, passages: scratch.passages, counts: scratch.counts)
            block = b
            at = 0
            decodedBlocks += 1
        }
        while at < n, Int(scratch.passages[at]) < p { at += 1 }
        return at < n && Int(scratch.passages[at]) == p ? scratch.counts[at] : nil
    }
}
