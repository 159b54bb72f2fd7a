import Foundation
import Testing

/// `wenda build` sets nothing of an article aside silently: a Markdown article's text after
/// a horizontal rule is body (and answers questions), and a seed-format footer is named
/// with its size.
@Suite struct SetAsideTests {
    @Test func textAfterAMarkdownRuleIsSearched() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-rule-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("src"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var md = "---\ntitle: 一篇笔记\nauthor: 我\n---\n\n"
        for n in 1...7 { md += "第\(n)段讲的是城市的历史。\n\n" }
        md += "---\n\n那座桥的全长是4589米。\n\n桥上每天有八万辆车。\n\n第十段是结尾。\n"
        try Data(md.utf8).write(to: dir.appendingPathComponent("src/note.md"))
        let build = try Wenda.run(["build", "src", "--out", "corpus"], cwd: dir)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(!build.stderr.contains("set aside"))
        #expect(build.stderr.contains("10 paragraphs"))
        let r = try Wenda.run(["ask", "--no-transcript", "--top", "1", "--corpus", "corpus", "那座桥的全长是多少米？"], cwd: dir)
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("“那座桥的全长是4589米。” [1]"))
    }

    @Test func aSeedFooterIsNamedWithItsSize() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-footer-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let r = try Wenda.run(["build", "seeds", "--out", out.path])
        #expect(r.status == 0)
        let line = r.stderr.split(separator: "\n").first { $0.contains("set aside") }
        #expect(line?.contains("seeds/000_4c1bf5412017dcdf.txt (") == true, "\(r.stderr)")
        #expect(line?.contains(" characters)") == true)
    }
}
