/// The postings format: each term's postings (passages ascending, with counts) in blocks
/// of 128, tantivy's and Lucene's layout. A block is its bit widths (one byte for the
/// passage gaps, one for the counts), then the gaps (passage − previous passage − 1, the
/// previous block's last passage carried over, −1 before the first) bit-packed, then the
/// counts − 1 bit-packed (no byte at all when every count is 1, as most are). A term's
/// last postings that do not fill a block make a shorter block of the same form.
///
/// Beside the bytes, each full block has a row of skip data (12 bytes): its last passage
/// (seeking passes over whole blocks), where its bytes end, and its largest count and
/// shortest passage (its score bound, for block-max pruning; a length over 65,535 is
/// kept as 65,535, a bound still). Everything is read in place from the memory map, a
/// block decoded at a time.
enum PostingBlocks {
    static let blockSize = 128
    /// Bytes after the last block, so that decoding may always load 8 bytes at once.
    static let padding = 8

    /// A full block's skip data (a row of the `postingSkips` section).
    struct Skip: Sendable, BitwiseCopyable {
        var lastPassage: Int32
        /// Where its bytes end, from the start of its term's bytes.
        var end: UInt32
        var maxCount: UInt16
        /// The shortest passage's length (passage lengths are whole numbers), at most 65,535.
        var shortest: UInt16

        /// The shortest passage's length, as scores take it.
        var minLength: Float { Float(shortest) }

        /// A length as `shortest` keeps it: a longer one as 65,535 (still a bound).
        static func kept(_ length: Float) -> UInt16 { UInt16(max(0, min(length, 65535)).rounded(.down)) }
    }

    /// Appends the blocks of one term's postings to `bytes` and a row of `skips` for each
    /// full block; `length` is a passage's length.
    static func encode(passages: UnsafeBufferPointer<Int32>, counts: UnsafeBufferPointer<UInt16>, length: (Int) -> Float,
                       into bytes: inout [UInt8], skips: inout [Skip]) {
        let start = bytes.count
        var previous: Int32 = -1
        var lo = 0
        while lo < passages.count {
            let hi = min(passages.count, lo + blockSize)
            var gapBits = 0, countBits = 0
            var most: UInt16 = 0, shortest = Float.infinity
            var p = previous
            for k in lo..<hi {
                gapBits = max(gapBits, bits(UInt32(bitPattern: passages[k] &- p &- 1)))
                countBits = max(countBits, bits(UInt32(counts[k] &- 1)))
                p = passages[k]
                most = max(most, counts[k])
                shortest = min(shortest, length(Int(passages[k])))
            }
            bytes.append(UInt8(gapBits))
            bytes.append(UInt8(countBits))
            p = previous
            pack(hi - lo, gapBits, into: &bytes) { i in
                defer { p = passages[lo + i] }
                return UInt32(bitPattern: passages[lo + i] &- p &- 1)
            }
            pack(hi - lo, countBits, into: &bytes) { UInt32(counts[lo + $0] &- 1) }
            previous = passages[hi - 1]
            if hi - lo == blockSize {
                skips.append(Skip(lastPassage: previous, end: UInt32(bytes.count - start), maxCount: most,
                                  shortest: Skip.kept(shortest == .infinity ? 0 : shortest)))
            }
            lo = hi
        }
    }

    /// The number of bits `v` needs (0 for 0).
    @inline(__always)
    static func bits(_ v: UInt32) -> Int { 32 - v.leadingZeroBitCount }

    /// `n` values of `width` bits each, least significant bit first, rounded up to bytes.
    @inline(__always)
    static func pack(_ n: Int, _ width: Int, into out: inout [UInt8], _ value: (Int) -> UInt32) {
        guard width > 0 else { return }
        var acc: UInt64 = 0, filled = 0
        for i in 0..<n {
            acc |= UInt64(value(i)) << UInt64(filled)
            filled += width
            while filled >= 8 {
                out.append(UInt8(truncatingIfNeeded: acc))
                acc >>= 8
                filled -= 8
            }
        }
        if filled > 0 { out.append(UInt8(truncatingIfNeeded: acc)) }
    }

    /// The bytes `n` values of `width` bits take.
    @inline(__always)
    static func packedSize(_ n: Int, _ width: Int) -> Int { (n * width + 7) >> 3 }

    /// Value `i` of those packed at `p` with `width` bits (1…32) each; `p` must have 8
    /// readable bytes from the value's first byte.
    @inline(__always)
    static func unpacked(_ p: UnsafePointer<UInt8>, _ i: Int, _ width: Int) -> UInt32 {
        let bit = i &* width
        let word = UnsafeRawPointer(p + (bit >> 3)).loadUnaligned(as: UInt64.self)
        return UInt32(truncatingIfNeeded: (word >> UInt64(bit & 7)) & ((1 << UInt64(width)) &- 1))
    }

    /// Decodes the block of `n` postings at `p` (`available` bytes readable for it, the
    /// padding beyond them) into `passages` and `counts`; `previous` is the last passage of
    /// the block before (−1 for the first). Returns the number decoded: 0 when the block
    /// does not fit where it is said to be (only a damaged file has such a block).
    @inline(__always)
    static func decode(_ p: UnsafePointer<UInt8>, available: Int, n: Int, previous: Int32,
                       passages: UnsafeMutablePointer<Int32>, counts: UnsafeMutablePointer<UInt16>) -> Int {
        guard available >= 2 else { return 0 }
        let gapBits = Int(p[0]), countBits = Int(p[1])
        let gapBytes = packedSize(n, gapBits)
        guard gapBits <= 32, countBits <= 16, 2 + gapBytes + packedSize(n, countBits) <= available else { return 0 }
        var last = previous
        let gaps = p + 2
        if gapBits == 0 {
            for i in 0..<n { last &+= 1; passages[i] = last }
        } else {
            for i in 0..<n {
                last = last &+ 1 &+ Int32(bitPattern: unpacked(gaps, i, gapBits))
                passages[i] = last
            }
        }
        let cs = gaps + gapBytes
        if countBits == 0 {
            counts.update(repeating: 1, count: n)
        } else {
            for i in 0..<n { counts[i] = UInt16(truncatingIfNeeded: unpacked(cs, i, countBits)) &+ 1 }
        }
        return n
    }
}
