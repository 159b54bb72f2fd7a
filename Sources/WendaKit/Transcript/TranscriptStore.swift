import Foundation
import GRDB

/// The one store of every session's questions and answers: an SQLite
/// database in WAL mode, safe for several shells and piped runs writing at once. Each
/// turn is committed on its own, so it is on disk once its answer is shown.
///
///     let store = try TranscriptStore.openDefault(paths: WendaPaths(environment: env))
///     let id = try store.startSession(mode: .ask, corpus: "seeds")
///     try store.append(TranscriptTurn(result: result, rendered: text), to: id)
///     try store.endSession(id)
///
/// Opening it applies the migrations an older store lacks (GRDB's `DatabaseMigrator`):
/// every turn is kept. Writing, reading and search are in `TranscriptStore+*.swift`.
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
                        || (e.resultCode == .SQLITE_ERROR && ["already exists", "duplicate column"].contains { (e.message ?? "").contains($0) })
                        || (e.resultCode == .SQLITE_CONSTRAINT && (e.message ?? "").contains("grdb_migrations")) {
                // "already exists", "duplicate column", a migration already recorded: another
                // process migrated between our look at the applied migrations and our
                // migration (ours was rolled back whole); the next look sees it.
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
        // Marks and notes, the question as answered, /more turns, the corpus a session can
        // be resumed over, and a search table with one column a field (ranked by bm25).
        // Existing turns are kept and indexed again.
        m.registerMigration("v2") { db in
            // Each column only when missing, so a store some columns were added to (by hand,
            // or a migration cut short before SQLite made it atomic) still upgrades.
            for (table, column, type) in [
                ("sessions", "corpus_path", "TEXT"), ("sessions", "corpus_fingerprint", "TEXT"),
                ("turns", "asked_as", "TEXT"), ("turns", "more_of", "INTEGER"),
                ("turns", "mark", "TEXT CHECK (mark IN ('good', 'bad'))"), ("turns", "note", "TEXT"),
                ("turns", "marked_at", "DATETIME"),
            ] where try !db.columns(in: table).contains(where: { $0.name == column }) {
                try db.execute(sql: "ALTER TABLE \(table) ADD COLUMN \(column) \(type)")
            }
            try db.execute(sql: """
                CREATE INDEX IF NOT EXISTS turns_by_mark ON turns(mark) WHERE mark IS NOT NULL;
                DROP TRIGGER IF EXISTS turns_search_delete;
                DROP TABLE IF EXISTS turn_search;
                """)
            do {
                try db.execute(sql: """
                    CREATE VIRTUAL TABLE turn_search USING fts5(question, answer, passages, note);
                    CREATE TRIGGER turns_search_delete AFTER DELETE ON turns BEGIN
                        DELETE FROM turn_search WHERE rowid = old.id;
                    END;
                    """)
            } catch {
                return
            }
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM turns")
            while let row = try rows.next() {
                try insertSearchRow(db, rowid: row["id"], turn: turn(row))
            }
        }
        return m
    }

    /// Indexes `turn` (stored as `rowid`) for search.
    static func insertSearchRow(_ db: Database, rowid: Int64, turn: TranscriptTurn) throws {
        let c = SearchTerms.columns(of: turn)
        try db.execute(sql: "INSERT INTO turn_search (rowid, question, answer, passages, note) VALUES (?, ?, ?, ?, ?)",
                       arguments: [rowid, c[0], c[1], c[2], c[3]])
    }
}
