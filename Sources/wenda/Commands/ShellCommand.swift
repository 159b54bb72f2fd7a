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

    @OptionGroup var options: AnswerOptions
    @OptionGroup var paging: PagerOptions

    mutating func run() async throws {
        try await Self.runShell(options: options, paging: paging)
    }
}

extension ShellCommand {
    static func runShell(options: AnswerOptions, paging: PagerOptions) async throws {
        let env = ProcessInfo.processInfo.environment
        Terminal.useUTF8Locale()
        let load: (String) throws -> ShellBackend = { corpus in
            try ShellBackend.load(corpus: corpus) { problem in
                FileHandle.standardError.write(Data("wenda: \(problem)\n".utf8))
            }
        }
        let backend: ShellBackend
        do {
            backend = try load(options.corpus)
        } catch {
            FileHandle.standardError.write(Data("wenda: \(error.localizedDescription)\n".utf8))
            throw ExitCode(2)
        }
        let editing = Terminal.canEdit(environment: env)
        let interactive = Terminal.isTTY(STDIN_FILENO)
        if interactive { Interrupt.install() }
        let reader: LineReader = editing
            ? EditLineReader(historyFile: WendaPaths(environment: env).historyFile)
            : PlainLineReader(showPrompt: false)
        let recorder = TranscriptRecorder.open(mode: .shell, corpus: options.corpus, enabled: !options.noTranscript,
                                               paths: WendaPaths(environment: env)) { message in
            FileHandle.standardError.write(Data("wenda: \(message)\n".utf8))
        }
        // Paging only for a person at a terminal, never for piped questions.
        let pager = Pager.standard(disabled: paging.noPager || !interactive, environment: env)
        let repl = REPL(backend: backend, reader: reader, output: StandardOutput(pager: pager),
                        style: Style.detect(environment: env), recorder: recorder,
                        top: options.top, json: options.json,
                        interrupts: interactive ? SignalInterrupts() : nil, loadCorpus: load,
                        width: { DisplayWidth.terminalColumns() })
        let status = repl.run()
        if status != 0 { throw ExitCode(status) }
    }
}
