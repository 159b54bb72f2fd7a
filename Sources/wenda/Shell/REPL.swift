import Foundation
import WendaKit

/// The read–answer–print loop of `wenda` on a terminal, over any `LineReader` (libedit,
/// plain lines, or a script in tests). Lines starting with `/` are commands; anything
/// else is a question. Each answer is recorded in the transcript store before it is printed.
final class REPL {
    struct Command {
        let name: String
        let usage: String
        let help: String
    }

    static let commands: [Command] = [
        Command(name: "/help", usage: "/help", help: "this list"),
        Command(name: "/sources", usage: "/sources", help: "the citations of the last answer, in full"),
        Command(name: "/open", usage: "/open N | TITLE", help: "cited passage N with its neighbours, or an article by title (Tab completes)"),
        Command(name: "/more", usage: "/more", help: "more answers to the last question"),
        Command(name: "/history", usage: "/history [N]", help: "the last N lines you typed (default 20)"),
        Command(name: "/sessions", usage: "/sessions", help: "recent sessions (review them with `wenda sessions`)"),
        Command(name: "/new", usage: "/new", help: "start a new session"),
        Command(name: "/quit", usage: "/quit", help: "leave (or Ctrl-D)"),
    ]

    let backend: ShellBackend
    let reader: LineReader
    let output: ShellOutput
    let style: Style
    let renderer: ShellRenderer
    let recorder: TranscriptRecorder
    let top: Int
    let json: Bool
    /// Whether Ctrl-C can cancel an answer being computed.
    let cancellable: Bool

    /// The last question, and every answer shown for it so far (numbered 1…).
    private(set) var lastResult: AnswerResult?
    /// The session's context for follow-up questions.
    var conversation = Conversation()
    private(set) var shown: [QuotedSentence] = []

    init(backend: ShellBackend, reader: LineReader, output: ShellOutput, style: Style,
         recorder: TranscriptRecorder, top: Int = 3, json: Bool = false, cancellable: Bool = false) {
        self.backend = backend
        self.reader = reader
        self.output = output
        self.style = style
        self.renderer = ShellRenderer(style: style)
        self.recorder = recorder
        self.top = max(1, top)
        self.json = json
        self.cancellable = cancellable
        Completion.setCandidates(commands: Self.commands.map(\.name) + ["/exit"],
                                 titles: { [backend] in backend.titles })
    }

    var prompt: String { style.prompt("wenda> ") }

    var banner: String {
        let a = backend.count, p = backend.passageCount
        let what = "\(a) article\(a == 1 ? "" : "s"), \(p) passage\(p == 1 ? "" : "s")"
        return style.bold("wenda") + " — \(what) from \(backend.corpus). "
            + "Ask a question; " + style.accent("/help") + " for commands, Ctrl-D to leave.\n"
    }

    /// Runs until `/quit` or the end of input; returns the exit status.
    @discardableResult
    func run() -> Int32 {
        if reader.isInteractive { output.write(banner) }
        defer {
            recorder.end()
            reader.close()
        }
        while true {
            switch reader.readLine(prompt: reader.isInteractive ? prompt : "") {
            case .end:
                if reader.isInteractive { output.write("\n") }
                return 0
            case .interrupted:
                output.write("\n")
                continue
            case .line(let line):
                reader.remember(line)
                if !handle(line) { return 0 }
            }
        }
    }

    /// Handles one line; false when the shell should end.
    func handle(_ line: String) -> Bool {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return true }
        guard text.hasPrefix("/") else {
            ask(text)
            return true
        }
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts[0].lowercased()
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        switch name {
        case "/help", "/?": help()
        case "/sources": sources()
        case "/open": open(argument)
        case "/more": more()
        case "/history": history(argument)
        case "/sessions": sessions()
        case "/new": newSession()
        case "/quit", "/exit", "/q": return false
        default:
            output.write("Unknown command \(TerminalText.safe(parts[0])); type /help for the list.\n")
        }
        return true
    }

    // MARK: Questions

    func ask(_ question: String) {
        guard var result = compute(conversation.resolve(question), top: top) else {
            output.write(" " + style.dim("(cancelled)") + "\n")
            return
        }
        result.question = question
        lastResult = result
        shown = result.noAnswer ? [] : result.answers
        let plain = ShellRenderer(style: .plain).answer(result, titles: titles)
        // Committed before it is shown: an answer on the screen is in the store, whatever
        // happens next (a kill -9 loses at most a turn not yet shown).
        recorder.record(result, rendered: plain)
        if json {
            output.write(Self.jsonLine(result) + "\n")
        } else {
            output.write(renderer.answer(result, titles: titles))
        }
    }

    /// The title of an article, by id (for the nearest passages of a no-answer).
    var titles: (String) -> String? { { [backend] in backend.title(id: $0) } }

    /// The engine's answer, computed so Ctrl-C can abandon it; nil when cancelled.
    func compute(_ question: String, top: Int) -> AnswerResult? {
        guard cancellable, Interrupt.isInstalled else { return backend.engine.answer(question, top: top) }
        _ = Interrupt.take()
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let engine = backend.engine
        Thread.detachNewThread {
            box.set(engine.answer(question, top: top))
            done.signal()
        }
        while done.wait(timeout: .now()) == .timedOut {
            if Interrupt.wait(timeout: 0.05) { return nil }
        }
        return box.get()
    }

    final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: AnswerResult?
        func set(_ v: AnswerResult) { lock.withLock { value = v } }
        func get() -> AnswerResult? { lock.withLock { value } }
    }

    static func jsonLine(_ result: AnswerResult) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(result)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    // MARK: Commands

    func help() {
        var out = "Type a question (in Chinese or English) to get sentences quoted from the articles.\n"
        let width = Self.commands.map(\.usage.count).max() ?? 0
        for c in Self.commands {
            out += "  " + style.accent(c.usage) + String(repeating: " ", count: width - c.usage.count + 2) + c.help + "\n"
        }
        out += "Keys: arrows and emacs keys edit, Ctrl-R searches what you typed, Tab completes,\n"
        out += "Ctrl-C drops the line (or the answer), Ctrl-D leaves. Lines starting with a space stay out of history.\n"
        output.write(out)
    }

    func sources() {
        guard lastResult != nil else {
            output.write("No answer yet: ask a question first.\n")
            return
        }
        guard !shown.isEmpty else {
            output.write("The last question had no answer, so nothing is cited.\n")
            return
        }
        output.write(renderer.sources(shown, url: { backend.article(id: $0)?.url }))
    }

    func open(_ argument: String) {
        if argument.isEmpty {
            output.write("Usage: /open N (a citation of the last answer) or /open TITLE.\n")
            return
        }
        if let n = Int(argument) {
            guard !shown.isEmpty else {
                output.write("No citations yet: ask a question first (or /open TITLE).\n")
                return
            }
            guard n >= 1, n <= shown.count else {
                output.write("No citation [\(n)]: the last answer has [1]–[\(shown.count)].\n")
                return
            }
            let c = shown[n - 1].citation
            guard let article = backend.article(id: c.docId) else {
                output.write("The article \(TerminalText.safe(c.docId)) is not in the loaded corpus.\n")
                return
            }
            output.write(renderer.passage(article, paragraph: c.paragraph, quote: c.start..<c.end))
            return
        }
        let found = backend.articles(titled: argument)
        switch found.count {
        case 0:
            output.write("No article titled “\(TerminalText.safe(argument))”; Tab after /open lists the titles.\n")
        case 1:
            output.write(renderer.article(found[0]))
        default:
            var out = "\(found.count) articles match “\(TerminalText.safe(argument))”:\n"
            for a in found.prefix(10) { out += "  \(TerminalText.safe(a.title, keepNewlines: false))\n" }
            if found.count > 10 { out += "  …\n" }
            output.write(out)
        }
    }

    func more() {
        guard let last = lastResult else {
            output.write("No question yet: /more shows further answers to the last one.\n")
            return
        }
        guard let result = compute(last.question, top: shown.count + top) else {
            output.write(" " + style.dim("(cancelled)") + "\n")
            return
        }
        let known = Set(shown)
        let fresh = result.answers.filter { !known.contains($0) }.prefix(top)
        guard !result.noAnswer, !fresh.isEmpty else {
            output.write("No more answers to “\(TerminalText.safe(last.question))”.\n")
            return
        }
        let first = shown.count + 1
        shown += fresh
        output.write(renderer.answer(result, quotes: fresh[...], firstNumber: first, titles: titles))
    }

    func history(_ argument: String) {
        let n: Int
        if argument.isEmpty {
            n = 20
        } else if let v = Int(argument), v > 0 {
            n = v
        } else {
            output.write("Usage: /history [N], N a positive number.\n")
            return
        }
        let lines = reader.history
        guard !lines.isEmpty else {
            output.write("History is empty.\n")
            return
        }
        let startIndex = max(0, lines.count - n)
        var out = ""
        for (i, line) in lines.enumerated().dropFirst(startIndex) {
            out += style.dim(String(format: "%5d", i + 1)) + "  " + TerminalText.safe(line, keepNewlines: false) + "\n"
        }
        output.write(out)
    }

    func sessions() {
        guard let store = recorder.transcriptStore else {
            output.write("Transcripts are off (--no-transcript).\n")
            return
        }
        do {
            let list = try store.sessions(limit: 10)
            var out = TranscriptFormatter.list(list)
            if let current = recorder.sessionID {
                out = out.replacingOccurrences(of: current.rawValue + "  ", with: current.rawValue + "* ")
                out += "* this session. "
            }
            out += "Review with `wenda sessions show ID`.\n"
            output.write(out)
        } catch {
            output.error("wenda: \(error.localizedDescription)\n")
        }
    }

    func newSession() {
        recorder.end()
        lastResult = nil
        shown = []
        conversation = Conversation()
        output.write("New session: the next question starts it.\n")
    }
}
