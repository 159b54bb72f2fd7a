import Foundation
import Testing

/// On a real terminal: a damaged history file is moved aside with a notice, and an
/// article that tries to retitle the window and clear the screen is quoted harmlessly.
@Suite(.serialized, .needsScript, .timeLimit(.minutes(2)))
struct HardeningPtyTests {
    @Test func damagedHistoryAndHostileArticleOnATerminal() throws {
        let home = try TestHome()
        defer { home.remove() }
        let corpus = home.root.appendingPathComponent("evil.md")
        try """
            ---
            title: "坏标题\\x1b]0;pwned\\x07\\x1b[2J"
            ---
            辛顿离开了谷歌。

            他担心人工智能的风险。
            """.write(to: corpus, atomically: true, encoding: .utf8)
        let historyDir = home.state.appendingPathComponent("wenda")
        try FileManager.default.createDirectory(at: historyDir, withIntermediateDirectories: true)
        let history = historyDir.appendingPathComponent("history")
        try Data([0x5F, 0x48, 0x69, 0x00, 0xFF, 0xFE, 0x01, 0x02]).write(to: history)

        let session = try PtySession(["--corpus", corpus.path], env: home.env)
        defer { session.stop() }
        #expect(session.wait { session.prompts($0) >= 1 }, "no prompt: \(session.output)")
        #expect(session.output.contains("the history file was damaged; moved it to \(history.path).damaged"))
        session.type("辛顿离开了哪里\r")
        #expect(session.wait { $0.contains("谷歌") && session.prompts($0) >= 2 }, "no answer: \(session.output)")
        session.type("/sources\r")
        #expect(session.wait { $0.contains("quote:") && session.prompts($0) >= 3 }, "\(session.output)")
        session.type("/quit\r")
        #expect(session.exitStatus() == 0)
        let out = session.output
        #expect(out.contains("坏标题␛]0;pwned␇␛[2J"))
        #expect(!out.contains("\u{1B}]0;"))
        #expect(!out.contains("pwned\u{07}"))
        #expect(!out.contains("\u{1B}[2J"))
        // The damaged file is kept aside; a new history holds the question.
        #expect(FileManager.default.fileExists(atPath: history.path + ".damaged"))
        let fresh = try String(contentsOf: history, encoding: .utf8)
        #expect(fresh.hasPrefix("_HiStOrY_V2_"))
    }
}
