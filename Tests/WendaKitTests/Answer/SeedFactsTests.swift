import Foundation
import Testing
@testable import WendaKit

/// The seed article's facts, asked as a reader would: the quoted sentence holds the fact
/// and the highlight is exactly it.
@Suite struct SeedFactsTests {
    static let loaded = Result { try FixtureLoading.load(Fixtures.packageRoot.appendingPathComponent(Fixtures.seedPath).path) }

    let engine: AnswerEngine

    init() throws { engine = try Self.loaded.get() }

    @Test(arguments: [
        // (question, the quoted sentence contains, the highlight)
        ("斯坦福大学的自然语言处理小组有多少块GPU？", "拢共只有68块GPU", "68块"),
        ("美国国家科学基金会宣布投资了多少钱？", "宣布投资1.4亿美元", "1.4亿美元"),
        ("2023年的报告显示，百分之多少的人工智能博士进了私企？", "70%的人工智能博士进了私企", "70%"),
        ("哪一年的报告显示70%的人工智能博士进了私企？", "70%的人工智能博士进了私企", "2023年"),
        ("李飞飞是哪所大学的教授？", "作为斯坦福大学的教授", "斯坦福大学"),
        ("微软的首席科学家是谁？", "微软的首席科学家Eric Horvitz", "Eric Horvitz"),
    ])
    func seedFact(_ question: String, _ sentence: String, _ span: String) {
        let r = engine.answer(question, top: 3)
        #expect(!r.noAnswer, "\(question)")
        let best = r.answers.first
        #expect(best?.text.contains(sentence) == true, "\(question) → \(best?.text ?? "nothing")")
        #expect(best.flatMap(highlighted) == span, "\(question) → \(best.flatMap(highlighted) ?? "no highlight")")
        #expect(best?.citation.docId == "000_4c1bf5412017dcdf")
    }
}
