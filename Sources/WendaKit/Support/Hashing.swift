import Foundation

/// Hashes that must not change between runs or machines (Swift's own `Hasher` is seeded
/// per process): fingerprints of sources and articles, checksums of saved files.
enum Hashing {
    /// A fast 64-bit checksum: four independent multiply-mix lanes over 8-byte words (so a
    /// load checks a large index in a few milliseconds), then the tail.
    static func checksum(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        let k: UInt64 = 0x100_0000_01B3
        var h0: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count), h1 = h0 &+ 1, h2 = h0 &+ 2, h3 = h0 &+ 3
        let blocks = raw.count / 32
        var i = 0
        while i < blocks {
            let o = i * 32
            h0 = (h0 ^ raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)) &* k; h0 ^= h0 >> 29
            h1 = (h1 ^ raw.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self)) &* k; h1 ^= h1 >> 29
            h2 = (h2 ^ raw.loadUnaligned(fromByteOffset: o + 16, as: UInt64.self)) &* k; h2 ^= h2 >> 29
            h3 = (h3 ^ raw.loadUnaligned(fromByteOffset: o + 24, as: UInt64.self)) &* k; h3 ^= h3 >> 29
            i += 1
        }
        var h = ((h0 &* 31 ^ h1) &* 31 ^ h2) &* 31 ^ h3
        for j in (blocks * 32)..<raw.count { h = (h ^ UInt64(raw[j])) &* k }
        return h
    }
}

extension Hashing {
    /// `checksum` of the bytes `range` of the file at `path`, read a few megabytes at a
    /// time (a large file read so is not mapped page by page); nil when they cannot be read.
    static func checksum(fileAt path: String, range: Range<Int>) -> UInt64? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        _ = posix_fadvise(fd, off_t(range.lowerBound), off_t(range.count), POSIX_FADV_SEQUENTIAL)
        let k: UInt64 = 0x100_0000_01B3
        var h0: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(range.count), h1 = h0 &+ 1, h2 = h0 &+ 2, h3 = h0 &+ 3
        let chunk = 4 << 20  // a multiple of the 32-byte block
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 32)
        defer { buffer.deallocate() }
        var at = range.lowerBound
        var tail: [UInt8] = []
        while at < range.upperBound {
            let want = min(chunk, range.upperBound - at)
            var got = 0
            while got < want {
                let n = pread(fd, buffer.baseAddress! + got, want - got, off_t(at + got))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return nil }
                got += n
            }
            let raw = UnsafeRawBufferPointer(rebasing: buffer[..<want])
            let blocks = want / 32
            for i in 0..<blocks {
                let o = i * 32
                h0 = (h0 ^ raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)) &* k; h0 ^= h0 >> 29
                h1 = (h1 ^ raw.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self)) &* k; h1 ^= h1 >> 29
                h2 = (h2 ^ raw.loadUnaligned(fromByteOffset: o + 16, as: UInt64.self)) &* k; h2 ^= h2 >> 29
                h3 = (h3 ^ raw.loadUnaligned(fromByteOffset: o + 24, as: UInt64.self)) &* k; h3 ^= h3 >> 29
            }
            // Only the last read can end inside a block.
            tail = Array(raw[(blocks * 32)...])
            at += want
        }
        var h = ((h0 &* 31 ^ h1) &* 31 ^ h2) &* 31 ^ h3
        for b in tail { h = (h ^ UInt64(b)) &* k }
        return h
    }
}

/// `Hashing.checksum` over a sequence of 64-bit integers given one at a time (their
/// little-endian bytes, `words` of them in all): the same four lanes of 32-byte blocks,
/// the same bytes of a last partial block.
struct StreamingChecksum {
    static let k: UInt64 = 0x100_0000_01B3
    private var h0, h1, h2, h3: UInt64
    private var lane = 0
    private var blocksLeft: Int
    private var tail: [UInt64] = []

    init(words: Int) {
        h0 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(words * 8)
        h1 = h0 &+ 1; h2 = h0 &+ 2; h3 = h0 &+ 3
        blocksLeft = words / 4
    }

    mutating func add(_ n: Int) {
        let w = UInt64(bitPattern: Int64(n).littleEndian)
        guard blocksLeft > 0 else { tail.append(w); return }
        func mix(_ h: inout UInt64) { h = (h ^ w) &* Self.k; h ^= h >> 29 }
        switch lane {
        case 0: mix(&h0)
        case 1: mix(&h1)
        case 2: mix(&h2)
        default: mix(&h3)
        }
        lane += 1
        if lane == 4 { lane = 0; blocksLeft -= 1 }
    }

    var value: UInt64 {
        var h = ((h0 &* 31 ^ h1) &* 31 ^ h2) &* 31 ^ h3
        for w in tail { withUnsafeBytes(of: w) { for b in $0 { h = (h ^ UInt64(b)) &* Self.k } } }
        return h
    }
}

/// A 64-bit FNV-1a hash (fingerprints of sources and articles).
public struct StableHasher {
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325
    public init() {}
    public mutating func add(_ bytes: some Sequence<UInt8>) {
        for b in bytes { value = (value ^ UInt64(b)) &* 0x100_0000_01B3 }
    }
    public mutating func add(_ s: String) { add(s.utf8); add([0xFF]) }
    public mutating func add(_ n: Int) { withUnsafeBytes(of: n.littleEndian) { add($0) } }
}
