import Foundation
import Testing

/// `wenda read`: an article as wenda reads it, for people and for scripts.
@Suite struct ReadTests {
    static let page = "Tests/WendaKitTests/Fixtures/pages/typhoon-zh.html"

    @Test func printsMetadataAndNumberedParagraphs() throws {
        let r = try Wenda.run(["read", Self.page])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("Title:  台风“海燕”登陆福建 沿海多地停课停运"))
        #expect(lines.contains("Author: 张三"))
        #expect(lines.contains("Date:   2024-09-12"))
        #expect(lines.contains("URL:    https://news.example.com/2024/0912/typhoon.html"))
        #expect(lines.contains { $0.hasPrefix("¶1 本报讯（记者 张三）") })
        #expect(lines.contains { $0.hasPrefix("¶4 福建省防汛抗旱指挥部") })
        #expect(!r.stdout.contains("红包"))
    }

    @Test func allShowsWhatWasDroppedAndWhy() throws {
        let r = try Wenda.run(["read", "--all", Self.page])
        #expect(r.status == 0)
        #expect(r.stdout.contains("✂ dropped: navigation (<nav>)"))
        #expect(r.stdout.contains("│ 点击领取新人红包，最高888元！"))
        // Dropped text stands where it was: the ad between ¶2 and ¶3.
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let ad = try #require(lines.firstIndex { $0.hasPrefix("  ✂ dropped: advertisement") })
        #expect(lines[ad - 1].hasPrefix("¶2 ") && lines[ad + 2].hasPrefix("¶3 "))
    }

    @Test func jsonGivesOneObjectAnArticle() throws {
        let r = try Wenda.run(["read", "--json", Self.page, "Tests/WendaKitTests/Fixtures/pages/bike-lanes-en.html"])
        #expect(r.status == 0)
        let objects = try r.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.count == 2)
        let zh = objects[0]
        #expect(zh["title"] as? String == "台风“海燕”登陆福建 沿海多地停课停运")
        #expect(zh["author"] as? String == "张三")
        #expect(zh["date"] as? String == "2024-09-12")
        #expect(zh["url"] as? String == "https://news.example.com/2024/0912/typhoon.html")
        let paragraphs = try #require(zh["paragraphs"] as? [String])
        #expect(paragraphs.count == 4)
        #expect(zh["text"] as? String == paragraphs.joined(separator: "\n"))
        #expect(zh["dropped"] == nil)
        #expect(objects[1]["author"] as? String == "Jane Doe")
        let all = try Wenda.run(["read", "--json", "--all", Self.page])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any])
        let dropped = try #require(object["dropped"] as? [[String: Any]])
        #expect(dropped.contains { ($0["reason"] as? String) == "footer (<footer>)" })
    }

    /// Asked over the saved page, the ad and the related links answer nothing; the article
    /// answers from its lead paragraph, ¶1, cited with its author, date and address.
    @Test func askingAPageAnswersFromItsArticleOnly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(atPath: Self.page, toPath: dir.appendingPathComponent("typhoon-zh.html").path)
        let ad = try Wenda.run(["ask", "--no-transcript", "--corpus", dir.path, "新人红包最高多少元？"])
        #expect(ad.status == 1)
        #expect(!ad.stdout.contains("888"))
        let related = try Wenda.run(["ask", "--no-transcript", "--corpus", dir.path, "台风山竹过后广州怎么样了？"])
        #expect(!related.stdout.contains("复工复产"))
        let r = try Wenda.run(["ask", "--no-transcript", "--corpus", dir.path, "台风海燕在哪里登陆？"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("“本报讯（记者 张三）今年第13号台风“海燕”于12日凌晨3时在福建省福清市沿海登陆"))
        #expect(r.stdout.contains("台风“海燕”登陆福建 沿海多地停课停运 · 张三 · 2024-09-12 · "))
        #expect(r.stdout.contains("https://news.example.com/2024/0912/typhoon.html"))
        #expect(r.stdout.contains("[1] ¶1 sentence 1"))
    }

    @Test func unreadableFilesAreSaidAndTheRestRead() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-read-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data().write(to: dir.appendingPathComponent("empty.txt"))
        let r = try Wenda.run(["read", dir.appendingPathComponent("empty.txt").path, Self.page])
        #expect(r.status == 1)
        #expect(r.stderr.contains("empty.txt: empty file"))
        #expect(r.stdout.contains("Author: 张三"))
        let missing = try Wenda.run(["read", "no-such-file.html"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "wenda: no-such-file.html: no such file\n")
    }

    @Test func buildNamesWhatItSkippedAndWhy() throws {
        let src = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-skip-\(UUID().uuidString)")
        let out = src.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: src, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: src) }
        try Data("第一篇文章。".utf8).write(to: src.appendingPathComponent("a.txt"))
        try Data("PK\u{3}\u{4}".utf8).write(to: src.appendingPathComponent("report.docx"))
        try Data("PK\u{3}\u{4}".utf8).write(to: src.appendingPathComponent("book.epub"))
        let r = try Wenda.run(["build", src.path, "--out", out.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("skipped 2 files: \(src.path)/book.epub — e-books are not read"))
        #expect(r.stderr.contains("; \(src.path)/report.docx — Word documents are not read (save it as .txt, .md, .html or .pdf)\n"))
        #expect(r.stderr.contains("built \(out.path): 1 article,"))
    }
}
