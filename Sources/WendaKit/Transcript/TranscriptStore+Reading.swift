import Foundation
import GRDB

/// Which sessions or turns to look at: marked ones, since a time, over a corpus.
public struct TranscriptFilter: Sendable, Hashable {
    /// Only turns marked good or bad (for sessions: those holding one).
    public var marked: Bool
    /// Only turns asked at or after this time (for sessions: active since).
    public var since: Date?
    /// Only sessions over this corpus: any of these spellings (as given, absolute).
    public var corpus: [String]

    public init(marked: Bool = false, since: Date? = nil, corpus: [String] = []) {
        self.marked = marked
        self.since = since
        self.corpus = corpus
    }

    /// The SQL conditions on sessions `s` (and turns `t` when `turns`), with their arguments.
    func conditions(turns: Bool) -> (sql: [String], arguments: [DatabaseValueConvertible?]) {
        var sql: [String] = [], args: [DatabaseValueConvertible?] = []
        if marked {
            sql.append(turns ? "t.mark IS NOT NULL"
                       : "EXISTS (SELECT 1 FROM turns m WHERE m.session_id = s.id AND m.mark IS NOT NULL)")
        }
        if let since {
            sql.append(turns ? "t.asked_at >= ?" : "s.last_at >= ?")
            args.append(since)
        }
        if !corpus.isEmpty {
            let marks = Array(repeating: "?", count: corpus.count).joined(separator: ", ")
            sql.append("(s.corpus IN (\(marks)) OR s.corpus_path IN (\(marks)))")
            args += corpus + corpus
        }
        return (sql, args)
    }
}

/// Reading the store: sessions listed and resolved from what a person typed, a session's
/// turns, the shortest ids that stay unique.
extension TranscriptStore {
    /// Sessions, newest first.
    public func sessions(limit: Int? = nil, filter: TranscriptFilter = TranscriptFilter()) throws -> [SessionSummary] {
        let (sql, args) = filter.conditions(turns: false)
        return try pool.read { db in
            try Self.summaries(db, where: sql.isEmpty ? nil : sql.joined(separator: " AND "),
                               arguments: StatementArguments(args), limit: limit)
        }
    }

    static func summaries(_ db: Database, where condition: String?, arguments: StatementArguments, limit: Int?) throws -> [SessionSummary] {
        var sql = """
            SELECT s.*,
                   (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id) AS turn_count,
                   (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id AND t.mark = 'good') AS good_count,
                   (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id AND t.mark = 'bad') AS bad_count,
                   (SELECT question FROM turns t WHERE t.session_id = s.id ORDER BY number LIMIT 1) AS first_question
            FROM sessions s
            """
        if let condition { sql += " WHERE \(condition)" }
        sql += " ORDER BY s.id DESC"
        if let limit { sql += " LIMIT \(max(0, limit))" }
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map(summary)
    }

    static func summary(_ row: Row) -> SessionSummary {
        SessionSummary(
            id: SessionID(rawValue: row["id"]),
            startedAt: row["started_at"],
            endedAt: row["ended_at"],
            lastActivity: row["last_at"],
            corpus: row["corpus"],
            corpusPath: row["corpus_path"],
            corpusFingerprint: row["corpus_fingerprint"],
            mode: SessionMode(rawValue: row["mode"]) ?? .shell,
            turnCount: row["turn_count"],
            firstQuestion: row["first_question"],
            goodCount: row["good_count"],
            badCount: row["bad_count"])
    }

    static func turn(_ row: Row) -> TranscriptTurn {
        TranscriptTurn(number: row["number"], askedAt: row["asked_at"], question: row["question"],
                       askedAs: row["asked_as"], moreOf: row["more_of"],
                       answerText: row["answer_text"], answerJSON: row["answer_json"],
                       noAnswer: row["no_answer"], elapsedMs: row["elapsed_ms"],
                       mark: (row["mark"] as String?).flatMap(TurnMark.init(rawValue:)), note: row["note"],
                       markedAt: row["marked_at"])
    }

    /// The session whose id is `text` or starts with it; `last` is the session used last
    /// (a turn added most recently: one resumed yesterday comes before one begun the day
    /// before), as `llm chat -c` carries on the conversation of the latest response.
    /// Throws `noSuchSession` or `ambiguousSession`.
    public func resolve(_ text: String) throws -> SessionID {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if ["last", "latest"].contains(trimmed.lowercased()) {
            let used = try pool.read { db in
                try String.fetchOne(db, sql: "SELECT id FROM sessions ORDER BY last_at DESC, id DESC LIMIT 1")
            }
            guard let used else { throw TranscriptError.noSuchSession(trimmed) }
            return SessionID(rawValue: used)
        }
        let prefix = SessionID.normalizePrefix(trimmed)
        guard !prefix.isEmpty, prefix.allSatisfy({ SessionID.alphabet.contains($0) }) else {
            throw TranscriptError.noSuchSession(trimmed)
        }
        let ids = try pool.read { db in
            try String.fetchAll(db, sql: "SELECT id FROM sessions WHERE id >= ? AND id < ? ORDER BY id DESC",
                                arguments: [prefix, prefix + "\u{10FFFF}"])
        }
        if ids.contains(prefix) { return SessionID(rawValue: prefix) }
        switch ids.count {
        case 0: throw TranscriptError.noSuchSession(trimmed)
        case 1: return SessionID(rawValue: ids[0])
        default: throw TranscriptError.ambiguousSession(trimmed, candidates: ids)
        }
    }

    /// The session, and the turn when one is named, of `ID#N` as `sessions search` prints
    /// it (or a plain id, or `last`, or `last#N`). Throws as `resolve`, or `noSuchTurn`.
    public func resolveTurn(_ text: String) throws -> (session: SessionID, turn: Int?) {
        let parts = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let id = try resolve(parts[0])
        guard parts.count == 2 else { return (id, nil) }
        guard let n = Int(parts[1].trimmingCharacters(in: .whitespaces)), n >= 1 else {
            throw TranscriptError.noSuchTurn(session: id.rawValue, turn: 0, count: try turnCount(id))
        }
        guard try turn(id, number: n) != nil else {
            throw TranscriptError.noSuchTurn(session: id.rawValue, turn: n, count: try turnCount(id))
        }
        return (id, n)
    }

    func turnCount(_ id: SessionID) throws -> Int {
        try pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM turns WHERE session_id = ?", arguments: [id.rawValue]) ?? 0
        }
    }

    /// The number of the session's last turn (nil: it has none).
    public func lastTurnNumber(_ id: SessionID) throws -> Int? {
        try pool.read { db in
            try Int.fetchOne(db, sql: "SELECT MAX(number) FROM turns WHERE session_id = ?", arguments: [id.rawValue])
        }
    }

    /// One turn of a session, or nil.
    public func turn(_ id: SessionID, number: Int) throws -> TranscriptTurn? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM turns WHERE session_id = ? AND number = ?",
                             arguments: [id.rawValue, number]).map(Self.turn)
        }
    }

    /// A session with its turns, or nil.
    public func transcript(_ id: SessionID) throws -> SessionTranscript? {
        try pool.read { db in
            guard let summary = try Self.summaries(db, where: "s.id = ?", arguments: [id.rawValue], limit: 1).first else {
                return nil
            }
            let turns = try Row.fetchAll(db, sql: "SELECT * FROM turns WHERE session_id = ? ORDER BY number",
                                         arguments: [id.rawValue]).map(Self.turn)
            return SessionTranscript(summary: summary, turns: turns)
        }
    }

    /// How many characters of each of `ids` to show so that each stays unique among all
    /// the sessions of the store (as git abbreviates commit ids): at least `minimum`.
    public func idLength(for ids: [SessionID], minimum: Int = 7) throws -> Int {
        try pool.read { db in
            var length = minimum
            for id in ids {
                for sql in ["SELECT id FROM sessions WHERE id < ? ORDER BY id DESC LIMIT 1",
                            "SELECT id FROM sessions WHERE id > ? ORDER BY id LIMIT 1"] {
                    guard let other = try String.fetchOne(db, sql: sql, arguments: [id.rawValue]) else { continue }
                    let shared = zip(id.rawValue, other).prefix { $0 == $1 }.count
                    length = max(length, shared + 1)
                }
            }
            return min(length, ids.map(\.rawValue.count).max() ?? length)
        }
    }

    /// The questions of the newest turns, newest last (for the shell's `/history`).
    public func recentQuestions(limit: Int) throws -> [String] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT question FROM turns ORDER BY asked_at DESC, id DESC LIMIT ?",
                                arguments: [limit]).reversed()
        }
    }
}
