import ArgumentParser

struct ShellCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "shell", abstract: "(not yet built)")

    mutating func run() async throws {
        throw ValidationError("wenda shell: not yet built")
    }
}

extension ShellCommand {
    static func runShell(options: AnswerOptions) async throws {
        throw ValidationError("the interactive shell is not yet built")
    }
}
