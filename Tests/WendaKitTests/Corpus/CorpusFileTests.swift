import Foundation
import Testing
@testable import WendaKit

@Suite struct CorpusFileTests {
    /// The committed corpus/ is what `wenda build` makes of seeds/ today.
    @Test func committedCorpusIsCurrent() throws {
        let root = Fixtures.packageRoot
        let loaded = try CorpusLoader.load(["seeds"], relativeTo: root)
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        let files = try CorpusWriter.render(loaded.articles)
        let corpus = root.appendingPathComponent("corpus")
        let stale = "corpus/ is stale: regenerate it with `make corpus` (swift run wenda build seeds --out corpus) and commit it"
        for file in files {
            let committed = try? Data(contentsOf: corpus.appendingPathComponent(file.name))
            #expect(committed == file.data, "\(file.name): \(stale)")
        }
        let present = try FileManager.default.contentsOfDirectory(atPath: corpus.path).filter { $0.hasSuffix(".json") }
        #expect(Set(present) == Set(files.map(\.name)), "\(stale)")
    }

    @Test func entryKeepsTheArticle() throws {
        let a = try Fixtures.seed()
        let file = CorpusFile(a)
        #expect(file.paragraphs.count == a.paragraphs.count)
        let s = file.paragraphs[17].sentences[0]
        #expect(s.text == "与之相比，斯坦福大学的自然语言处理小组，拢共只有68块GPU。")
        #expect(s.words == Segmenter.shared.tokenize(s.text).map(\.text).joined(separator: " "))
        let decoded = try #require(CorpusFile(json: [UInt8](try file.encoded())))
        #expect(decoded == file)
        // The file is plain JSON for any reader too, with the same values.
        let plain = try #require(try JSONSerialization.jsonObject(with: try file.encoded()) as? [String: Any])
        #expect(plain["id"] as? String == file.id && plain["title"] as? String == file.title)
        let ps = try #require(plain["paragraphs"] as? [[String: Any]])
        #expect(ps.count == file.paragraphs.count)
        let ss = try #require(ps[17]["sentences"] as? [[String: Any]])
        #expect(ss[0]["text"] as? String == s.text && ss[0]["words"] as? String == s.words)
        #expect(ss[0]["source_start"] as? Int == s.sourceStart && ss[0]["source_end"] as? Int == s.sourceEnd)
        let back = decoded.article
        #expect(back.text == a.text)
        #expect(back.paragraphs == a.paragraphs)
        #expect(back.title == a.title && back.metadata == a.metadata && back.references == a.references)
        #expect(back.sourceRange(of: a.paragraphs[17].sentences[0].range) == a.sourceRange(of: a.paragraphs[17].sentences[0].range))
    }

    @Test func encodingIsStable() throws {
        let a = try Fixtures.seed()
        let one = try CorpusWriter.render([a])
        let two = try CorpusWriter.render([a])
        #expect(one.map(\.data) == two.map(\.data))
        let text = String(decoding: one[0].data, as: UTF8.self)
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"source\":\"seeds/000_4c1bf5412017dcdf.txt\""))
        #expect(text.contains("\"format\":\"wenda-corpus/2\""))
        // One sentence a line: readable, and a changed sentence is a changed line.
        let sentences = a.paragraphs.reduce(0) { $0 + $1.sentences.count }
        #expect(text.split(separator: "\n").filter { $0.contains("\"words\":") }.count == sentences)
        #expect(!text.contains("\\/"))
    }

    @Test func fileNames() {
        #expect(CorpusWriter.fileName(for: "000_abc") == "000_abc.json")
        #expect(CorpusWriter.fileName(for: "a/b:c") == "a_b_c.json")
        #expect(CorpusWriter.fileName(for: ".hidden") == "_hidden.json")
        #expect(CorpusWriter.fileName(for: "..") == "_..json")
    }

    @Test func writerRemovesOnlyWhatItWrote() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-writer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = Fixtures.read("corpus.jsonl")
        let one = try Fixtures.article("plain.txt")
        // The articles of the JSONL share one file, named after it; an article alone in
        // its file gets one named after its id.
        var first = try CorpusWriter.write(r.articles + [one], to: dir)
        #expect(Set(first.written) == ["corpus.json", "plain.json", "manifest.json"])
        try Data("mine".utf8).write(to: dir.appendingPathComponent("notes.json"))
        // Nothing changed: nothing written.
        first = try CorpusWriter.write(r.articles + [one], to: dir)
        #expect(first.written.isEmpty)
        #expect(first.unchanged.count == 3)
        // J2 gone: the shared file written again; plain gone: its file removed, the
        // foreign file kept.
        let second = try CorpusWriter.write(r.articles.filter { $0.id != "J2" }, to: dir)
        #expect(Set(second.written) == ["corpus.json", "manifest.json"])
        #expect(second.removed == ["plain.json"])
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(names == ["corpus.json", "manifest.json", "notes.json"])
        let manifest = try #require(CorpusManifest.read(dir))
        #expect(manifest.articles.map(\.id) == ["J1", "J5"])
        #expect(manifest.articles.map(\.line) == [1, 7])
        #expect(manifest.articles.map(\.file) == ["corpus.json", "corpus.json"])
        let back = try CorpusFolder.articles(dir)
        #expect(back.problems.isEmpty)
        #expect(back.articles.map(\.id) == ["J1", "J5"])
    }

    /// A source of many articles is split into files of `articlesPerFile` at most.
    @Test func manyArticlesShareFewFiles() {
        let n = CorpusWriter.articlesPerFile * 2 + 3
        let articles = (0..<n).map { i in
            var a = makeArticle("a\(i)", "第\(i)篇。")
            a.source = "big.jsonl"
            return a
        }
        let names = CorpusWriter.fileNames(articles + [makeArticle("big.1", "同名。")])
        #expect(Set(names.prefix(n)) == ["big.1.json", "big.2.json", "big.3.json"])
        #expect(names.filter { $0 == "big.3.json" }.count == 3)
        #expect(names.last == "big.1~2.json", "an article's own name never takes a shared file's")
    }

    @Test func manifestNameIsReserved() throws {
        var a = try Fixtures.article("plain.txt")
        a.id = "manifest"
        let files = try CorpusWriter.render([a])
        #expect(files.map(\.name) == ["manifest~2.json", "manifest.json"])
    }
}
