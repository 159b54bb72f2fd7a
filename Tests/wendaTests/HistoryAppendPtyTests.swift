import Foundation
import Testing

/// Two shells open at once on one history file keep the lines of both, as bash does with
/// `histappend` (before, the shell that wrote last won and the other's lines were lost).
@Suite(.serialized, .needsScript, .timeLimit(.minutes(2)))
struct HistoryAppendPtyTests {
    @Test func twoShellsAtOnceKeepTheLinesOfBoth() throws {
        let h = try ReviewHome()
        defer { h.remove() }
        let args = ["--corpus", h.corpus.path]
        let a = try PtySession(args, env: h.env)
        defer { a.stop() }
        let b = try PtySession(args, env: h.env)
        defer { b.stop() }
        #expect(a.wait { a.prompts($0) >= 1 } && b.wait { b.prompts($0) >= 1 }, "\(a.output)\n\(b.output)")

        func ask(_ s: PtySession, _ line: String) {
            let before = s.prompts(s.output)
            s.type(line + "\r")
            #expect(s.wait { s.prompts($0) > before }, "\(s.output)")
        }
        ask(a, "龙井茶产于哪里？")
        ask(b, "北京量子实验室买了多少台服务器？")
        ask(a, "研究员们每天工作多久？")
        ask(b, "实验室的咖啡机坏了几次？")
        // Each shell recalls its own lines, not the other's (as in bash).
        ask(a, "/history")
        #expect(!a.output.contains("  北京量子实验室买了多少台服务器？"), "\(a.output)")
        a.type("\u{04}")
        #expect(a.exitStatus() == 0)
        b.type("\u{04}")  // b ends last: before, its history replaced a's
        #expect(b.exitStatus() == 0)

        let c = try PtySession(args, env: h.env)
        defer { c.stop() }
        #expect(c.wait { c.prompts($0) >= 1 })
        c.type("/history\r")
        #expect(c.wait { $0.contains("/history") && c.prompts($0) >= 2 })
        let listed = c.output.split(whereSeparator: \.isNewline).compactMap { row -> String? in
            let parts = row.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2, Int(parts[0]) != nil else { return nil }
            return parts[1].trimmingCharacters(in: .whitespaces)
        }
        #expect(listed == ["龙井茶产于哪里？", "北京量子实验室买了多少台服务器？", "研究员们每天工作多久？",
                           "实验室的咖啡机坏了几次？", "/history"], "\(c.output)")  // a line repeated is kept once
        c.type("\u{04}")
        #expect(c.exitStatus() == 0)
    }
}
