import Foundation
import Testing

/// `wenda build --engine xapian --shards N` and asking its shards, end to end: the same
/// answers as wenda's own engine from `ask`, piped runs and `--json`; the same shell
/// (`/more`, `/open`, `/sources`, a follow-up); a build again changes only what changed
/// and another shard count moves only what must move; a folder of other files is refused;
/// a shard nobody serves is one line naming it.
@Suite struct ShardEngineTests {
    static let questions = ["南京长江大桥的公路桥全长多少米？", "谁设计了这座桥？", "龙井茶产于哪里？",
                            "斯坦福大学的自然语言处理小组有多少块GPU？", "量子计算机的工作原理是什么？",
                            "How many GPUs does the Stanford NLP group have?"]

    /// A folder of articles: the seed and the answering fixtures, copied.
    static func sources(in dir: URL) throws -> URL {
        let src = dir.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: src, withIntermediateDirectories: true)
        let root = Wenda.packageRoot
        for from in ["seeds/000_4c1bf5412017dcdf.txt", "Tests/WendaKitTests/Fixtures/answer/nanjing_bridge.txt",
                     "Tests/WendaKitTests/Fixtures/answer/longjing_tea.txt",
                     "Tests/WendaKitTests/Fixtures/english/university_compute.md"] {
            let url = root.appendingPathComponent(from)
            try FileManager.default.copyItem(at: url, to: src.appendingPathComponent(url.lastPathComponent))
        }
        return src
    }

    /// JSON lines without their timings.
    static func untimed(_ s: String) -> String {
        s.replacing(#/"elapsed_ms":[0-9.e-]+/#, with: "\"elapsed_ms\":0")
    }

    @Test func shardsAnswerAsWendasOwnEngine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-shard-engine-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let src = try Self.sources(in: dir)
        let own = dir.appendingPathComponent("own").path, shards = dir.appendingPathComponent("shards").path
        #expect(try Wenda.run(["build", src.path, "--out", own]).status == 0)
        let built = try Wenda.run(["build", src.path, "--engine", "xapian", "--shards", "2", "--out", shards])
        #expect(built.status == 0, "\(built)")
        #expect(built.stderr.contains("4 articles"))
        #expect(built.stderr.contains("(2 Xapian shards: 4 added, 0 replaced, 0 removed, 0 unchanged)"), "\(built.stderr)")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: shards))
        #expect(names == ["shard-0", "shard-1", "shards.stub"])

        for q in Self.questions {
            let a = try Wenda.run(["ask", "--no-transcript", "--corpus", own, q])
            let b = try Wenda.run(["ask", "--no-transcript", "--corpus", shards, q])
            #expect(a.status == b.status && a.stdout == b.stdout && b.stderr.isEmpty, "\(q)\n\(a)\n\(b)")
        }
        let piped = Self.questions.joined(separator: "\n") + "\n"
        let pa = try Wenda.run(["--json", "--no-transcript", "--corpus", own], stdin: piped)
        let pb = try Wenda.run(["--json", "--no-transcript", "--corpus", "\(shards)/shards.stub"], stdin: piped)
        #expect(pa.status == 0 && pb.status == 0)
        #expect(Self.untimed(pa.stdout) == Self.untimed(pb.stdout))
        #expect(pb.stdout.split(separator: "\n").count == Self.questions.count)

        // The shell, its commands and a follow-up.
        let session = "南京长江大桥的公路桥全长多少米？\n/more\n/sources\n/open 1\n它是谁设计的？\n/open 龙井\n/quit\n"
        let sa = try Wenda.run(["shell", "--no-transcript", "--corpus", own], stdin: session)
        let sb = try Wenda.run(["shell", "--no-transcript", "--corpus", shards], stdin: session)
        #expect(sa.status == 0 && sb.status == 0)
        #expect(sa.stdout.replacingOccurrences(of: own, with: "CORPUS") == sb.stdout.replacingOccurrences(of: shards, with: "CORPUS"),
                "\(sa.stdout)\n-----\n\(sb.stdout)")
        #expect(sb.stdout.contains("4589"))
    }

    @Test func aBuildAgainChangesOnlyWhatChanged() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-shard-build-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let src = try Self.sources(in: dir)
        let shards = dir.appendingPathComponent("shards").path
        func build(_ n: Int) throws -> String {
            let r = try Wenda.run(["build", src.path, "--engine", "xapian", "--shards", "\(n)", "--out", shards])
            #expect(r.status == 0, "\(r)")
            return r.stderr
        }
        func ask(_ corpus: String = shards) throws -> String {
            try Wenda.run(["ask", "--no-transcript", "--corpus", corpus, "龙井茶的采摘从什么时候开始？"]).stdout
        }
        #expect(try build(2).contains("4 added, 0 replaced, 0 removed, 0 unchanged"))
        #expect(try build(2).contains("0 added, 0 replaced, 0 removed, 4 unchanged"))
        // An article edited is replaced, one gone is deleted: the answers are those of the
        // articles as they are now.
        let tea = src.appendingPathComponent("longjing_tea.txt")
        try (String(contentsOf: tea, encoding: .utf8) + "\n龙井茶的采摘从清明前开始。\n").write(to: tea, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: src.appendingPathComponent("university_compute.md"))
        #expect(try build(2).contains("0 added, 1 replaced, 1 removed, 2 unchanged"))
        let fresh = dir.appendingPathComponent("fresh").path
        #expect(try Wenda.run(["build", src.path, "--out", fresh]).status == 0)
        let now = try ask()
        #expect(now.contains("清明前"))
        #expect(now == (try ask(fresh)))
        // Another shard count: what moves is replaced, the rest stays; a shard left empty is removed.
        #expect(try build(3).contains("3 Xapian shards: 0 added"))
        #expect(try ask() == now)
        #expect(try build(1).contains("1 Xapian shard: 0 added"))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: shards)) == ["shard-0", "shards.stub"])
        #expect(try ask() == now)
    }

    @Test func aFolderOfOtherFilesIsRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-shard-refuse-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let src = try Self.sources(in: dir)
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: out.appendingPathComponent("notes.txt"))
        let r = try Wenda.run(["build", src.path, "--engine", "xapian", "--out", out.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("notes.txt was not written by a build of Xapian shards"), "\(r.stderr)")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: out.path)) == ["notes.txt"])
        let wrongShards = try Wenda.run(["build", src.path, "--shards", "2", "--out", out.path])
        #expect(wrongShards.status == 2 && wrongShards.stderr.contains("--shards is for --engine xapian"))
    }

    @Test func aShardNobodyServesIsOneLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-shard-dead-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // A port nothing listens on: bound, then let go.
        let port = Self.freePort()
        let stub = dir.appendingPathComponent("team.stub")
        try Data("# a shard that is down\nremote 127.0.0.1:\(port)\n".utf8).write(to: stub)
        let r = try Wenda.run(["ask", "--corpus", stub.path, "龙井茶产于哪里？"], env: ["WENDA_SHARD_TIMEOUT": "2"], timeout: 60)
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 1 && lines[0].hasPrefix("wenda: shard 0 (remote 127.0.0.1:\(port)): "), "\(r.stderr)")
        let bad = dir.appendingPathComponent("bad.stub")
        try Data("remote nowhere\n".utf8).write(to: bad)
        let b = try Wenda.run(["ask", "--corpus", bad.path, "问题"])
        #expect(b.status == 2 && b.stderr.contains("bad.stub:1: remote needs HOST:PORT or :PROGRAM ARGS"), "\(b.stderr)")
    }

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &a) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        return Int(UInt16(bigEndian: a.sin_port))
    }
}
