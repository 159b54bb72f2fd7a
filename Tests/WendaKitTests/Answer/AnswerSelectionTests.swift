import Foundation
import Testing
@testable import WendaKit

/// Rules of sentence choice and of the no-answer confidence, on small articles written
/// for the tests.
@Suite struct AnswerSelectionTests {
    static func engine(_ articles: [(id: String, title: String, text: String)], _ tune: (inout SelectionWeights) -> Void = { _ in }) throws -> AnswerEngine {
        let lines = try articles.map { a in
            let obj: [String: String] = ["id": a.id, "title": a.title, "text": a.text]
            let data = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }
        let (read, problems) = ArticleReader.read(Data((lines.joined(separator: "\n") + "\n").utf8), source: "test.jsonl")
        try #require(problems.isEmpty && read.count == articles.count, "\(problems)")
        var w = SelectionWeights()
        tune(&w)
        return AnswerEngine(articles: read, weights: w)
    }

    static let tea = [
        (id: "tea", title: "西湖茶园",
         text: "西湖一带的茶园分布很广，历史悠久。狮峰山脚下的老茶园每年出产全村最早采摘的明前春茶；梅家坞一带的新茶园则出产全村数量最多的雨前茶。龙井村以游客众多闻名。"),
        (id: "bridge", title: "南京长江大桥",
         text: "南京长江大桥是长江上第一座由中国自行设计和建造的双层式铁路、公路两用桥梁。大桥的公路桥全长4589米。"),
    ]

    /// A sentence ending with a semicolon is one item of a list that runs on: the next
    /// item is quoted with it.
    @Test func semicolonListRunsOn() throws {
        let on = try Self.engine(Self.tea) { $0.joinSemicolon = 1; $0.joinMargin = 0 }
        let off = try Self.engine(Self.tea) { $0.joinSemicolon = 0; $0.joinMargin = 0 }
        let q = "狮峰山脚下的老茶园每年出产什么茶？"
        let a = on.answer(q, top: 1)
        let b = off.answer(q, top: 1)
        #expect(a.answers.first?.text.hasPrefix("狮峰山脚下的老茶园") == true)
        #expect(a.answers.first?.text.contains("梅家坞") == true)
        #expect(b.answers.first?.text.hasPrefix("狮峰山脚下的老茶园") == true)
        #expect(b.answers.first?.text.contains("梅家坞") == false)
    }

    /// The no-answer confidence's inputs: one weight per feature (and per square), shares
    /// within [0, 1]; a question about the article's topic and relation is fully
    /// supported, one about something the articles do not hold is not.
    @Test func confidenceFeatures() throws {
        let engine = try Self.engine(Self.tea)
        func features(_ q: String) throws -> ConfidenceFeatures {
            let aq = QuestionAnalyzer.analyze(q)
            let (query, qterms) = engine.questionTerms(aq)
            let hits = engine.index.search(query, limit: 10)
            let best = try #require(hits.first)
            let par = engine.index.paragraphs[best.paragraph]
            let s = Int(par.firstSentence) + 1
            let c = AnswerEngine.Candidate(paragraph: best.paragraph, sentence: s, score: 1, support: 1)
            return engine.confidenceFeatures(best: c, hits: hits, qterms: qterms, aq: aq, candidates: [c])
        }
        let good = try features("南京长江大桥的公路桥全长多少米？")
        let shares: [ConfidenceFeature] = [.paragraphSupport, .titleInQuestionShare, .supportBeyondTitle, .questionCharactersFound,
                                           .rarestMissingTerm, .bestArticleShare, .otherArticleRatio]
        for f in shares { #expect((0...1).contains(good[f]), "\(f.name): \(good[f])") }
        #expect(good[.supportBeyondTitle] == 1)  // every term beyond the topic is in the paragraph
        #expect(good[.expectedItemMissing] == 0)  // the expected number (4589米) is there
        let poor = try features("南京长江大桥的设计师获得了哪些国际奖项？")
        #expect(poor[.supportBeyondTitle] < 0.5)
        #expect(poor[.rarestMissingTerm] > good[.rarestMissingTerm])  // a rare term the paragraph lacks
    }

    /// The confidence's weights go by their features' names in `--weights` (a square's with
    /// `Squared`), and each name sets the weight the confidence uses for that feature.
    @Test func confidenceWeightsByName() throws {
        var f = ConfidenceFeatures()
        f[.askedItemHeld] = 1
        f[.paragraphSupport] = 0.5
        var w = SelectionWeights()
        let before = w.confidence.confidence(f)
        try w.apply("askedItemHeld=0,paragraphSupport=0,paragraphSupportSquared=0,confidenceBias=0")
        #expect(w.confidence[.askedItemHeld] == 0 && w.confidence[squared: .paragraphSupport] == 0)
        #expect(w.confidence.confidence(f) == 0)
        try w.apply("askedItemHeld=2,paragraphSupportSquared=4")
        #expect(w.confidence.confidence(f) == 2 + 4 * 0.25)
        #expect(before != w.confidence.confidence(f))
        // Every feature and square has a key; no key is a number.
        for feature in ConfidenceFeature.allCases { #expect(SelectionWeights.keys[feature.name] != nil, "\(feature.name)") }
        for feature in ConfidenceFeature.squared { #expect(SelectionWeights.keys[feature.name + "Squared"] != nil) }
        #expect(throws: AnswerError.self) { try w.apply("c6=1") }
        #expect(throws: AnswerError.self) { try w.apply("contentTermsSquared=1") }
    }
}
