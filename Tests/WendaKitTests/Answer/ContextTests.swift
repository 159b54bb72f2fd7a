import Foundation
import Testing
@testable import WendaKit

/// Context across paragraphs and reworded questions, on the articles of Fixtures/context:
/// a lead-in line and the line with the figure, section headings, numbers highlighted
/// whole.
@Suite struct ContextTests: EngineSuite {
    static var folder: String { FixtureLoading.folder("context") }

    static let loaded = Result { try FixtureLoading.load(folder) }

    let engine: AnswerEngine

    init() throws { engine = try Self.loaded.get() }

    /// The quote is the article's text at the cited offsets.
    func isVerbatim(_ a: QuotedSentence) -> Bool {
        engine.articles.first { $0.id == a.citation.docId }.map { $0.slice(a.citation.start..<a.citation.end) == a.text } ?? false
    }

    @Test func leadInIsQuotedWithTheLineHoldingTheFigure() throws {
        // The lead-in shares most of the question's words; the next line of its block
        // (a <br/>-separated line of the same <p>) holds the amount.
        let a = try #require(best("临床医学专业的起薪中位数是多少？"))
        #expect(a.text == "临床医学和口腔医学专业毕业生的起薪中位数，位列各专业前两名。\n前者达到9万元，后者达到8.6万元。")
        #expect(highlighted(a) == "9万元")
        #expect(a.citation.paragraph == 4)
        #expect(a.citation.paragraphEnd == 5)
        #expect(a.citation.sentence == 1 && a.citation.sentenceEnd == 1)
        #expect(a.citation.sentences == "sentence 1 to ¶5 sentence 1")
        #expect(isVerbatim(a))
    }

    @Test func onlyTheNextLineOfTheSameBlockFollows() throws {
        // The lead-in (¶4) runs on into ¶5, a line of its <p>; the heading above it (¶3) is a
        // block of its own, and so is the last line of a block (¶6, before a heading).
        let a = try #require(engine.articles.firstIndex { $0.id == "graduate_pay" })
        func sentence(_ paragraph: Int) throws -> Int {
            let g = try #require(engine.index.paragraphs.firstIndex { Int($0.article) == a && Int($0.index) == paragraph - 1 })
            return Int(engine.index.paragraphs[g].firstSentence)
        }
        #expect(try engine.nextLineInBlock(sentence(4)) == sentence(5))
        #expect(try engine.nextLineInBlock(sentence(3)) == nil)
        #expect(try engine.nextLineInBlock(sentence(6)) == nil)
    }

    @Test func headingGivesTheParagraphsUnderItTheirTopic() throws {
        // Two campuses' paragraphs read alike; only the headings above them name the campus.
        let a = try #require(best("上海校区今年有多少毕业生？"))
        #expect(a.text == "校区今年共有毕业生8000人，其中六成留在本地工作。")
        #expect(highlighted(a) == "8000人")
        let b = try #require(best("北京校区今年有多少毕业生？"))
        #expect(highlighted(b) == "1.2万人")
    }

    @Test func headingsAreFoundByTheirShape() throws {
        let article = try #require(engine.articles.first { $0.id == "graduate_pay" })
        let headings = article.paragraphs.indices.filter { AnswerEngine.isHeading($0, in: article) }
            .map { article.slice(article.paragraphs[$0].range) }
        #expect(headings == ["医学专业领跑", "北京校区", "上海校区"])
    }

    @Test func numbersAreHighlightedWhole() throws {
        let a = try #require(best("春运期间共发送旅客多少人次？"))
        #expect(highlighted(a) == "13.5亿人次")
        let b = try #require(best("全市新建了多少个公共停车位？"))
        #expect(highlighted(b) == "三万六千个")
    }
}

/// Reworded questions: words sharing a gloss in CC-CEDICT count as candidate synonyms,
/// below an exact match, never enough on their own.
@Suite struct RewordedQuestionTests {
    let engine: AnswerEngine

    init() throws { engine = try ContextTests.loaded.get() }

    @Test func lexiconSynonymsShareAGloss() {
        #expect(Synonyms.lexicon(of: "购买").contains("采买"))
        #expect(Synonyms.lexicon(of: "采买").contains("购买"))
        // The hand-made groups' words are not repeated.
        #expect(!Synonyms.lexicon(of: "去世").contains("逝世"))
    }

    @Test func rewordedQuestionIsAnswered() throws {
        // 购买 / 采买: the sentence words the purchase otherwise.
        let r = engine.answer("Meta计划购买多少片GPU？", top: 1)
        #expect(!r.noAnswer)
        let a = try #require(r.answers.first)
        #expect(a.text.hasPrefix("举个例子，Meta目标要采买三十五万片定制化的芯片"))
        #expect(highlighted(a) == "三十五万片")
    }

    @Test func aSynonymAloneDoesNotAnswer() {
        // Only 购买 (as 采买) meets the articles: no answer.
        #expect(engine.answer("计划购买多少辆汽车？", top: 1).noAnswer)
    }

    @Test func anExactMatchOutweighsASynonym() throws {
        // Two sentences alike but for the verb: the one with the question's own word wins.
        let read = ArticleReader.read(Data("甲公司去年采买了三十台机器。\n\n乙公司去年购买了五十台机器。\n".utf8), source: "verbs.txt")
        let engine = AnswerEngine(articles: read.articles)
        let a = try #require(engine.answer("哪家公司去年购买了机器？", top: 1).answers.first)
        #expect(a.text == "乙公司去年购买了五十台机器。")
    }
}
