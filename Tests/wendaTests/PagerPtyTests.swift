import Foundation
import Testing

/// Output taller than the terminal goes through the pager on a terminal, as git and psql
/// do; never when piped, nor with `--no-pager` or an empty `WENDA_PAGER`/`PAGER`. The
/// pager here marks each line it is given.
@Suite(.serialized, .needsScript, .timeLimit(.minutes(2)))
struct PagerPtyTests {
    static let marker = "sed 's/^/PAGED: /'"

    /// A corpus of a 70-paragraph article and a short one.
    static func corpus(in home: TestHome) throws -> URL {
        let paragraphs = (1...70).map { "第\($0)段讲的是第\($0)件事。" }.joined(separator: "\\n")
        let lines = [
            #"{"id":"long","title":"长文","text":"\#(paragraphs)"}"#,
            #"{"id":"a2","title":"AI教父 辛顿","text":"辛顿离开了谷歌。\n他担心人工智能的风险。"}"#,
        ]
        let url = home.root.appendingPathComponent("pager.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func theShellPagesLongOutputOnly() throws {
        let home = try TestHome()
        defer { home.remove() }
        let corpus = try Self.corpus(in: home)
        var env = home.env
        env["WENDA_PAGER"] = Self.marker
        let session = try PtySession(["--corpus", corpus.path], env: env)
        defer { session.stop() }
        #expect(session.wait { session.prompts($0) >= 1 }, "no prompt: \(session.output)")
        session.type("/open 长文\r")
        #expect(session.wait { $0.contains("PAGED: ¶70 第70段") && session.prompts($0) >= 2 }, "\(session.output.suffix(500))")
        session.type("/open AI教父\r")
        #expect(session.wait { $0.contains("¶2 他担心") && session.prompts($0) >= 3 }, "\(session.output.suffix(500))")
        #expect(!session.output.contains("PAGED: ¶1 辛顿"))  // it fits on the screen
        session.type("/quit\r")
        #expect(session.exitStatus() == 0)
    }

    @Test(arguments: [
        (["--no-pager"], ["WENDA_PAGER": marker]),
        ([], ["WENDA_PAGER": "", "PAGER": marker]),
        ([], ["PAGER": ""]),
    ])
    func pagingTurnedOff(_ flags: [String], _ pagerEnv: [String: String]) throws {
        let home = try TestHome()
        defer { home.remove() }
        let corpus = try Self.corpus(in: home)
        var env = home.env
        for (k, v) in pagerEnv { env[k] = v }
        let session = try PtySession(["--corpus", corpus.path] + flags, env: env)
        defer { session.stop() }
        #expect(session.wait { session.prompts($0) >= 1 }, "no prompt: \(session.output)")
        session.type("/open 长文\r")
        #expect(session.wait { $0.contains("¶70 第70段") && session.prompts($0) >= 2 }, "\(session.output.suffix(500))")
        session.type("/quit\r")
        #expect(session.exitStatus() == 0)
        #expect(!session.output.contains("PAGED:"))
    }

    @Test func sessionsShowAndExplainArePagedOnATerminalOnly() throws {
        let home = try TestHome()
        defer { home.remove() }
        var env = home.env
        env["WENDA_PAGER"] = Self.marker
        let questions = (1...12).map { $0 % 2 == 0 ? "辛顿离开了哪家公司？" : "斯坦福大学的自然语言处理小组有多少块GPU？" }
        #expect(try home.shell(questions).status == 0)

        let shown = try PtySession(["sessions", "show", "last"], env: env)
        defer { shown.stop() }
        #expect(shown.exitStatus() == 0)
        #expect(shown.output.contains("PAGED: "), "\(shown.output.prefix(500))")
        #expect(shown.output.contains("辛顿离开了哪家公司"))
        let unpaged = try PtySession(["sessions", "show", "last", "--no-pager"], env: env)
        defer { unpaged.stop() }
        #expect(unpaged.exitStatus() == 0)
        #expect(unpaged.output.contains("辛顿离开了哪家公司") && !unpaged.output.contains("PAGED:"), "\(unpaged.output.prefix(800))")
        // Piped: never paged.
        let piped = try Wenda.run(["sessions", "show", "last"], env: env)
        #expect(piped.status == 0)
        #expect(piped.stdout.contains("辛顿离开了哪家公司") && !piped.stdout.contains("PAGED:"))

        let explained = try PtySession(["ask", "--explain", "--corpus", home.corpus.path, "斯坦福大学的自然语言处理小组有多少块GPU？"],
                                       env: env, rows: 8)
        defer { explained.stop() }
        #expect(explained.exitStatus() == 0)
        #expect(explained.output.contains("PAGED: passage a1"), "\(explained.output)")
        let short = try PtySession(["ask", "--corpus", home.corpus.path, "辛顿离开了哪家公司？"], env: env)
        defer { short.stop() }
        #expect(short.exitStatus() == 0)
        #expect(short.output.contains("谷歌") && !short.output.contains("PAGED:"))
    }
}
