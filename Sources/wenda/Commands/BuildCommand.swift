import ArgumentParser

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "build", abstract: "(not yet built)")

    mutating func run() async throws {
        throw ValidationError("wenda build: not yet built")
    }
}
