import Foundation
import Testing

/// The README's example of `ask` is what it prints: each article's details once, a line per
/// quote, a weaker quote marked supporting, a joined quote cited as its sentence range (`JSONContractTests` pins `--json`).
@Suite struct CitationTests {
    static let question = "李飞飞是哪所大学的教授？"

    @Test func theReadmeExampleIsWhatAskPrints() throws {
        let r = try Wenda.run(["ask", "--no-transcript", "--corpus", "seeds", Self.question])
        #expect(r.status == 0)
        let readme = try String(contentsOf: Wenda.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "$ wenda ask \"\(Self.question)\"\n"))
        let end = try #require(readme.range(of: "\n\n$ wenda ask", range: start.upperBound..<readme.endIndex))
        #expect(r.stdout == String(readme[start.upperBound..<end.lowerBound]) + "\n")
        #expect(r.stdout.contains("  [1] ¶13 sentences 1–2\n"))
        #expect(r.stdout.contains(" [2] (supporting)\n"))
    }
}
