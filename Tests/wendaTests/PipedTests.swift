import Foundation
import Testing

/// Questions on standard input, one a line.
@Suite struct PipedTests {
    static let fixtures = AskTests.fixtures

    @Test func answersEveryLineInOrderSkippingBlanksAndComments() throws {
        let input = "# a comment\n\n南京长江大桥的公路桥全长多少米？\n   \n龙井茶产于哪里？\n量子计算机的工作原理是什么？\n"
        let r = try Wenda.run(["--json", "--corpus", Self.fixtures], stdin: input)
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        let objs = try lines.map { try jsonObject($0) }
        #expect(objs.map { $0["question"] as? String } == ["南京长江大桥的公路桥全长多少米？", "龙井茶产于哪里？", "量子计算机的工作原理是什么？"])
        #expect(objs.map { $0["no_answer"] as? Bool } == [false, false, true])
    }

    @Test func humanOutputHasNoPromptAndNoColour() throws {
        let r = try Wenda.run(["--corpus", Self.fixtures], stdin: "南京长江大桥的公路桥全长多少米？\n龙井茶产于哪里？\n",
                              env: ["FORCE_COLOR": "1"])
        #expect(r.status == 0)
        #expect(!r.stdout.contains("\u{1B}"))
        #expect(r.stdout.hasPrefix("> 南京长江大桥的公路桥全长多少米？\n“"))
        #expect(r.stdout.contains("4589米"))
        #expect(r.stdout.contains("> 龙井茶产于哪里？"))
        #expect(r.stdout.contains("浙江省杭州市"))
    }

    @Test func overTheSeeds() throws {
        let r = try Wenda.run(["--json"], stdin: "斯坦福大学的自然语言处理小组有多少块GPU？\n量子计算机的工作原理是什么？\n")
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains("68块GPU"))
        #expect(lines[1].contains("\"no_answer\":true"))
    }

    @Test func manyQuestionsInOneProcess() throws {
        let qs = Array(repeating: "龙井茶产于哪里？\n南京长江大桥是什么时候全面建成通车的？\n", count: 500).joined()
        let r = try Wenda.run(["--json", "--corpus", Self.fixtures], stdin: qs)
        #expect(r.status == 0)
        #expect(r.stdout.split(separator: "\n").count == 1000)
    }

    @Test func unusableCorpusExitsTwo() throws {
        let r = try Wenda.run(["--corpus", "no/such/file.jsonl"], stdin: "长江？\n")
        #expect(r.status == 2)
        #expect(r.stderr.split(separator: "\n").count == 1)
    }
}
