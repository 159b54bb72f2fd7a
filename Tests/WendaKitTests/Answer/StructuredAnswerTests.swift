import Foundation
import Testing
@testable import WendaKit

/// Answers from a table row (with the header it carries), from a list (its lead-in and
/// items together) and from a PDF (cited with its page).
@Suite struct StructuredAnswerTests {
    static let engine: AnswerEngine = {
        let (engine, problems) = try! AnswerEngine.load(corpusPath: Fixtures.packageRoot.appendingPathComponent(Fixtures.pagesPath).path)
        precondition(problems.isEmpty, "\(problems)")
        return engine
    }()

    @Test func tableRowAnswersWithItsHeader() throws {
        let r = Self.engine.answer("小米的市场份额是多少？", top: 3)
        let best = try #require(r.answers.first)
        #expect(best.text == "小米：出货量 1,000万部，市场份额 14%")
        #expect(best.citation.docId == "phone-shipments-zh")
        #expect(best.citation.paragraph == 2)
        // The header row is in no answer on its own.
        let header = Self.engine.answer("各厂商的出货量和市场份额分别是多少？", top: 5)
        #expect(!header.answers.contains { $0.text.hasPrefix("厂商") })
    }

    @Test func listAnswerQuotesTheLeadInWithItsItems() throws {
        let r = Self.engine.answer("影响手机销量的因素有哪些？", top: 1)
        let best = try #require(r.answers.first)
        #expect(best.text == "专家指出，影响手机销量的因素包括：\n新机型的发布节奏；\n电商平台的促销活动；\n消费者换机周期的长短。")
        #expect(best.citation.paragraph == 6)
        // Asked for one fact, the lead-in's article answers without the whole list.
        let one = Self.engine.answer("换机周期被认为是什么？", top: 1)
        #expect(one.answers.first.map { !$0.text.contains("\n") } ?? true)
    }

    @Test func markdownTablesAndListsAsForHTML() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-md-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let md = """
            # 名茶一览

            | 品种 | 产地 | 均价 |
            |---|---|---:|
            | 西湖龙井 | 杭州 | 每斤**1,200元** |
            | 碧螺春 | 苏州 | 每斤900元 |

            影响龙井茶品质的因素包括：

            - 采摘的时间；
            - 炒制的火候；
            - 茶园的土壤。

            其中采摘时间最重要。
            """
        try Data(md.utf8).write(to: dir.appendingPathComponent("tea.md"))
        let a = try #require(ArticleReader.read(dir.appendingPathComponent("tea.md").path).articles.first)
        #expect(a.paragraphTexts == ["名茶一览", "西湖龙井：产地 杭州，均价 每斤1,200元", "碧螺春：产地 苏州，均价 每斤900元",
                                     "影响龙井茶品质的因素包括：", "采摘的时间；", "炒制的火候；", "茶园的土壤。", "其中采摘时间最重要。"])
        #expect(a.lists == [5...7])
        let (engine, _) = try AnswerEngine.load(corpusPath: dir.path)
        let row = try #require(engine.answer("碧螺春的产地是哪里？", top: 1).answers.first)
        #expect(row.text == "碧螺春：产地 苏州，均价 每斤900元")
        #expect(row.citation.paragraph == 3)
        #expect(engine.answer("影响龙井茶品质的因素有哪些？", top: 1).answers.first?.text
            == "影响龙井茶品质的因素包括：\n采摘的时间；\n炒制的火候；\n茶园的土壤。")
    }

    /// A PDF made here with Ghostscript's `ps2pdf` (installed by `make setup`), read through
    /// `pdftotext`: the answer is cited with its page.
    @Test func pdfQuotedWithItsPage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let ps = """
            %!PS
            /Helvetica findfont 14 scalefont setfont
            72 720 moveto (Longjing Tea Notes) show
            /Helvetica findfont 11 scalefont setfont
            72 690 moveto (The spring harvest of Longjing tea starts in late March near West Lake.) show
            showpage
            /Helvetica findfont 11 scalefont setfont
            72 720 moveto (The autumn harvest yields 40 tonnes of tea from the hills around the village.) show
            showpage
            """
        try Data(ps.utf8).write(to: dir.appendingPathComponent("notes.ps"))
        let tool = try #require(PDFReader.findTool("ps2pdf"), "ps2pdf is missing: run make setup (Debian package ghostscript)")
        _ = try PDFReader.run(tool, [dir.appendingPathComponent("notes.ps").path, dir.appendingPathComponent("notes.pdf").path])
        try FileManager.default.removeItem(at: dir.appendingPathComponent("notes.ps"))
        let a = try #require(ArticleReader.read(dir.appendingPathComponent("notes.pdf").path).articles.first)
        #expect(a.title == "Longjing Tea Notes")
        #expect(a.page(ofParagraph: 2) == 1)
        #expect(a.page(ofParagraph: a.paragraphs.count) == 2)
        let (engine, problems) = try AnswerEngine.load(corpusPath: dir.path)
        #expect(problems.isEmpty)
        let best = try #require(engine.answer("How many tonnes does the autumn harvest yield?", top: 1).answers.first)
        #expect(best.text == "The autumn harvest yields 40 tonnes of tea from the hills around the village.")
        #expect(best.citation.page == 2)
        #expect(best.citation.paragraph == 3)
    }
}
