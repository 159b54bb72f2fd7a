import Foundation
import Testing
@testable import WendaKit

/// Names found by their bytes in place: term names numbered (`InternTable`, and
/// `ShardTermTable` over it): the same bytes get the same number wherever they lie, new
/// bytes the next one, and what a table knows of a term (its document frequency) stays
/// with its number; and articles found by their ids in the shards' numbering.
@Suite struct InternTableTests {
    /// Names of every length around what a slot holds whole, sharing prefixes, and some
    /// whose first bytes or hashes agree: Chinese terms as a shard names them, and more.
    static func names() -> [String] {
        var out = ["", "C", "W", "C中", "B中国", "W中国人", "W中华人民共和国", "Wabc", "Wabcdefg", "Wabcdefgh",
                   "Wabcdefghij", "Wabcdefghijk", "Wabcdefghijkl", "Wabcdefghijklmnopqrstuvwxyz", "W\u{0}", "W\u{0}\u{0}"]
        for k in 0..<3000 { out.append("W" + String(repeating: "x", count: k % 40) + "-" + String(k, radix: 36)) }
        return out
    }

    static func bytes<T>(_ s: String, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        // Copied into a buffer of its own, with other bytes after it: found by the bytes alone.
        var buffer = Array(s.utf8) + [0xE4, 0xB8, 0xAD, 0x41]
        return buffer.withUnsafeMutableBytes { body(UnsafeRawBufferPointer(rebasing: $0[0..<s.utf8.count])) }
    }

    @Test func theSameBytesHaveTheSameNumberAndNewBytesTheNext() {
        let t = InternTable()
        let names = Self.names()
        for (k, name) in names.enumerated() {
            #expect(t.find(name) == nil)
            let (id, inserted) = Self.bytes(name) { t.insert($0) }
            #expect(inserted && id == Int32(k), "\(name)")
            #expect(t.count == k + 1)
        }
        // Met again (the table has grown many times since the first ones went in).
        for (k, name) in names.enumerated().reversed() {
            let (id, inserted) = t.insert(name)
            #expect(!inserted && id == Int32(k), "\(name)")
            #expect(Self.bytes(name) { t.find($0) } == Int32(k))
            #expect(t.name(Int32(k)) == name)
        }
        #expect(t.count == names.count)
        for other in ["W中", "Wabcdefghijkm", "Wabcdefghij\u{0}", "Wabcdefghijklmnopqrstuvwxyy", "\u{0}"] {
            #expect(t.find(other) == nil, "\(other)")
        }
    }

    @Test func aShardTermTableKeepsFrequenciesByNumber() {
        let table = ShardTermTable()
        let a = table.add("C中", frequency: 7)
        let b = Self.bytes("W中国") { table.add($0) }
        #expect(a == 0 && b == 1 && table.count == 2)
        #expect(table.frequency(a) == 7)
        #expect(table.frequency(b) == nil)
        // The same bytes, from a document or from a question: the same id; a frequency
        // given later is kept, one not given leaves the known one.
        #expect(Self.bytes("C中") { table.add($0) } == a)
        #expect(table.frequency(a) == 7)
        #expect(table.add("W中国", frequency: 3) == b)
        #expect(table.frequency(b) == 3)
        #expect(table.id("W中国") == b && table.key(b) == "W中国")
        #expect(table.id("W中") == nil)
        #expect(table.add("W中") == 2)
    }

    /// Every article is found by its id in its own shard alone; an id no shard has, or
    /// one asked of another shard, is not found.
    @Test func theNumberingFindsAnArticleByItsIdInItsShard() throws {
        var shards: [[String]] = [[], [], []]
        for k in 0..<2000 { shards[k % 3].append("A" + String(repeating: "0", count: k % 9) + "-\(k)") }
        shards[2].append("")
        let catalogues = shards.map { ids in
            ShardCatalogue(entries: ids.sorted(by: ShardCatalogue.precedes).map {
                ShardCatalogue.Entry(id: $0, title: "t", source: "s", hash: "h", sentenceCounts: [1], passages: 1, length: 3, minLength: 3)
            }).bytes()
        }
        let n = try ShardNumbering(catalogues: catalogues)
        #expect(n.articleCount == 2001)
        for a in 0..<n.articleCount {
            let k = n.shard(ofArticle: a), id = n.id(a)
            #expect(n.article(id: id, shard: k) == a, "\(id)")
            #expect(n.article(id: id, shard: (k + 1) % 3) == nil, "\(id)")
            #expect(Self.bytes(id) { n.article(id: $0, shard: k) } == a)
        }
        for id in ["A-2000", "A00-1", "A", "B-1", "A0-1 "] {
            #expect((0..<3).allSatisfy { n.article(id: id, shard: $0) == nil }, "\(id)")
        }
        #expect(n.article(id: "A-0", shard: 3) == nil && n.article(id: "A-0", shard: -1) == nil)
    }
}
