import ArgumentParser

struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ask", abstract: "(not yet built)")

    mutating func run() async throws {
        throw ValidationError("wenda ask: not yet built")
    }
}
