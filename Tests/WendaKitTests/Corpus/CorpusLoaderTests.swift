import Foundation
import Testing
@testable import WendaKit

@Suite struct CorpusLoaderTests {
    @Test func readsAFolderAndReportsWhatItSkips() throws {
        let r = try CorpusLoader.load([Fixtures.articlesPath], relativeTo: Fixtures.packageRoot)
        #expect(r.articles.map(\.id) == ["big5", "J1", "J2", "J5", "gbk", "lines", "notes", "page", "plain", "seed-format"])
        let p = Fixtures.articlesPath + "/"
        #expect(r.problems.map(\.description) == [
            p + "binary.txt: binary file (NUL bytes), not an article",
            p + "corpus.jsonl:3: not valid JSON",
            p + "corpus.jsonl:5: no \"text\" string",
            p + "corpus.jsonl:6: not a JSON object",
            p + "empty.txt: empty file",
            p + "latin1.txt: not UTF-8 text (invalid byte at offset 6), nor GB18030/GBK or Big5 Chinese: convert it to UTF-8",
            p + "unclosed.md:1: front matter is never closed (no `---` line after it)",
        ])
        #expect(r.articles.first { $0.id == "plain" }?.source == p + "plain.txt")
    }

    @Test func missingPathThrows() {
        #expect(throws: CorpusError.self) { try CorpusLoader.load(["no-such-folder"], relativeTo: Fixtures.packageRoot) }
    }

    @Test func duplicateIdsAreSkipped() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-dup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("b"), withIntermediateDirectories: true)
        try Data("一。".utf8).write(to: dir.appendingPathComponent("a.txt"))
        try Data("二。".utf8).write(to: dir.appendingPathComponent("b/a.md"))
        try Data("ignored".utf8).write(to: dir.appendingPathComponent("c.png"))
        try Data("hidden。".utf8).write(to: dir.appendingPathComponent(".d.txt"))
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("b/loop"), withDestinationURL: dir)
        let r = try CorpusLoader.load([dir.path])
        #expect(r.articles.map(\.text) == ["一。"])
        #expect(r.problems.count == 1)
        #expect(r.problems.first?.reason.contains("duplicate article id \"a\"") == true)
    }
}
