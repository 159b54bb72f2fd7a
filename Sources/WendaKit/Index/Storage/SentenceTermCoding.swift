import Foundation

/// How a sentence's (or title's) sorted distinct term ids are saved: the first id, then
/// each id's gap from the one before less one, as variable-length integers (LEB128: seven
/// bits a byte, the high bit set on all but the last byte). A sentence's ids mix the
/// collection's common terms (small ids, close together) with its rarer ones, so most
/// gaps take one byte: about 1.5 bytes an id on CMRC, where plain ids took 4. The byte
/// offsets of each sentence's run say where it ends (no count is kept).
enum SentenceTermCoding {
    /// Appends the coding of `ids` (sorted ascending, distinct, non-negative) to `out`.
    static func encode(_ ids: UnsafeBufferPointer<Int32>, into out: inout [UInt8]) {
        var previous: Int32 = -1
        for id in ids {
            var v = UInt32(bitPattern: id &- previous &- 1)
            previous = id
            while v >= 0x80 {
                out.append(UInt8(truncatingIfNeeded: v) | 0x80)
                v >>= 7
            }
            out.append(UInt8(v))
        }
    }

    /// The ids coded in `bytes`, appended to `out`; decoding stops at an id that is not
    /// below `limit` or a coding cut short (only a damaged or foreign file has either).
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int32, into out: inout [Int32]) {
        var previous: Int64 = -1
        var i = 0
        let n = bytes.count
        while i < n {
            var v: UInt64 = 0, shift: UInt64 = 0
            var b = bytes[i]
            i += 1
            while b & 0x80 != 0 {
                guard i < n, shift < 28 else { return }
                v |= UInt64(b & 0x7F) << shift
                shift += 7
                b = bytes[i]
                i += 1
            }
            v |= UInt64(b) << shift
            let id = previous + 1 + Int64(v)
            guard id < Int64(limit) else { return }
            out.append(Int32(id))
            previous = id
        }
    }
}

/// The decoded term ids of the sentences answering has read, each decoded the first
/// time it is asked for and kept as long as the index (callers hold the buffers, as they
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
