import ArgumentParser

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "(not yet built)")

    mutating func run() async throws {
        throw ValidationError("wenda eval: not yet built")
    }
}
