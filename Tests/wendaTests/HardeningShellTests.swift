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
        for shown in [TranscriptFormatter.text(t), TranscriptFormatter.markdown(t), TranscriptFormatter.list(try store.sessions()),
                      TranscriptFormatter.searchHits(try store.search("李飞飞"), query: "李飞飞")] {
            #expect(!shown.contains("\u{1B}") && !shown.contains("\u{07}"), "\(shown.debugDescription)")
        }
        // JSON keeps the text as it is, escaped by the encoder.
        let json = TranscriptFormatter.json(t)
        #expect(!json.contains("\u{1B}"))
        #expect(json.contains("\\u001b") || json.contains("\\u001B"))
    }

    /// Hostile questions: a sensible reply to each, never a crash. (Rerun these against the
    /// real engine once it is merged.)
    static let hostileQuestions: [String] = [
        "", "   \t  ", String(repeating: "李飞飞说了什么", count: 150_000),  // ~1 MB
        "李飞\u{0}飞\u{1B}[2J说了\u{07}什么\u{1B}]0;pwned\u{07}", "？？！！。。，，", "...!!!???", "的了吗", "的的的的了了了吗吗",
        "😀🎉👍", "李飞飞 said 什么 про ИИ、そして한국어", "\u{202E}李飞飞说了什么", "/", "//", "/ open 1", "\u{FEFF}李飞飞",
    ]

    @Test(arguments: hostileQuestions)
    func hostileQuestionGetsASensibleReply(_ question: String) {
        let out = run([question, "/more", "/sources", "/history 3"])
        #expect(HostileFixture.onlyOwnEscapes(out.text), "\(out.text.prefix(300).debugDescription)")
        let trimmed = question.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            #expect(out.text.contains("No question yet"))  // an empty line is no question
        } else if trimmed.hasPrefix("/") {
            #expect(out.text.contains("Unknown command") || out.text.contains("Usage"))
        } else {
            #expect(out.text.contains("No answer in the articles.") || out.text.contains("[1]"))
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
        let replies = text.components(separatedBy: "No answer in the articles.").count - 1 + text.components(separatedBy: "” [1]").count - 1
        #expect(replies == 5, "\(text.prefix(2000))")
        let stored = try TranscriptStore(path: home.storePath).transcript(try TranscriptStore(path: home.storePath).resolve("last"))
        #expect(stored?.turns.count == 5)
    }
}
