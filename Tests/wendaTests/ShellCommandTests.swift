import Foundation
import Testing
import WendaKit
@testable import wenda

/// The shell's bare words (psql's manners), `/top`, `/corpus` and what it pages.
@Suite struct ShellCommandTests {
    func run(_ lines: [String], interactive: Bool = true, store: TranscriptStore? = nil,
             loadCorpus: @escaping (String) throws -> ShellBackend = { _ in throw CocoaError(.fileNoSuchFile) })
        -> (status: Int32, out: CapturedOutput, reader: ScriptedLineReader)
    {
        let reader = ScriptedLineReader(lines.map { .line($0) }, interactive: interactive)
        let out = CapturedOutput()
        let repl = REPL(backend: ShellFixture.backend(), reader: reader, output: out, style: .plain,
                        recorder: TranscriptRecorder(store: store, mode: .shell, corpus: "fixtures"), loadCorpus: loadCorpus)
        return (repl.run(), out, reader)
    }

    @Test(arguments: ["exit", "quit", "\\q", "EXIT", "  Quit  ", "/exit", "/q", "/quit"])
    func wordsThatLeave(_ word: String) throws {
        let store = try ShellFixture.store()
        let r = run([word, "李飞飞说了什么"], store: store)
        #expect(r.status == 0)
        #expect(r.reader.script.count == 1, "\(word) did not leave")
        #expect(!r.out.text.contains("No answer"))
        #expect(try store.sessions().isEmpty)  // not asked as a question
    }

    @Test func helpAndClearAloneAreCommands() throws {
        let store = try ShellFixture.store()
        let r = run(["help", "\\?", "clear", "Help"], store: store)
        #expect(r.out.text.components(separatedBy: "/corpus [PATH]").count == 4)  // the list, three times
        #expect(r.out.text.contains("exit, quit or \\q leave"))  // /help says so
        #expect(r.out.text.contains("\u{1B}[H\u{1B}[2J"))
        #expect(!r.out.text.contains("No answer"))
        #expect(try store.sessions().isEmpty)
        // Only alone on a line: in a sentence they are words of a question.
        let asked = run(["help me find 辛顿"])
        #expect(asked.out.text.contains(AnswerPrinter.noAnswer) || asked.out.text.contains("[1]"))
        // Piped, `clear` writes no escape into the output.
        let piped = run(["clear", "/clear"], interactive: false)
        #expect(!piped.out.text.contains("\u{1B}"))
    }

    @Test func topShowsAndSetsHowManyQuotes() {
        let r = run(["/top", "/top 2", "李飞飞说了什么", "/more", "/top 0", "/top x", "/top 101", "/top"])
        let text = r.out.text
        #expect(text.contains("Answers quote up to 3 sentences; /top N changes it."))
        #expect(text.contains("Answers now quote up to 2 sentences."))
        #expect(text.contains("“李飞飞向拜登谏言。” [2]\n\nAI教母 李飞飞"))  // two quotes, then the citations
        #expect(text.contains("“李飞飞要算力。” [3]"))  // /more goes on by two
        #expect(text.contains("“李飞飞要数据。” [4]"))
        #expect(!text.contains("[5]"))
        #expect(text.components(separatedBy: "Usage: /top N, N a number from 1 to 100.").count == 4)
        #expect(text.contains("Answers quote up to 2 sentences; /top N changes it."))
    }

    @Test func corpusShowsAndSwitches() throws {
        let store = try ShellFixture.store()
        let other = [ShellFixture.article("b1", "长江", "长江全长6300公里。\n长江流经十一个省。")]
        var asked: [String] = []
        let r = run(["/corpus", "李飞飞说了什么", "/corpus missing", "/corpus other", "/corpus", "/open 1",
                     "长江全长多少", "/open 长江", "/open AI教父"],
                    store: store,
                    loadCorpus: { path in
                        asked.append(path)
                        guard path == "other" else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
                        return ShellBackend(engine: FixtureEngine(articles: other), articles: other, corpus: "other")
                    })
        let text = r.out.text
        #expect(asked == ["missing", "other"])
        #expect(text.contains("Answering from 2 articles, 5 paragraphs from fixtures."))
        #expect(r.out.errors.hasPrefix("wenda: "))
        #expect(r.out.errors.split(separator: "\n").count == 1)
        #expect(text.contains("Still answering from fixtures."))
        #expect(text.contains("Now answering from 1 article, 2 paragraphs from other; the next question starts a new session."))
        #expect(text.contains("Answering from 1 article, 2 paragraphs from other (the corpus from /corpus)."))
        #expect(text.contains("No citations yet"))  // the old citations went with the old corpus
        #expect(text.contains("“长江全长6300公里。” [1]"))
        #expect(text.contains("¶2 长江流经十一个省。"))
        #expect(text.contains("No article titled “AI教父”"))
        // Two sessions, each recorded with its corpus.
        let sessions = try store.sessions()
        #expect(sessions.count == 2)
        #expect(Set(sessions.map(\.corpus)) == ["fixtures", "other"])
    }

    @Test func longOutputGoesToThePagerAndAnswersDoNot() {
        let r = run(["李飞飞说了什么", "/sources", "/open 1", "/open AI教父", "/history", "/help", "/more"])
        #expect(r.out.paged.count == 5)
        #expect(r.out.paged[0].contains("    source:    fixtures/a1.txt"))
        #expect(r.out.paged[2].contains("¶1 辛顿离开了谷歌。"))
        #expect(!r.out.paged.contains { $0.contains("“李飞飞说学术界没钱。” [1]") })
    }

    /// The built shell, questions piped: `/corpus PATH` reads another corpus and answers
    /// from it, a path that cannot be read leaves it as it was, `/top 1` quotes one sentence.
    @Test func corpusAndTopThroughTheBinary() throws {
        let home = try TestHome()
        defer { home.remove() }
        let other = home.root.appendingPathComponent("changjiang.jsonl")
        try #"{"id":"b1","title":"长江","text":"长江全长6300公里，流经十一个省。\n长江是中国第一长河。\n长江流域人口众多。"}"#
            .appending("\n").write(to: other, atomically: true, encoding: .utf8)
        let r = try home.shell([
            "/corpus", "斯坦福大学的自然语言处理小组有多少块GPU？", "/corpus \(other.path)", "/corpus",
            "长江全长多少公里？", "/corpus \(home.root.path)/nothing-here", "/top 1", "长江全长多少公里？",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let out = r.stdout
        #expect(out.contains("Answering from 2 articles, 5 paragraphs from \(home.corpus.path) (the corpus from --corpus)."))
        #expect(out.contains("68块GPU"))
        #expect(out.contains("Now answering from 1 article, 3 paragraphs from \(other.path); the next question starts a new session."))
        #expect(out.contains("Answering from 1 article, 3 paragraphs from \(other.path) (the corpus from /corpus)."))
        #expect(out.contains("“长江全长6300公里，流经十一个省。” [1]"))
        #expect(out.contains("Still answering from \(other.path)."))
        #expect(r.stderr.split(separator: "\n").filter { $0.contains("nothing-here") }.count == 1)
        #expect(out.contains("Answers now quote up to 1 sentence."))
        let last = try #require(out.components(separatedBy: "Answers now quote up to 1 sentence.").last)
        #expect(last.contains("[1]") && !last.contains("[2]"))
        let shown = try home.wenda(["sessions", "show", "last"])
        #expect(shown.stdout.contains("corpus \(other.path), 2 turns"), "\(shown.stdout.prefix(300))")
        #expect(try home.wenda(["sessions", "list"]).stdout.split(separator: "\n").count == 3)  // a header and two sessions
        // With the corpus from the environment, /corpus says so.
        var env = home.env
        env["WENDA_CORPUS"] = other.path
        let fromEnv = try Wenda.run(["shell"], stdin: "/corpus\n", env: env, cwd: home.root)
        #expect(fromEnv.stdout.contains("Answering from 1 article, 3 paragraphs from \(other.path) (the corpus from WENDA_CORPUS)."),
                "\(fromEnv.stdout)\(fromEnv.stderr)")
    }
}
