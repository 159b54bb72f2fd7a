import Foundation

/// The little-endian coding of the saved index's small structures (its header, meta and
/// article records): integers, doubles, strings and arrays, each padded to 8 bytes.
struct BinaryWriter {
    var bytes: [UInt8] = []
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func int(_ v: Int) { u64(UInt64(bitPattern: Int64(v))) }
    mutating func double(_ v: Double) { u64(v.bitPattern) }
    mutating func string(_ s: String) { array(Array(s.utf8)) }
    mutating func array<T: BitwiseCopyable>(_ a: [T]) {
        int(a.count)
        a.withUnsafeBytes { bytes += $0 }
        while bytes.count % 8 != 0 { bytes.append(0) }
    }
}

struct BinaryReader {
    struct Truncated: Error {}
    let raw: UnsafeRawBufferPointer
    var at = 0
    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    mutating func u64() throws -> UInt64 {
        guard at + 8 <= raw.count else { throw Truncated() }
        defer { at += 8 }
        return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self))
    }
    mutating func int() throws -> Int { Int(Int64(bitPattern: try u64())) }
    mutating func count() throws -> Int {
        let n = try int()
        guard n >= 0, n <= raw.count else { throw Truncated() }
        return n
    }
    mutating func double() throws -> Double { Double(bitPattern: try u64()) }
    mutating func string() throws -> String {
        let n = try count()
        guard at + n <= raw.count else { throw Truncated() }
        let s = String(decoding: UnsafeRawBufferPointer(rebasing: raw[at..<(at + n)]), as: UTF8.self)
        at += (n + 7) & ~7
        return s
    }
    mutating func array<T: BitwiseCopyable>(_: T.Type = T.self) throws -> [T] {
        let n = try count()
        let size = n * MemoryLayout<T>.stride
        guard at + size <= raw.count else { throw Truncated() }
        let out = [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            if size > 0 { memcpy(buffer.baseAddress!, raw.baseAddress! + at, size) }
            initialized = n
        }
        at += (size + 7) & ~7
        return out
    }
}
