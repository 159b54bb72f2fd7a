import Foundation
import Testing

/// `wenda ask` end to end, over the seed article and the answer fixtures.
@Suite struct AskTests {
    static let seed = "000_4c1bf5412017dcdf"
    static let fixtures = "Tests/WendaKitTests/Fixtures/answer"

    @Test func quotesTheSeedSentenceWithItsCitation() throws {
        let r = try Wenda.run(["ask", "斯坦福大学的自然语言处理小组有多少块GPU？", "--corpus", "seeds"])
        #expect(r.status == 0)
        let first = r.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.contains("68块GPU"))
        #expect(first.hasPrefix("“"))
        #expect(r.stdout.contains("[1] "))
        #expect(r.stdout.contains(Self.seed))
        #expect(!r.stdout.contains("\u{1B}"))
    }

    @Test func jsonFollowsTheContract() throws {
        let r = try Wenda.run(["ask", "--json", "斯坦福大学的自然语言处理小组有多少块GPU？"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let obj = try jsonObject(try #require(lines.first))
        #expect(obj["question"] as? String == "斯坦福大学的自然语言处理小组有多少块GPU？")
        #expect(obj["no_answer"] as? Bool == false)
        let answers = try #require(obj["answers"] as? [[String: Any]])
        #expect((answers.first?["text"] as? String)?.contains("68块GPU") == true)
        let c = try #require(answers.first?["citation"] as? [String: Any])
        #expect(c["doc_id"] as? String == Self.seed)
        #expect((c["source"] as? String)?.hasSuffix("\(Self.seed).txt") == true)
        for k in ["title", "author", "date", "paragraph", "sentence", "start", "end"] { #expect(c[k] != nil) }
        #expect((obj["passages"] as? [Any])?.isEmpty == false)
        #expect(obj["elapsed_ms"] is Double)
    }

    @Test func unanswerableQuestionExitsOne() throws {
        let r = try Wenda.run(["ask", "量子计算机的工作原理是什么？"])
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("No answer found"))
        let j = try Wenda.run(["ask", "--json", "量子计算机的工作原理是什么？"])
        #expect(j.status == 1)
        let obj = try jsonObject(j.stdout)
        #expect(obj["no_answer"] as? Bool == true)
        #expect((obj["answers"] as? [Any])?.isEmpty == true)
    }

    @Test func unusableCorpusExitsTwoWithOneLine() throws {
        let r = try Wenda.run(["ask", "长江有多长？", "--corpus", "no/such/folder"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.contains("no/such/folder"))
    }

    /// A corpus whose only file cannot be read says why, in one line.
    @Test func unreadableOnlyFileSaysWhy() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-ask-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("utf16.txt")
        try Data([0xFF, 0xFE, 0x2D, 0x4E]).write(to: file)
        let r = try Wenda.run(["ask", "问题？", "--corpus", file.path, "--no-transcript"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(r.stderr.contains("utf16.txt") && r.stderr.contains("UTF-16"))
        let folder = try Wenda.run(["ask", "问题？", "--corpus", dir.path, "--no-transcript"])
        #expect(folder.status == 2)
        #expect(folder.stderr.contains("no readable articles") && folder.stderr.contains("UTF-16"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try Wenda.run(["ask"]).status == 2)
        #expect(try Wenda.run(["ask", "  "]).status == 2)
        #expect(try Wenda.run(["ask", "长江？", "--top", "0"]).status == 2)
    }

    @Test func answersFromAFolderOfArticles() throws {
        let r = try Wenda.run(["ask", "南京长江大桥的公路桥全长多少米？", "--corpus", Self.fixtures, "--top", "1"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("“大桥的公路桥全长4589米，铁路桥全长6772米。” [1]"))
        #expect(r.stdout.contains("[1] "))
        #expect(r.stdout.contains("¶3 sentence 1"))
        #expect(!r.stdout.contains("[2]"))
    }

    @Test func explainShowsMatchedTerms() throws {
        let r = try Wenda.run(["ask", "--explain", "南京长江大桥的公路桥全长多少米？", "--corpus", Self.fixtures])
        #expect(r.status == 0)
        #expect(r.stdout.contains("passage nanjing_bridge"))
        #expect(r.stdout.contains("bigram 公路"))
    }
}
