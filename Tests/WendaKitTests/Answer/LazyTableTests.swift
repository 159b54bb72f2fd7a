import Foundation
import Testing
@testable import WendaKit

/// `LazyTable` keeps at most its limit of entries, and computes a forgotten one again, the same.
struct LazyTableTests {
    /// How many times each entry was computed.
    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var counts: [Int: Int] = [:]
        func add(_ i: Int) { lock.withLock { counts[i, default: 0] += 1 } }
        subscript(i: Int) -> Int { lock.withLock { counts[i, default: 0] } }
    }

    @Test func keepsNoMoreThanItsLimit() {
        let calls = Calls()
        let table = LazyTable(count: 5_000, limit: 64) { i in
            calls.add(i)
            return (0...(i % 7)).map { Unicode.Scalar(UInt32(0x4E00 + i + $0))! }
        }
        let first = table[3]
        #expect(table[3] == first && calls[3] == 1)
        var most = 0
        for i in stride(from: 0, to: 5_000, by: 3) {
            _ = table[i]
            most = max(most, table.heldCount)
        }
        #expect(most <= 64)
        #expect(most > 0)
        // Entry 3 was forgotten: asked again, it is computed again, equal.
        let again = table[3]
        #expect(calls[3] == 2)
        #expect(again == first)
        #expect(table.heldCount <= 64)
    }

    @Test func keepsEveryEntryUnderItsLimit() {
        let calls = Calls()
        let table = LazyTable(count: 100) { i in
            calls.add(i)
            return i * i
        }
        for _ in 0..<2 { table.fillAll() }
        #expect(table.heldCount == 100)
        #expect((0..<100).allSatisfy { table[$0] == $0 * $0 && calls[$0] == 1 })
    }

    /// An engine's tables are bounded by `articlesKept` and `paragraphsKept` once the
    /// collection is above what `warm` fills, and keep a warmed collection whole.
    @Test func engineTablesAreBounded() throws {
        let engine = try AnswerFixtures.engine()
        let kept = AnswerEngine.kept(engine.index, engine.weights)
        #expect(kept.articles == AnswerEngine.articlesKept && kept.paragraphs == AnswerEngine.paragraphsKept)
        #expect(kept.warmedArticles >= engine.articles.count && kept.warmedParagraphs >= engine.index.paragraphCount)
        #expect(engine.scalars.limit == AnswerEngine.articlesKept && engine.foldedArticles.limit == AnswerEngine.articlesKept)
        #expect(engine.pronounOpeners.limit == AnswerEngine.paragraphsKept)
        _ = engine.answer("谁发明了造纸术？", top: 3)
        #expect(engine.foldedArticles.heldCount <= engine.foldedArticles.limit)
    }
}
