import Foundation
import Testing
@testable import WendaKit

/// The seed format's footer (the short plain text after the last `---` of an HTML body)
/// is the only text a reader sets aside; a horizontal rule in a Markdown or plain-text
/// article is body, and what follows it is read.
@Suite struct FooterRuleTests {
    /// A Markdown article with front matter: ten paragraphs, the last three after a rule.
    static func markdown(rule: String) -> String {
        var s = "---\ntitle: 规则之后\nauthor: 作者\n---\n\n"
        for n in 1...7 { s += "第\(n)段说的是前面的事情。\n\n" }
        s += rule + "\n\n"
        for n in 8...10 { s += "第\(n)段说的是后面的事情。\n\n" }
        return s
    }

    @Test(arguments: ["---", "***", "___", "- - -", "-----"])
    func markdownRuleIsBody(rule: String) throws {
        let r = ArticleReader.read(Data(Self.markdown(rule: rule).utf8), source: "rule.md")
        let a = try #require(r.articles.first)
        #expect(r.problems.isEmpty)
        #expect(a.metadata["footer"] == nil)
        #expect(a.paragraphs.count == 10)
        #expect(a.paragraphTexts.last == "第10段说的是后面的事情。")
        #expect(!a.text.contains("---") && !a.text.contains("***"))
    }

    @Test func plainTextRuleIsBody() throws {
        let text = "---\ntitle: 纯文本\n---\n\n前面一段。\n\n---\n\n后面一段，很短。\n"
        let a = try #require(ArticleReader.read(Data(text.utf8), source: "rule.txt").articles.first)
        #expect(a.metadata["footer"] == nil)
        #expect(a.paragraphTexts == ["前面一段。", "后面一段，很短。"])
    }

    /// Markdown holding some inline HTML is still Markdown: a body that does not close
    /// with a tag before its last rule keeps what follows.
    @Test func markdownWithInlineHTMLKeepsItsEnd() throws {
        let text = "---\ntitle: 混合\n---\n\n第一段<br>换行。\n\n---\n\n最后一段。\n"
        let a = try #require(ArticleReader.read(Data(text.utf8), source: "mixed.md").articles.first)
        #expect(a.metadata["footer"] == nil)
        #expect(a.paragraphTexts.last == "最后一段。")
    }

    @Test func seedFormatStillSetsItsFooterAside() throws {
        let a = try Fixtures.article("seed-format.txt")
        #expect(a.metadata["footer"] == "感谢阅读！更多文章：[GPTNB](https://gptnb.com)。")
        #expect(!a.text.contains("感谢阅读"))
        let seed = try Fixtures.seed()
        #expect(seed.metadata["footer"]?.hasPrefix("感谢阅读") == true)
        #expect(seed.paragraphs.count == 67)
    }

    /// What follows the last rule of an HTML body is body when it is long, or HTML.
    @Test func longOrHTMLTailOfASeedIsBody() throws {
        let head = "---\ntitle: 长尾\n---\n\n<div><p>正文开头。</p></div>\n---\n"
        let long = head + "一。\n二。\n三。\n四。\n"
        let a = try #require(ArticleReader.read(Data(long.utf8), source: "long.txt").articles.first)
        #expect(a.metadata["footer"] == nil)
        #expect(a.text.contains("四。"))
        let html = head + "<p>结尾段落。</p>\n"
        let b = try #require(ArticleReader.read(Data(html.utf8), source: "html.txt").articles.first)
        #expect(b.metadata["footer"] == nil)
        #expect(b.text.contains("结尾段落。"))
    }
}
