import Foundation
import Testing
import WendaKit
@testable import wenda

/// An article that tries to retitle the window and clear the screen.
enum HostileFixture {
    static let osc = "\u{1B}]0;pwned\u{07}"
    static let clear = "\u{1B}[2J"

    static let article = ShellFixture.article(
        "evil", "坏标题\(osc)", "李飞飞说\(osc)学术界没钱\(clear)。\n李飞飞\u{08}\u{08}\r又说\u{9B}31m话\u{202E}了。")

    static func backend() -> ShellBackend {
        ShellBackend(engine: FixtureEngine(articles: [article]), articles: [article], corpus: "fixtures")
    }

    /// The real engine over two short articles, one about 李飞飞 and one about 辛顿.
    static let engine: AnswerEngine = {
        let jsonl = #"""
            {"id":"a1","title":"AI教母 李飞飞：学术界没钱","author":"新智元","date":"2024-04-23","text":"李飞飞说学术界没钱没资源。\n她向拜登建议多拨款，建设算力和数据集。\n斯坦福大学的自然语言处理小组只有68块GPU。"}
            {"id":"a2","title":"AI教父 辛顿","text":"辛顿离开了谷歌。\n他担心人工智能的风险。"}
            """#
        return AnswerEngine(articles: ArticleReader.read(Data(jsonl.utf8), source: "hostile.jsonl").articles)
    }()

    static func engineBackend() -> ShellBackend { ShellBackend(engine: engine, corpus: "hostile.jsonl") }

    /// Only wenda's own colour sequences (`ESC [ digits ; m`) may be in `text`.
    static func onlyOwnEscapes(_ text: String) -> Bool {
        let s = Array(text.unicodeScalars)
        var i = 0
        while i < s.count {
            let c = s[i]
            if c == "\u{1B}" {
                guard i + 1 < s.count, s[i + 1] == "[" else { return false }
                var j = i + 2
                while j < s.count, ("0"..."9").contains(s[j]) || s[j] == ";" { j += 1 }
                guard j < s.count, s[j] == "m" else { return false }
                i = j + 1
                continue
            }
            if (c.value < 0x20 && c != "\n" && c != "\t" && c != "\u{1}" && c != "\u{2}") || (0x7F...0x9F).contains(c.value) { return false }
            if (0x202A...0x202E).contains(c.value) || (0x2066...0x2069).contains(c.value) { return false }
            i += 1
        }
        return true
    }
}

@Suite struct HardeningShellTests {
    func run(_ lines: [String], backend: ShellBackend = ShellFixture.backend(), style: Style = .plain,
             store: TranscriptStore? = nil) -> CapturedOutput {
        let out = CapturedOutput()
        let repl = REPL(backend: backend, reader: ScriptedLineReader(lines: lines), output: out, style: style,
                        recorder: TranscriptRecorder(store: store, mode: .shell, corpus: "fixtures"))
        repl.run()
        return out
    }

    /// Quoting the hostile article, its sources, its passage and the whole of it: ESC and
    /// BEL never reach the output, in colour or not.
    @Test(arguments: [false, true])
    func hostileArticleIsShownNotObeyed(colour: Bool) throws {
        let store = try ShellFixture.store()
        let out = run(["李飞飞说了什么", "/sources", "/more", "/open 1", "/open 坏标题", "/history"],
                      backend: HostileFixture.backend(), style: Style(enabled: colour), store: store)
        let text = out.text
        #expect(text.contains("学术界没钱"))
        #expect(text.contains("␛]0;pwned␇"))
        #expect(text.contains("␛[2J"))
        #expect(!text.contains("\u{07}"))
        #expect(!text.contains("\u{1B}]"))
        #expect(!text.contains("\u{1B}[2J"))
        #expect(HostileFixture.onlyOwnEscapes(text), "\(text.debugDescription)")
        if !colour { #expect(!text.contains("\u{1B}")) }
        // What the store keeps is shown safely later too (sessions show, list, search, export).
        let t = try #require(try store.transcript(try store.resolve("last")))
        for shown in [TranscriptFormatter.text(t), TranscriptMarkdown.render(t), TranscriptFormatter.list(try store.sessions()),
                      TranscriptFormatter.searchHits(try store.search("李飞飞"))] {
            #expect(!shown.contains("\u{1B}") && !shown.contains("\u{07}"), "\(shown.debugDescription)")
        }
        // JSON keeps the text as it is, escaped by the encoder.
        let json = TranscriptJSON.pretty(t)
        #expect(!json.contains("\u{1B}"))
        #expect(json.contains("\\u001b") || json.contains("\\u001B"))
    }

    /// What a hostile question must get from the real engine: no question, no answer, an
    /// unknown command, or the sentence the clean question quotes (or lists as nearest).
    enum Reply: Sendable { case noQuestion, noAnswer, unknownCommand, mentions(String) }

    struct HostileCase: Sendable, CustomTestStringConvertible {
        var question: String
        var reply: Reply
        var testDescription: String { String(question.prefix(24).debugDescription) }
    }

    /// The answer the clean question gets from `HostileFixture.engine`.
    static let lifeifei = "李飞飞说学术界没钱没资源。"

    static let hostileCases: [HostileCase] = [
        .init(question: "", reply: .noQuestion),
        .init(question: "   \t  ", reply: .noQuestion),
        .init(question: String(repeating: "李飞飞说了什么", count: 15_000), reply: .mentions(lifeifei)),  // 315 KB (1 MB: the piped test)
        .init(question: "李飞\u{0}飞\u{1B}[2J说了\u{07}什么\u{1B}]0;pwned\u{07}", reply: .mentions(lifeifei)),
        .init(question: "？？！！。。，，", reply: .noAnswer),
        .init(question: "...!!!???", reply: .noAnswer),
        .init(question: "的了吗", reply: .noAnswer),
        .init(question: "的的的的了了了吗吗", reply: .noAnswer),
        .init(question: "😀🎉👍", reply: .noAnswer),
        .init(question: "李飞飞 said 什么 про ИИ、そして한국어", reply: .mentions(lifeifei)),
        .init(question: "\u{202E}李飞飞说了什么", reply: .mentions(lifeifei)),
        .init(question: "/", reply: .unknownCommand),
        .init(question: "//", reply: .unknownCommand),
        .init(question: "/ open 1", reply: .unknownCommand),
        .init(question: "\u{FEFF}李飞飞", reply: .mentions(lifeifei)),
    ]

    /// Hostile questions to the real engine: the reply each deserves, never a crash, and
    /// nothing of the question obeyed by the terminal.
    @Test(arguments: hostileCases)
    func hostileQuestionGetsASensibleReply(_ c: HostileCase) {
        let out = run([c.question, "/more", "/sources", "/history 3"], backend: HostileFixture.engineBackend())
        let text = out.text
        #expect(HostileFixture.onlyOwnEscapes(text), "\(text.prefix(300).debugDescription)")
        let said = "\(text.prefix(600).debugDescription)"
        switch c.reply {
        case .noQuestion:
            #expect(text.contains("No question yet"), "\(said)")  // an empty line is no question
            #expect(!text.contains(AnswerPrinter.noAnswer) && !text.contains("[1]"), "\(said)")
        case .noAnswer:
            #expect(text.contains(AnswerPrinter.noAnswer), "\(said)")
            #expect(!text.contains("[1]"), "\(said)")
        case .unknownCommand:
            #expect(text.contains("Unknown command"), "\(said)")
            #expect(!text.contains(AnswerPrinter.noAnswer) && !text.contains("[1]"), "\(said)")
        case .mentions(let sentence):
            #expect(text.contains(sentence), "\(said)")
            #expect(!text.contains("辛顿离开了谷歌"), "\(said)")
        }
    }
}

@Suite struct HardeningPipedShellTests {
    /// The built shell reading hostile lines from a pipe: a 1 MB line, NUL and escapes, an
    /// empty and a blank line, invalid UTF-8. Every line gets a reply, nothing is obeyed.
    @Test func hostileLinesThroughThePipe() throws {
        let home = try TestHome()
        defer { home.remove() }
        var input = Data(String(repeating: "辛顿离开了哪家公司？", count: 35_000).utf8) + Data("\n".utf8)
        input += Data("辛顿\u{0}离开\u{1B}[2J了\u{07}哪里\u{1B}]0;pwned\u{07}\n\n   \n".utf8)
        input += Data([0xFF, 0xFE, 0xE4, 0xB8, 0x0A])  // invalid UTF-8
        input += Data("的了吗\n😀\n".utf8)
        let r = try Wenda.run(["shell", "--corpus", home.corpus.path], input: input, env: home.env)
        #expect(r.status == 0, "\(r.stderr)")
        let out = r.stdoutData
        #expect(!out.contains(0x1B) && !out.contains(0x07) && !out.contains(0))
        let text = String(decoding: out, as: UTF8.self)
        let replies = text.components(separatedBy: AnswerPrinter.noAnswer).count - 1 + text.components(separatedBy: "” [1]").count - 1
        #expect(replies == 5, "\(text.prefix(2000))")
        let stored = try TranscriptStore(path: home.storePath).transcript(try TranscriptStore(path: home.storePath).resolve("last"))
        #expect(stored?.turns.count == 5)
    }
}
