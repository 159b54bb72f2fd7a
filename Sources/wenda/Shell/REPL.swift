import Foundation
import WendaKit

/// The read–answer–print loop of `wenda` on a terminal, over any `LineReader` (libedit,
/// plain lines, or a script in tests). Lines starting with `/` are commands (the table
/// below; what each does is in `REPL+Commands.swift`), a few bare words are taken as
/// psql takes them, and anything else is a question. Each answer is recorded in the
/// transcript store before it is printed.
final class REPL {
    struct Command: Sendable {
        let name: String
        /// Other names typed for it (not listed by Tab).
        var aliases: [String] = []
        let usage: String
        let help: String
        /// Does the command, given what follows its name; false ends the shell.
        let run: @Sendable (REPL, String) -> Bool
    }

    /// Every command, in the order `/help` lists them. A new one is a line here and a
    /// method in `REPL+Commands.swift`.
    static let commands: [Command] = [
        Command(name: "/help", aliases: ["/?"], usage: "/help", help: "this list") { r, _ in r.help(); return true },
        Command(name: "/sources", usage: "/sources", help: "the citations of the last answer, in full") { r, _ in r.sources(); return true },
        Command(name: "/open", usage: "/open N | TITLE", help: "cited passage N with its neighbours, or an article by title (Tab completes)") { r, a in r.open(a); return true },
        Command(name: "/more", usage: "/more", help: "more answers to the last question") { r, _ in r.more(); return true },
        Command(name: "/top", usage: "/top [N]", help: "how many sentences an answer quotes (show, or set to N)") { r, a in r.setTop(a); return true },
        Command(name: "/near-misses", usage: "/near-misses [on|off]", help: "quote what is near the question (19号线 for 20号线), framed as such, rather than say no answer") { r, a in r.setNearMisses(a); return true },
        Command(name: "/corpus", usage: "/corpus [PATH]", help: "the articles answered from (show, or switch to PATH)") { r, a in r.switchCorpus(a); return true },
        Command(name: "/history", usage: "/history [N]", help: "the last N lines you typed (default 20)") { r, a in r.history(a); return true },
        Command(name: "/sessions", usage: "/sessions", help: "recent sessions (review them with `wenda sessions`)") { r, _ in r.sessions(); return true },
        Command(name: "/good", usage: "/good [N] [NOTE]", help: "mark the last answer (or turn N) good, with a remark") { r, a in r.judge(.good, a); return true },
        Command(name: "/bad", usage: "/bad [N] [NOTE]", help: "mark the last answer (or turn N) bad, saying what is wrong") { r, a in r.judge(.bad, a); return true },
        Command(name: "/note", usage: "/note [N] TEXT", help: "attach a remark to the last answer (or turn N)") { r, a in r.note(a); return true },
        Command(name: "/unmark", usage: "/unmark [N]", help: "take back the mark of the last answer (or turn N)") { r, a in r.judge(nil, a); return true },
        Command(name: "/new", usage: "/new", help: "start a new session") { r, _ in r.newSession(); return true },
        Command(name: "/resume", usage: "/resume ID", help: "carry on a past session (its topic, its corpus)") { r, a in r.resume(a); return true },
        Command(name: "/clear", usage: "/clear", help: "clear the screen (or Ctrl-L)") { r, _ in r.clearScreen(); return true },
        Command(name: "/quit", aliases: ["/exit", "/q"], usage: "/quit", help: "leave (also /exit, /q, or Ctrl-D)") { _, _ in false },
    ]

    /// Words that, alone on a line, are commands and not questions, as in psql and
    /// `llm chat` (any case; `\q` and `\?` as psql spells them).
    static let bareWords: [String: String] = [
        "exit": "/quit", "quit": "/quit", "\\q": "/quit", "help": "/help", "\\?": "/help", "clear": "/clear",
    ]

    private(set) var backend: ShellBackend
    let reader: LineReader
    let output: ShellOutput
    let style: Style
    let renderer: ShellRenderer
    private(set) var recorder: TranscriptRecorder
    /// How many sentences an answer quotes (`--top`, `/top`).
    var top: Int
    /// Near misses quoted, framed as such, rather than no answer (`--near-misses`, `/near-misses`).
    var nearMisses: Bool
    let json: Bool
    /// Ctrl-C while an answer is computed (nil: answers cannot be cancelled).
    let interrupts: InterruptSource?
    /// Reads the corpus at a path, for `/corpus PATH`.
    let loadCorpus: (String) throws -> ShellBackend
    let completion: Completion
    /// The terminal's columns when an answer is printed (nil: no limit).
    let width: () -> Int?
    /// Warnings for quotes from files changed since the corpus was built.
    private(set) var stale: StaleNotices

    /// The last question, and every answer shown for it so far (numbered 1…).
    var lastResult: AnswerResult?
    /// The last question as answered (a follow-up completed from the topic), for `/more`.
    var lastAsked: String?
    /// The turn of the store that the last question (or `/more`) was recorded as.
    var lastTurn: Int?
    /// The session's context for follow-up questions.
    var conversation = Conversation()
    var shown: [QuotedSentence] = []

    init(backend: ShellBackend, reader: LineReader, output: ShellOutput, style: Style,
         recorder: TranscriptRecorder, top: Int = 3, json: Bool = false, nearMisses: Bool = false, interrupts: InterruptSource? = nil,
         loadCorpus: @escaping (String) throws -> ShellBackend = { try ShellBackend.load(corpus: $0) },
         width: @escaping () -> Int? = { nil }) {
        self.backend = backend
        self.reader = reader
        self.output = output
        self.style = style
        self.renderer = ShellRenderer(style: style)
        self.recorder = recorder
        self.top = max(1, top)
        self.nearMisses = nearMisses
        self.json = json
        self.interrupts = interrupts
        self.loadCorpus = loadCorpus
        completion = Completion(commands: Self.commands.map(\.name), titles: { [backend] in backend.titles })
        self.width = width
        stale = StaleNotices(corpus: backend.corpus, check: backend.sourceCheck)
    }

    var prompt: String { style.prompt("wenda> ") }

    var banner: String {
        style.bold("wenda") + " — \(backend.summary). "
            + "Ask a question; " + style.accent("/help") + " for commands, Ctrl-D to leave.\n"
    }

    /// Runs until `/quit` or the end of input; returns the exit status.
    @discardableResult
    func run() -> Int32 {
        if reader.isInteractive { output.write(banner) }
        reader.complete(with: completion)
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

    /// The command a line names, with what follows its name; nil for a question.
    static func command(in line: String) -> (Command, String)? {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if let name = bareWords[text.lowercased()] {
            return commands.first { $0.name == name }.map { ($0, "") }
        }
        guard text.hasPrefix("/") else { return nil }
        let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
        let name = parts[0].lowercased()
        let argument = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        return commands.first { $0.name == name || $0.aliases.contains(name) }.map { ($0, argument) }
    }

    /// Handles one line; false when the shell should end.
    func handle(_ line: String) -> Bool {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return true }
        if let (command, argument) = Self.command(in: text) { return command.run(self, argument) }
        guard text.hasPrefix("/") else {
            ask(text)
            return true
        }
        let name = text.split(separator: " ", maxSplits: 1)[0]
        output.write("Unknown command \(TerminalText.safe(String(name))); type /help for the list.\n")
        return true
    }

    // MARK: Questions

    func ask(_ question: String) {
        let resolved = conversation.resolve(question)
        guard var result = compute(resolved, top: top) else {
            output.write(" " + style.dim("(cancelled)") + "\n")
            return
        }
        if let failure = result.failure {
            output.error("wenda: \(TerminalText.safe(failure, keepNewlines: false))\n")
            return
        }
        result.question = question
        lastResult = result
        lastAsked = resolved
        shown = result.noAnswer ? [] : result.answers
        let plain = AnswerPrinter(title: titles).render(result)
        // Committed before it is shown: an answer on the screen is in the store, whatever
        // happens next (a kill -9 loses at most a turn not yet shown).
        lastTurn = recorder.record(result, rendered: plain, askedAs: resolved)?.number
        for line in stale.lines(for: result) { output.error(line + "\n") }
        output.write(printer.render(result))
    }

    /// The title of an article, by id (for the nearest passages of a no-answer).
    var titles: (String) -> String? { { [backend] in backend.title(id: $0) } }

    /// How answers are shown: JSON, or text in the shell's colours and the terminal's width.
    var printer: AnswerPrinter {
        json ? AnswerPrinter(format: .json) : AnswerPrinter(style: style, width: width(), title: titles)
    }

    /// The engine's answer, computed so Ctrl-C can abandon it; nil when cancelled.
    func compute(_ question: String, top: Int) -> AnswerResult? {
        computeAnswer(question, top: top).map { nearMisses ? $0.showingNearMisses() : $0 }
    }

    func computeAnswer(_ question: String, top: Int) -> AnswerResult? {
        guard let interrupts else { return backend.engine.answer(question, top: top) }
        _ = interrupts.take()
        let box = ResultBox<AnswerResult>()
        let done = DispatchSemaphore(value: 0)
        let engine = backend.engine
        Thread.detachNewThread {
            box.set(.success(engine.answer(question, top: top)))
            done.signal()
        }
        while done.wait(timeout: .now()) == .timedOut {
            if interrupts.wait(timeout: 0.05) { return nil }
        }
        return box.value
    }

    /// Another corpus to answer from: what was asked and cited belongs to the old one, so
    /// the session ends and the next question starts a new one, recorded with the new corpus.
    func use(_ newBackend: ShellBackend) {
        recorder.end()
        let corpus = newBackend.corpus
        recorder = recorder.forCorpus(corpus, path: SessionsSupport.absolute(corpus),
                                      fingerprint: { CorpusFingerprint.of(path: corpus) })
        backend = newBackend
        stale = StaleNotices(corpus: newBackend.corpus, check: newBackend.sourceCheck)
        completion.replaceTitles { [newBackend] in newBackend.titles }
        forget()
    }

    /// Forgets the last question and the topic (a new session starts with the next one).
    func forget() {
        lastResult = nil
        lastAsked = nil
        lastTurn = nil
        shown = []
        conversation = Conversation()
    }
}
