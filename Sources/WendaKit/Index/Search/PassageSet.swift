/// A set of passages of one index, one bit each: the passages of a segment's deleted
/// articles, which search passes over.
struct PassageSet: Sendable {
    private var words: [UInt64]
    /// How many passages are in the set.
    private(set) var count = 0

    init(capacity: Int) { words = [UInt64](repeating: 0, count: (max(0, capacity) + 63) / 64) }

    @inline(__always)
    func contains(_ p: Int) -> Bool {
        let w = p >> 6
        return w >= 0 && w < words.count && words[w] & (1 << UInt64(p & 63)) != 0
    }

    mutating func insert(_ p: Int) {
        let w = p >> 6
        guard w >= 0 && w < words.count, words[w] & (1 << UInt64(p & 63)) == 0 else { return }
        words[w] |= 1 << UInt64(p & 63)
        count += 1
    }
}
