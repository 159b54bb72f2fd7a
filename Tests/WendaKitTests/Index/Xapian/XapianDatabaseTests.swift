import Foundation
import Testing
@testable import WendaKit

/// The Xapian binding: shards written and committed, read alone or together (statistics
/// merged, document ids interleaved), searched with their data fetched; a document
/// replaced by its unique term; uncommitted changes dropped; a program remote
/// (`xapian-progsrv`) read like a local shard; failures as errors, never a crash.
@Suite struct XapianDatabaseTests {
    static func tempDir() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-xapian-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Two shards of three documents each: document d of shard k holds `Bab` (wdf d + 1),
    /// `Wk<k>d<d>` (wdf 2) and its unique term; its data names it.
    static func twoShards(in dir: URL) throws -> [String] {
        var paths: [String] = []
        for k in 0..<2 {
            let path = dir.appendingPathComponent("shard-\(k)").path
            let w = try XapianWritable(path: path, .overwrite)
            for d in 0..<3 {
                let doc = XapianDocument()
                doc.add("Bab", wdf: d + 1)
                doc.add("Wk\(k)d\(d)", wdf: 2)
                doc.addBoolean("Q\(k)-\(d)")
                doc.setData(Array("shard \(k) doc \(d)".utf8))
                doc.setValue(0, "v\(k)\(d)")
                try w.replace("Q\(k)-\(d)", doc)
            }
            try w.setMetadata("wenda:test", "shard \(k)")
            try w.commit()
            paths.append(path)
        }
        return paths
    }

    /// Two shards in a fresh folder, read together both ways a question reads them: as two
    /// local shards, and as a local one with the second over a program remote.
    static func eachWayOfReading(_ body: (XapianDatabase) throws -> Void) throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let paths = try twoShards(in: dir)
        let remote = try XapianDatabase.program("xapian-progsrv", arguments: paths[1], timeout: .seconds(10))
        try body(try XapianDatabase.combined(try paths.map { try XapianDatabase.local($0) }))
        try body(try XapianDatabase.combined([try XapianDatabase.local(paths[0]), remote]))
    }

    /// A shard that merges its pending postings every two documents, inside one
    /// transaction, holds what it would hold merging them once; the threshold is set
    /// for the opening alone (the environment is left as it was).
    @Test func aLowFlushThresholdWritesTheSameShard() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = ProcessInfo.processInfo.environment["XAPIAN_FLUSH_THRESHOLD"]
        let path = dir.appendingPathComponent("shard").path
        do {
            let w = try XapianWritable(path: path, .overwrite, flushThreshold: 2)
            #expect(ProcessInfo.processInfo.environment["XAPIAN_FLUSH_THRESHOLD"] == before)
            try w.beginTransaction()
            for d in 0..<7 {
                let doc = XapianDocument()
                doc.add("Bab", wdf: d + 1)
                doc.add("Wd\(d % 3)", wdf: 2)
                doc.addBoolean("Q\(d)")
                doc.setValue(0, "v\(d)")
                try w.add(doc)
            }
            try w.delete(holding: "Q6")
            try w.commitTransaction()
        }
        let db = try XapianDatabase.local(path)
        let stats = try db.statistics()
        #expect(stats.documents == 6)
        // (1 + … + 6) + 6 · 2.
        #expect(stats.totalLength == 33)
        #expect(try db.termFrequencies(["Bab", "Wd0", "Wd1", "Wd2", "Q6"]) == [6, 2, 2, 2, 0])
        #expect(try db.value(3, slot: 0) == "v2")
    }

    @Test func shardsReadTogether() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let paths = try Self.twoShards(in: dir)
        let shards = try paths.map { try XapianDatabase.local($0) }
        let all = try XapianDatabase.combined(shards)
        let stats = try all.statistics()
        #expect(stats.documents == 6)
        // Lengths are the sum of wdf: (1 + 2 + 3) + 3 · 2 per shard; boolean terms add nothing.
        #expect(stats.totalLength == 24)
        #expect(try all.termFrequencies(["Bab", "Wk1d2", "Wnone"]) == [6, 1, 0])
        #expect(try shards[1].metadata("wenda:test") == "shard 1")
        #expect(try all.terms(prefix: "Q").map(\.term) == ["Q0-0", "Q0-1", "Q0-2", "Q1-0", "Q1-1", "Q1-2"])
        // Document 3 of shard 1 (of 2) is document (3 − 1) · 2 + 1 + 1 = 6 of the whole.
        let six = try #require(try all.firstDocument(holding: "Q1-2"))
        #expect(six == 6)
        #expect(String(decoding: try all.data(six), as: UTF8.self) == "shard 1 doc 2")
        #expect(try all.value(six, slot: 0) == "v12")
        #expect(try all.firstDocument(holding: "Qnone") == nil)

        let results = try all.search([("Wk0d1", 1), ("Bab", 0.1)], weighting: .bm25(k1: 1.2, b: 0.3), limit: 4)
        #expect(results.count == 4)
        try results.fetch()
        #expect(try results.withData(0) { String(decoding: $0, as: UTF8.self) } == "shard 0 doc 1")
        #expect(results.termFrequency("Bab") == 6)
        #expect(results.termFrequency("Wk0d1") == 1)
        let tfidf = try all.search([("Bab", 1)], weighting: .tfidf, limit: 10)
        #expect(tfidf.count == 6)
    }

    /// A page of matches after the first (what a search fetches when the first page could
    /// not settle the best passages): the same documents as that part of one long page,
    /// their data fetched, from local shards and over a program remote.
    @Test func aLaterPageIsFetched() throws {
        try Self.eachWayOfReading { all in
            let whole = try all.search([("Bab", 1)], weighting: .logTF, limit: 6)
            try whole.fetch()
            let page = try all.search([("Bab", 1)], weighting: .logTF, first: 2, limit: 3)
            try page.fetch()
            #expect(page.count == 3)
            for i in 0..<page.count {
                #expect(page.docid(i) == whole.docid(i + 2))
                let data = try page.withData(i) { Array($0) }
                #expect(data == Array(try all.data(page.docid(i))))
            }
        }
    }

    /// A search with a key slot returns each match's value in it with the match (what a
    /// question reads of its passages and articles), from local shards and over a program
    /// remote; equal weights are ordered by it.
    @Test func keysComeWithTheMatches() throws {
        try Self.eachWayOfReading { all in
            let r = try all.search([("Bab", 1)], weighting: .logTF, limit: 6, keySlot: 0)
            #expect(r.count == 6)
            var keys: [String] = []
            for i in 0..<r.count {
                let key = r.withKey(i) { String(decoding: $0, as: UTF8.self) }
                #expect(key == (try all.value(r.docid(i), slot: 0)))
                keys.append(key)
            }
            // Weights fall with the wdf (3, 2, 1 on each shard); a tie goes by key.
            #expect(keys == ["v02", "v12", "v01", "v11", "v00", "v10"])
            // A boolean search: every weight 0, all in key order.
            let filter = try all.search([("Q1-2", 0), ("Q0-0", 0)], weighting: .none, limit: 5, keySlot: 0)
            #expect((0..<filter.count).map { i in filter.withKey(i) { String(decoding: $0, as: UTF8.self) } } == ["v00", "v12"])
            // Without a key slot, no key.
            let plain = try all.search([("Bab", 1)], weighting: .logTF, limit: 1)
            #expect(plain.withKey(0) { $0.count } == 0)
        }
    }

    @Test func replacedByUniqueTermAndUncommittedDropped() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let paths = try Self.twoShards(in: dir)
        do {
            let w = try XapianWritable(path: paths[0], .open)
            let doc = XapianDocument()
            doc.add("Wnew", wdf: 1)
            doc.addBoolean("Q0-1")
            doc.setData(Array("replaced".utf8))
            let id = try w.replace("Q0-1", doc)
            #expect(id == 2)
            try w.delete(holding: "Q0-2")
            #expect(try w.reader().statistics().documents == 2)
            try w.commit()
        }
        do {
            // Closed without a commit: nothing of it stays.
            let w = try XapianWritable(path: paths[0], .open)
            try w.delete(holding: "Q0-0")
        }
        let shard = try XapianDatabase.local(paths[0])
        #expect(try shard.statistics().documents == 2)
        #expect(String(decoding: try shard.data(2), as: UTF8.self) == "replaced")
        #expect(try shard.termFrequencies(["Bab", "Wnew"]) == [1, 1])
    }

    @Test func programRemoteReadsLikeALocalShard() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let paths = try Self.twoShards(in: dir)
        let remote = try XapianDatabase.program("xapian-progsrv", arguments: paths[1], timeout: .seconds(10))
        let all = try XapianDatabase.combined([try XapianDatabase.local(paths[0]), remote])
        #expect(try all.statistics().documents == 6)
        #expect(try remote.metadata("wenda:test") == "shard 1")
        let results = try all.search([("Wk1d0", 1)], weighting: .bm25(k1: 1.2, b: 0.3), limit: 10)
        #expect(results.count == 1)
        try results.fetch()
        #expect(try results.withData(0) { String(decoding: $0, as: UTF8.self) } == "shard 1 doc 0")
        try all.keepAlive()
    }

    @Test func failuresAreErrors() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: XapianError.self) { try XapianDatabase.local(dir.appendingPathComponent("missing").path) }
        // Nothing listens on port 1 of the loopback interface.
        do {
            _ = try XapianDatabase.tcp(host: "127.0.0.1", port: 1, timeout: .seconds(2), connectTimeout: .seconds(2))
            Issue.record("connected to port 1")
        } catch {
            #expect(error.kind == .network)
            #expect(error.message.contains("127.0.0.1:1"))
        }
        let paths = try Self.twoShards(in: dir)
        let w = try XapianWritable(path: paths[0], .open)
        // A second writer finds the shard locked.
        do {
            _ = try XapianWritable(path: paths[0], .open)
            Issue.record("a second writer opened the shard")
        } catch {
            #expect(error.kind == .locked)
        }
        _ = w
    }
}
