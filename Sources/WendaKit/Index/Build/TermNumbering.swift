import Foundation

/// Numbers the terms of a build: packed codes (characters, bigrams) and words, each to
/// the id it was first given. Open addressing with linear probing and a cheap
/// multiplicative hash: the index build looks a term up for every occurrence, where the
/// standard dictionary's seeded hashing (and, for words, Unicode normalisation) costs
/// more than the rest of the work.
struct CodeTable {
    /// Slot `i`: its key at `2i` (0: empty; a code is never 0, its kind is in the top
    /// bits), its value at `2i + 1` (one cache line for both).
    private var slots: [UInt64]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 64) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        slots = [UInt64](repeating: 0, count: 2 * n)
        mask = n - 1
    }

    @inline(__always)
    static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The value of `key`, or `value` stored for it when it is new (`inserted`).
    @inline(__always)
    mutating func find(_ key: UInt64, orInsert value: Int32) -> (value: Int32, inserted: Bool) {
        if count * 2 > mask { grow() }
        let mask = mask
        return slots.withUnsafeMutableBufferPointer { s in
            var i = Self.slot(key, mask)
            while true {
                let at = s[2 * i]
                if at == key { return (Int32(truncatingIfNeeded: s[2 * i + 1]), false) }
                if at == 0 {
                    s[2 * i] = key
                    s[2 * i + 1] = UInt64(UInt32(bitPattern: value))
                    count += 1
                    return (value, true)
                }
                i = (i + 1) & mask
            }
        }
    }

    /// Grows now, if need be, so that `n` more keys go in without growing.
    mutating func reserve(_ n: Int) {
        while (count + n) * 2 > mask { grow() }
    }

    /// For each of `keys`, the key held by the slot where it is looked for first: read for
    /// all of them before any is looked up, so that their cache misses overlap.
    func first(_ keys: UnsafeBufferPointer<UInt64>, into out: UnsafeMutableBufferPointer<UInt64>) {
        let mask = mask
        slots.withUnsafeBufferPointer { s in
            for k in keys.indices { out[k] = s[2 * Self.slot(keys[k], mask)] }
        }
    }

    /// `find(_:orInsert:)`, where `first` is what `first(_:into:)` read for `key` (the
    /// table not grown since): when it is `key`, its value is at that slot.
    @inline(__always)
    mutating func find(_ key: UInt64, orInsert value: Int32, first: UInt64) -> (value: Int32, inserted: Bool) {
        if first == key { return (Int32(truncatingIfNeeded: slots[2 * Self.slot(key, mask) + 1]), false) }
        return find(key, orInsert: value)
    }

    private mutating func grow() {
        let old = slots
        let n = (mask + 1) * 2
        slots = [UInt64](repeating: 0, count: 2 * n)
        mask = n - 1
        count = 0
        for i in 0..<(old.count / 2) where old[2 * i] != 0 {
            _ = find(old[2 * i], orInsert: Int32(truncatingIfNeeded: old[2 * i + 1]))
        }
    }
}

/// Words by their UTF-8 bytes, to an `Int32` each (see `CodeTable`).
struct WordTable {
    /// Per slot: the top half of the hash, and entry number + 1 in the bottom half (0: empty).
    private var slots: [UInt64]
    private var hashes: [UInt64] = []
    private var values: [Int32] = []
    /// Entry `e`'s bytes: `bytes[starts[e]..<starts[e + 1]]`.
    private var starts: [Int] = [0]
    private var bytes: [UInt8] = []
    private var mask: Int

    var count: Int { values.count }

    init(capacity: Int = 64) {
        var n = 16
        while n < capacity * 2 { n <<= 1 }
        slots = [UInt64](repeating: 0, count: n)
        mask = n - 1
    }

    /// A hash of bytes: eight at a time, multiplied and mixed.
    @inline(__always)
    static func hash(_ b: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(b.count)
        var i = 0
        let raw = UnsafeRawBufferPointer(b)
        while i + 8 <= b.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 31
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < b.count {
            tail |= UInt64(b[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0x9E37_79B9_7F4A_7C15
        return h ^ (h >> 29)
    }

    /// The value of the word `key` (its bytes, and their `hash`), or `value` stored for it
    /// when it is new (`inserted`).
    mutating func find(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, orInsert value: Int32) -> (value: Int32, inserted: Bool) {
        if values.count * 2 >= slots.count { grow() }
        // A slot holds the hash's top half and the entry number + 1: most misses are told
        // apart there, without reading the entry.
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var i = Int(truncatingIfNeeded: hash >> 32) & mask
        while true {
            let slot = slots[i]
            if slot == 0 { break }
            if slot & 0xFFFF_FFFF_0000_0000 == tag {
                let e = Int(slot & 0xFFFF_FFFF) - 1
                let s = starts[e], n = starts[e + 1] - s
                if n == key.count, n == 0 || bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress! + s, key.baseAddress!, n) == 0 }) {
                    return (values[e], false)
                }
            }
            i = (i + 1) & mask
        }
        slots[i] = tag | UInt64(values.count + 1)
        hashes.append(hash)
        values.append(value)
        bytes.append(contentsOf: key)
        starts.append(bytes.count)
        return (value, true)
    }

    /// For each word's `hashes[k]` (0: not a word, left alone), the slot where it is looked
    /// for first, read for all of them before any is looked up (see `CodeTable.first`).
    func first(_ hashes: UnsafeBufferPointer<UInt64>, into out: UnsafeMutableBufferPointer<UInt64>) {
        let mask = mask
        slots.withUnsafeBufferPointer { s in
            for k in hashes.indices where hashes[k] != 0 { out[k] = s[Int(truncatingIfNeeded: hashes[k] >> 32) & mask] }
        }
    }

    private mutating func grow() {
        let n = slots.count * 2
        slots = [UInt64](repeating: 0, count: n)
        mask = n - 1
        for e in 0..<values.count {
            var i = Int(truncatingIfNeeded: hashes[e] >> 32) & mask
            while slots[i] != 0 { i = (i + 1) & mask }
            slots[i] = (hashes[e] & 0xFFFF_FFFF_0000_0000) | UInt64(e + 1)
        }
    }

    /// Whether two words with these bytes are equal as Swift strings exactly when their
    /// bytes are: every scalar is one that canonical equivalence leaves alone (below
    /// U+0300: ASCII, Latin-1 and Latin Extended, which compose with nothing there; CJK
    /// unified ideographs).
    static func isNormalized(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            if c < 0xCC { i += 2; continue }  // U+0080…U+02FF
            if c == 0xE3, i + 1 < b.count, b[i + 1] >= 0x90 { i += 3; continue }  // U+3400…U+3FFF
            if c >= 0xE4, c <= 0xE9 { i += 3; continue }  // U+4000…U+9FFF
            return false
        }
        return true
    }
}

enum RadixSort {
    /// Sorts `keys` ascending, carrying `values` along: least significant digit first, 16
    /// bits a pass, a pass skipped when every key has the same digit there. Keys that are
    /// equal keep their order.
    static func sort(_ keys: inout [UInt64], _ values: inout [Int32]) {
        let n = keys.count
        guard n > 1 else { return }
        var otherKeys = [UInt64](repeating: 0, count: n), otherValues = [Int32](repeating: 0, count: n)
        var counts = [Int](repeating: 0, count: 65537)
        for shift in stride(from: UInt64(0), to: 64, by: 16) {
            counts.withUnsafeMutableBufferPointer { c in
                for i in c.indices { c[i] = 0 }
                keys.withUnsafeBufferPointer { k in for x in k { c[Int((x >> shift) & 0xFFFF) + 1] += 1 } }
            }
            if counts.contains(n) { continue }
            counts.withUnsafeMutableBufferPointer { c in
                for i in 1..<c.count { c[i] += c[i - 1] }
                keys.withUnsafeBufferPointer { k in
                    values.withUnsafeBufferPointer { v in
                        otherKeys.withUnsafeMutableBufferPointer { ko in
                            otherValues.withUnsafeMutableBufferPointer { vo in
                                for i in 0..<n {
                                    let d = Int((k[i] >> shift) & 0xFFFF)
                                    let at = c[d]
                                    ko[at] = k[i]
                                    vo[at] = v[i]
                                    c[d] = at + 1
                                }
                            }
                        }
                    }
                }
            }
            swap(&keys, &otherKeys)
            swap(&values, &otherValues)
        }
    }
}
