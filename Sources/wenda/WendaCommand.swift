// The `wenda` command: its subcommands, what it does alone (the shell on a terminal,
// piped questions otherwise, `wenda "question"`), and how every run ends.
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
            on standard input, answers each line in turn; `wenda "QUESTION"` answers it as \
            `wenda ask` does. The corpus: --corpus, else $WENDA_CORPUS, else the `corpus` \
            setting (`wenda config`), else ./seeds. Exit status: 0 answered (a piped run: \
            at least one question), 1 no answer (a piped run: none of its questions), 2 \
            usage or input error, 3 an error during a piped run.
            """,
        subcommands: [
            AskCommand.self, ShellCommand.self, BuildCommand.self, SegmentCommand.self,
            EvalCommand.self, SessionsCommand.self, PathsCommand.self, ConfigCommand.self, VersionCommand.self,
            ReadCommand.self,
        ]
    )

    @OptionGroup var asking: AskingOptions

    @Flag(name: .long, help: "Print the version (as `wenda version`).")
    var version = false

    @Flag(name: .long, help: "Piped questions form one conversation: a follow-up question borrows the topic of the one before.")
    var session = false

    mutating func run() async throws {
        if version {
            try Output.standard.write(WendaVersion.text + "\n")
        } else if isatty(STDIN_FILENO) != 0 {
            try await ShellCommand.runShell(corpus: asking.corpusOption.choice(), top: asking.topOption.top, json: asking.jsonOption.json,
                                            transcript: asking.transcriptOption, paging: asking.paging, nearMisses: asking.nearMissOption)
        } else {
            try PipedQuestions.run(corpus: asking.corpusOption.choice(), top: asking.topOption.top, json: asking.jsonOption.json,
                                   explain: asking.explainOption.explain, session: session, nearMisses: asking.nearMissOption, transcript: asking.transcriptOption,
                                   weights: asking.weightsOption)
        }
    }

    /// `wenda "question"` is `wenda ask "question"`: the arguments to parse, with `ask`
    /// put first when the first word that is no option (nor an option's value) names no
    /// subcommand. A word close to a subcommand's name is a usage error saying which.
    static func withQuestion(_ arguments: [String]) throws(WendaError) -> [String] {
        let takesValue: Set = ["--corpus", "--top", "--weights", "--json-encoder"]
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--" { i += 1; break }
            if a.hasPrefix("-"), a.count > 1 {
                i += takesValue.contains(a) ? 2 : 1
                continue
            }
            break
        }
        guard i < arguments.count else { return arguments }
        let word = arguments[i]
        if commandNames.contains(word) { return arguments }
        if let near = Suggestion.command(for: word, among: commandNames) {
            throw .usage("unknown command '\(word)'; did you mean `wenda \(near)`? (a one-word question: `wenda ask \(word)`)")
        }
        return ["ask"] + arguments
    }

    static var commandNames: [String] {
        configuration.subcommands.map { $0._commandName } + ["help"]
    }

    /// Parses and runs; every way to end goes through `finish`.
    static func main() async {
        StandardStreams.prepare()
        Environment.configureLibrary()
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(try withQuestion(arguments))
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            try Output.standard.flush()
            Foundation.exit(0)
        } catch {
            finish(error, arguments: arguments)
        }
    }

    /// Ends the run for `error`: the one place errors become messages and exit statuses
    /// (see `WendaError.status`). Help and version go to stdout with status 0; a command
    /// line the parser refuses is one line on stderr and status 2.
    static func finish(_ error: Error, arguments: [String]) -> Never {
        if let e = error as? WendaError {
            switch e {
            case .write, .brokenPipe: break
            default:
                // What was answered before the error is still printed.
                do { try Output.standard.flush() } catch { WendaError.exitFor(error) }
            }
            e.exit()
        }
        if let code = error as? ExitCode {
            do { try Output.standard.flush() } catch { WendaError.exitFor(error) }
            Foundation.exit(code.rawValue)
        }
        if exitCode(for: error) == .success {
            let text = fullMessage(for: error)
            do { try Output.standard.print(text.hasSuffix("\n") ? text : text + "\n") } catch { WendaError.exitFor(error) }
            Foundation.exit(0)
        }
        if let misspelt = Suggestion.misspeltSubcommand(arguments) { WendaError.usage(misspelt).exit() }
        let asked = (try? withQuestion(arguments)) ?? arguments
        let help = (Suggestion.commandPath(asked) + ["--help"]).joined(separator: " ")
        WendaError.usage(ParseMessage.oneLine(message(for: error), help: help)).exit()
    }
}

extension WendaError {
    /// As `WendaError.exit()`, for any error thrown while printing.
    static func exitFor(_ error: Error) -> Never {
        (error as? WendaError ?? .write(reason: error.localizedDescription, piped: false)).exit()
    }
}

/// `wenda version`: the version and the formats it reads and writes.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Print the version, and the versions of the saved index and corpus formats.")

    func run() throws {
        try Output.standard.write(WendaVersion.text + "\n")
    }
}

enum WendaVersion {
    static let number = "0.1.0"
    static var text: String {
        "wenda \(number) (saved index format \(IndexFile.version), corpus format \(CorpusFile.format))"
    }
}
