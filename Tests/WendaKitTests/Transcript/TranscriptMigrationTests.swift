import Foundation
import GRDB
import Testing
@testable import WendaKit

/// A store written by an earlier wenda (schema v1: no marks, one search column) opens,
/// upgrades, and keeps every turn, which can then be searched, marked and resumed.
@Suite struct TranscriptMigrationTests {
    static func makeV1Store(at path: String, turns: Int) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1');
                CREATE TABLE sessions (id TEXT PRIMARY KEY NOT NULL, started_at DATETIME NOT NULL, ended_at DATETIME,
                    last_at DATETIME NOT NULL, corpus TEXT NOT NULL, mode TEXT NOT NULL);
                CREATE TABLE turns (id INTEGER PRIMARY KEY AUTOINCREMENT,
                    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, number INTEGER NOT NULL,
                    asked_at DATETIME NOT NULL, question TEXT NOT NULL, answer_text TEXT NOT NULL, answer_json TEXT NOT NULL,
                    no_answer BOOLEAN NOT NULL, elapsed_ms DOUBLE NOT NULL, UNIQUE (session_id, number));
                CREATE INDEX turns_by_session ON turns(session_id, number);
                CREATE INDEX sessions_by_last ON sessions(last_at);
                CREATE VIRTUAL TABLE turn_search USING fts5(terms);
                CREATE TRIGGER turns_search_delete AFTER DELETE ON turns BEGIN DELETE FROM turn_search WHERE rowid = old.id; END;
                """)
            let date = Date(timeIntervalSince1970: 1_760_000_000)
            try db.execute(sql: "INSERT INTO sessions VALUES ('1m0000000aaaa', ?, ?, ?, 'seeds', 'shell')",
                           arguments: [date, date, date])
            for n in 1...turns {
                var result = sampleResult("旧问题\(n)：李飞飞在哪里？", answer: "李飞飞在斯坦福大学任教。")
                result.passages = [PassageHit(docId: "000", paragraph: 3, score: 1, text: "李飞飞在斯坦福大学任教。她关心硅谷的算力。")]
                try db.execute(sql: """
                    INSERT INTO turns (session_id, number, asked_at, question, answer_text, answer_json, no_answer, elapsed_ms)
                    VALUES ('1m0000000aaaa', ?, ?, ?, ?, ?, 0, 1.5)
                    """, arguments: [n, date, result.question, "“李飞飞在斯坦福大学任教。” [1]", result.jsonLine()])
                try db.execute(sql: "INSERT INTO turn_search (rowid, terms) VALUES (?, ?)",
                               arguments: [db.lastInsertedRowID, SearchTerms.indexTerms(result.question)])
            }
        }
    }

    @Test func anOlderStoreUpgradesAndKeepsEveryTurn() throws {
        let path = temporaryFolder().appendingPathComponent("wenda/transcripts.sqlite").path
        try Self.makeV1Store(at: path, turns: 30)
        let store = try TranscriptStore(path: path)
        let id = SessionID(rawValue: "1m0000000aaaa")
        let t = try #require(try store.transcript(id))
        #expect(t.turns.count == 30)
        #expect(t.turns.map(\.number) == Array(1...30))
        #expect(t.turns.allSatisfy { $0.mark == nil && $0.note == nil && $0.askedAs == nil })
        // The old turns are in the new search table, passages included.
        #expect(try store.search("旧问题").count == 30)
        let hit = try #require(try store.search("硅谷").first)
        #expect(hit.fields == [.passage])
        // Marks, notes and new turns work on them.
        try store.mark(id, turn: 3, as: .good)
        try store.mark(id, turn: 4, as: .bad, note: "答非所问")
        #expect(try store.search("答非所问").first?.turn.number == 4)
        try store.reopenSession(id)
        let added = try store.append(TranscriptTurn(result: sampleResult("新问题", answer: "新答案。"), rendered: "新答案", askedAs: "补全的新问题"), to: id)
        #expect(added.number == 31)
        let again = try TranscriptStore(path: path)  // opening again migrates nothing twice
        let summary = try #require(try again.sessions().first)
        #expect(summary.turnCount == 31 && summary.goodCount == 1 && summary.badCount == 1)
        #expect(try again.turn(id, number: 31)?.askedAs == "补全的新问题")
    }

    /// Columns added by hand (or by a migration that stopped half-way) do not stop the upgrade.
    @Test func upgradesWhenSomeColumnsAreThere() throws {
        let path = temporaryFolder().appendingPathComponent("t.sqlite").path
        try Self.makeV1Store(at: path, turns: 2)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "ALTER TABLE turns ADD COLUMN note TEXT") }
        try queue.close()
        let store = try TranscriptStore(path: path)
        #expect(try store.transcript(SessionID(rawValue: "1m0000000aaaa"))?.turns.count == 2)
    }
}
