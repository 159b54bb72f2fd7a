import Foundation
import Testing
import WendaKit

/// A private home for one test: XDG folders and a small corpus, in the temp folder.
struct TestHome {
    let root: URL
    var data: URL { root.appendingPathComponent("data") }
    var state: URL { root.appendingPathComponent("state") }
    var corpus: URL { root.appendingPathComponent("corpus.jsonl") }
    var env: [String: String] {
        ["XDG_DATA_HOME": data.path, "XDG_STATE_HOME": state.path, "HOME": root.path, "NO_COLOR": "1"]
    }
    var storePath: String { data.appendingPathComponent("wenda/transcripts.sqlite").path }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-home-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let lines = [
            #"{"id":"a1","title":"AI教母 李飞飞：学术界没钱","author":"新智元","date":"2024-04-23","text":"李飞飞说学术界没钱没资源。\n她向拜登建议多拨款，建设算力和数据集。\n斯坦福大学的自然语言处理小组只有68块GPU。"}"#,
            #"{"id":"a2","title":"AI教父 辛顿","text":"辛顿离开了谷歌。\n他担心人工智能的风险。"}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(to: corpus, atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Runs the shell on piped questions (transcript mode `shell`).
    func shell(_ questions: [String]) throws -> Wenda.Result {
        try Wenda.run(["shell", "--corpus", corpus.path], stdin: questions.joined(separator: "\n") + "\n", env: env)
    }

    func wenda(_ args: [String]) throws -> Wenda.Result {
        try Wenda.run(args, env: env)
    }
}

@Suite struct SessionsTests {
    @Test func listShowSearchExportDelete() throws {
        let home = try TestHome()
        defer { home.remove() }
        let empty = try home.wenda(["sessions", "list"])
        #expect(empty.status == 0)
        #expect(empty.stdout.contains("No sessions yet."))

        let r1 = try home.shell(["李飞飞说学术界缺什么？", "/sources", "辛顿离开了哪家公司？"])
        #expect(r1.status == 0, "\(r1.stderr)")
        let r2 = try home.shell(["斯坦福有多少块GPU？"])
        #expect(r2.status == 0)

        let list = try home.wenda(["sessions", "list"])
        #expect(list.status == 0)
        let rows = list.stdout.split(separator: "\n").dropFirst().map(String.init)
        #expect(rows.count == 2)
        #expect(rows[0].contains("斯坦福有多少块GPU？"))  // newest first
        #expect(rows[1].contains("李飞飞说学术界缺什么？"))
        #expect(rows[1].contains("shell"))
        // Ids are shown as short as keeps them unique (at least 7 characters).
        let older = String(rows[1].split(separator: " ")[0]), newer = String(rows[0].split(separator: " ")[0])
        #expect(older.count >= 7 && older != newer)

        // A short, unique prefix works; it is not the time part shared by both.
        let prefixLength = zip(older, newer).prefix(while: { $0 == $1 }).count + 1
        let show = try home.wenda(["sessions", "show", String(older.prefix(prefixLength))])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("Session \(older)"))
        #expect(show.stdout.contains("[1]"))
        #expect(show.stdout.contains("李飞飞说学术界缺什么？"))
        #expect(show.stdout.contains("[2]"))
        #expect(show.stdout.contains("辛顿离开了哪家公司？"))

        let json = try home.wenda(["sessions", "show", older, "--format", "json"])
        let obj = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect((obj?["id"] as? String)?.hasPrefix(older) == true)
        #expect(obj?["mode"] as? String == "shell")
        let turns = try #require(obj?["turns"] as? [[String: Any]])
        #expect(turns.count == 2)
        #expect((turns[0]["answer"] as? [String: Any])?["question"] as? String == "李飞飞说学术界缺什么？")

        let md = try home.wenda(["sessions", "export", older, "--format", "markdown"])
        #expect(md.stdout.hasPrefix("# wenda session \(older)"))
        #expect(md.stdout.contains("## 2. 辛顿离开了哪家公司？"))
        let out = home.root.appendingPathComponent("s.json")
        #expect(try home.wenda(["sessions", "export", "last", "--format", "json", "-o", out.path]).status == 0)
        #expect(try String(contentsOf: out, encoding: .utf8).contains(newer))

        // Chinese words, found inside questions and answers.
        let search = try home.wenda(["sessions", "search", "缺什么"])
        #expect(search.status == 0)
        #expect(search.stdout.contains("\(older)#1"))
        #expect(!search.stdout.contains(newer))
        #expect(try home.wenda(["sessions", "search", "GPU"]).stdout.contains("\(newer)#1"))
        #expect(try home.wenda(["sessions", "search", "辛顿"]).stdout.contains("\(older)#2"))
        let none = try home.wenda(["sessions", "search", "木星"])
        #expect(none.status == 1 && none.stdout.isEmpty)  // as grep
        #expect(none.stderr.contains("Nothing in the transcripts matches"))

        let del = try home.wenda(["sessions", "delete", older])
        #expect(del.status == 0)
        #expect(del.stdout.contains("Deleted session \(older) (2 turns)."))
        #expect(try home.wenda(["sessions", "search", "缺什么"]).status == 1)
        #expect(try home.wenda(["sessions", "list"]).stdout.split(separator: "\n").count == 2)
    }

    @Test func badAndAmbiguousIDsAreOneLineErrorsWithStatus2() throws {
        let home = try TestHome()
        defer { home.remove() }
        let store = try TranscriptStore(path: home.storePath)
        for id in ["01hf00000aaaa", "01hf00000abbb"] {
            try store.startSession(id: SessionID(rawValue: id), mode: .ask, corpus: "x")
        }
        for args in [["sessions", "show", "zzzz"], ["sessions", "show", "01hf"], ["sessions", "delete", "nope!"],
                     ["sessions", "export", "01hf0000"], ["sessions", "prune", "--older-than", "30x"]] {
            let r = try home.wenda(args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        }
        #expect(try home.wenda(["sessions", "show", "01hf"]).stderr.contains("matches 2 sessions"))
        #expect(try home.wenda(["sessions", "show", "zzzz"]).stderr.contains("no session matches 'zzzz'"))
        #expect(try home.wenda(["sessions", "show", "01HF00000AB"]).status == 0)
    }

    @Test func pruneOlderThan() throws {
        let home = try TestHome()
        defer { home.remove() }
        let store = try TranscriptStore(path: home.storePath)
        let old = Date().addingTimeInterval(-40 * 86400)
        let oldID = try store.startSession(mode: .pipe, corpus: "x", at: old)
        try store.append(TranscriptTurn(askedAt: old, question: "旧的问题", answerText: "旧", answerJSON: "{}", noAnswer: true, elapsedMs: 1), to: oldID)
        let midID = try store.startSession(mode: .ask, corpus: "x", at: Date().addingTimeInterval(-2 * 86400))
        _ = try home.shell(["辛顿离开了哪家公司？"])

        let dry = try home.wenda(["sessions", "prune", "--older-than", "30d", "--dry-run"])
        #expect(dry.stdout.contains("Would delete 1 session"))
        #expect(try store.sessions().count == 3)
        let prune = try home.wenda(["sessions", "prune", "--older-than", "30d"])
        #expect(prune.status == 0)
        #expect(prune.stdout.contains("Deleted 1 session"))
        #expect(prune.stdout.contains(oldID.rawValue))
        #expect(try store.sessions().count == 2)
        #expect(try home.wenda(["sessions", "prune", "--older-than", "1w"]).stdout.contains("Deleted 0 sessions"))
        #expect(try home.wenda(["sessions", "prune", "--older-than", "24h"]).stdout.contains(midID.rawValue))
        #expect(try store.sessions().count == 1)
    }

    @Test func noTranscriptRecordsNothing() throws {
        let home = try TestHome()
        defer { home.remove() }
        let r = try Wenda.run(["shell", "--corpus", home.corpus.path, "--no-transcript"], stdin: "辛顿离开了哪家公司？\n", env: home.env)
        #expect(r.status == 0)
        #expect(try home.wenda(["sessions", "list"]).stdout.contains("No sessions yet."))
    }

    /// Two shells and more, writing at once: nothing locked, nothing lost or mixed.
    @Test func concurrentShellsLoseNoTurns() async throws {
        let home = try TestHome()
        defer { home.remove() }
        let processes = 4, each = 15
        let results = try await withThrowingTaskGroup(of: Wenda.Result.self) { group in
            for p in 0..<processes {
                group.addTask {
                    try home.shell((1...each).map { "第\(p)个shell的问题\($0)：辛顿离开了哪家公司？" })
                }
            }
            var out: [Wenda.Result] = []
            for try await r in group { out.append(r) }
            return out
        }
        for r in results {
            #expect(r.status == 0)
            #expect(!r.stderr.contains("locked"), "\(r.stderr)")
        }
        let store = try TranscriptStore(path: home.storePath)
        let sessions = try store.sessions()
        #expect(sessions.count == processes)
        for s in sessions {
            let t = try #require(try store.transcript(s.id))
            #expect(t.turns.map(\.number) == Array(1...each))
            let tag = t.turns[0].question.prefix(3)
            #expect(t.turns.allSatisfy { $0.question.hasPrefix(tag) })
        }
    }

    @Test func pathsFollowTheEnvironment() throws {
        let home = try TestHome()
        defer { home.remove() }
        let r = try home.wenda(["paths"])
        #expect(r.status == 0)
        #expect(r.stdout.contains(home.state.appendingPathComponent("wenda/history").path))
        #expect(r.stdout.contains(home.storePath))
        var env = home.env
        env["WENDA_HISTORY"] = home.root.appendingPathComponent("h.txt").path
        let j = try Wenda.run(["paths", "--json", "--corpus", home.corpus.path], env: env)
        let obj = try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: String]
        #expect(obj?["history"] == home.root.appendingPathComponent("h.txt").path)
        #expect(obj?["transcripts"] == home.storePath)
        #expect(obj?["corpus"] == home.corpus.path)
    }
}
