import Foundation
import Testing
@testable import WendaKit

/// Search and `explain` score with the one `ScoreFunction`: what `explain` says a passage
/// scored is, to the last bit, what search gave it.
@Suite struct ScoreFunctionTests {
    /// Every question: the paragraphs it retrieves, each with the passage that scored.
    static func expectExplained(_ index: PassageIndex, _ questions: [String], pruned: Bool? = nil) -> Int {
        var checked = 0
        for q in questions {
            let terms = queryTerms(index, q)
            var read = 0
            let hits = pruned.map { index.search(terms, limit: 20, pruned: $0, read: &read) } ?? index.search(terms, limit: 20)
            for h in hits {
                let e = index.explain(terms, passage: h.passage)
                #expect(e.score == h.score, "\(q): passage \(h.passage)")
                #expect(e.paragraph == h.paragraph)
                // The terms' shares add up to the score (up to rounding).
                #expect(abs(e.terms.reduce(0) { $0 + $1.contribution } - e.score) <= 1e-9 * max(1, e.score))
                checked += 1
            }
        }
        return checked
    }

    @Test func explainedScoreIsTheSearchedScore() throws {
        let articles = try IndexFileTests.articles()
        let index = PassageIndex(articles: articles)
        // The test questions, and every sentence of the articles asked as a question.
        var questions = IndexFileTests.questions
        for a in articles { for p in a.paragraphs { for s in p.sentences { questions.append(a.slice(s.range)) } } }
        #expect(Self.expectExplained(index, questions) > 20)
    }

    /// The same on a collection with windows, by exhaustive and by MaxScore search.
    @Test func explainedScoreIsTheSearchedScoreWithWindowsAndPruning() {
        let index = PrunedSearchTests.index
        let alphabet = Array("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经")
        var questions: [String] = []
        for q in 0..<60 {
            var text = ""
            for k in 0..<(3 + q % 6) { text.append(alphabet[(q * 13 + k * 29) % alphabet.count]) }
            questions.append(text)
        }
        #expect(Self.expectExplained(index, questions, pruned: false) > 100)
        #expect(Self.expectExplained(index, questions, pruned: true) > 100)
    }

    /// Every column of `IndexColumns` is in the layout once.
    @Test func layoutNamesEveryColumnOnce() {
        #expect(Mirror(reflecting: IndexColumns()).children.count == IndexLayout.columns.count)
        #expect(Set(IndexLayout.columns.map(\.key)).count == IndexLayout.columns.count)
        #expect(Set(IndexLayout.columns.map(\.name)).count == IndexLayout.columns.count)
    }
}
