import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A collection on Xapian shards, as one process reads it: the connection to the shards,
/// the numbering of the whole collection, the term ids met so far, and the articles
/// fetched (a bounded number kept, each with the sentence terms of the paragraphs read).
/// One lock guards it all (Xapian's databases are for one thread at a time).
///
/// What a question could not read because a shard did not answer is kept for the
/// thread that asked (`fail`, `takeFailure`), and the question says so rather than
/// answer from what it could read; what was not read is not kept.
final class ShardCollection: @unchecked Sendable {
    let connection: ShardConnection
    let numbering: ShardNumbering
    let terms = ShardTermTable()
    let lock = NSRecursiveLock()

    /// Fetched articles by number, with when each was last used (in a box: reading a
    /// sentence's range of one copies nothing).
    private var fetched: [Int: Kept] = [:]
    private final class Kept {
        let article: FetchedArticle
        var used: Int
        init(_ article: FetchedArticle, _ used: Int) { self.article = article; self.used = used }
    }
    private var clock = 0
    static let articleLimit = 2048

    /// The sentence terms of each paragraph read, by paragraph: one buffer a sentence, in
    /// memory that stays as long as the collection (buffers handed out stay valid).
    private var sentenceTerms: [Int: [UnsafeBufferPointer<Int32>]] = [:]
    private var titleTerms: [Int: UnsafeBufferPointer<Int32>] = [:]
    private var arena = Arena()

    private var failures: [UInt: String] = [:]

    init(connection: ShardConnection, numbering: ShardNumbering) {
        self.connection = connection
        self.numbering = numbering
    }

    deinit { arena.free() }

    func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    // MARK: Failures

    private static var thread: UInt { UInt(pthread_self()) }

    /// Keeps the first thing this thread could not read since it last asked.
    func fail(_ error: Error) {
        let message = (error as? LocalizedError)?.errorDescription ?? "\(error)"
        locked { if failures[Self.thread] == nil { failures[Self.thread] = message } }
    }

    func takeFailure() -> String? { locked { failures.removeValue(forKey: Self.thread) } }

    // MARK: Articles

    /// Article `a`, fetched when it is not kept.
    func article(_ a: Int) throws -> FetchedArticle { try kept(a).article }

    private func kept(_ a: Int) throws -> Kept {
        try locked {
            if let k = fetched[a] {
                clock += 1
                k.used = clock
                return k
            }
            try fetch([a])
            guard let k = fetched[a] else { throw ShardError.foreign("the shards", "article \(numbering.id(a)) is in a catalogue but not in its shard") }
            return k
        }
    }

    /// Where sentence `i` of paragraph `p` of article `a` is in its text (in its
    /// placeholder's when it cannot be fetched; empty for no such sentence).
    func sentenceRange(ofArticle a: Int, paragraph p: Int, sentence i: Int) -> Range<Int> {
        locked {
            func range(_ article: Article) -> Range<Int> {
                p < article.paragraphs.count && i < article.paragraphs[p].sentences.count ? article.paragraphs[p].sentences[i].range : 0..<0
            }
            if let k = try? kept(a) { return range(k.article.article) }
            return range(placeholder(a))
        }
    }

    /// Fetches the articles of `numbers` not kept yet, in one exchange with each shard.
    func fetch(_ numbers: [Int]) throws {
        try locked {
            let missing = Array(Set(numbers.filter { fetched[$0] == nil })).sorted()
            guard !missing.isEmpty else { return }
            let keys = missing.map { ShardTerm.record(numbering.id($0)) }
            // One exchange with each shard: the records come with the matches, as their keys.
            let results = try connection.run { db throws(XapianError) in
                try db.search(keys.map { ($0, 0.0) }, weighting: .none, limit: keys.count, keySlot: ShardArticle.recordSlot)
            }
            let shardCount = numbering.shardStart.count - 1
            for i in 0..<results.count {
                let docid = results.docid(i)
                guard let f = try? FetchedArticle(data: results.withKey(i) { Array($0) }),
                      let a = numbering.article(id: f.article.id, shard: Int(docid - 1) % shardCount) else { continue }
                keep(a, f)
            }
        }
    }

    private func keep(_ a: Int, _ f: FetchedArticle) {
        if fetched.count >= Self.articleLimit {
            // The older half goes (their sentence terms stay: they are small).
            let order = fetched.sorted { $0.value.used < $1.value.used }
            for (k, _) in order.prefix(fetched.count / 2) { fetched.removeValue(forKey: k) }
        }
        clock += 1
        fetched[a] = Kept(f, clock)
        // Its title's terms are terms of the collection.
        _ = f.titleTerms { terms.add($0) }
    }

    /// What stands in for an article that could not be fetched: its paragraphs and
    /// sentences (one blank character each), no text. Never kept.
    func placeholder(_ a: Int) -> Article {
        var paragraphs: [Paragraph] = []
        var at = 0
        for g in Int(numbering.paragraphStart[a])..<Int(numbering.paragraphStart[a + 1]) {
            let n = Int(numbering.sentenceStart[g + 1] - numbering.sentenceStart[g])
            let sentences = (0..<n).map { Sentence(number: $0 + 1, range: (at + $0)..<(at + $0 + 1)) }
            paragraphs.append(Paragraph(number: paragraphs.count + 1, range: at..<(at + n), sentences: sentences))
            at += n
        }
        return Article(id: numbering.id(a), title: numbering.title(a), source: "", text: String(repeating: " ", count: at),
                       sourceOffsets: [], paragraphs: paragraphs)
    }

    // MARK: Sentence and title terms

    /// The sorted term ids of each sentence of paragraph `g`.
    func sentenceTerms(ofParagraph g: Int) throws -> [UnsafeBufferPointer<Int32>] {
        try locked {
            if let b = sentenceTerms[g] { return b }
            let a = numbering.article(ofParagraph: g)
            let k = try kept(a)
            let p = g - Int(numbering.paragraphStart[a])
            var out: [UnsafeBufferPointer<Int32>] = []
            try k.article.sentenceTerms(ofParagraph: p, { terms.add($0, $1) }) { out.append(arena.store($0)) }
            sentenceTerms[g] = out
            return out
        }
    }

    /// The sorted term ids of article `a`'s title.
    func titleTerms(ofArticle a: Int) throws -> UnsafeBufferPointer<Int32> {
        try locked {
            if let b = titleTerms[a] { return b }
            let k = try kept(a)
            let out = arena.store(Array(Set(k.article.titleTerms { terms.add($0) })).sorted())
            titleTerms[a] = out
            return out
        }
    }
}

/// Memory for term ids that stays until its owner goes: blocks of 64 Ki ids, each
/// filled in turn.
private struct Arena {
    private var blocks: [UnsafeMutablePointer<Int32>] = []
    private var used = Arena.blockSize
    static let blockSize = 1 << 16
    mutating func store(_ ids: [Int32]) -> UnsafeBufferPointer<Int32> { ids.withUnsafeBufferPointer { store($0) } }

    mutating func store(_ ids: UnsafeBufferPointer<Int32>) -> UnsafeBufferPointer<Int32> {
        guard let from = ids.baseAddress, !ids.isEmpty else { return UnsafeBufferPointer(start: nil, count: 0) }
        if ids.count > Self.blockSize {
            let p = UnsafeMutablePointer<Int32>.allocate(capacity: ids.count)
            p.initialize(from: from, count: ids.count)
            // (In front: the last block is the one being filled.)
            blocks.insert(p, at: 0)
            return UnsafeBufferPointer(start: p, count: ids.count)
        }
        if used + ids.count > Self.blockSize {
            blocks.append(.allocate(capacity: Self.blockSize))
            used = 0
        }
        let p = blocks[blocks.count - 1] + used
        p.initialize(from: from, count: ids.count)
        used += ids.count
        return UnsafeBufferPointer(start: p, count: ids.count)
    }

    func free() { for b in blocks { b.deallocate() } }
}
