import Foundation
import GRDB

/// `wenda sessions search`: turns holding every word of a query, in the question, the
/// answer, the passages quoted from or the reviewer's note, best first.
extension TranscriptStore {
    /// Turns whose text holds every word of `text` (Chinese too), ranked by FTS5's bm25
    /// (a match in the question or note counts more than one in the answer or a passage;
    /// ties newest first), each with the matches that show why it was found.
    public func search(_ text: String, filter: TranscriptFilter = TranscriptFilter(), limit: Int = 50) throws -> [TranscriptSearchHit] {
        let words = SearchTerms.queryWords(text)
        guard !words.isEmpty else { return [] }
        var (conditions, args) = filter.conditions(turns: true)
        return try pool.read { db in
            var hits: [TranscriptSearchHit] = []
            let rows: RowCursor
            if hasFTS, let query = SearchTerms.ftsQuery(text) {
                conditions.insert("turn_search MATCH ?", at: 0)
                args.insert(query, at: 0)
                rows = try Row.fetchCursor(db, sql: """
                    SELECT t.*, bm25(turn_search, \(SearchField.bm25Weights)) AS rank
                    FROM turn_search JOIN turns t ON t.id = turn_search.rowid JOIN sessions s ON s.id = t.session_id
                    WHERE \(conditions.joined(separator: " AND "))
                    ORDER BY rank, t.asked_at DESC, t.id DESC
                    """, arguments: StatementArguments(args))
            } else {
                rows = try Row.fetchCursor(db, sql: """
                    SELECT t.*, 0.0 AS rank FROM turns t JOIN sessions s ON s.id = t.session_id
                    \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
                    ORDER BY t.asked_at DESC, t.id DESC
                    """, arguments: StatementArguments(args))
            }
            while let row = try rows.next(), hits.count < limit {
                let turn = Self.turn(row)
                guard SearchTerms.matches(words, in: SearchTerms.searchableText(of: turn)) else { continue }
                hits.append(TranscriptSearchHit(session: SessionID(rawValue: row["session_id"]), turn: turn,
                                                matches: SearchMatch.matches(words, in: turn), rank: row["rank"]))
            }
            return hits
        }
    }
}
