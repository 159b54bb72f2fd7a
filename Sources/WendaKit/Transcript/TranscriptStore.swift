import Foundation
import GRDB

/// The one store of every session's questions and answers (design §5): an SQLite
/// database in WAL mode, safe for several shells and piped runs writing at once. Each
/// turn is committed on its own, so it is on disk once its answer is shown.
///
///     let store = try TranscriptStore.openDefault(paths: WendaPaths(environment: env))
///     let id = try store.startSession(mode: .ask, corpus: "seeds")
///     try store.append(TranscriptTurn(result: result, rendered: text), to: id)
///     try store.endSession(id)
public final class TranscriptStore: Sendable {
    public let path: String
    let pool: DatabasePool
    let hasFTS: Bool

    /// Opens (creating when needed) the store at `$XDG_DATA_HOME/wenda/transcripts.sqlite`.
    /// A damaged store is moved aside (`transcripts.sqlite.damaged-<time>`) and a new one
    /// started; `notice` says so, once.
    public static func openDefault(paths: WendaPaths,
                                   notice: (String) -> Void = { _ in }) throws -> TranscriptStore {
        try openRecovering(path: paths.transcriptStore.path, notice: notice)
    }

    /// Opens the store at `path`, moving a damaged one aside and starting anew (as IPython
    /// does with its history database).
    public static func openRecovering(path: String, notice: (String) -> Void = { _ in }) throws -> TranscriptStore {
        do {
            let store = try TranscriptStore(path: path)
            if try store.isIntact() { return store }
        } catch let error as TranscriptError {
            guard case .damaged = error else { throw error }
        }
        let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
        let fm = FileManager.default
        var aside = "\(path).damaged-\(stamp)"
        var n = 1
        while fm.fileExists(atPath: aside) {
            n += 1
            aside = "\(path).damaged-\(stamp)-\(n)"
        }
        try? fm.moveItem(atPath: path, toPath: aside)
        for suffix in ["-wal", "-shm"] where fm.fileExists(atPath: path + suffix) {
            try? fm.moveItem(atPath: path + suffix, toPath: aside + suffix)
        }
        notice("the transcript store was damaged; moved it to \(aside) and started a new one")
        return try TranscriptStore(path: path)
    }

    /// Whether SQLite finds the store intact (`PRAGMA quick_check`).
    func isIntact() throws -> Bool {
        do {
            let verdict = try pool.read { db in try String.fetchOne(db, sql: "PRAGMA quick_check(1)") }
            return verdict == "ok"
        } catch let e as DatabaseError where Self.isDamage(e) {
            return false
        }
    }

    static func isDamage(_ e: DatabaseError) -> Bool {
        e.resultCode == .SQLITE_CORRUPT || e.resultCode == .SQLITE_NOTADB
    }

    /// Opens (creating when needed) the store at `path`; its folder is made 0700, the
    /// files 0600.
    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        do {
            try WendaPaths.makePrivateFolder(url.deletingLastPathComponent())
            if !FileManager.default.fileExists(atPath: path) {
                // SQLite gives its -wal and -shm files the database file's mode.
                let fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
                if fd >= 0 { close(fd) }
            }
        } catch {
            throw TranscriptError.cannotOpen(path: path, reason: error.localizedDescription)
        }
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.label = "wenda.transcripts"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        var lastError: Error?
        var opened: DatabasePool?
        // Two processes creating the store at the same moment can briefly meet a lock
        // that the busy handler does not cover (switching to WAL), or both try to make
        // the tables: try again.
        for attempt in 0..<50 {
            do {
                let pool = try DatabasePool(path: path, configuration: config)
                try Self.migrator.migrate(pool)
                opened = pool
                break
            } catch let e as DatabaseError where e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED
                        || (e.resultCode == .SQLITE_ERROR && (e.message ?? "").contains("already exists")) {
                // "already exists": another process made the tables between our look at
                // the applied migrations and our migration; the next look sees them.
                lastError = e
                usleep(useconds_t(20_000 + attempt * 5_000))
            } catch let e as DatabaseError where Self.isDamage(e) {
                throw TranscriptError.damaged(path: path)
            } catch {
                throw TranscriptError.cannotOpen(path: path, reason: String(describing: error))
            }
        }
        guard let pool = opened else {
            throw TranscriptError.cannotOpen(path: path, reason: lastError.map { String(describing: $0) } ?? "busy")
        }
        self.pool = pool
        self.hasFTS = (try? pool.read { db in try db.tableExists("turn_search") }) ?? false
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE sessions (
                    id TEXT PRIMARY KEY NOT NULL,
                    started_at DATETIME NOT NULL,
                    ended_at DATETIME,
                    last_at DATETIME NOT NULL,
                    corpus TEXT NOT NULL,
                    mode TEXT NOT NULL
                );
                CREATE TABLE turns (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
                    number INTEGER NOT NULL,
                    asked_at DATETIME NOT NULL,
                    question TEXT NOT NULL,
                    answer_text TEXT NOT NULL,
                    answer_json TEXT NOT NULL,
                    no_answer BOOLEAN NOT NULL,
                    elapsed_ms DOUBLE NOT NULL,
                    UNIQUE (session_id, number)
                );
                CREATE INDEX turns_by_session ON turns(session_id, number);
                CREATE INDEX sessions_by_last ON sessions(last_at);
                """)
            // Search terms (Han unigrams + bigrams, words): FTS5's tokenizers find no
            // Chinese. Without FTS5 the store still works and searches by scanning.
            do {
                try db.execute(sql: """
                    CREATE VIRTUAL TABLE turn_search USING fts5(terms);
                    CREATE TRIGGER turns_search_delete AFTER DELETE ON turns BEGIN
                        DELETE FROM turn_search WHERE rowid = old.id;
                    END;
                    """)
            } catch {}
        }
        return m
    }

    // MARK: Writing

    /// Starts a session and returns its id.
    @discardableResult
    public func startSession(mode: SessionMode, corpus: String, at date: Date = Date()) throws -> SessionID {
        let id = SessionID.make(at: date)
        try startSession(id: id, mode: mode, corpus: corpus, at: date)
        return id
    }

    /// Starts a session under an id chosen beforehand (nothing happens if it exists).
    public func startSession(id: SessionID, mode: SessionMode, corpus: String, at date: Date = Date()) throws {
        try pool.write { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO sessions (id, started_at, last_at, corpus, mode)
                VALUES (?, ?, ?, ?, ?)
                """, arguments: [id.rawValue, date, date, corpus, mode.rawValue])
        }
    }

    /// Appends a turn to a session, committed at once; returns it numbered.
    @discardableResult
    public func append(_ turn: TranscriptTurn, to session: SessionID) throws -> TranscriptTurn {
        var turn = turn
        let terms = SearchTerms.indexTerms(turn.question + "\n" + turn.answerText)
        try pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM sessions WHERE id = ?", arguments: [session.rawValue]) != nil else {
                throw TranscriptError.noSuchSession(session.rawValue)
            }
            let next = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(number), 0) + 1 FROM turns WHERE session_id = ?",
                                        arguments: [session.rawValue]) ?? 1
            turn.number = next
            try db.execute(sql: """
                INSERT INTO turns (session_id, number, asked_at, question, answer_text, answer_json, no_answer, elapsed_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [session.rawValue, next, turn.askedAt, turn.question, turn.answerText,
                                 turn.answerJSON, turn.noAnswer, turn.elapsedMs])
            if hasFTS {
                try db.execute(sql: "INSERT INTO turn_search (rowid, terms) VALUES (?, ?)",
                               arguments: [db.lastInsertedRowID, terms])
            }
            try db.execute(sql: "UPDATE sessions SET last_at = MAX(last_at, ?) WHERE id = ?",
                           arguments: [turn.askedAt, session.rawValue])
        }
        return turn
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

    // MARK: Reading

    /// Sessions, newest first.
    public func sessions(limit: Int? = nil) throws -> [SessionSummary] {
        try pool.read { db in try Self.summaries(db, where: nil, arguments: [], limit: limit) }
    }

    static func summaries(_ db: Database, where condition: String?, arguments: StatementArguments, limit: Int?) throws -> [SessionSummary] {
        var sql = """
            SELECT s.id, s.started_at, s.ended_at, s.last_at, s.corpus, s.mode,
                   (SELECT COUNT(*) FROM turns t WHERE t.session_id = s.id) AS turn_count,
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
            mode: SessionMode(rawValue: row["mode"]) ?? .shell,
            turnCount: row["turn_count"],
            firstQuestion: row["first_question"])
    }

    static func turn(_ row: Row) -> TranscriptTurn {
        TranscriptTurn(number: row["number"], askedAt: row["asked_at"], question: row["question"],
                       answerText: row["answer_text"], answerJSON: row["answer_json"],
                       noAnswer: row["no_answer"], elapsedMs: row["elapsed_ms"])
    }

    /// The session whose id is `text` or starts with it (`last` for the newest).
    /// Throws `noSuchSession` or `ambiguousSession`.
    public func resolve(_ text: String) throws -> SessionID {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if ["last", "latest"].contains(trimmed.lowercased()) {
            guard let newest = try sessions(limit: 1).first else { throw TranscriptError.noSuchSession(trimmed) }
            return newest.id
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

    /// Turns whose question or answer holds every word of `text` (Chinese too), newest first.
    public func search(_ text: String, limit: Int = 50) throws -> [TranscriptSearchHit] {
        let words = SearchTerms.queryWords(text)
        guard !words.isEmpty else { return [] }
        return try pool.read { db in
            var hits: [TranscriptSearchHit] = []
            let rows: RowCursor
            if hasFTS, let query = SearchTerms.ftsQuery(text) {
                rows = try Row.fetchCursor(db, sql: """
                    SELECT t.* FROM turn_search JOIN turns t ON t.id = turn_search.rowid
                    WHERE turn_search MATCH ? ORDER BY t.asked_at DESC, t.id DESC
                    """, arguments: [query])
            } else {
                rows = try Row.fetchCursor(db, sql: "SELECT * FROM turns ORDER BY asked_at DESC, id DESC")
            }
            while let row = try rows.next(), hits.count < limit {
                let turn = Self.turn(row)
                if SearchTerms.matches(words, in: turn.question + "\n" + turn.answerText) {
                    hits.append(TranscriptSearchHit(session: SessionID(rawValue: row["session_id"]), turn: turn))
                }
            }
            return hits
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
