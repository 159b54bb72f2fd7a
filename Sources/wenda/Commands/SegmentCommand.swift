import ArgumentParser

struct SegmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "segment", abstract: "(not yet built)")

    mutating func run() async throws {
        throw ValidationError("wenda segment: not yet built")
    }
}
