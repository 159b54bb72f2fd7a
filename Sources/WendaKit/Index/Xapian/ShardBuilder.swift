import Foundation

/// `wenda build --engine xapian --shards N`: writes the articles into N Xapian shard
/// databases (`shard-0` … in the output folder), one writer a shard, in parallel, plus
/// `shards.stub`, the Xapian stub that lists them (what `--corpus` opens, and what
/// Xapian's own tools open). Incremental: an article whose content hash and shard are
/// unchanged is left alone; a changed one is replaced (its documents deleted by its
/// unique term, its new ones added); one gone is deleted. Each article lives on the
/// shard its id hashes to (jump consistent hashing), so another shard count moves only
/// the articles that must move. Every shard is written in one transaction and committed
/// only when all of them are ready: a build that stops leaves the shards as they were.
public enum ShardBuilder {
    public static let stubName = "shards.stub"

    /// What a build did.
    public struct Summary: Sendable, Hashable {
        public var shards = 0
        public var added = 0
        public var replaced = 0
        public var removed = 0
        public var unchanged = 0
        /// Passages (documents other than the articles') written.
        public var passages = 0
    }

    /// Articles are prepared and written this many at a time.
    static let batch = 256

    /// After how many documents a shard merges the postings it holds in memory into its
    /// tables. Xapian finds a document's terms in its pending postings one by one, in
    /// ordered maps, so a passage of a thousand terms spends its time walking maps that
    /// outgrow the processor's caches: fewer pending documents make each step cheaper,
    /// more than the merges they add cost (a 20,000-passage shard: 84 s of processor time
    /// at 1,000, 135 s at Xapian's default of 10,000, peak 0.8 against 1.3 GB).
    /// Documents count passages and article documents alike (two an article of one
    /// passage). `XAPIAN_FLUSH_THRESHOLD` in the environment wins.
    static let flushThreshold = 2_000

    /// Whether `folder` is a collection of shards a build wrote (it holds `shards.stub`).
    public static func isShardFolder(_ folder: URL) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir) && isDir.boolValue
            && FileManager.default.fileExists(atPath: folder.appendingPathComponent(stubName).path)
    }

    static func shardName(_ k: Int) -> String { "shard-\(k)" }

    /// The shard of the article `id` among `count`: jump consistent hashing (Lamping and
    /// Veach) of a stable hash of the id, so that going from n to n + 1 shards moves only
    /// a share of 1 / (n + 1) of the articles, all to the new shard.
    static func shard(of id: String, among count: Int) -> Int {
        var h = StableHasher()
        h.add(id)
        var key = h.value
        var b: Int64 = -1, j: Int64 = 0
        while j < Int64(count) {
            b = j
            key = key &* 2_862_933_555_777_941_757 &+ 1
            j = Int64(Double(b + 1) * (Double(1 << 31) / Double((key >> 33) + 1)))
        }
        return Int(b)
    }

    /// The shard folders an earlier build left in `folder` (`shard-0` … without a gap).
    static func existingShards(_ folder: URL) -> Int {
        var k = 0
        while FileManager.default.fileExists(atPath: folder.appendingPathComponent(shardName(k)).path) { k += 1 }
        return k
    }

    /// Every article the shards of `folder` hold, with its source (nil when the folder
    /// holds no shards a build wrote, or they cannot be read).
    public static func catalogued(_ folder: URL) -> [(id: String, source: String)]? {
        guard isShardFolder(folder) else { return nil }
        var out: [(id: String, source: String)] = []
        for k in 0..<existingShards(folder) {
            guard let db = try? XapianDatabase.local(folder.appendingPathComponent(shardName(k)).path),
                  let catalogue = try? ShardCatalogue(bytes: db.metadataBytes(ShardCatalogue.key)) else { return nil }
            out += catalogue.entries.map { ($0.id, $0.source) }
        }
        return out
    }

    /// Writes `articles` into `shards` shards in `folder` (see the type's summary).
    /// `progress` is told each article prepared, from any thread.
    public static func build(_ articles: ArticleStore, shards count: Int, to folder: URL, options: IndexOptions = IndexOptions(),
                             progress: (@Sendable (Article) -> Void)? = nil) throws -> Summary {
        precondition(count >= 1, "a collection has one shard at least")
        try FileIO.createFolder(folder)
        let old = existingShards(folder)
        let all = max(count, old)
        var writers: [ShardWriter] = []
        for k in 0..<all {
            let path = folder.appendingPathComponent(shardName(k)).path
            do {
                writers.append(ShardWriter(try XapianWritable(path: path, .openOrCreate, flushThreshold: flushThreshold)))
            } catch {
                throw ShardError.writing(path, error.kind == .locked ? "another build is writing it" : error.message)
            }
        }
        // What each shard holds now: a shard of other passage options is emptied (its
        // articles are written again), and so is one of another format (its documents
        // found by their unique terms, its catalogue left unread).
        var held: [String: (shard: Int, entry: ShardCatalogue.Entry)] = [:]
        // The unique terms of the articles to delete, by shard.
        var stale: [[String]] = Array(repeating: [], count: all)
        for (k, w) in writers.enumerated() {
            let reader = w.writable.reader()
            let settings = ShardSettings(text: (try? reader.metadata(ShardSettings.key)) ?? "")
            if let settings, settings.format != ShardCatalogue.format {
                do {
                    stale[k] = try reader.terms(prefix: ShardTerm.article("")).map(\.term)
                } catch {
                    throw ShardError.writing(w.writable.path, error.message)
                }
                continue
            }
            let catalogue: ShardCatalogue
            do {
                catalogue = try ShardCatalogue(bytes: reader.metadataBytes(ShardCatalogue.key))
            } catch {
                throw ShardError.writing(w.writable.path, "its catalogue cannot be read; remove the folder to build it anew")
            }
            let same = settings.map { $0.cutsLike(options) } ?? true
            for e in catalogue.entries {
                if same { held[e.id] = (k, e) } else { stale[k].append(ShardTerm.article(e.id)) }
            }
        }
        // What stays, what goes, what is written.
        let segmenter = Segmenter.shared.fingerprint
        var contentHashes = [String](repeating: "", count: articles.count)
        contentHashes.withUnsafeMutableBufferPointer { hb in
            let h = UnsafeSendableBuffer(hb)
            Parallel.forEach(articles.count) { i in h.buffer[i] = CorpusWriter.contentHash(articles[i], segmenter: segmenter) }
        }
        let hashes = contentHashes
        var summary = Summary()
        summary.shards = count
        var kept: [[ShardCatalogue.Entry]] = Array(repeating: [], count: all)
        var toDelete = stale
        var toWrite: [(article: Int, shard: Int)] = []
        var seen = Set<String>()
        for i in 0..<articles.count {
            let id = articles[i].id
            guard seen.insert(id).inserted else { continue }
            let target = shard(of: id, among: count)
            if let h = held[id] {
                if h.shard == target && h.entry.hash == hashes[i] {
                    kept[target].append(h.entry)
                    summary.unchanged += 1
                    continue
                }
                toDelete[h.shard].append(ShardTerm.article(id))
                summary.replaced += 1
            } else {
                summary.added += 1
            }
            toWrite.append((i, target))
        }
        for (id, h) in held where !seen.contains(id) {
            toDelete[h.shard].append(ShardTerm.article(id))
            summary.removed += 1
        }

        for w in writers { try w.run { w throws(XapianError) in try w.beginTransaction() } }
        let deletions = toDelete
        try parallelShards(writers) { k, w in
            for term in deletions[k] { try w.delete(holding: term) }
        }
        var written: [[ShardCatalogue.Entry]] = Array(repeating: [], count: all)
        var start = 0
        while start < toWrite.count {
            let part = Array(toWrite[start..<min(toWrite.count, start + batch)])
            start += part.count
            var prepared = [ShardArticle?](repeating: nil, count: part.count)
            prepared.withUnsafeMutableBufferPointer { pb in
                let out = UnsafeSendableBuffer(pb)
                Parallel.forEach(part.count) { j in
                    let a = articles[part[j].article]
                    out.buffer[j] = ShardArticle(a, words: ArticleWords(a), hash: hashes[part[j].article], options: options)
                    progress?(a)
                }
            }
            let ready = prepared.map { $0! }
            try parallelShards(writers) { k, w in
                for (j, p) in part.enumerated() where p.shard == k { try Self.add(ready[j], to: w) }
            }
            for (j, p) in part.enumerated() {
                written[p.shard].append(ready[j].entry)
                summary.passages += ready[j].passages.count
                articles.release(p.article)
            }
        }
        // The catalogues and settings go in the same transactions; then every shard is
        // committed, and the stub names the shards of this build.
        let build = UUID().uuidString
        let settings = ShardSettings(options: options, build: build)
        let catalogues = (0..<all).map { kept[$0] + written[$0] }
        try parallelShards(writers) { k, w in
            let entries = catalogues[k].sorted { ShardCatalogue.precedes($0.id, $1.id) }
            try w.setMetadata(ShardCatalogue.key, ShardCatalogue(entries: entries).bytes())
            try w.setMetadata(ShardSettings.key, Array(settings.text.utf8))
        }
        for w in writers { try w.run { w throws(XapianError) in try w.commitTransaction() } }
        writers.removeAll()
        var stub = "# The shards of this collection, written by wenda build (Xapian's stub format:\n"
        stub += "# wenda --corpus this folder or this file; xapian-delve and quest open it too).\n"
        for k in 0..<count { stub += "auto \(shardName(k))\n" }
        try FileIO.writeAtomically(Array(stub.utf8), to: folder.appendingPathComponent(stubName))
        // Shards beyond the count asked for were emptied: their articles moved.
        for k in count..<all { try? FileManager.default.removeItem(at: folder.appendingPathComponent(shardName(k))) }
        return summary
    }

    /// Adds an article's documents to a shard.
    static func add(_ a: ShardArticle, to w: ShardWriter) throws {
        let unique = ShardTerm.article(a.entry.id)
        for p in a.passages {
            let doc = XapianDocument()
            for t in p.terms { doc.add(t.key, wdf: t.wdf) }
            doc.addBoolean(unique)
            doc.setValue(ShardArticle.passageSlot, p.data)
            try w.add(doc)
        }
        let doc = XapianDocument()
        doc.addBoolean(unique)
        doc.addBoolean(ShardTerm.record(a.entry.id))
        for t in a.titleKeys where ShardTerm.fits(ShardTerm.title(t)) { doc.addBoolean(ShardTerm.title(t)) }
        doc.setValue(ShardArticle.recordSlot, a.record)
        try w.add(doc)
    }

    /// Runs `body` for every shard at once, each on a thread of its own; the first
    /// error, once all are done.
    static func parallelShards(_ writers: [ShardWriter], _ body: @escaping @Sendable (Int, ShardWriter) throws -> Void) throws {
        let errors = ShardErrors(writers.count)
        Parallel.forEach(writers.count, ownThreads: true) { k in
            do { try body(k, writers[k]) } catch { errors.set(k, error) }
        }
        if let e = errors.first { throw e }
    }
}

/// A shard being written, handed to one thread at a time (Xapian's writable databases are
/// not to be shared between threads at once).
final class ShardWriter: @unchecked Sendable {
    let writable: XapianWritable

    init(_ writable: XapianWritable) { self.writable = writable }

    /// Runs `body` with the database, naming the shard in any error.
    func run<T>(_ body: (XapianWritable) throws(XapianError) -> T) throws -> T {
        do { return try body(writable) } catch { throw ShardError.writing(writable.path, error.message) }
    }

    func add(_ doc: XapianDocument) throws { _ = try run { w throws(XapianError) in try w.add(doc) } }
    func delete(holding term: String) throws { try run { w throws(XapianError) in try w.delete(holding: term) } }
    func setMetadata(_ key: String, _ bytes: [UInt8]) throws { try run { w throws(XapianError) in try w.setMetadata(key, bytes) } }
}

/// The first error of work done on several threads.
final class ShardErrors: @unchecked Sendable {
    private var errors: [Error?]
    private let lock = NSLock()

    init(_ count: Int) { errors = Array(repeating: nil, count: count) }

    func set(_ k: Int, _ e: Error) { lock.withLock { errors[k] = e } }

    var first: Error? { lock.withLock { errors.compactMap { $0 }.first } }
}
