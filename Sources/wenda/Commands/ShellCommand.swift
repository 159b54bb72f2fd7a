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
            /history, /sessions, /new, /clear, /quit; exit, quit, help and clear alone on a \
            line work too. Line editing, history, Ctrl-R search and Tab completion when \
            standard input and output are a terminal; otherwise lines are read plainly, \
            without prompt. On a terminal, output taller than the screen goes through \
            $WENDA_PAGER, else $PAGER, else `less -FRX` (--no-pager, or an empty value, \
            turns it off).
            """
    )

    @OptionGroup var corpusOption: CorpusOption
    @OptionGroup var topOption: TopOption
    @OptionGroup var jsonOption: JSONOption
    @OptionGroup var transcriptOption: TranscriptOption
    @OptionGroup var paging: PagerOptions

    mutating func run() async throws {
        try await Self.runShell(corpus: corpusOption.choice(), top: topOption.top, json: jsonOption.json,
                                transcript: transcriptOption, paging: paging)
    }
}

extension ShellCommand {
    static func runShell(corpus: CorpusChoice, top: Int, json: Bool, transcript: TranscriptOption,
                         paging: PagerOptions) async throws {
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
                        top: top, json: json,
                        interrupts: interactive ? SignalInterrupts() : nil, loadCorpus: load,
                        width: { DisplayWidth.terminalColumns() })
        let status = repl.run()
        // A write that failed is said once the shell is done (a gone reader ended it at once).
        if let failure = Output.standard.failure { throw interactive ? failure : failure.inPipedRun }
        if status != 0 { throw WendaError.status(Int32(status)) }
    }
}
