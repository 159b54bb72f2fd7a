import Foundation

/// How a sentence's sorted distinct term ids are saved: their number (a variable-length
/// integer: seven bits a byte, the high bit set on all but the last), then each id's gap
/// from the one before less one (the first id's from -1), bit-packed in groups of four,
/// each group a 5-bit width and its gaps in that many bits (the last group holds what is
/// left), least significant bits first, the sentence ending on a whole byte. A sentence's
/// ids mix the collection's common terms (small ids, close together, a fifth of the gaps
/// 0) with its rarer ones: groups of four as wide as their widest gap take 10.5 bits an id
/// on CMRC train with the counts and whole bytes, where the gaps as variable-length
/// integers took 11.5 (and plain ids 32); groups of 8 would take 10.7 bits and one width
/// a sentence 15.7. Where every eighth sentence's coding starts is kept apart (see
/// `IndexColumns.sentenceTermBases`); the sentences between are found by passing over
/// the codings before them (`end(of:from:)`), which reads a count and a width a group.
enum SentenceTermCoding {
    static let group = 4
    /// Sentences whose starts are offsets from one base (see `IndexColumns.sentenceTermBases`).
    static let run = 1024
    /// Sentences a start is kept for: the first of each `stride`.
    static let stride = 8

    /// A coding's count of ids, the variable-length integer at `i` (moved past it); nil
    /// when it is cut short or longer than four bytes (only a damaged file has either).
    @inline(__always)
    private static func count(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Int? {
        var count = 0, shift = 0
        while true {
            guard i < bytes.count, shift < 28 else { return nil }
            let b = bytes[i]
            i += 1
            count |= Int(b & 0x7F) << shift
            shift += 7
            if b < 0x80 { return count }
        }
    }

    /// Where the coding that starts at `i` of `bytes` ends, read from its count and its
    /// groups' widths (`bytes.count` for a coding cut short, found only in a damaged file).
    @inline(__always)
    static func end(of bytes: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
        let n = bytes.count
        var i = i
        guard let count = count(bytes, &i) else { return n }
        // Bit positions from the start of `bytes`, least significant bit of a byte first.
        var bit = 8 * i
        var left = count
        while left > 0 {
            guard bit + 5 <= 8 * n else { return n }
            let at = bit >> 3
            let two = UInt16(bytes[at]) | (at + 1 < n ? UInt16(bytes[at + 1]) << 8 : 0)
            let width = Int((two >> UInt16(bit & 7)) & 0x1F)
            let k = min(group, left)
            bit += 5 + width * k
            left -= k
        }
        return min(n, (bit + 7) >> 3)
    }

    /// Appends the coding of `ids` (sorted ascending, distinct, non-negative) to `out`.
    static func encode(_ ids: UnsafeBufferPointer<Int32>, into out: inout [UInt8]) {
        CodedTerms.appendVarint(UInt64(ids.count), to: &out)
        var bits: UInt64 = 0, filled = 0
        func put(_ v: UInt64, _ width: Int) {
            bits |= v << filled
            filled += width
            while filled >= 8 {
                out.append(UInt8(truncatingIfNeeded: bits))
                bits >>= 8
                filled -= 8
            }
        }
        var previous: Int32 = -1
        var k = 0
        while k < ids.count {
            let end = min(k + group, ids.count)
            var width = 0
            var p = previous
            for j in k..<end {
                let gap = UInt32(bitPattern: ids[j] &- p &- 1)
                width = max(width, 32 - gap.leadingZeroBitCount)
                p = ids[j]
            }
            put(UInt64(width), 5)
            for j in k..<end {
                put(UInt64(UInt32(bitPattern: ids[j] &- previous &- 1)), width)
                previous = ids[j]
            }
            k = end
        }
        if filled > 0 { out.append(UInt8(truncatingIfNeeded: bits)) }
    }

    /// The ids coded in `bytes`, appended to `out`; decoding stops at an id that is not
    /// below `limit` or a coding cut short (only a damaged or foreign file has either).
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int32, into out: inout [Int32]) {
        let n = bytes.count
        var i = 0
        guard let count = count(bytes, &i) else { return }
        var bits: UInt64 = 0, filled = 0
        var previous: Int64 = -1
        var left = count
        out.reserveCapacity(out.count + min(count, 8 * n))
        while left > 0 {
            // The group's width, then its gaps: at most 5 + 4 × 31 bits, read as needed.
            while filled < 5 {
                guard i < n else { return }
                bits |= UInt64(bytes[i]) << filled
                i += 1
                filled += 8
            }
            let width = Int(bits & 0x1F)
            bits >>= 5
            filled -= 5
            let mask: UInt64 = (1 << width) - 1
            for _ in 0..<min(group, left) {
                while filled < width {
                    guard i < n else { return }
                    bits |= UInt64(bytes[i]) << filled
                    i += 1
                    filled += 8
                }
                let id = previous + 1 + Int64(bits & mask)
                bits >>= width
                filled -= width
                guard id < Int64(limit) else { return }
                out.append(Int32(id))
                previous = id
            }
            left -= min(group, left)
        }
    }
}

/// The decoded term ids of the sentences (or titles) answering has read, each decoded the
/// first time it is asked for and kept as long as the index (callers hold the buffers, as they
/// held regions of the map before): memory grows with the sentences read, at most the
/// plain ids of every sentence. Pages of 1,024 sentences are made when first used.
final class DecodedSentenceTerms: @unchecked Sendable {
    private let lock = NSLock()
    private var pages: [UnsafeMutablePointer<UnsafeBufferPointer<Int32>>?]
    /// Where decoded ids are kept: chunks never moved or freed before the index.
    private var chunks: [UnsafeMutablePointer<Int32>] = []
    private var chunkFill = 0
    private var chunkSize = 0
    private var scratch: [Int32] = []
    static let pageSize = 1024
    static let chunkElements = 1 << 16
    /// What an empty, decoded sentence points to (a decoded slot is never nil-based).
    private let empty = UnsafeMutablePointer<Int32>.allocate(capacity: 1)

    init(count: Int) {
        pages = .init(repeating: nil, count: (count + Self.pageSize - 1) / Self.pageSize)
    }

    deinit {
        for p in pages { p?.deallocate() }
        for c in chunks { c.deallocate() }
        empty.deallocate()
    }

    /// The ids of item `i`, decoded by `decode` (which appends them) the first time.
    @inline(__always)
    func ids(_ i: Int, _ decode: (inout [Int32]) -> Void) -> UnsafeBufferPointer<Int32> {
        lock.lock()
        defer { lock.unlock() }
        let (page, slot) = i.quotientAndRemainder(dividingBy: Self.pageSize)
        if let p = pages[page], p[slot].baseAddress != nil { return p[slot] }
        if pages[page] == nil {
            let p = UnsafeMutablePointer<UnsafeBufferPointer<Int32>>.allocate(capacity: Self.pageSize)
            p.initialize(repeating: UnsafeBufferPointer(start: nil, count: 0), count: Self.pageSize)
            pages[page] = p
        }
        scratch.removeAll(keepingCapacity: true)
        decode(&scratch)
        let n = scratch.count
        let kept: UnsafeBufferPointer<Int32>
        if n == 0 {
            kept = UnsafeBufferPointer(start: empty, count: 0)
        } else {
            if chunkFill + n > chunkSize {
                chunkSize = max(Self.chunkElements, n)
                chunks.append(.allocate(capacity: chunkSize))
                chunkFill = 0
            }
            let at = chunks[chunks.count - 1] + chunkFill
            scratch.withUnsafeBufferPointer { at.initialize(from: $0.baseAddress!, count: n) }
            chunkFill += n
            kept = UnsafeBufferPointer(start: at, count: n)
        }
        pages[page]![slot] = kept
        return kept
    }
}
