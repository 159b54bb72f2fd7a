import Foundation

/// Byte strings numbered 0, 1, 2, … in the order they are first inserted (string
/// interning), looked up by the bytes in place: a name read from a fetched document is
/// hashed and compared where it lies, and copied once, when it is new. The names are kept
/// back to back in one buffer. The hash table (open addressing, linear probing, at most
/// half full) holds in each slot a short name itself (up to `inline` bytes: a term's
/// prefix and up to three Chinese characters), so that finding one reads one slot; a
/// longer name's slot holds its first bytes and part of its hash, and its bytes are
/// compared only when those agree. Not thread-safe.
final class InternTable {
    /// A slot: the name's first 8 bytes (zero-padded), a tag (see `Key`) and its number
    /// + 1 (0: an empty slot).
    private struct Slot {
        var head: UInt64
        var tag: UInt32
        var idPlusOne: UInt32
    }

    /// What a slot holds of a name, and its hash. The tag of a short name is its bytes 8
    /// to 10 (zero-padded) and its length in the top byte, so equal heads and tags are
    /// equal names; a longer name's is 255 in the top byte and 24 bits of its hash.
    private struct Key {
        var head: UInt64 = 0
        var tag: UInt32
        var hash: UInt32
        var isInline: Bool { tag >> 24 != 0xFF }

        init(_ name: UnsafeRawBufferPointer) {
            let n = name.count
            if n >= 8 {
                head = name.loadUnaligned(as: UInt64.self)
            } else {
                for k in 0..<n { head |= UInt64(name[k]) << (8 * UInt64(k)) }
            }
            if n <= InternTable.inline {
                tag = UInt32(n) << 24
                if n > 8 { for k in 8..<n { tag |= UInt32(name[k]) << (8 * UInt32(k - 8)) } }
                hash = InternTable.mix(head &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(tag))
            } else {
                hash = InternTable.hash(name)
                tag = 0xFF00_0000 | (hash >> 8)
            }
        }
    }

    /// The longest name a slot holds whole.
    static let inline = 11

    /// The names, back to back; name `i` is `bytes[starts[i]..<starts[i + 1]]`.
    private var bytes: UnsafeMutablePointer<UInt8>
    private var byteCapacity: Int
    private var starts: UnsafeMutablePointer<Int>
    private var startCapacity: Int
    private(set) var count = 0
    private var slots: UnsafeMutablePointer<Slot>
    private var mask: Int

    init() {
        byteCapacity = 1 << 12
        bytes = .allocate(capacity: byteCapacity)
        startCapacity = 1 << 10
        starts = .allocate(capacity: startCapacity)
        starts[0] = 0
        mask = (1 << 11) - 1
        slots = .allocate(capacity: mask + 1)
        slots.initialize(repeating: Slot(head: 0, tag: 0, idPlusOne: 0), count: mask + 1)
    }

    deinit {
        bytes.deallocate()
        starts.deallocate()
        slots.deallocate()
    }

    /// The slot of `name` (whose key is `key`): the one holding it, or the empty one
    /// where it would go.
    private func slot(_ key: Key, _ name: UnsafeRawBufferPointer) -> Int {
        var i = Int(key.hash) & mask
        while true {
            let s = slots[i]
            if s.idPlusOne == 0 { return i }
            if s.head == key.head, s.tag == key.tag, key.isInline || equal(Int(s.idPlusOne) - 1, name) { return i }
            i = (i + 1) & mask
        }
    }

    /// Reads the slots where the names at `ranges` of `bytes` would be found: finding
    /// them in turn waits for each slot from memory, where a run of reads that depend on
    /// nothing waits for them together. The next finds or insertions of these names read
    /// their slots from the cache.
    func prefetch(_ bytes: UnsafeRawBufferPointer, _ ranges: [Range<Int>]) {
        var sum: UInt32 = 0
        for r in ranges { sum &+= slots[Int(Key(UnsafeRawBufferPointer(rebasing: bytes[r])).hash) & mask].idPlusOne }
        read &+= sum
    }

    /// What `prefetch` read, kept so that its reads are not optimised away.
    private var read: UInt32 = 0

    /// The number of `name`, if it was inserted.
    func find(_ name: UnsafeRawBufferPointer) -> Int32? {
        let s = slots[slot(Key(name), name)]
        return s.idPlusOne == 0 ? nil : Int32(s.idPlusOne - 1)
    }

    /// The number of `name`, and whether this inserted it (the next number).
    @discardableResult
    func insert(_ name: UnsafeRawBufferPointer) -> (id: Int32, inserted: Bool) {
        let key = Key(name)
        let i = slot(key, name)
        if slots[i].idPlusOne != 0 { return (Int32(slots[i].idPlusOne - 1), false) }
        let id = count
        append(name)
        slots[i] = Slot(head: key.head, tag: key.tag, idPlusOne: UInt32(id + 1))
        if 2 * count > mask + 1 { grow() }
        return (Int32(id), true)
    }

    func find(_ name: String) -> Int32? {
        var name = name
        return name.withUTF8 { find(UnsafeRawBufferPointer($0)) }
    }

    @discardableResult
    func insert(_ name: String) -> (id: Int32, inserted: Bool) {
        var name = name
        return name.withUTF8 { insert(UnsafeRawBufferPointer($0)) }
    }

    /// Name `id`, in place (valid until the next insertion).
    func bytes(_ id: Int32) -> UnsafeRawBufferPointer {
        let s = starts[Int(id)]
        return UnsafeRawBufferPointer(start: bytes + s, count: starts[Int(id) + 1] - s)
    }

    /// Name `id` (its bytes as UTF-8).
    func name(_ id: Int32) -> String { String(decoding: bytes(id), as: UTF8.self) }

    private func equal(_ id: Int, _ name: UnsafeRawBufferPointer) -> Bool {
        let s = starts[id], n = starts[id + 1] - s
        return n == name.count && (n == 0 || memcmp(bytes + s, name.baseAddress!, n) == 0)
    }

    private func append(_ name: UnsafeRawBufferPointer) {
        let at = starts[count]
        if at + name.count > byteCapacity {
            var c = byteCapacity
            while at + name.count > c { c *= 2 }
            let b = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
            b.update(from: bytes, count: at)
            bytes.deallocate()
            bytes = b
            byteCapacity = c
        }
        if count + 2 > startCapacity {
            let c = startCapacity * 2
            let b = UnsafeMutablePointer<Int>.allocate(capacity: c)
            b.update(from: starts, count: count + 1)
            starts.deallocate()
            starts = b
            startCapacity = c
        }
        if name.count > 0 { (bytes + at).update(from: name.baseAddress!.assumingMemoryBound(to: UInt8.self), count: name.count) }
        count += 1
        starts[count] = at + name.count
    }

    /// Twice the slots, each name placed again.
    private func grow() {
        slots.deallocate()
        mask = 2 * mask + 1
        slots = .allocate(capacity: mask + 1)
        slots.initialize(repeating: Slot(head: 0, tag: 0, idPlusOne: 0), count: mask + 1)
        for id in 0..<count {
            let name = bytes(Int32(id)), key = Key(name)
            var i = Int(key.hash) & mask
            while slots[i].idPlusOne != 0 { i = (i + 1) & mask }
            slots[i] = Slot(head: key.head, tag: key.tag, idPlusOne: UInt32(id + 1))
        }
    }

    /// 32 bits of a hash of `name` (a long one: `Key` hashes a short one by what its slot
    /// holds), eight bytes at a time.
    static func hash(_ name: UnsafeRawBufferPointer) -> UInt32 {
        var h = UInt64(truncatingIfNeeded: name.count) &* 0x9E37_79B9_7F4A_7C15
        var at = 0
        while at + 8 <= name.count {
            h = (h ^ name.loadUnaligned(fromByteOffset: at, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
            at += 8
        }
        if at < name.count {
            var tail: UInt64 = 0
            for k in at..<name.count { tail |= UInt64(name[k]) << (8 * UInt64(k - at)) }
            h = (h ^ tail) &* 0xFF51_AFD7_ED55_8CCD
        }
        return mix(h)
    }

    /// The MurmurHash3 finaliser, to 32 bits.
    static func mix(_ x: UInt64) -> UInt32 {
        var h = x
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return UInt32(truncatingIfNeeded: h)
    }
}
