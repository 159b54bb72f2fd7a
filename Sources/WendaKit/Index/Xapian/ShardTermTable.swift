import Foundation

/// Term ids for a collection on shards: the shards name terms by text (`ShardTerm`), and
/// answering wants integers (the same in a question, a sentence's terms and a title's),
/// so a term gets an id the first time this process meets it — in a question, or in a
/// paragraph or title fetched — with its document frequency across the shards once asked.
/// A term the collection lacks (in no passage and no title) is remembered as such. Not
/// thread-safe: its owner holds a lock.
final class ShardTermTable {
    private var ids: [String: Int32] = [:]
    private(set) var keys: [String] = []
    /// Per id: passages holding the term (−1: not asked yet).
    private var frequencies: [Int32] = []
    private var absent: Set<String> = []

    var count: Int { keys.count }

    func id(_ key: String) -> Int32? { ids[key] }

    func key(_ id: Int32) -> String { keys[Int(id)] }

    /// The id of a term known to be in the collection (`frequency`: its document
    /// frequency, when known).
    @discardableResult
    func add(_ key: String, frequency: Int? = nil) -> Int32 {
        if let id = ids[key] {
            if let f = frequency { frequencies[Int(id)] = Int32(clamping: f) }
            return id
        }
        let id = Int32(keys.count)
        ids[key] = id
        keys.append(key)
        frequencies.append(frequency.map { Int32(clamping: $0) } ?? -1)
        absent.remove(key)
        return id
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
        var asked = Set<String>()
        for k in keys where asked.insert(k).inserted {
            if let id = ids[k] {
                if frequencies[Int(id)] < 0 { unweighed.append(k) }
            } else if !absent.contains(k) {
                if ShardTerm.fits(k) { unknown.append(k) } else { absent.insert(k) }
            }
        }
        if !unknown.isEmpty || !unweighed.isEmpty {
            let titled = unknown.map { ShardTerm.title($0) }.filter(ShardTerm.fits)
            let all = unknown + unweighed + titled
            let f = try shards.run { db throws(XapianError) in try db.termFrequencies(all) }
            var inTitles = Set<String>()
            for (k, t) in titled.enumerated() where f[unknown.count + unweighed.count + k] > 0 { inTitles.insert(t) }
            for (k, key) in unknown.enumerated() {
                if f[k] > 0 || inTitles.contains(ShardTerm.title(key)) { add(key, frequency: f[k]) } else { absent.insert(key) }
            }
            for (k, key) in unweighed.enumerated() { add(key, frequency: f[unknown.count + k]) }
        }
        return keys.map { ids[$0] ?? -1 }
    }
}
