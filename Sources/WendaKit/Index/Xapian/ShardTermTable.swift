import Foundation

/// Term ids for a collection on shards: the shards name terms by text (`ShardTerm`), and
/// answering wants integers (the same in a question, a sentence's terms and a title's),
/// so a term gets an id the first time this process meets it — in a question, or in a
/// paragraph or title fetched — with its document frequency across the shards once asked.
/// A term the collection lacks (in no passage and no title) is remembered as such. Not
/// thread-safe: its owner holds a lock.
final class ShardTermTable {
    /// The terms met, numbered in the order met: a term's id is its number here.
    private let names = InternTable()
    /// Per id: passages holding the term (−1: not asked yet).
    private var frequencies: [Int32] = []
    /// Terms asked of the shards and found in no passage and no title. Looked up only
    /// for a term without an id, so a term given one later need not be taken out.
    private var absent: Set<Bytes> = []

    /// A term name hashed and compared by its bytes: names are already in the form a
    /// build wrote, and String's own hashing would normalise every one of the thousands of
    /// names a paragraph read brings.
    struct Bytes: Hashable {
        let key: String
        init(_ key: String) { self.key = key }
        func hash(into h: inout Hasher) {
            var k = key
            k.withUTF8 { h.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
        static func == (a: Bytes, b: Bytes) -> Bool {
            var x = a.key, y = b.key
            return x.withUTF8 { p in y.withUTF8 { q in p.count == q.count && (p.count == 0 || memcmp(p.baseAddress!, q.baseAddress!, p.count) == 0) } }
        }
    }

    var count: Int { names.count }

    func id(_ key: String) -> Int32? { names.find(key) }

    func key(_ id: Int32) -> String { names.name(id) }

    /// The id of a term known to be in the collection (`frequency`: its document
    /// frequency, when known).
    @discardableResult
    func add(_ key: String, frequency: Int? = nil) -> Int32 {
        var key = key
        return key.withUTF8 { add(UnsafeRawBufferPointer($0), frequency: frequency) }
    }

    /// The id of a term known to be in the collection, named by `key` in place (a name
    /// read from a fetched document): its bytes are copied only when it is new.
    @discardableResult
    func add(_ key: UnsafeRawBufferPointer, frequency: Int? = nil) -> Int32 {
        let (id, inserted) = names.insert(key)
        if !inserted {
            if let f = frequency { frequencies[Int(id)] = Int32(clamping: f) }
            return id
        }
        frequencies.append(frequency.map { Int32(clamping: $0) } ?? -1)
        return id
    }

    /// The ids of the terms named at `ranges` of `bytes` (a paragraph's distinct terms,
    /// read from a fetched article), in order, as `add` gives them one by one.
    func add(_ bytes: UnsafeRawBufferPointer, _ ranges: [Range<Int>]) -> [Int32] {
        names.prefetch(bytes, ranges)
        return ranges.map { add(UnsafeRawBufferPointer(rebasing: bytes[$0])) }
    }

    /// The document frequency of `id`, when known.
    func frequency(_ id: Int32) -> Int? {
        guard id >= 0, Int(id) < frequencies.count, frequencies[Int(id)] >= 0 else { return nil }
        return Int(frequencies[Int(id)])
    }

    /// Ids for `keys` (−1 for a term the collection lacks), asking `shards` in one exchange
    /// about those not met yet (whether a passage or a title has each) and about the
    /// document frequencies of those met without one.
    func resolve(_ keys: [String], _ shards: ShardConnection) throws -> [Int32] {
        var unknown: [String] = [], unweighed: [String] = []
        var asked = Set<Bytes>()
        for k in keys where asked.insert(Bytes(k)).inserted {
            if let id = names.find(k) {
                if frequencies[Int(id)] < 0 { unweighed.append(k) }
            } else if !absent.contains(Bytes(k)) {
                if ShardTerm.fits(k) { unknown.append(k) } else { absent.insert(Bytes(k)) }
            }
        }
        if !unknown.isEmpty || !unweighed.isEmpty {
            let titled = unknown.map { ShardTerm.title($0) }.filter(ShardTerm.fits)
            let all = unknown + unweighed + titled
            let f = try shards.run { db throws(XapianError) in try db.termFrequencies(all) }
            var inTitles = Set<String>()
            for (k, t) in titled.enumerated() where f[unknown.count + unweighed.count + k] > 0 { inTitles.insert(t) }
            for (k, key) in unknown.enumerated() {
                if f[k] > 0 || inTitles.contains(ShardTerm.title(key)) { add(key, frequency: f[k]) } else { absent.insert(Bytes(key)) }
            }
            for (k, key) in unweighed.enumerated() { add(key, frequency: f[unknown.count + k]) }
        }
        return keys.map { names.find($0) ?? -1 }
    }
}
