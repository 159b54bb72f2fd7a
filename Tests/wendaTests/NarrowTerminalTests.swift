import Foundation
import Testing
@testable import wenda

/// In the shell on a narrow terminal, every citation line fits the terminal's width and no
/// quote's `[n]` is split between two rows (the shell hands the printer its width).
@Suite(.serialized, .needsScript, .timeLimit(.minutes(2)))
struct NarrowTerminalTests {
    @Test(arguments: [40, 64])
    func citationsFitTheTerminal(columns: Int) throws {
        let session = try PtySession(["--corpus", "seeds", "--no-transcript", "--no-pager"], env: ["NO_COLOR": "1"], columns: columns)
        defer { session.stop() }
        #expect(session.wait { session.prompts($0) >= 1 }, "no prompt: \(session.output)")
        session.type("李飞飞是哪所大学的教授？\r")
        #expect(session.wait { $0.contains("sentence") && session.prompts($0) >= 2 }, "no answer: \(session.output)")
        let out = session.output.replacingOccurrences(of: "\r\n", with: "\n")
        let answer = try #require(out.components(separatedBy: "wenda> ").dropFirst().first { $0.contains("[1]") })
        let parts = answer.components(separatedBy: "\n\n")
        #expect(parts.count >= 2, "\(answer)")
        // The article's details (wrapped at their ` · `) and the citation lines.
        let citations = parts[1].split(separator: "\n").map(String.init)
        #expect(citations.contains { $0.hasPrefix("  [1] ¶13 sentences 1–2") }, "\(parts[1])")
        for line in citations { #expect(DisplayWidth.of(line) <= columns, "\(line)") }
        // The quotes: where the terminal wraps them, `[n]` stays on one row.
        for line in parts[0].split(separator: "\n").dropFirst() {
            #expect(AnswerPrinterTests.marksStayOnOneRow(line, width: columns), "\(line)")
        }
        session.type("/quit\r")
        #expect(session.exitStatus() == 0)
    }
}
