import Foundation
import Testing
import WendaKit
@testable import wenda

/// Lines typed by a script, for driving the REPL.
final class ScriptedLineReader: LineReader {
    var script: [LineInput]
    var prompts: [String] = []
    private(set) var history: [String] = []
    var closed = false
    let isInteractive: Bool

    init(_ script: [LineInput], interactive: Bool = true) {
        self.script = script
        self.isInteractive = interactive
    }

    convenience init(lines: [String]) { self.init(lines.map { .line($0) }) }

    func readLine(prompt: String) -> LineInput {
        prompts.append(prompt)
        return script.isEmpty ? .end : script.removeFirst()
    }

    func remember(_ line: String) {
        if HistoryPolicy.keeps(line) { history.append(line) }
    }

    func close() { closed = true }
}

final class CapturedOutput: ShellOutput {
    var text = ""
    var errors = ""
    /// What was given to the pager (it is in `text` too).
    var paged: [String] = []
    func write(_ s: String) { text += s }
    func error(_ s: String) { errors += s }
    func page(_ s: String) {
        paged.append(s)
        text += s
    }
}

/// Ctrl-C fired by the test itself, never a signal to the test process.
final class ManualInterrupts: InterruptSource, @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false
    private let came = DispatchSemaphore(value: 0)

    func fire() {
        lock.withLock { fired = true }
        came.signal()
    }

    func take() -> Bool { lock.withLock { defer { fired = false }; return fired } }

    func wait(timeout: Double) -> Bool {
        if take() { return true }
        _ = came.wait(timeout: .now() + timeout)
        return take()
    }
}

/// Answers from fixed articles: every sentence holding the question's first two
/// characters, in order. Stands in for the engine.
struct FixtureEngine: QuestionAnswering {
    let articles: [Article]
    /// Called as an answer starts (a test holds the engine there).
    var onAnswer: (@Sendable () -> Void)?

    func answer(_ question: String, top: Int) -> AnswerResult {
        onAnswer?()
        let key = String(question.prefix(2))
        var answers: [QuotedSentence] = []
        for a in articles {
            for p in a.paragraphs {
                for s in p.sentences where a.slice(s.range).contains(key) {
                    answers.append(QuotedSentence(
                        text: a.slice(s.range), score: 1, highlight: [[0, 2]],
                        citation: Citation(docId: a.id, title: a.title, author: a.author, date: a.date, source: a.source,
                                           paragraph: p.number, sentence: s.number, start: s.range.lowerBound, end: s.range.upperBound)))
                }
            }
        }
        let top = Array(answers.prefix(top))
        return AnswerResult(question: question, noAnswer: top.isEmpty, answers: top, passages: [], elapsedMs: 1)
    }
}

enum ShellFixture {
    static func article(_ id: String, _ title: String, _ text: String) -> Article {
        Article(id: id, title: title, author: "新智元", date: "2024-04-23", source: "fixtures/\(id).txt", text: text,
                sourceOffsets: [], paragraphs: SentenceSplitter.paragraphs(in: text))
    }

    static let articles = [
        article("a1", "AI教母 李飞飞：学术界没钱",
                "导语在此。\n李飞飞说学术界没钱。李飞飞向拜登谏言。李飞飞要算力。李飞飞要数据。李飞飞很担心。\n斯坦福大学只有68块GPU。"),
        article("a2", "AI教父 辛顿", "辛顿离开了谷歌。\n他担心人工智能的风险。"),
    ]

    static func backend(onAnswer: (@Sendable () -> Void)? = nil) -> ShellBackend {
        ShellBackend(engine: FixtureEngine(articles: articles, onAnswer: onAnswer), articles: articles, corpus: "fixtures")
    }

    static func store() throws -> TranscriptStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-shell-\(UUID().uuidString)")
        return try TranscriptStore(path: dir.appendingPathComponent("transcripts.sqlite").path)
    }
}

@Suite struct ShellTests {
    func run(_ script: [LineInput], store: TranscriptStore? = nil, top: Int = 3, style: Style = .plain,
             backend: ShellBackend = ShellFixture.backend(),
             loadCorpus: @escaping (String) throws -> ShellBackend = { _ in throw CocoaError(.fileNoSuchFile) })
        -> (status: Int32, out: CapturedOutput, reader: ScriptedLineReader)
    {
        let reader = ScriptedLineReader(script)
        let out = CapturedOutput()
        let recorder = TranscriptRecorder(store: store, mode: .shell, corpus: "fixtures")
        let repl = REPL(backend: backend, reader: reader, output: out, style: style, recorder: recorder,
                        top: top, loadCorpus: loadCorpus)
        let status = repl.run()
        return (status, out, reader)
    }

    @Test func aQuestionIsAnsweredQuotedAndCited() throws {
        let store = try ShellFixture.store()
        let r = run([.line("李飞飞说了什么"), .line("/quit")], store: store)
        #expect(r.status == 0)
        #expect(r.out.text.contains("3 articles") == false)
        #expect(r.out.text.contains("2 articles, 5 paragraphs from fixtures"))  // banner
        #expect(r.out.text.contains("“李飞飞说学术界没钱。” [1]"))
        // The article's details once, then a short line per quote.
        #expect(r.out.text.contains("AI教母 李飞飞：学术界没钱 · 新智元 · 2024-04-23 · fixtures/a1.txt\n  [1] ¶2 sentence 1\n  [2] ¶2 sentence 2\n"))
        #expect(r.out.text.contains("[3]"))
        #expect(!r.out.text.contains("[4]"))
        #expect(r.reader.closed)
        // On disk once printed: one session, one turn, rendered without colour.
        let sessions = try store.sessions()
        #expect(sessions.count == 1)
        #expect(sessions[0].mode == .shell)
        let t = try #require(try store.transcript(sessions[0].id))
        #expect(t.turns.map(\.question) == ["李飞飞说了什么"])
        #expect(t.turns[0].answerText.contains("“李飞飞说学术界没钱。” [1]"))
        #expect(t.turns[0].answerResult?.answers.count == 3)
        #expect(sessions[0].endedAt != nil)
    }

    @Test func sourcesMoreAndOpen() throws {
        let r = run([.line("李飞飞说了什么"), .line("/sources"), .line("/more"), .line("/more"), .line("/open 4"),
                     .line("/open 9"), .line("/open AI教父"), .line("/open AI"), .line("/quit")])
        let text = r.out.text
        // /sources: every citation in full.
        #expect(text.contains("    source:    fixtures/a1.txt"))
        #expect(text.contains("    where:     paragraph 2, sentence 3, characters"))
        #expect(text.contains("    quote:     “李飞飞要算力。”"))
        // /more: the next answers, numbered on.
        #expect(text.contains("“李飞飞要数据。” [4]"))
        #expect(text.contains("“李飞飞很担心。” [5]"))
        #expect(text.contains("No more answers to “李飞飞说了什么”."))
        // /open 4: the cited paragraph with its neighbours, the quote marked.
        #expect(text.contains("¶1 导语在此。"))
        #expect(text.contains("【李飞飞要数据。】"))
        #expect(text.contains("¶3 斯坦福大学只有68块GPU。"))
        #expect(text.contains("No citation [9]: the last answer has [1]–[5]."))
        // /open TITLE (prefix), and an ambiguous one.
        #expect(text.contains("¶1 辛顿离开了谷歌。"))
        #expect(text.contains("2 articles match “AI”"))
    }

    @Test func unknownCommandsGetAOneLineHint() {
        let r = run([.line("/frobnicate now"), .line("/quit")])
        let lines = r.out.text.split(separator: "\n").filter { $0.contains("frobnicate") }
        #expect(lines == ["Unknown command /frobnicate; type /help for the list."])
    }

    @Test func quitStopsReadingAndEndOfInputExitsZero() {
        let r = run([.line("/quit"), .line("李飞飞说了什么")])
        #expect(r.status == 0)
        #expect(r.reader.script.count == 1)
        let eof = run([.line("/help")])
        #expect(eof.status == 0)
        #expect(eof.out.text.contains("/open N | TITLE"))
    }

    @Test func interruptedLinesAreDropped() {
        let r = run([.interrupted, .line("辛顿去哪了"), .interrupted, .end])
        #expect(r.status == 0)
        #expect(r.out.text.contains("“辛顿离开了谷歌。” [1]"))
        #expect(r.reader.prompts.count == 4)
    }

    @Test func commandsBeforeAnyQuestion() {
        let r = run([.line("/sources"), .line("/more"), .line("/open 1"), .line("/open"), .line("/history x")])
        #expect(r.out.text.contains("No answer yet: ask a question first."))
        #expect(r.out.text.contains("No question yet"))
        #expect(r.out.text.contains("No citations yet"))
        #expect(r.out.text.contains("Usage: /open N"))
        #expect(r.out.text.contains("Usage: /history [N]"))
    }

    @Test func noAnswerIsSaidHonestly() throws {
        let store = try ShellFixture.store()
        let r = run([.line("火星上有水吗"), .line("/sources")], store: store)
        #expect(r.out.text.contains(AnswerPrinter.noAnswer))
        #expect(r.out.text.contains("The last question had no answer"))
        let t = try #require(try store.transcript(try store.resolve("last")))
        #expect(t.turns[0].noAnswer)
    }

    @Test func historyKeepsTypedLinesButNotThoseStartingWithASpace() {
        let r = run([.line("辛顿去哪了"), .line(" 秘密"), .line("/history 5")])
        #expect(r.reader.history == ["辛顿去哪了", "/history 5"])
        #expect(r.out.text.contains("    1  辛顿去哪了"))
        #expect(!r.out.text.contains("秘密\n"))
    }

    @Test func newStartsANewSessionAndSessionsListsThem() throws {
        let store = try ShellFixture.store()
        let r = run([.line("辛顿去哪了"), .line("/new"), .line("李飞飞说了什么"), .line("/sessions")], store: store)
        #expect(try store.sessions().count == 2)
        #expect(r.out.text.contains("New session"))
        #expect(r.out.text.contains("* this session"))
        #expect(r.out.text.contains("李飞飞说了什么"))
    }

    @Test func sessionsWithoutTranscripts() {
        let r = run([.line("/sessions")])
        #expect(r.out.text.contains("Transcripts are off"))
    }

    @Test func colourOnlyWhenWanted() {
        #expect(Style.detect(environment: ["TERM": "xterm"], isTerminal: true).enabled)
        #expect(!Style.detect(environment: ["TERM": "xterm"], isTerminal: false).enabled)
        #expect(!Style.detect(environment: ["TERM": "dumb"], isTerminal: true).enabled)
        #expect(!Style.detect(environment: ["TERM": "xterm", "NO_COLOR": "1"], isTerminal: true).enabled)
        #expect(Style.detect(environment: ["TERM": "xterm", "NO_COLOR": ""], isTerminal: true).enabled)
        #expect(Style.detect(environment: ["FORCE_COLOR": "1"], isTerminal: false).enabled)
        let r = run([.line("李飞飞说了什么")], style: Style(enabled: true))
        #expect(r.out.text.contains("\u{1B}[1;33m李飞\u{1B}[0m"))  // the highlight
        #expect(r.reader.prompts[0].contains("\u{1}"))
        let plain = run([.line("李飞飞说了什么")])
        #expect(!plain.out.text.contains("\u{1B}"))
    }

    @Test func completionOfCommandsAndTitles() {
        let repl = REPL(backend: ShellFixture.backend(), reader: ScriptedLineReader([]), output: CapturedOutput(),
                        style: .plain, recorder: TranscriptRecorder(store: nil, mode: .shell, corpus: "x"))
        let completion = repl.completion
        #expect(completion.candidates(for: "/so") == ["/sources"])
        #expect(Set(completion.candidates(for: "/")).isSuperset(of: ["/help", "/open", "/quit", "/corpus", "/top"]))
        #expect(completion.candidates(for: "/open AI教母") == ["/open AI教母 李飞飞：学术界没钱"])
        #expect(completion.candidates(for: "/open ai").count == 2)
        #expect(completion.candidates(for: "李飞飞").isEmpty)
        #expect(Completion.commonPrefix(["/open AI教母 x", "/open AI教父 y"]) == "/open AI教")
    }

    /// Each shell completes from its own corpus: a second shell (another test running at
    /// the same time) changes nothing for the first.
    @Test func completionBelongsToItsShell() {
        func repl(_ backend: ShellBackend) -> REPL {
            REPL(backend: backend, reader: ScriptedLineReader([]), output: CapturedOutput(), style: .plain,
                 recorder: TranscriptRecorder(store: nil, mode: .shell, corpus: "x"))
        }
        let first = repl(ShellFixture.backend())
        let second = repl(HostileFixture.backend())
        #expect(first.completion.candidates(for: "/open AI教父") == ["/open AI教父 辛顿"])
        #expect(second.completion.candidates(for: "/open AI教父").isEmpty)
        #expect(second.completion.candidates(for: "/open 坏").count == 1)
        #expect(first.completion.candidates(for: "/open 坏").isEmpty)
    }

    @Test func jsonModePrintsTheContract() throws {
        let reader = ScriptedLineReader([.line("辛顿去哪了")])
        let out = CapturedOutput()
        let repl = REPL(backend: ShellFixture.backend(), reader: reader, output: out, style: .plain,
                        recorder: TranscriptRecorder(store: nil, mode: .shell, corpus: "x"), json: true)
        repl.run()
        let line = try #require(out.text.split(separator: "\n").first { $0.hasPrefix("{") })
        let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(obj?["no_answer"] as? Bool == false)
        #expect((obj?["answers"] as? [[String: Any]])?.first?["text"] as? String == "辛顿离开了谷歌。")
    }
}

/// Ctrl-C while an answer is being computed abandons it and prompts again. The engine
/// fires the interrupt as it starts and then holds on until released: a shell that waited
/// for it would print its answer.
@Suite struct ShellInterruptTests {
    @Test func ctrlCCancelsTheAnswerBeingComputed() throws {
        let store = try ShellFixture.store()
        let interrupts = ManualInterrupts()
        let release = DispatchSemaphore(value: 0)
        defer { release.signal() }
        let backend = ShellFixture.backend(onAnswer: {
            interrupts.fire()
            _ = release.wait(timeout: .now() + 10)
        })
        let reader = ScriptedLineReader([.line("辛顿去哪了"), .line("/quit")])
        let out = CapturedOutput()
        let repl = REPL(backend: backend, reader: reader, output: out, style: .plain,
                        recorder: TranscriptRecorder(store: store, mode: .shell, corpus: "x"), interrupts: interrupts)
        #expect(repl.run() == 0)
        #expect(out.text.contains("(cancelled)"))
        #expect(!out.text.contains("谷歌"))
        #expect(reader.script.isEmpty)  // it went on to read /quit
        #expect(try store.sessions().isEmpty)
    }
}
