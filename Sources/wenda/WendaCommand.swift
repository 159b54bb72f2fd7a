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

    mutating func run() async throws {
        if isatty(STDIN_FILENO) != 0 {
            try await ShellCommand.runShell(options: options)
        } else {
            try await PipedQuestions.run(options: options)
        }
    }
}
