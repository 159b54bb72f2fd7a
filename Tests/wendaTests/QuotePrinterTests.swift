import Foundation
import Testing
import WendaKit
@testable import wenda

/// The answer printer marks a supporting quote, and frames a near miss.
@Suite struct QuotePrinterTests {
    static func quote(_ text: String, score: Double, supporting: Bool) -> QuotedSentence {
        QuotedSentence(text: text, score: score, highlight: [], citation: Citation(
            docId: "a", title: "T", author: "", date: "", source: "a.md", paragraph: 1, sentence: 1,
            start: 0, end: text.unicodeScalars.count), supporting: supporting)
    }

    @Test func supportingQuoteIsMarked() {
        let r = AnswerResult(question: "问？", noAnswer: false, answers: [
            Self.quote("第一句。", score: 1, supporting: false), Self.quote("第二句。", score: 0.7, supporting: true),
        ], passages: [], elapsedMs: 1)
        let lines = AnswerPrinter().render(r).split(separator: "\n").map(String.init)
        #expect(lines[0] == "“第一句。” [1]")
        #expect(lines[1] == "“第二句。” [2] (supporting)")
        #expect(AnswerPrinter(format: .json).render(r).contains(#""score":0.7,"supporting":true"#))
    }

    @Test func nearMissIsFramed() {
        var r = AnswerResult(question: "问？", noAnswer: true, answers: [], passages: [], elapsedMs: 1)
        r.mismatch = [Mismatch(asked: "20号线", found: "19号线")]
        r.nearMiss = [Self.quote("19号线全长59.1公里。", score: 1, supporting: false)]
        let none = AnswerPrinter().render(r)
        #expect(none.hasPrefix("No answer found in the articles.\nNear miss: the articles speak of 19号线, not 20号线."))
        let shown = AnswerPrinter().render(r.showingNearMisses())
        #expect(shown.hasPrefix("Near miss: the articles speak of 19号线, not 20号线.\n“19号线全长59.1公里。” [1]"))
    }
}
