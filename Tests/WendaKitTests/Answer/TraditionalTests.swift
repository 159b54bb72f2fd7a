import Foundation
import Testing
@testable import WendaKit

/// Traditional Chinese on par with Simplified: an article and its Traditional twin
/// (Fixtures/traditional, converted character by character) are cut into the same words and
/// give the same quotes, each in its own script, with the same scores and confidence.
@Suite struct TraditionalTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/traditional")

    static func engine(_ name: String) -> AnswerEngine {
        let (engine, problems) = try! AnswerEngine.load(corpusPath: folder.appendingPathComponent(name).path)
        precondition(problems.isEmpty)
        return engine
    }

    static let simplified = engine("chip_plant.zhs.md")
    static let traditional = engine("chip_plant.zht.md")

    static func text(_ name: String) -> String {
        try! String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func twinsFoldToTheSameText() {
        let s = Self.text("chip_plant.zhs.md"), t = Self.text("chip_plant.zht.md")
        #expect(s != t)
        #expect(Normalizer.simplified(s) == Normalizer.simplified(t))
    }

    /// The segmenter cuts Traditional text as its Simplified twin: same spans, words as written.
    @Test func segmentedAlike() {
        let s = Self.text("chip_plant.zhs.md"), t = Self.text("chip_plant.zht.md")
        let ts = Segmenter.shared.tokenize(s), tt = Segmenter.shared.tokenize(t)
        #expect(ts.map { [$0.start, $0.end] } == tt.map { [$0.start, $0.end] })
        #expect(tt.contains { $0.text == "臺積電" || $0.text == "晶圓廠" })
        #expect(Segmenter.shared.cut("總投資額約爲86億美元") == ["總投資額", "約", "爲", "86億", "美元"])
        #expect(Segmenter.shared.cut("經濟產業大臣出席了典禮") == ["經濟", "產業", "大臣", "出席", "了", "典禮"])
    }

    static let questions = [
        "台积电熊本厂的总投资额是多少？", "熊本厂什么时候开始量产？", "熊本厂的月产能是多少？", "日本政府提供了多少补助？",
        "谁出席了开幕典礼？", "第二座工厂预计何时投入运营？", "熊本厂会创造多少个就业机会？", "台积电董事长是谁？",
        "量子计算机的工作原理是什么？",
    ]

    /// Every question, asked in either script of either twin, gets the same quotes (each in
    /// the article's own script, at the same offsets), the same scores and highlights, and
    /// the same verdict on whether there is an answer.
    @Test(arguments: questions)
    func sameQuotes(_ question: String) {
        let traditionalQuestion = String(String.UnicodeScalarView(question.unicodeScalars.map { s in
            // The question in Traditional characters: each character as the twin writes it.
            Self.traditionalOf[s] ?? s
        }))
        let reference = Self.simplified.answer(question, top: 3)
        for (engine, q) in [(Self.simplified, traditionalQuestion), (Self.traditional, question), (Self.traditional, traditionalQuestion)] {
            let r = engine.answer(q, top: 3)
            #expect(r.noAnswer == reference.noAnswer, "\(q)")
            #expect(r.answers.map(\.citation.start) == reference.answers.map(\.citation.start), "\(q)")
            #expect(r.answers.map(\.citation.end) == reference.answers.map(\.citation.end), "\(q)")
            #expect(r.answers.map(\.score) == reference.answers.map(\.score), "\(q)")
            #expect(r.answers.map(\.highlight) == reference.answers.map(\.highlight), "\(q)")
            #expect(r.passages.map(\.score) == reference.passages.map(\.score), "\(q)")
            let script = engine === Self.traditional ? Self.text("chip_plant.zht.md") : Self.text("chip_plant.zhs.md")
            for a in r.answers { #expect(script.contains(a.text)) }
        }
        #expect(Self.simplified.answer(question, top: 3).noAnswer == (question == Self.questions.last))
    }

    /// Simplified → Traditional as the twins write it, from their own characters.
    static let traditionalOf: [Unicode.Scalar: Unicode.Scalar] = {
        var out: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (s, t) in zip(text("chip_plant.zhs.md").unicodeScalars, text("chip_plant.zht.md").unicodeScalars) where s != t {
            out[s] = t
        }
        return out
    }()

    /// The no-answer confidence reads the same features from either twin.
    @Test func sameConfidenceFeatures() {
        for question in Self.questions {
            func features(_ e: AnswerEngine, _ q: String) -> ConfidenceFeatures? {
                let aq = QuestionAnalyzer.analyze(q)
                let (query, qterms) = e.questionTerms(aq)
                let hits = e.index.search(query, limit: 10)
                guard let h = hits.first else { return nil }
                let p = e.index.paragraphs[h.paragraph]
                let best = AnswerEngine.Candidate(paragraph: h.paragraph, sentence: Int(p.firstSentence), score: 1, support: 0.5)
                return e.confidenceFeatures(best: best, hits: hits, qterms: qterms, aq: aq, candidates: [best])
            }
            #expect(features(Self.simplified, question) == features(Self.traditional, question), "\(question)")
        }
    }
}
