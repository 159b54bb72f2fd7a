import ArgumentParser

struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sessions", abstract: "(not yet built)")

    mutating func run() async throws {
        throw ValidationError("wenda sessions: not yet built")
    }
}
