import Foundation
import Testing

/// A quote from a built corpus whose source file has changed since the build is marked
/// stale (`citation.stale` in JSON, a note in text) and said once on stderr, naming the
/// file and the command that rebuilds the corpus; an unchanged file is not, even when its
/// time changed; asking the folder of articles itself quotes the new text.
@Suite struct StaleQuoteTests {
    static let question = "李飞飞向谁谏言？"

    /// A folder `src` of two articles, built into `corpus`, both in a new folder.
    static func project() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-stale-\(UUID().uuidString)")
        let src = dir.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: src, withIntermediateDirectories: true)
        try Data("---\ntitle: 谏言\nauthor: 记者\n---\n\n李飞飞向拜登谏言。她说学术界没钱。\n\n另一段说别的事情。\n".utf8)
            .write(to: src.appendingPathComponent("a.md"))
        try Data("---\ntitle: 别的\n---\n\n辛顿离开了谷歌。\n".utf8).write(to: src.appendingPathComponent("b.md"))
        let r = try Wenda.run(["build", "src", "--out", "corpus"], cwd: dir)
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    /// Writes `text` to `file` with a modification time clearly after the build.
    static func edit(_ file: URL, _ text: String) throws {
        try Data(text.utf8).write(to: file)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: file.path)
    }

    static func citation(_ stdout: String) throws -> [String: Any] {
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        let answers = try #require(obj["answers"] as? [[String: Any]])
        return try #require(answers.first?["citation"] as? [String: Any])
    }

    @Test func anEditedSourceMarksItsQuotesStale() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ask = ["ask", "--json", "--no-transcript", "--corpus", "corpus", Self.question]
        let before = try Wenda.run(ask, cwd: dir)
        #expect(before.status == 0)
        #expect(try Self.citation(before.stdout)["stale"] as? Bool == false)
        #expect(before.stderr.isEmpty, "\(before.stderr)")

        try Self.edit(dir.appendingPathComponent("src/a.md"),
                      "---\ntitle: 谏言\nauthor: 记者\n---\n\n李飞飞向国会谏言。她说学术界没钱。\n\n另一段说别的事情。\n")
        let after = try Wenda.run(ask, cwd: dir)
        #expect(after.status == 0)
        let c = try Self.citation(after.stdout)
        #expect(c["stale"] as? Bool == true)
        #expect(c["source"] as? String == "src/a.md")
        let lines = after.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(after.stderr)")
        #expect(lines.first?.contains("src/a.md") == true)
        #expect(lines.first?.contains("wenda build src --out corpus") == true)

        // In text, the article's citations say so.
        let text = try Wenda.run(["ask", "--no-transcript", "--corpus", "corpus", Self.question], cwd: dir)
        #expect(text.stdout.contains("changed since the corpus was built"))

        // From another folder the source is found beside the corpus.
        let elsewhere = try Wenda.run(["ask", "--json", "--no-transcript", "--corpus", dir.appendingPathComponent("corpus").path,
                                       Self.question], cwd: URL(fileURLWithPath: "/"))
        #expect(try Self.citation(elsewhere.stdout)["stale"] as? Bool == true)

        // Asking the folder of articles itself reads the new text: nothing stale.
        let folder = try Wenda.run(["ask", "--json", "--no-transcript", "--corpus", "src", Self.question], cwd: dir)
        #expect(try Self.citation(folder.stdout)["stale"] as? Bool == false)
        #expect(folder.stdout.contains("国会"))

        // Rebuilt, the corpus quotes the new sentence, and nothing is stale.
        #expect(try Wenda.run(["build", "src", "--out", "corpus"], cwd: dir).status == 0)
        let rebuilt = try Wenda.run(ask, cwd: dir)
        #expect(try Self.citation(rebuilt.stdout)["stale"] as? Bool == false)
        #expect(rebuilt.stdout.contains("国会"))
        #expect(rebuilt.stderr.isEmpty)
    }

    /// A file whose time changed but whose text did not is not stale; a piped run warns
    /// once per file, however many of its answers quote it.
    @Test func onlyAChangeOfTextCounts() throws {
        let dir = try Self.project()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("src/a.md")
        try Self.edit(a, try String(contentsOf: a, encoding: .utf8))
        let same = try Wenda.run(["ask", "--json", "--no-transcript", "--corpus", "corpus", Self.question], cwd: dir)
        #expect(try Self.citation(same.stdout)["stale"] as? Bool == false)
        #expect(same.stderr.isEmpty)

        try Self.edit(a, "---\ntitle: 谏言\nauthor: 记者\n---\n\n李飞飞向拜登谏言。她说学术界没钱了。\n\n另一段说别的事情。\n")
        let piped = try Wenda.run(["--json", "--no-transcript", "--corpus", "corpus"], stdin: "\(Self.question)\n\(Self.question)\n", cwd: dir)
        #expect(piped.status == 0)
        #expect(piped.stdout.split(separator: "\n").count == 2)
        #expect(piped.stderr.split(separator: "\n").count == 1, "\(piped.stderr)")
    }
}
