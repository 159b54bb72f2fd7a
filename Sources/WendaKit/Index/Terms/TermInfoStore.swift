/// What the index keeps of each term id besides its key, block-coded as tantivy's term
/// info store: where its postings start, its frequency (passages holding it), where its
/// skip data starts, its score bound (largest count, shortest passage) and the position
/// of its key in the sorted keys (`TermTable`). A term met in one passage (most are) has
/// its posting in its record: that passage in place of the shortest length (which is
/// that passage's), its count the largest count, and no postings bytes. Terms go in blocks of `blockSize` ids; a
/// block has a header (`TermInfoBlock`: its first term's postings and skip data in full,
/// and the bit width of each field) and a record for each term, every field bit-packed
/// with its block's width, the postings and skip starts counted from the block's. Most
/// terms are met in one passage, so most widths are small: a few bytes a term where
/// fixed columns took about 20. Read in place, one record decoded at a time.
struct TermInfoStore: Sendable {
    static let blockSize = 128
    /// The fields of a record, in the order they are packed.
    enum Field: Int, CaseIterable {
        case postings, frequency, skips, maxCount, boundOrPassage, key
    }

    /// One block's header. The headers end with one more, whose `firstTerm` is the number
    /// of terms and whose starts are where everything ends.
    struct Block: BitwiseCopyable, Sendable {
        /// Where its first term's postings start in `postings`, where its records start in
        /// the packed bytes, its first term's first row of skip data, and its first term.
        var postings: Int64
        var data: UInt32, skips: Int32, firstTerm: Int32
        /// Written as zero: the four bytes before `widths` (no padding left to chance, so a
        /// build writes the same bytes every time and never stray memory).
        var reserved: UInt32 = 0
        /// The width in bits of each `Field`, a byte each from the lowest.
        var widths: UInt64

        @inline(__always)
        func width(_ f: Field) -> Int { Int(truncatingIfNeeded: (widths >> UInt64(8 * f.rawValue)) & 0xFF) }
    }

    /// What is known of one term.
    struct Info: Equatable, Sendable {
        /// Its postings' bytes (`postings..<postingsEnd` of the `postings` section), its
        /// frequency and its first full block's row of skip data.
        var postings, postingsEnd, frequency, skips: Int
        /// Its largest count; the shortest passage holding it, or for a term in one
        /// passage that passage; the position of its key in the sorted keys.
        var maxCount: UInt16
        var boundOrPassage, key: Int
    }

    let blocks: Column<Block>
    /// The records, each block's bytes followed by `padding` bytes at the end.
    let bytes: Column<UInt8>
    static let padding = 8

    var count: Int { blocks.isEmpty ? 0 : Int(blocks[blocks.count - 1].firstTerm) }

    init(blocks: Column<Block>, bytes: Column<UInt8>) {
        self.blocks = blocks
        self.bytes = bytes
    }

    /// The store of `count` terms, term `t`'s fields given by `value(field, t)`; the ends
    /// (postings, skip rows) after the last term are `postingsEnd` and `skipsEnd`.
    init(count: Int, postingsEnd: Int64, skipsEnd: Int32, value: (Field, Int) -> UInt64) {
        var headers: [Block] = []
        headers.reserveCapacity(count / Self.blockSize + 2)
        var out: [UInt8] = []
        var writer = BitWriter()
        var fields = [UInt64](repeating: 0, count: Field.allCases.count * Self.blockSize)
        var lo = 0
        while lo < count {
            let hi = min(count, lo + Self.blockSize)
            let postings0 = value(.postings, lo), skips0 = value(.skips, lo)
            var widths: UInt64 = 0
            for f in Field.allCases {
                var most: UInt64 = 0
                for t in lo..<hi {
                    var v = value(f, t)
                    if f == .postings { v -= postings0 } else if f == .skips { v -= skips0 }
                    fields[f.rawValue * Self.blockSize + t - lo] = v
                    most = max(most, v)
                }
                widths |= UInt64(64 - most.leadingZeroBitCount) << UInt64(8 * f.rawValue)
            }
            headers.append(Block(postings: Int64(postings0), data: UInt32(out.count), skips: Int32(skips0),
                                 firstTerm: Int32(lo), widths: widths))
            let block = headers[headers.count - 1]
            for t in 0..<(hi - lo) {
                for f in Field.allCases { writer.put(fields[f.rawValue * Self.blockSize + t], block.width(f), into: &out) }
            }
            writer.flush(into: &out)
            lo = hi
        }
        precondition(out.count <= Int(UInt32.max), "the term records take more than 4 GiB")
        headers.append(Block(postings: postingsEnd, data: UInt32(out.count), skips: skipsEnd, firstTerm: Int32(count), widths: 0))
        out += [UInt8](repeating: 0, count: Self.padding)
        self.init(blocks: Column(headers), bytes: Column(out))
    }

    /// Term `t`'s record: its block and a pointer to its first bit (nil when the term is
    /// out of range or its block is damaged).
    @inline(__always)
    private func record(_ t: Int) -> (block: Block, bits: UnsafePointer<UInt8>, bit: Int)? {
        let b = t / Self.blockSize
        guard t >= 0, b + 1 < blocks.count else { return nil }
        let block = blocks[b], next = blocks[b + 1]
        guard t < Int(next.firstTerm) else { return nil }
        let lo = Int(block.data), hi = Int(next.data) + Self.padding
        let data = bytes.buffer(lo..<hi)
        guard data.count == hi - lo, hi > lo else { return nil }
        var size = 0
        for f in Field.allCases { size += block.width(f) }
        return (block, data.baseAddress!, (t - b * Self.blockSize) * size)
    }

    @inline(__always)
    private static func field(_ r: (block: Block, bits: UnsafePointer<UInt8>, bit: Int), _ f: Field) -> UInt64 {
        var at = r.bit
        for g in Field.allCases where g.rawValue < f.rawValue { at += r.block.width(g) }
        return BitWriter.read(r.bits, bit: at, width: r.block.width(f))
    }

    /// Everything known of term `t` (nil when the index lacks it or its block is damaged).
    func info(_ t: Int) -> Info? {
        guard let r = record(t) else { return nil }
        let start = Int(r.block.postings) + Int(Self.field(r, .postings))
        // It ends where the next term starts: the next record of its block, or the next block.
        var end = Int(blocks[t / Self.blockSize + 1].postings)
        if (t + 1) % Self.blockSize != 0, t + 1 < count, let n = record(t + 1) {
            end = Int(n.block.postings) + Int(Self.field(n, .postings))
        }
        return Info(postings: start, postingsEnd: max(start, end), frequency: Int(Self.field(r, .frequency)),
                    skips: Int(r.block.skips) + Int(Self.field(r, .skips)),
                    maxCount: UInt16(truncatingIfNeeded: Self.field(r, .maxCount)),
                    boundOrPassage: Int(Self.field(r, .boundOrPassage)), key: Int(Self.field(r, .key)))
    }

    /// Term `t`'s frequency alone (0 when the index lacks it).
    @inline(__always)
    func frequency(_ t: Int) -> Int {
        guard let r = record(t) else { return 0 }
        return Int(Self.field(r, .frequency))
    }

    /// The position of term `t`'s key in the sorted keys (−1 when not known).
    @inline(__always)
    func key(_ t: Int) -> Int {
        guard let r = record(t) else { return -1 }
        return Int(Self.field(r, .key))
    }
}

/// Values of any width up to 56 bits packed one after another, least significant bit
/// first; read with one unaligned 8-byte load (so the bytes are followed by 8 more).
struct BitWriter {
    private var acc: UInt64 = 0
    private var filled = 0

    @inline(__always)
    mutating func put(_ v: UInt64, _ width: Int, into out: inout [UInt8]) {
        guard width > 0 else { return }
        precondition(width <= 56 && v >> UInt64(width) == 0, "a value wider than its field")
        acc |= v << UInt64(filled)
        filled += width
        while filled >= 8 {
            out.append(UInt8(truncatingIfNeeded: acc))
            acc >>= 8
            filled -= 8
        }
    }

    /// Ends the bits on a byte.
    mutating func flush(into out: inout [UInt8]) {
        if filled > 0 { out.append(UInt8(truncatingIfNeeded: acc)) }
        acc = 0
        filled = 0
    }

    /// The `width`-bit value at bit `bit` from `p`.
    @inline(__always)
    static func read(_ p: UnsafePointer<UInt8>, bit: Int, width: Int) -> UInt64 {
        guard width > 0 else { return 0 }
        let word = UnsafeRawPointer(p + (bit >> 3)).loadUnaligned(as: UInt64.self)
        return (word >> UInt64(bit & 7)) & ((1 << UInt64(width)) &- 1)
    }
}
