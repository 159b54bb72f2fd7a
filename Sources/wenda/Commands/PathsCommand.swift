import ArgumentParser

struct PathsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "paths", abstract: "(not yet built)")

    mutating func run() async throws {
        throw ValidationError("wenda paths: not yet built")
    }
}
