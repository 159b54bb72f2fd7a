import Foundation
import Testing

/// Near misses end to end: no answer by default, named; quoted and framed with
/// `--near-misses` (ask, piped questions) and `/near-misses on` (the shell).
@Suite struct NearMissCLITests {
    static let corpus = "Tests/WendaKitTests/Fixtures/nearmiss"
    static let question = "杭州地铁20号线全长多少公里？"
    static let framing = "Near miss: the articles speak of 19号线, not 20号线."

    @Test func askSaysNoAnswerAndNamesTheNearMiss() throws {
        let r = try Wenda.run(["ask", Self.question, "--corpus", Self.corpus, "--no-transcript"])
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("No answer found in the articles.\n" + Self.framing))
        #expect(!r.stdout.contains("“"), "no quote, only the nearest passages")

        let j = try Wenda.run(["ask", "--json", Self.question, "--corpus", Self.corpus, "--no-transcript"])
        #expect(j.status == 1)
        let obj = try jsonObject(j.stdout)
        #expect(obj["no_answer"] as? Bool == true)
        #expect((obj["answers"] as? [Any])?.isEmpty == true)
        let m = try #require(obj["mismatch"] as? [[String: String]])
        #expect(m == [["asked": "20号线", "found": "19号线"]])
    }

    @Test func askWithNearMissesQuotesItFramed() throws {
        let r = try Wenda.run(["ask", "--near-misses", Self.question, "--corpus", Self.corpus, "--no-transcript"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == Self.framing)
        #expect(lines.dropFirst().first?.contains("59.1公里") == true)

        let j = try Wenda.run(["ask", "--json", "--near-misses", Self.question, "--corpus", Self.corpus, "--no-transcript"])
        #expect(j.status == 0)
        let obj = try jsonObject(j.stdout)
        #expect(obj["no_answer"] as? Bool == false)
        #expect(((obj["answers"] as? [[String: Any]])?.first?["text"] as? String)?.contains("19号线") == true)
        #expect((obj["mismatch"] as? [[String: String]])?.first?["asked"] == "20号线")
    }

    /// The exact twin is answered, without a mismatch.
    @Test func exactTwinIsAnswered() throws {
        let j = try Wenda.run(["ask", "--json", "杭州地铁19号线全长多少公里？", "--corpus", Self.corpus, "--no-transcript"])
        #expect(j.status == 0)
        let obj = try jsonObject(j.stdout)
        #expect(obj["no_answer"] as? Bool == false)
        #expect(obj["mismatch"] == nil)
    }

    @Test func pipedQuestionsTakeTheOption() throws {
        let input = Self.question + "\n"
        let plain = try Wenda.run(["--corpus", Self.corpus, "--no-transcript", "--json"], stdin: input)
        #expect(plain.status == 1)
        let asked = try Wenda.run(["--corpus", Self.corpus, "--no-transcript", "--json", "--near-misses"], stdin: input)
        #expect(asked.status == 0)
        #expect(try jsonObject(asked.stdout)["no_answer"] as? Bool == false)
    }

    @Test func shellSettingTurnsNearMissesOnAndOff() throws {
        let input = "/near-misses\n\(Self.question)\n/near-misses on\n\(Self.question)\n/near-misses off\n\(Self.question)\n/near-misses maybe\n"
        let r = try Wenda.run(["shell", "--corpus", Self.corpus, "--no-transcript"], stdin: input)
        #expect(r.status == 0)
        let answers = r.stdout.components(separatedBy: "No answer found").count - 1
        #expect(answers == 2, "the first and third asking get no answer: \(r.stdout)")
        #expect(r.stdout.components(separatedBy: "“19号线全长59.1公里").count - 1 == 1, "the second is quoted: \(r.stdout)")
        #expect(r.stdout.contains("Near misses are quoted"))
        #expect(r.stdout.contains("Usage: /near-misses [on|off]."))
    }
}
