import Foundation

/// The whole collection of a set of shards numbered as answering numbers it (see
/// `Retriever`): articles shard by shard, each shard's in the order of its catalogue (by
/// id); paragraphs and sentences in article order. Read from the shards' catalogues when
/// the collection is opened, packed (ids and titles in one run of bytes each, counts as
/// prefix sums), so that a million articles cost tens of megabytes, and nothing of an
/// article is fetched until a question retrieves it. Immutable once made, but for the
/// paragraphs' ranks, made the first time a tie asks for one.
final class ShardNumbering: @unchecked Sendable {
    let articleCount: Int
    /// The first article of each shard (one more entry: the article count).
    let shardStart: [Int]
    private let idBytes: [UInt8], idOffsets: [Int]
    /// Articles by a hash of their ids (open addressing, at most half full): 0 for an empty
    /// slot, else an article's number + 1. A search's matches find their articles by it,
    /// from the id each key holds, where a binary search of the catalogue compared ids a
    /// score of times a match.
    private let idSlots: [Int32]
    private let titleBytes: [UInt8], titleOffsets: [Int]
    /// The first paragraph of each article (one more entry: the paragraph count).
    let paragraphStart: [Int32]
    /// The first sentence of each paragraph (one more entry: the sentence count).
    let sentenceStart: [Int32]
    /// Passages, the sum of their lengths, the shortest's length.
    let passages: Int
    let totalLength: Int
    let minLength: Int

    private var rankBase: [Int32]?
    private let lock = NSLock()

    var paragraphCount: Int { sentenceStart.count - 1 }
    var sentenceCount: Int { Int(sentenceStart[sentenceStart.count - 1]) }

    /// The numbering of shards whose catalogues (`ShardCatalogue.bytes`) are `catalogues`,
    /// in shard order; throws `PackedReader.Truncated` for one that is not a catalogue.
    init(catalogues: [[UInt8]]) throws {
        var shardStart = [0]
        var idBytes: [UInt8] = [], idOffsets = [0], titleBytes: [UInt8] = [], titleOffsets = [0]
        var paragraphStart: [Int32] = [0], sentenceStart: [Int32] = [0]
        var passages = 0, totalLength = 0, minLength = Int.max
        for bytes in catalogues {
            try bytes.withUnsafeBytes { raw in
                var r = PackedReader(raw)
                guard try r.varint() == ShardCatalogue.format else { throw PackedReader.Truncated() }
                let n = try r.varint()
                guard n <= raw.count else { throw PackedReader.Truncated() }
                for _ in 0..<n {
                    idBytes.append(contentsOf: try r.run())
                    idOffsets.append(idBytes.count)
                }
                for _ in 0..<n {
                    titleBytes.append(contentsOf: try r.run())
                    titleOffsets.append(titleBytes.count)
                }
                var counts: [Int] = []
                counts.reserveCapacity(n)
                for _ in 0..<n { counts.append(try r.varint()) }
                for c in counts {
                    for _ in 0..<c { sentenceStart.append(sentenceStart[sentenceStart.count - 1] + Int32(try r.varint())) }
                    paragraphStart.append(paragraphStart[paragraphStart.count - 1] + Int32(c))
                }
                for _ in 0..<n {
                    let p = try r.varint(), l = try r.varint(), m = try r.varint()
                    passages += p
                    totalLength += l
                    if p > 0 { minLength = min(minLength, m) }
                }
            }
            shardStart.append(idOffsets.count - 1)
        }
        articleCount = idOffsets.count - 1
        self.shardStart = shardStart
        self.idBytes = idBytes
        self.idOffsets = idOffsets
        idSlots = Self.slots(idBytes, idOffsets)
        self.titleBytes = titleBytes
        self.titleOffsets = titleOffsets
        self.paragraphStart = paragraphStart
        self.sentenceStart = sentenceStart
        self.passages = passages
        self.totalLength = totalLength
        self.minLength = minLength == Int.max ? 0 : minLength
    }

    func id(_ a: Int) -> String { String(decoding: idBytes[idOffsets[a]..<idOffsets[a + 1]], as: UTF8.self) }
    func title(_ a: Int) -> String { String(decoding: titleBytes[titleOffsets[a]..<titleOffsets[a + 1]], as: UTF8.self) }

    /// The shard holding article `a`.
    func shard(ofArticle a: Int) -> Int { BinarySearch.first(0, shardStart.count - 1) { shardStart[$0 + 1] <= a } }

    func article(ofParagraph g: Int) -> Int { BinarySearch.first(0, articleCount) { Int(paragraphStart[$0 + 1]) <= g } }

    func paragraph(ofSentence s: Int) -> Int { BinarySearch.first(0, paragraphCount) { Int(sentenceStart[$0 + 1]) <= s } }

    /// The article `id` of shard `k`, if it has it.
    func article(id: String, shard k: Int) -> Int? {
        var id = id
        return id.withUTF8 { article(id: UnsafeRawBufferPointer($0), shard: k) }
    }

    /// The article whose id is the bytes `id` in shard `k`, if it has it (of two, the first).
    func article(id: UnsafeRawBufferPointer, shard k: Int) -> Int? {
        guard k >= 0, k + 1 < shardStart.count else { return nil }
        let shard = shardStart[k]..<shardStart[k + 1]
        return idSlots.withUnsafeBufferPointer { slots in
            idBytes.withUnsafeBufferPointer { all in
                let mask = slots.count - 1
                var i = Int(InternTable.hash(id)) & mask
                while slots[i] != 0 {
                    let a = Int(slots[i]) - 1, s = idOffsets[a], n = idOffsets[a + 1] - s
                    if shard.contains(a), n == id.count, n == 0 || memcmp(all.baseAddress! + s, id.baseAddress!, n) == 0 { return a }
                    i = (i + 1) & mask
                }
                return nil
            }
        }
    }

    /// The slots of `idSlots` for the ids `bytes` and `offsets` hold, in article order.
    private static func slots(_ bytes: [UInt8], _ offsets: [Int]) -> [Int32] {
        let count = offsets.count - 1
        var size = 2
        while size < 2 * count { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        bytes.withUnsafeBytes { all in
            for a in 0..<count {
                var i = Int(InternTable.hash(UnsafeRawBufferPointer(rebasing: all[offsets[a]..<offsets[a + 1]]))) & (size - 1)
                while slots[i] != 0 { i = (i + 1) & (size - 1) }
                slots[i] = Int32(a + 1)
            }
        }
        return slots
    }

    /// A paragraph's place when the collection is sorted by article id, then position (as
    /// wenda's own index ranks ties).
    func rank(ofParagraph g: Int) -> Int32 {
        let a = article(ofParagraph: g)
        return ranks()[a] + Int32(g) - paragraphStart[a]
    }

    /// Per article: the rank of its first paragraph. The shards' catalogues are each sorted
    /// by id: merged, shard by shard.
    private func ranks() -> [Int32] {
        lock.lock()
        defer { lock.unlock() }
        if let r = rankBase { return r }
        var r = [Int32](repeating: 0, count: articleCount)
        var heads = (0..<(shardStart.count - 1)).map { shardStart[$0] }
        var next: Int32 = 0
        idBytes.withUnsafeBufferPointer { all in
            func less(_ a: Int, _ b: Int) -> Bool {
                let sa = idOffsets[a], na = idOffsets[a + 1] - sa, sb = idOffsets[b], nb = idOffsets[b + 1] - sb
                let c = min(na, nb) > 0 ? memcmp(all.baseAddress! + sa, all.baseAddress! + sb, min(na, nb)) : 0
                return c != 0 ? c < 0 : (na != nb ? na < nb : a < b)
            }
            while true {
                var best = -1
                for k in heads.indices where heads[k] < shardStart[k + 1] {
                    if best < 0 || less(heads[k], heads[best]) { best = k }
                }
                guard best >= 0 else { break }
                let a = heads[best]
                r[a] = next
                next += paragraphStart[a + 1] - paragraphStart[a]
                heads[best] += 1
            }
        }
        rankBase = r
        return r
    }
}
