import Foundation
import Testing

@Suite struct BuildTests {
    static func tempDir() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("wenda-build-\(UUID().uuidString)")
    }

    @Test func buildsTheSeedsLikeTheCommittedCorpus() throws {
        let out = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try Wenda.run(["build", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains(": 1 article, 67 paragraphs, 84 sentences, 0 skipped"))
        let corpus = Wenda.packageRoot.appendingPathComponent("corpus")
        for name in ["000_4c1bf5412017dcdf.json", "manifest.json"] {
            let built = try Data(contentsOf: out.appendingPathComponent(name))
            #expect(built == (try? Data(contentsOf: corpus.appendingPathComponent(name))), "\(name)")
        }
    }

    @Test func reportsBadFilesAndBuildsTheRest() throws {
        let out = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        let fixtures = "Tests/WendaKitTests/Fixtures/articles"
        let r = try Wenda.run(["build", fixtures, "--out", out.path])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains("wenda: \(fixtures)/corpus.jsonl:3: not valid JSON"))
        #expect(lines.contains("wenda: \(fixtures)/empty.txt: empty file"))
        #expect(lines.contains { $0.hasPrefix("wenda: \(fixtures)/binary.txt: binary file") })
        #expect(lines.contains { $0.hasPrefix("wenda: \(fixtures)/latin1.txt: not UTF-8 text") })
        #expect(lines.contains { $0.hasPrefix("wenda: \(fixtures)/unclosed.md:1: front matter") })
        #expect(lines.last?.contains("10 articles") == true)
        #expect(lines.last?.contains("7 skipped") == true)
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: out.path))
        #expect(names.isSuperset(of: ["seed-format.json", "corpus.json", "gbk.json", "page.json", "manifest.json"]))
        #expect(!names.contains("empty.json"))
        #expect(!names.contains { $0.hasPrefix(".") }, "no temporary files left")
        let entry = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("seed-format.json"))) as? [String: Any]
        #expect(entry?["title"] as? String == "小测试：李飞飞's \"演讲\"")
        #expect(entry?["source"] as? String == "\(fixtures)/seed-format.txt")
    }

    @Test func removesStaleFilesItWrote() throws {
        let src = Self.tempDir(), out = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: src); try? FileManager.default.removeItem(at: out) }
        try FileManager.default.createDirectory(at: src, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("第一篇。".utf8).write(to: src.appendingPathComponent("a.txt"))
        try Data("第二篇。".utf8).write(to: src.appendingPathComponent("b.md"))
        try Data("{}".utf8).write(to: out.appendingPathComponent("keep.json"))
        #expect(try Wenda.run(["build", src.path, "--out", out.path]).status == 0)
        try FileManager.default.removeItem(at: src.appendingPathComponent("b.md"))
        let r = try Wenda.run(["build", src.path, "--out", out.path])
        #expect(r.status == 0)
        #expect(r.stderr.contains("1 removed"))
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: out.path))
        // The index: its first segment, the removed article marked deleted.
        #expect(names == ["a.json", "keep.json", "manifest.json", "sources.json", "segments.json", "segment-1.wenda", "segment-1.2.del"])
    }

    @Test func nothingReadableLeavesTheCorpusAlone() throws {
        let out = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        let fixtures = "Tests/WendaKitTests/Fixtures/articles"
        #expect(try Wenda.run(["build", "\(fixtures)/plain.txt", "--out", out.path]).status == 0)
        let r = try Wenda.run(["build", "\(fixtures)/empty.txt", "--out", out.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("wenda: \(fixtures)/empty.txt: empty file"))
        #expect(r.stderr.contains("no readable articles"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("plain.json").path))
    }

    @Test func missingSourceIsAUsageError() throws {
        let out = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try Wenda.run(["build", "no-such-folder", "--out", out.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("wenda: no-such-folder: no such file or folder"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
