import Foundation
import Testing

/// `--session` in a piped run: the questions form one conversation, so a follow-up borrows
/// the previous question's topic; without it every line stands alone.
@Suite struct PipedSessionTests {
    static let articles = [
        "nanjing.txt": "南京长江大桥于1968年12月29日全面建成通车。大桥的公路桥全长4589米。\n",
        "wuhan.txt": "武汉长江大桥于1957年10月15日建成通车。它是长江上的第一座大桥。\n",
    ]
    static let questions = ["南京长江大桥是哪一年建成通车的？", "武汉长江大桥呢？"]

    /// The highlighted spans of the first answer of a `--json` line.
    static func firstHighlight(_ line: Substring) throws -> (text: String, spans: [String]) {
        let obj = try jsonObject(line)
        let first = try #require((obj["answers"] as? [[String: Any]])?.first, "an answer: \(line)")
        let text = try #require(first["text"] as? String)
        let scalars = Array(text.unicodeScalars)
        let spans = (first["highlight"] as? [[Int]] ?? []).map { String(String.UnicodeScalarView(scalars[$0[0]..<$0[1]])) }
        return (text, spans)
    }

    @Test func aFollowUpBorrowsTheTopicOnlyWithSession() throws {
        let home = try TestHome()
        defer { home.remove() }
        let folder = home.root.appendingPathComponent("bridges")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in Self.articles { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        let input = Self.questions.joined(separator: "\n") + "\n"

        let with = try Wenda.run(["--json", "--session", "--corpus", folder.path], stdin: input, env: home.env)
        #expect(with.status == 0, "\(with)")
        let lines = with.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        guard lines.count == 2 else { return }
        // Asked as “武汉长江大桥是哪一年建成通车的？”: the date is the answer.
        let followUp = try Self.firstHighlight(lines[1])
        #expect(followUp.text.hasPrefix("武汉长江大桥于1957年10月15日建成通车。"))
        #expect(followUp.spans == ["1957年10月15日"], "\(followUp)")
        // The line is kept as typed, in the output and the transcript.
        #expect(try jsonObject(lines[1])["question"] as? String == "武汉长江大桥呢？")
        let show = try home.wenda(["sessions", "show", "last", "--format", "json"])
        #expect(show.status == 0, "\(show)")
        // The transcript keeps the line as typed, and beside it the question as answered.
        let turns = (try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])?["turns"] as? [[String: Any]]
        #expect(turns?.last?["question"] as? String == "武汉长江大桥呢？")
        #expect((turns?.last?["asked_as"] as? String)?.hasPrefix("武汉长江大桥是哪一年") == true, "\(show.stdout)")

        // Without --session the follow-up is a question of its own: no date is asked for.
        let without = try Wenda.run(["--json", "--corpus", folder.path], stdin: input, env: home.env)
        #expect(without.status == 0, "\(without)")
        let alone = without.stdout.split(separator: "\n")
        #expect(alone.count == 2)
        guard alone.count == 2 else { return }
        #expect(try Self.firstHighlight(alone[1]).spans != ["1957年10月15日"])
    }
}
