import Foundation
import Testing
@testable import WendaKit

/// The no-answer confidence counts the asked-for item found in the best sentence (a
/// number with the question's measure word, a date, a person's name), on a small article
/// written for it: a reworded question whose words barely meet the sentence's.
@Suite struct AskedItemTests {
    static let chips = [
        (id: "chips", title: "人工智能芯片",
         text: "各大公司纷纷投入人工智能竞赛。举个例子，Meta目标要采买三十五万片定制化的芯片，也就是GPU。Meta的员工去年达到六万人。"
            + "这一计划由马克·扎克伯格在2023年3月宣布。"),
    ]

    /// The features of sentence `k` of the article taken as the best answer to `q`.
    static func features(_ engine: AnswerEngine, _ q: String, sentence k: Int) throws -> ConfidenceFeatures {
        let aq = QuestionAnalyzer.analyze(q)
        let (query, qterms) = engine.questionTerms(aq)
        let hits = engine.index.search(query, limit: 10)
        let best = try #require(hits.first)
        let par = engine.index.paragraphs[best.paragraph]
        let c = AnswerEngine.Candidate(paragraph: best.paragraph, sentence: Int(par.firstSentence) + k, score: 1, support: 1)
        return engine.confidenceFeatures(best: c, hits: hits, qterms: qterms, aq: aq, candidates: [c])
    }

    @Test func askedItemFeature() throws {
        let engine = try AnswerSelectionTests.engine(Self.chips)
        // 多少片: the sentence with 三十五万片 holds it; the one with 六万人 holds a number,
        // but not of chips.
        let q = "Meta计划购买多少片GPU？"
        let held = try Self.features(engine, q, sentence: 1)
        let other = try Self.features(engine, q, sentence: 2)
        #expect(held[.askedItemHeld] == 1)
        #expect(other[.askedItemHeld] == 0)
        // Both hold a number, so "an expected item missing" does not tell them apart.
        #expect(held[.expectedItemMissing] == other[.expectedItemMissing])
        // A date not in the question; a person for a who-question, unless the question names her.
        #expect(try Self.features(engine, "Meta的采购计划是什么时候宣布的？", sentence: 3)[.askedItemHeld] == 1)
        #expect(try Self.features(engine, "Meta的采购计划是什么时候宣布的？", sentence: 1)[.askedItemHeld] == 0)
        #expect(try Self.features(engine, "谁宣布了Meta的采购计划？", sentence: 3)[.askedItemHeld] == 1)
        #expect(try Self.features(engine, "马克·扎克伯格宣布了谁的采购计划？", sentence: 3)[.askedItemHeld] == 0)
        // The confidence weighs it (its weight is fitted, not fixed: only that it counts).
        var without = held
        without[.askedItemHeld] = 0
        #expect(engine.confidence(held) != engine.confidence(without))
    }
}
