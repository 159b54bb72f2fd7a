import Foundation
import Testing
@testable import WendaKit

/// How sure each quote is: scores relative to the best quote, fewer quotes when the others
/// are weak, and a supporting quote highlighted only where it shows the kind of answer asked.
@Suite struct QuoteSelectionTests {
    static var folder: String { FixtureLoading.folder("quotes") }
    static let loaded = Result { try FixtureLoading.load(folder) }

    /// The article has four paragraphs; only one sentence answers, the others are dropped.
    @Test func weakQuotesAreDropped() throws {
        let r = try Self.loaded.get().answer("西湖的湖面面积有多少平方公里？", top: 3)
        #expect(!r.noAnswer)
        #expect(r.answers.count == 1, "\(r.answers.map(\.text))")
        #expect(r.answers.first.flatMap(highlighted) == "6.39平方公里")
        #expect(r.answers.first?.score == 1)
        #expect(r.answers.first?.supporting == false)
    }

    /// Two sentences each hold part of the answer: both quoted, the second scored against the first.
    @Test func furtherQuotesAreScoredAgainstTheFirst() throws {
        let r = try Self.loaded.get().answer("西湖的面积和水深是多少？", top: 3)
        #expect(r.answers.count == 2)
        #expect(r.answers.first?.score == 1)
        let second = try #require(r.answers.dropFirst().first)
        #expect(second.score >= QuoteSelection.cutOff && second.score < 1)
        #expect(second.supporting == (second.score < QuoteSelection.supporting))
    }

    @Test func relativeScores() {
        #expect(QuoteSelection.relative(3.3626, best: 3.3626) == 1)
        #expect(QuoteSelection.relative(1.68, best: 3.36) == 0.5)
        #expect(QuoteSelection.relative(-0.2, best: 3) == 0)
    }

    func deserves(_ sentence: String, _ span: String, _ question: String) -> Bool {
        let s = Array(sentence.unicodeScalars), f = TermExtractor.fold(sentence)
        let sp = Array(span.unicodeScalars)
        guard let at = (0...(s.count - sp.count)).first(where: { Array(s[$0..<($0 + sp.count)]) == sp }) else { return false }
        return QuoteSelection.deserves(at..<(at + sp.count), in: f, original: s, QuestionAnalyzer.analyze(question))
    }

    /// A supporting quote keeps its highlight only for the type asked, next to the question's words.
    @Test func supportingHighlightMustBeDeserved() {
        // A number next to 湖岸周长, asked how long the shore is: kept.
        #expect(deserves("西湖的湖岸周长约15公里，平均水深2.27米。", "15公里", "西湖的湖岸周长是多少公里？"))
        // 两个 in a sentence about parks, asked about the lake's area: no question word near it.
        #expect(!deserves("每年春天，两个公园里都有许多游客赏花，湖边的茶馆也坐满了人。", "两个", "西湖的湖面面积有多少平方公里？"))
        // Not the type asked: a number for a "who" question.
        #expect(!deserves("西湖的湖岸周长约15公里，平均水深2.27米。", "15公里", "谁测量了西湖的湖岸周长？"))
        // A person for a "who" question, next to the question's words.
        #expect(deserves("2011年，专家王建国主持了西湖申遗。", "王建国", "谁主持了西湖申遗？"))
    }
}
