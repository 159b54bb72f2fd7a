import Foundation
import GRDB

/// Writing the store: sessions started, resumed and ended, turns appended, marked and
/// noted, sessions deleted and pruned. Each call is one transaction.
extension TranscriptStore {
    /// Starts a session and returns its id.
    @discardableResult
    public func startSession(mode: SessionMode, corpus: String, corpusPath: String? = nil, corpusFingerprint: String? = nil,
                             at date: Date = Date()) throws -> SessionID {
        let id = SessionID.make(at: date)
        try startSession(id: id, mode: mode, corpus: corpus, corpusPath: corpusPath, corpusFingerprint: corpusFingerprint, at: date)
        return id
    }

    /// Starts a session under an id chosen beforehand (nothing happens if it exists).
    public func startSession(id: SessionID, mode: SessionMode, corpus: String, corpusPath: String? = nil,
                             corpusFingerprint: String? = nil, at date: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO sessions (id, started_at, last_at, corpus, mode, corpus_path, corpus_fingerprint)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id.rawValue, date, date, corpus, mode.rawValue, corpusPath, corpusFingerprint])
        }
    }

    /// Opens an ended session again, to append to it (`wenda shell --continue`).
    public func reopenSession(_ id: SessionID) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE sessions SET ended_at = NULL WHERE id = ?", arguments: [id.rawValue])
            guard db.changesCount > 0 else { throw TranscriptError.noSuchSession(id.rawValue) }
        }
    }

    /// Appends a turn to a session, committed at once; returns it numbered.
    @discardableResult
    public func append(_ turn: TranscriptTurn, to session: SessionID) throws -> TranscriptTurn {
        var turn = turn
        try pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM sessions WHERE id = ?", arguments: [session.rawValue]) != nil else {
                throw TranscriptError.noSuchSession(session.rawValue)
            }
            let next = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(number), 0) + 1 FROM turns WHERE session_id = ?",
                                        arguments: [session.rawValue]) ?? 1
            turn.number = next
            try db.execute(sql: """
                INSERT INTO turns (session_id, number, asked_at, question, answer_text, answer_json, no_answer, elapsed_ms,
                                   asked_as, more_of, mark, note, marked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [session.rawValue, next, turn.askedAt, turn.question, turn.answerText,
                                 turn.answerJSON, turn.noAnswer, turn.elapsedMs, turn.askedAs, turn.moreOf,
                                 turn.mark?.rawValue, turn.note, turn.markedAt])
            if hasFTS { try Self.insertSearchRow(db, rowid: db.lastInsertedRowID, turn: turn) }
            try db.execute(sql: "UPDATE sessions SET last_at = MAX(last_at, ?) WHERE id = ?",
                           arguments: [turn.askedAt, session.rawValue])
        }
        return turn
    }

    /// Marks turn `number` of `session` good or bad (nil: no mark), and sets its note
    /// when `note` is given (an empty one removes it). Returns the turn as it now is.
    @discardableResult
    public func mark(_ session: SessionID, turn number: Int, as mark: TurnMark?, note: String? = nil,
                     at date: Date = Date()) throws -> TranscriptTurn {
        try update(session, turn: number) { db, rowid in
            try db.execute(sql: "UPDATE turns SET mark = ?, marked_at = ? WHERE id = ?",
                           arguments: [mark?.rawValue, mark == nil ? nil : date, rowid])
            if let note { try Self.setNote(db, rowid: rowid, note) }
        }
    }

    /// Sets the note of turn `number` of `session` (empty: removes it).
    @discardableResult
    public func note(_ session: SessionID, turn number: Int, _ text: String) throws -> TranscriptTurn {
        try update(session, turn: number) { db, rowid in try Self.setNote(db, rowid: rowid, text) }
    }

    static func setNote(_ db: Database, rowid: Int64, _ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        try db.execute(sql: "UPDATE turns SET note = ? WHERE id = ?", arguments: [trimmed.isEmpty ? nil : trimmed, rowid])
    }

    /// Runs `change` on the row of one turn and indexes the turn again; the turn after it.
    private func update(_ session: SessionID, turn number: Int,
                        _ change: (Database, Int64) throws -> Void) throws -> TranscriptTurn {
        try pool.write { db in
            guard let rowid = try Int64.fetchOne(db, sql: "SELECT id FROM turns WHERE session_id = ? AND number = ?",
                                                 arguments: [session.rawValue, number]) else {
                let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM turns WHERE session_id = ?",
                                             arguments: [session.rawValue]) ?? 0
                throw TranscriptError.noSuchTurn(session: session.rawValue, turn: number, count: count)
            }
            try change(db, rowid)
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM turns WHERE id = ?", arguments: [rowid]) else {
                throw TranscriptError.noSuchTurn(session: session.rawValue, turn: number, count: 0)
            }
            let turn = Self.turn(row)
            if hasFTS {
                try db.execute(sql: "DELETE FROM turn_search WHERE rowid = ?", arguments: [rowid])
                try Self.insertSearchRow(db, rowid: rowid, turn: turn)
            }
            return turn
        }
    }

    /// Marks a session ended.
    public func endSession(_ id: SessionID, at date: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: "UPDATE sessions SET ended_at = ?, last_at = MAX(last_at, ?) WHERE id = ?",
                           arguments: [date, date, id.rawValue])
        }
    }

    /// Deletes a session and its turns; returns how many turns went with it.
    @discardableResult
    public func delete(_ id: SessionID) throws -> Int {
        try pool.write { db in
            let n = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM turns WHERE session_id = ?", arguments: [id.rawValue]) ?? 0
            try db.execute(sql: "DELETE FROM turns WHERE session_id = ?", arguments: [id.rawValue])
            try db.execute(sql: "DELETE FROM sessions WHERE id = ?", arguments: [id.rawValue])
            return n
        }
    }

    /// The sessions whose last activity is before `date`, newest first.
    public func sessions(lastActiveBefore date: Date) throws -> [SessionSummary] {
        try pool.read { db in
            try Self.summaries(db, where: "s.last_at < ?", arguments: [date], limit: nil)
        }
    }

    /// Deletes the sessions last active before `date`; returns them.
    @discardableResult
    public func prune(lastActiveBefore date: Date) throws -> [SessionSummary] {
        try pool.write { db in
            let gone = try Self.summaries(db, where: "s.last_at < ?", arguments: [date], limit: nil)
            for s in gone {
                try db.execute(sql: "DELETE FROM turns WHERE session_id = ?", arguments: [s.id.rawValue])
                try db.execute(sql: "DELETE FROM sessions WHERE id = ?", arguments: [s.id.rawValue])
            }
            return gone
        }
    }
}
