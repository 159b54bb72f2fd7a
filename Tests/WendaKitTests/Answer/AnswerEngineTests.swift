import Foundation
import Testing
@testable import WendaKit

/// The articles of Fixtures/answer, read by the corpus loader.
enum AnswerFixtures {
    static var folder: String { FixtureLoading.folder("answer") }

    /// Loaded once; a failure fails each test that uses it, not the whole run.
    static let loaded = Result { try FixtureLoading.load(folder) }

    static func engine() throws -> AnswerEngine { try loaded.get() }
}

/// Loading the engine of a fixture folder, as a test may require.
enum FixtureLoading {
    struct Problems: Error, CustomStringConvertible { var description: String }

    /// The path of `Tests/WendaKitTests/Fixtures/NAME`.
    static func folder(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(name)").path
    }

    static func load(_ path: String) throws -> AnswerEngine {
        let (engine, problems) = try AnswerEngine.load(corpusPath: path)
        guard problems.isEmpty else { throw Problems(description: "\(path): \(problems)") }
        return engine
    }
}

/// A suite over one engine made from fixtures: the first quote a question gets.
protocol EngineSuite {
    var engine: AnswerEngine { get }
}

extension EngineSuite {
    /// The first quote of the answer to `question` (nil: no answer).
    func best(_ question: String) -> QuotedSentence? {
        engine.answer(question, top: 3).answers.first
    }
}

func highlighted(_ a: QuotedSentence) -> String? {
    guard let h = a.highlight.first else { return nil }
    let s = Array(a.text.unicodeScalars)
    return String(String.UnicodeScalarView(s[h[0]..<h[1]]))
}

@Suite struct AnswerEngineTests {
    let engine: AnswerEngine

    init() throws { engine = try AnswerFixtures.engine() }

    /// Every quote is the exact slice of its article at the cited offsets.
    func checkVerbatim(_ r: AnswerResult) {
        for a in r.answers {
            guard let article = engine.articles.first(where: { $0.id == a.citation.docId }) else {
                Issue.record("\(a.citation.docId): no such article")
                continue
            }
            #expect(article.slice(a.citation.start..<a.citation.end) == a.text)
            let p = article.paragraphs[a.citation.paragraph - 1]
            #expect(p.number == a.citation.paragraph)
            // The cited sentence, and the next one when the answer runs across.
            #expect(p.sentences[a.citation.sentence - 1].range.lowerBound == a.citation.start)
            #expect(p.sentences[(a.citation.sentence - 1)...].contains { $0.range.upperBound == a.citation.end })
        }
    }

    @Test func numberQuestion() {
        let r = engine.answer("南京长江大桥的公路桥全长多少米？", top: 3)
        #expect(!r.noAnswer)
        #expect(r.answers.first?.text.contains("4589米") == true)
        #expect(r.answers.first?.citation.docId == "nanjing_bridge")
        #expect(r.answers.first.flatMap(highlighted) == "4589米")
        checkVerbatim(r)
    }

    @Test func dateQuestion() {
        let r = engine.answer("南京长江大桥是什么时候全面建成通车的？", top: 3)
        #expect(!r.noAnswer)
        #expect(r.answers.first?.text.contains("1968年12月29日") == true)
        #expect(r.answers.first.flatMap(highlighted) == "1968年12月29日")
        #expect(r.answers.first?.citation.paragraph == 2)
        #expect(r.answers.first?.citation.sentence == 1)
        checkVerbatim(r)
    }

    @Test func personQuestion() {
        let r = engine.answer("谁担任了南京长江大桥建设的技术顾问？", top: 3)
        #expect(!r.noAnswer)
        #expect(r.answers.first?.text.contains("茅以升") == true)
        #expect(r.answers.first?.citation.sentence == 2)
        checkVerbatim(r)
    }

    @Test func placeQuestion() {
        let r = engine.answer("龙井茶产于哪里？", top: 1)
        #expect(r.answers.count == 1)
        #expect(r.answers.first?.text.contains("浙江省杭州市") == true)
        #expect(r.answers.first?.citation.docId == "longjing_tea")
    }

    /// A question the articles do not answer (the price of Longjing tea) gets no quote but
    /// the nearest passages: the tea article's paragraphs first, best first, each the
    /// paragraph's own text.
    @Test func noAnswerGivesTheNearestPassagesInstead() throws {
        let r = engine.answer("龙井茶的价格是多少钱一斤？", top: 3)
        #expect(r.noAnswer)
        #expect(r.answers.isEmpty)
        #expect(r.passages.count >= 2 && r.passages.count <= 20)
        #expect(r.passages.prefix(2).map(\.docId) == ["longjing_tea", "longjing_tea"])
        #expect(Set(r.passages.prefix(2).map(\.paragraph)) == [1, 2])
        #expect(zip(r.passages, r.passages.dropFirst()).allSatisfy { $0.score >= $1.score }, "best first")
        for p in r.passages {
            let article = try #require(engine.articles.first { $0.id == p.docId })
            #expect(p.text == article.text(of: article.paragraphs[p.paragraph - 1]))
        }
        // Nothing in common with the articles: no answer, and no passage pretends to be near.
        let none = engine.answer("什么？", top: 3)
        #expect(none.noAnswer && none.answers.isEmpty && none.passages.isEmpty)
        #expect(engine.answer("量子计算机的工作原理是什么？", top: 3).noAnswer)
    }

    @Test func questionWordsAreNotMatched() {
        let aq = QuestionAnalyzer.analyze("龙井茶是什么时候采摘的？")
        #expect(aq.contentText == "龙井茶采摘")
        #expect(aq.answerType == .date)
        #expect(QuestionAnalyzer.analyze("大桥全长多少米？").answerType == .number)
        #expect(QuestionAnalyzer.analyze("谁担任了技术顾问？").answerType == .person)
        #expect(QuestionAnalyzer.analyze("龙井茶产于哪里？").answerType == .place)
        #expect(QuestionAnalyzer.analyze("为什么叫御茶？").answerType == .reason)
        #expect(QuestionAnalyzer.analyze("御茶是什么？").answerType == .definition)
    }

    @Test func spotterFindsDatesAndNumbersWithUnits() {
        func spans(_ t: AnswerType, _ s: String) -> [String] {
            let a = Array(s.unicodeScalars)
            return AnswerSpotter.spans(t, in: a).map { String(String.UnicodeScalarView(a[$0])) }
        }
        #expect(spans(.date, "大桥于1960年1月18日开工") == ["1960年1月18日"])
        #expect(spans(.number, "拢共只有68块GPU。") == ["68块"])
        #expect(spans(.number, "投资1.4亿美元") == ["1.4亿美元"])
    }

    @Test func resultsAreDeterministicAndEncodeToTheContract() throws {
        let a = engine.answer("龙井茶的采摘时间是什么时候？", top: 2)
        let b = engine.answer("龙井茶的采摘时间是什么时候？", top: 2)
        #expect(a.answers == b.answers)
        #expect(a.passages == b.passages)
        let line = a.jsonLine()
        #expect(!line.contains("\n"))
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(obj["no_answer"] as? Bool == false)
        let first = try #require((obj["answers"] as? [[String: Any]])?.first)
        let citation = try #require(first["citation"] as? [String: Any])
        #expect(citation["doc_id"] as? String == "longjing_tea")
        #expect(citation["paragraph"] as? Int == 1)
        #expect(obj["elapsed_ms"] is Double)
    }

}
