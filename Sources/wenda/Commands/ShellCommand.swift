// `wenda shell`: the interactive shell (the default on a terminal).
import ArgumentParser
import Foundation
import WendaKit

struct ShellCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Ask questions interactively (the default on a terminal).",
        discussion: """
            Type a question to get sentences quoted from the articles, with citations. \
            Commands start with /: /help, /sources, /open N, /more, /top N, /corpus PATH, \
            /near-misses [on|off], /good, /bad, /note, /unmark, /history, /sessions, /new, /resume ID, /clear, /quit; \
            exit, quit, help and clear alone on a \
            line work too. Line editing, history, Ctrl-R search and Tab completion when \
            standard input and output are a terminal; otherwise lines are read plainly, \
            without prompt. On a terminal, output taller than the screen goes through \
            $WENDA_PAGER, else $PAGER, else `less -FRX` (--no-pager, or an empty value, \
            turns it off). --continue [ID] carries on a recorded session.
            """
    )

    @OptionGroup var corpusOption: CorpusOption
    @OptionGroup var topOption: TopOption
    @OptionGroup var jsonOption: JSONOption
    @OptionGroup var nearMissOption: NearMissOption
    @OptionGroup var transcriptOption: TranscriptOption
    @OptionGroup var paging: PagerOptions

    @Flag(name: [.customShort("c"), .customLong("continue")],
          help: "Carry on the session used last (or session ID), as `llm chat -c`: its corpus and topic; new turns are appended to it.")
    var continueSession = false

    @Argument(help: ArgumentHelp("With --continue: the session to carry on (an id, a unique prefix, or `last`).", valueName: "id"))
    var session: String?

    func validate() throws {
        if session != nil && !continueSession {
            throw ValidationError("a session id goes with --continue: wenda shell --continue \(session ?? "ID")")
        }
        if continueSession && transcriptOption.noTranscript {
            throw ValidationError("--continue carries on a recorded session: leave out --no-transcript")
        }
    }

    mutating func run() async throws {
        var corpus: CorpusChoice
        var resumed: SessionTranscript?
        if continueSession {
            let (t, path) = try Self.sessionToContinue(session ?? "last")
            if let given = corpusOption.corpus, SessionsSupport.absolute(given) != SessionsSupport.absolute(path) {
                throw WendaError.usage("session \(t.summary.id) was over the corpus \(t.summary.corpus); --continue answers from it (leave out --corpus, or start a new session)")
            }
            corpus = CorpusChoice(path: SessionsSupport.corpusToAnswerFrom(path), origin: .option)
            resumed = t
        } else {
            corpus = try corpusOption.choice()
        }
        try await Self.runShell(corpus: corpus, top: topOption.top, json: jsonOption.json,
                                transcript: transcriptOption, paging: paging, nearMisses: nearMissOption, resume: resumed)
    }

    /// The session `text` names, and the path of its corpus (absolute when it was kept).
    static func sessionToContinue(_ text: String) throws -> (SessionTranscript, String) {
        try SessionsSupport.withStore { store in
            let (t, _) = try SessionsSupport.transcript(text, in: store)
            return (t, t.summary.corpusPath ?? t.summary.corpus)
        }
    }
}

extension ShellCommand {
    static func runShell(corpus: CorpusChoice, top: Int, json: Bool, transcript: TranscriptOption,
                         paging: PagerOptions, nearMisses: NearMissOption = NearMissOption(),
                         resume: SessionTranscript? = nil) async throws {
        let env = Environment.values
        Terminal.useUTF8Locale()
        let backend = try ShellBackend.load(corpus: corpus)
        let editing = Terminal.canEdit(environment: env)
        let interactive = Terminal.isTTY(STDIN_FILENO)
        if interactive { Interrupt.install() }
        let reader: LineReader = editing
            ? EditLineReader(historyFile: Environment.historyFile)
            : PlainLineReader(showPrompt: false)
        let recorder = transcript.recorder(mode: .shell, corpus: corpus.path)
        // Paging only for a person at a terminal, never for piped questions.
        let pager = Pager.standard(disabled: paging.noPager || !interactive, environment: env)
        // `/corpus PATH`: a path typed in the shell, read as --corpus would read it.
        let load: (String) throws -> ShellBackend = { path in
            try ShellBackend.load(corpus: CorpusChoice(path: path, origin: .option))
        }
        let repl = REPL(backend: backend, reader: reader, output: StandardOutput(pager: pager),
                        style: Style.detect(environment: env), recorder: recorder,
                        top: top, json: json, nearMisses: nearMisses.nearMisses,
                        interrupts: interactive ? SignalInterrupts() : nil, loadCorpus: load,
                        width: { DisplayWidth.terminalColumns() })
        if let resume {
            guard let store = recorder.transcriptStore else {
                throw WendaError.input("cannot carry on session \(resume.summary.id): the transcript store cannot be used")
            }
            do { try repl.carryOn(resume, in: store) } catch { throw WendaError.input(error) }
        }
        let status = repl.run()
        // A write that failed is said once the shell is done (a gone reader ended it at once).
        if let failure = Output.standard.failure { throw interactive ? failure : failure.inPipedRun }
        if status != 0 { throw WendaError.status(Int32(status)) }
    }
}
