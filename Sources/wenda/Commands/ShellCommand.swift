import ArgumentParser
import Foundation
import WendaKit

struct ShellCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Ask questions interactively (the default on a terminal).",
        discussion: """
            Type a question to get sentences quoted from the articles, with citations. \
            Commands start with /: /help, /sources, /open N, /more, /history, /sessions, \
            /new, /quit. Line editing, history and Tab completion when standard input and \
            output are a terminal; otherwise lines are read plainly, without prompt.
            """
    )

    @OptionGroup var options: AnswerOptions

    mutating func run() async throws {
        try await Self.runShell(options: options)
    }
}

extension ShellCommand {
    static func runShell(options: AnswerOptions) async throws {
        let env = ProcessInfo.processInfo.environment
        Terminal.useUTF8Locale()
        let backend: ShellBackend
        do {
            backend = try ShellBackend.load(corpus: options.corpus) { problem in
                FileHandle.standardError.write(Data("wenda: \(problem)\n".utf8))
            }
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
        let repl = REPL(backend: backend, reader: reader, output: StandardOutput(),
                        style: Style.detect(environment: env), recorder: recorder,
                        top: options.top, json: options.json, cancellable: interactive)
        let status = repl.run()
        if status != 0 { throw ExitCode(status) }
    }
}
