import Foundation

/// How wenda's own terms and records are named and packed inside a Xapian shard: a
/// one-letter prefix for the kind of each term (as Xapian's own conventions prefix
/// fields), the boolean terms that find an article's documents, and the compact byte
/// coding (varints and length-prefixed strings) of what the documents' data and the
/// shard's metadata hold.
enum ShardTerm {
    /// Xapian refuses terms over 245 bytes; a longer one is left out of a shard's terms
    /// (it stays in the articles' own data) and is never asked for.
    static let maxLength = 240

    /// The term of `kind` and folded `text`: `B` bigram, `C` character, `W` word.
    static func key(_ kind: TermKind, _ text: String) -> String {
        switch kind {
        case .bigram: "B" + text
        case .character: "C" + text
        case .word: "W" + text
        }
    }

    /// The kind and text of a term named by `key` (nil for another name).
    static func parse(_ key: String) -> (kind: TermKind, text: String)? {
        guard let first = key.utf8.first else { return nil }
        let text = String(key.dropFirst())
        switch first {
        case UInt8(ascii: "B"): return (.bigram, text)
        case UInt8(ascii: "C"): return (.character, text)
        case UInt8(ascii: "W"): return (.word, text)
        default: return nil
        }
    }

    /// A term of an article's title, on its article document: the title's terms count as
    /// terms of the collection (as in wenda's own index) without counting in any
    /// passage's statistics.
    static func title(_ key: String) -> String { "T" + key }

    /// Held by every document of the article `id` (its passages and its article
    /// document): what a build deletes to replace the article.
    static func article(_ id: String) -> String { bounded("Q", id) }

    /// Held by the article document of `id` alone: what a question fetches it by.
    static func record(_ id: String) -> String { bounded("A", id) }

    /// `prefix` + `id`, or, for an id too long to be a term, its stable hash.
    private static func bounded(_ prefix: String, _ id: String) -> String {
        if id.utf8.count + prefix.utf8.count <= maxLength { return prefix + id }
        var h = StableHasher()
        h.add(id)
        return prefix + "#" + String(h.value, radix: 16)
    }

    /// Whether `key` can be a term of a shard.
    static func fits(_ key: String) -> Bool { key.utf8.count <= maxLength }
}

/// Appends varints, strings and byte runs to a buffer (the data of shard documents and
/// the metadata of a shard): compact, since a question may fetch a few hundred of them.
struct PackedWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ v: Int) { CodedTerms.appendVarint(UInt64(max(0, v)), to: &bytes) }

    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { run($0) }
    }

    mutating func run(_ b: UnsafeBufferPointer<UInt8>) {
        varint(b.count)
        bytes.append(contentsOf: b)
    }

    mutating func run(_ b: [UInt8]) { b.withUnsafeBufferPointer { run($0) } }
}

/// Reads what `PackedWriter` wrote; throws `Truncated` past the end (a damaged or
/// foreign document, never a crash).
struct PackedReader {
    struct Truncated: Error {}
    let raw: UnsafeRawBufferPointer
    var at = 0

    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    var atEnd: Bool { at >= raw.count }

    mutating func varint() throws -> Int {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard at < raw.count, shift < 64 else { throw Truncated() }
            let b = raw[at]
            at += 1
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { break }
            shift += 7
        }
        guard v <= UInt64(Int.max) else { throw Truncated() }
        return Int(v)
    }

    mutating func u64() throws -> UInt64 {
        guard at + 8 <= raw.count else { throw Truncated() }
        defer { at += 8 }
        return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self))
    }

    /// The next run of bytes, in place.
    mutating func run() throws -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: raw[try runRange()]) }

    /// Where the next run of bytes is.
    mutating func runRange() throws -> Range<Int> {
        let n = try varint()
        guard n <= raw.count - at else { throw Truncated() }
        defer { at += n }
        return at..<(at + n)
    }

    mutating func string() throws -> String { String(decoding: try run(), as: UTF8.self) }

    /// Skips a run of bytes.
    mutating func skip() throws { _ = try run() }
}
