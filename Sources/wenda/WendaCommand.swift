import ArgumentParser
import Foundation
import WendaKit

@main
struct WendaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wenda",
        abstract: "Answer questions by quoting the articles, with citations.",
        discussion: """
            With no subcommand: on a terminal, starts the interactive shell; with questions \
            on standard input, answers each line in turn.
            """,
        subcommands: [
            AskCommand.self, ShellCommand.self, BuildCommand.self, SegmentCommand.self,
            EvalCommand.self, SessionsCommand.self, PathsCommand.self,
        ]
    )

    @OptionGroup var options: AnswerOptions
    @OptionGroup var paging: PagerOptions

    /// Parses and runs, mapping usage errors to exit status 2 (design §3: 2 is a usage or
    /// input error) instead of the parser's own 64.
    static func main() async {
        // Past a file size limit (ulimit -f) a write fails with EFBIG, reported like any
        // other write error, instead of the signal ending the process.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code.rawValue == 64 {
                let message = fullMessage(for: error)
                FileHandle.standardError.write(Data((message.hasSuffix("\n") ? message : message + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }

    mutating func run() async throws {
        if isatty(STDIN_FILENO) != 0 {
            try await ShellCommand.runShell(options: options, paging: paging)
        } else {
            try await PipedQuestions.run(options: options)
        }
    }
}
