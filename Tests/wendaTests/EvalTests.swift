import Foundation
import Testing
@testable import wenda

/// `wenda eval` over a small questions file written here.
@Suite struct EvalTests {
    /// A new empty folder for a test's questions and answers (the test removes it).
    static func scratch() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-eval-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// `lines` written as `q.jsonl` in `dir` (after `prefix`, e.g. a byte order mark).
    static func questionsFile(_ lines: [String], in dir: URL, prefix: String = "") throws -> URL {
        let questions = dir.appendingPathComponent("q.jsonl")
        try (prefix + lines.joined(separator: "\n") + "\n").write(to: questions, atomically: true, encoding: .utf8)
        return questions
    }

    @Test func printsTheMeasuresAndWritesTheAnswers() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let questions = try Self.questionsFile([
            #"{"id": "q1", "question": "南京长江大桥的公路桥全长多少米？", "answers": ["4589米"], "doc_id": "nanjing_bridge"}"#,
            #"{"id": "q2", "question": "龙井茶产于哪里？", "answers": ["浙江省杭州市西湖一带"], "doc_id": "longjing_tea"}"#,
            #"{"id": "q3", "question": "量子计算机的工作原理是什么？", "answers": [], "doc_id": "", "no_answer": true}"#,
        ], in: dir)
        let out = dir.appendingPathComponent("answers.jsonl")
        let r = try Wenda.run(["eval", questions.path, "--corpus", AskTests.fixtures, "--answers-out", out.path])
        #expect(r.status == 0)
        let rows = Dictionary(r.stdout.split(separator: "\n").compactMap { line -> (String, String)? in
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let key = parts.first, let value = parts.last else { return nil }
            return (String(key), String(value))
        }, uniquingKeysWith: { first, _ in first })
        #expect(rows["questions"] == "3")
        #expect(rows["answerable"] == "2")
        #expect(rows["article_R@1"] == "1")
        #expect(rows["paragraph_R@1"] == "1")
        #expect(rows["top1"] == "1")
        #expect(rows["no_answer_ok"] == "1")
        #expect(rows["elapsed_ms_p50"] != nil)
        let written = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(written.count == 3)

        let j = try Wenda.run(["eval", questions.path, "--corpus", AskTests.fixtures, "--json"])
        let obj = try jsonObject(j.stdout)
        #expect(obj["article_R@1"] as? Double == 1)
    }

    /// A line that is no question: `PATH:LINE: reason`, exit 2.
    @Test func aBadLineIsNamedWithItsNumber() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (line, reason) in [("{\"question\": ", "not valid JSON"), ("[1, 2]", "not a JSON object"),
                               ("{\"id\": \"q9\"}", "no \"question\" string"),
                               ("{\"question\": \"x\", \"answers\": \"y\"}", "\"answers\" is not a list of strings")] {
            let file = dir.appendingPathComponent("q.jsonl")
            try ("{\"id\": \"q1\", \"question\": \"龙井茶产于哪里？\"}\n\n" + line + "\n").write(to: file, atomically: true, encoding: .utf8)
            let r = try Wenda.run(["eval", file.path, "--corpus", AskTests.fixtures])
            #expect(r.status == 2)
            #expect(r.stderr == "wenda: \(file.path):3: \(reason)\n", "\(r.stderr)")
        }
    }

    /// Answerable lines without a doc_id are counted apart and left out of recall; each
    /// answer written with --answers-out carries its question's id.
    @Test func linesWithoutDocIdAreCountedApart() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let questions = try Self.questionsFile([
            #"{"id": "q1", "question": "南京长江大桥的公路桥全长多少米？", "answers": ["4589米"], "doc_id": "nanjing_bridge"}"#,
            #"{"id": "q2", "question": "龙井茶产于哪里？", "answers": ["浙江省杭州市西湖一带"]}"#,
        ], in: dir, prefix: "\u{FEFF}")
        let out = dir.appendingPathComponent("answers.jsonl")
        let r = try Wenda.run(["eval", questions.path, "--corpus", AskTests.fixtures, "--json", "--answers-out", out.path])
        #expect(r.status == 0, "\(r)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["answerable"] as? Double == 2)
        #expect(obj["without_doc_id"] as? Double == 1)
        #expect(obj["article_R@1"] as? Double == 1, "one of one with a doc_id, not one of two")
        #expect(obj["top1"] as? Double == 1)
        #expect(obj["R@1"] == nil, "recall says what it counts")
        #expect(r.stderr.contains("wenda eval: 1 answerable question without a doc_id: left out of the recall measures"))
        let written = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        let ids = try written.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])["id"] as? String }
        #expect(ids == ["q1", "q2"])
    }

    @Test func unreadableQuestionsExitTwo() throws {
        let r = try Wenda.run(["eval", "no/such/questions.jsonl", "--corpus", AskTests.fixtures])
        #expect(r.status == 2)
        #expect(r.stderr == "wenda: no/such/questions.jsonl: no such file\n")
    }
}

/// The time percentiles `wenda eval` prints.
@Suite struct EvalTimeTests {
    @Test func p95IsNearestRankAndNeverBelowTheMedian() throws {
        var two = EvalScore()
        two.elapsed = [10, 30]
        let rows = Dictionary(two.rows.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        #expect(rows["elapsed_ms_p50"]! == 20)
        #expect(rows["elapsed_ms_p95"]! == 30)
        var hundred = EvalScore()
        hundred.elapsed = (1...100).map { Double($0) }
        let r100 = Dictionary(hundred.rows.map { ($0.0, $0.1) }, uniquingKeysWith: { a, _ in a })
        #expect(r100["elapsed_ms_p95"]! == 95)
    }
}
