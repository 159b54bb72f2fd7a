import Foundation
import Testing
import WendaKit

/// A private home whose corpus is small and known: two articles, one paragraph holding a
/// sentence that answers (40台服务器) beside one that does not (王小明).
struct ReviewHome {
    let home: TestHome
    var root: URL { home.root }
    var corpus: URL { root.appendingPathComponent("lab.jsonl") }
    var env: [String: String] { home.env }
    var storePath: String { home.storePath }

    static let articles = [
        #"{"id":"lab","title":"量子实验室的一年","author":"记者甲","date":"2025-01-02","text":"北京量子实验室去年买了40台服务器。实验室主任王小明毕业于清华大学。\n研究员们每天工作十个小时。\n实验室的咖啡机坏了三次。"}"#,
        #"{"id":"tea","title":"龙井茶","text":"龙井茶产于杭州西湖。\n每年清明前采摘的叫明前茶。"}"#,
    ]

    init(articles: [String] = ReviewHome.articles) throws {
        home = try TestHome()
        try (articles.joined(separator: "\n") + "\n").write(to: corpus, atomically: true, encoding: .utf8)
    }

    func remove() { home.remove() }

    /// The shell over piped lines (quoting one sentence an answer unless `top` says more).
    func shell(_ lines: [String], top: Int = 1, extra: [String] = []) throws -> Wenda.Result {
        try Wenda.run(["shell", "--corpus", corpus.path, "--top", String(top)] + extra,
                      stdin: lines.joined(separator: "\n") + "\n", env: env)
    }

    /// The id of the session a shell over piped `lines` began: the newest in the store.
    func newSession(_ lines: [String]) throws -> SessionID {
        _ = try shell(lines)
        return try #require(try TranscriptStore(path: storePath).sessions().first?.id)
    }

    func wenda(_ args: [String], stdin: String? = nil) throws -> Wenda.Result { try Wenda.run(args, stdin: stdin, env: env) }

    /// `sessions show ID --format json`, decoded.
    func json(_ id: String = "last") throws -> [String: Any] {
        let r = try wenda(["sessions", "show", id, "--format", "json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r)")
    }

    func turns(_ id: String = "last") throws -> [[String: Any]] {
        try #require(try json(id)["turns"] as? [[String: Any]])
    }
}

/// `wenda sessions` as a reviewer uses it: hits that say why they matched and open with
/// `show`, exit statuses a script can trust, ids that stay unique, deleting with care.
@Suite struct SessionsReviewTests {
    @Test func searchSaysWhyAHitMatchedAndShowOpensIt() throws {
        let h = try ReviewHome()
        defer { h.remove() }
        #expect(try h.shell(["北京量子实验室买了多少台服务器？", "龙井茶产于哪里？"]).status == 0)

        // 王小明 stands only in the paragraph the first answer quotes from, not in its quote.
        let r = try h.wenda(["sessions", "search", "王小明"])
        #expect(r.status == 0, "\(r)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let head = try #require(lines.first)
        let ref = try #require(head.split(separator: " ").first.map(String.init))
        #expect(ref.hasSuffix("#1"))
        #expect(head.contains("北京量子实验室买了多少台服务器？"))
        #expect(lines.contains { $0.hasPrefix("    passage ¶1: ") && $0.contains("«王小明»") }, "\(r.stdout)")
        #expect(!r.stdout.contains("#2"))

        // The ID#N it prints is what `sessions show` takes: that turn alone.
        let show = try h.wenda(["sessions", "show", ref])
        #expect(show.status == 0, "\(show)")
        #expect(show.stdout.contains("[1] "))
        #expect(show.stdout.contains("40台服务器"))
        #expect(!show.stdout.contains("龙井茶产于哪里？"))
        let two = try h.wenda(["sessions", "show", String(ref.dropLast()) + "2", "--format", "json"])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(two.stdout.utf8)) as? [String: Any])
        #expect((obj["turns"] as? [[String: Any]])?.map { $0["number"] as? Int } == [2])
        let missing = try h.wenda(["sessions", "show", String(ref.dropLast()) + "9"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("has no turn 9 (it has turns 1–2)"), "\(missing.stderr)")

        // A word in the question is marked there; several words, each marked.
        let q = try h.wenda(["sessions", "search", "龙井茶", "哪里"])
        #expect(q.stdout.contains("question: «龙井茶»产于«哪里»？"), "\(q.stdout)")

        // No match: nothing on stdout, exit 1, as grep.
        let none = try h.wenda(["sessions", "search", "木星"])
        #expect(none.status == 1)
        #expect(none.stdout.isEmpty)
        #expect(none.stderr.contains("Nothing in the transcripts matches '木星'."))
        let noneJSON = try h.wenda(["sessions", "search", "木星", "--format", "json"])
        #expect(noneJSON.status == 1 && noneJSON.stdout.isEmpty && noneJSON.stderr.isEmpty)
    }

    /// Ids sharing a long prefix are shown at a length that tells them apart, and each
    /// shown id opens its own session.
    @Test func sessionIDsAreUniqueAtTheLengthShown() throws {
        let h = try ReviewHome()
        defer { h.remove() }
        let store = try TranscriptStore(path: h.storePath)
        let ids = ["1m8xxs6twrt9g", "1m8xxs6twrt9h", "1m8xxs6tw0000", "1m8xy00000000"]
        for (i, id) in ids.enumerated() {
            try store.startSession(id: SessionID(rawValue: id), mode: .shell, corpus: "x", at: Date(timeIntervalSince1970: Double(1_700_000_000 + i)))
            try store.append(TranscriptTurn(question: "问题\(i)", answerText: "答", answerJSON: "{}", noAnswer: true, elapsedMs: 1), to: SessionID(rawValue: id))
        }
        let list = try h.wenda(["sessions", "list"])
        let shown = list.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: " ")[0]) }
        #expect(shown.count == 4)
        #expect(Set(shown).count == 4, "\(list.stdout)")
        #expect(shown.allSatisfy { $0.count == 13 })  // 1m8xxs6twrt9g and …h differ in the last character
        for (s, full) in zip(shown, ids.sorted(by: >)) {
            #expect(full.hasPrefix(s))
            #expect(try h.wenda(["sessions", "show", s]).stdout.contains("Session \(full)"))
        }
        // Apart from its neighbours, an id is shown shorter (never under 7 characters).
        try store.delete(SessionID(rawValue: "1m8xxs6twrt9h"))
        try store.delete(SessionID(rawValue: "1m8xxs6tw0000"))
        let short = try h.wenda(["sessions", "list"]).stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: " ")[0]) }
        #expect(short == ["1m8xy00", "1m8xxs6"])
        let search = try h.wenda(["sessions", "search", "问题"])
        #expect(search.stdout.contains("1m8xy00#1") && search.stdout.contains("1m8xxs6#1"), "\(search.stdout)")
    }

    @Test func deleteTakesLastAndAsksOnATerminal() throws {
        let h = try ReviewHome()
        defer { h.remove() }
        let help = try h.wenda(["sessions", "delete", "--help"])
        #expect(help.stdout.contains("`last`"))
        #expect(help.stdout.contains("--yes"))
        _ = try h.shell(["龙井茶产于哪里？"])
        _ = try h.shell(["北京量子实验室买了多少台服务器？"])
        // From a script (stdin not a terminal) it deletes, and says so with a singular.
        let piped = try h.wenda(["sessions", "delete", "last"])
        #expect(piped.status == 0)
        #expect(piped.stdout.contains("(1 turn)."), "\(piped.stdout)")
        #expect(try TranscriptStore(path: h.storePath).sessions().count == 1)
        // An unknown id among several deletes nothing.
        let bad = try h.wenda(["sessions", "delete", "last", "zzzz"])
        #expect(bad.status == 2)
        #expect(try TranscriptStore(path: h.storePath).sessions().count == 1)
    }

    @Test(.needsScript, .timeLimit(.minutes(1)))
    func deleteOnATerminalAsksFirst() throws {
        let h = try ReviewHome()
        defer { h.remove() }
        _ = try h.shell(["龙井茶产于哪里？"])
        let no = try PtySession(["sessions", "delete", "last"], env: h.env)
        defer { no.stop() }
        #expect(no.wait { $0.contains("[y/N]") }, "\(no.output)")
        #expect(no.output.contains("Delete session"))
        #expect(no.output.contains("1 turn"))
        no.type("n\n")
        #expect(no.exitStatus() == 0)
        #expect(no.output.contains("Nothing deleted."))
        #expect(try TranscriptStore(path: h.storePath).sessions().count == 1)
        let yes = try PtySession(["sessions", "delete", "last"], env: h.env)
        defer { yes.stop() }
        #expect(yes.wait { $0.contains("[y/N]") })
        yes.type("y\n")
        #expect(yes.exitStatus() == 0)
        #expect(try TranscriptStore(path: h.storePath).sessions().isEmpty)
        _ = try h.shell(["龙井茶产于哪里？"])
        let forced = try PtySession(["sessions", "delete", "--yes", "last"], env: h.env)
        defer { forced.stop() }
        #expect(forced.exitStatus() == 0)
        #expect(!forced.output.contains("[y/N]"))
        #expect(try TranscriptStore(path: h.storePath).sessions().isEmpty)
    }

    @Test func pruneTakesMonthsAndYearsAndRefusesNegativeAges() throws {
        let h = try ReviewHome()
        defer { h.remove() }
        let store = try TranscriptStore(path: h.storePath)
        var made: [SessionID] = []
        for days in [400.0, 40.0, 2.0] {
            let at = Date().addingTimeInterval(-days * 86400)
            let id = try store.startSession(mode: .pipe, corpus: "x", at: at)
            try store.append(TranscriptTurn(askedAt: at, question: "\(Int(days))天前", answerText: "答", answerJSON: "{}", noAnswer: true, elapsedMs: 1), to: id)
            made.append(id)
        }
        let year = try h.wenda(["sessions", "prune", "--older-than", "1y"])
        #expect(year.status == 0)
        #expect(year.stdout.contains("Deleted 1 session ") && year.stdout.contains(made[0].rawValue), "\(year.stdout)")
        #expect(year.stdout.contains("1 turn "))
        let month = try h.wenda(["sessions", "prune", "--older-than", "1mo"])
        #expect(month.stdout.contains(made[1].rawValue))
        #expect(try store.sessions().map(\.id) == [made[2]])
        for bad in ["-5d", "5", "3months"] {
            let r = try h.wenda(["sessions", "prune", "--older-than", bad])
            #expect(r.status == 2)
            #expect(r.stderr.contains("invalid value '\(bad)' for --older-than"), "\(r.stderr)")
        }
    }

    @Test func markdownSetsQuotesAndCitationsApartAndSaysOneTurn() throws {
        let h = try ReviewHome()
        defer { h.remove() }
        // Two quotes of one article and one of another, as the engine might give them.
        let store = try TranscriptStore(path: h.storePath)
        let id = try store.startSession(mode: .shell, corpus: h.corpus.path)
        func quote(_ text: String, _ doc: String, _ p: Int, highlight: [[Int]] = []) -> QuotedSentence {
            QuotedSentence(text: text, score: 1, highlight: highlight, citation: Citation(
                docId: doc, title: doc == "lab" ? "量子实验室的一年" : "龙井茶", author: "", date: "", source: h.corpus.path,
                paragraph: p, sentence: 1, start: 0, end: text.unicodeScalars.count))
        }
        let result = AnswerResult(question: "北京量子实验室买了多少台服务器？", noAnswer: false, answers: [
            quote("北京量子实验室去年买了40台服务器。", "lab", 1, highlight: [[11, 14]]), quote("研究员们每天工作十个小时。", "lab", 2),
            quote("龙井茶产于杭州西湖。", "tea", 1),
        ], passages: [], elapsedMs: 3)
        try store.append(TranscriptTurn(result: result, rendered: "“北京量子实验室去年买了40台服务器。” [1]"), to: id)
        let md = try h.wenda(["sessions", "export", "last", "--format", "markdown"]).stdout
        let lines = md.components(separatedBy: "\n")
        let quotes = lines.indices.filter { lines[$0].hasPrefix("> “") }
        #expect(quotes.count == 3, "\(md)")
        for i in quotes { #expect(lines[i + 1].isEmpty, "line after a quote: \(lines[i + 1])") }
        let citations = lines.indices.filter { lines[$0].hasPrefix("- [") }
        #expect(citations.count == quotes.count)
        #expect(lines[citations[0] - 1].isEmpty)
        #expect(md.contains("**40台**"))  // the answer span
        #expect(md.contains("- Turns: 1\n"))
        let text = try h.wenda(["sessions", "show", "last"]).stdout
        #expect(text.contains(", 1 turn\n"), "\(text)")
    }
}
