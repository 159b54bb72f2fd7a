/// How a passage's terms are kept between the articles' parts and the postings sort:
/// per term, the difference from the passage's previous term id (zigzag varint), then
/// its count (varint): a few bytes a term, so a build of a large corpus holds them all.
enum CodedTerms {
    /// Appends a passage's term `id` (after `previous`) and its `count`.
    @inline(__always)
    static func append(_ id: Int32, after previous: Int32, count: UInt16, to bytes: inout [UInt8]) {
        let d = Int64(id) - Int64(previous)
        appendVarint(UInt64(bitPattern: (d << 1) ^ (d >> 63)), to: &bytes)
        appendVarint(UInt64(count), to: &bytes)
    }

    @inline(__always)
    static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    @inline(__always)
    static func varint(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt64 {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            let b = bytes[i]
            i += 1
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }

    /// The next term id of a passage's coded terms (its count follows: `varint`).
    @inline(__always)
    static func nextTerm(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int, after previous: Int32) -> Int32 {
        let z = varint(bytes, &i)
        let d = Int64(bitPattern: z >> 1) ^ -Int64(bitPattern: z & 1)
        return Int32(truncatingIfNeeded: Int64(previous) + d)
    }
}
