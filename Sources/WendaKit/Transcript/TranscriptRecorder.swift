import Foundation

/// Records the turns of one run (a shell, an `ask`, a piped script) into the store,
/// starting the session with its first turn so runs without questions leave nothing
/// behind, or appending to a session resumed with `resume`. Failures never stop the run:
/// they are passed to `warn` once and recording stops.
///
///     let recorder = TranscriptRecorder.open(mode: .pipe, corpus: corpus, enabled: !noTranscript,
///                                            paths: WendaPaths(environment: env)) { warn($0) }
///     defer { recorder.end() }
///     recorder.record(result, rendered: text)   // before printing the answer
public final class TranscriptRecorder: @unchecked Sendable {
    let store: TranscriptStore?
    let mode: SessionMode
    let corpus: String
    /// The corpus as an absolute path and what it is now (`CorpusFingerprint`, worked out
    /// when a session starts), kept with a new session so it can be resumed from anywhere
    /// and its changes noticed.
    let corpusPath: String?
    let corpusFingerprint: @Sendable () -> String?
    let warn: @Sendable (String) -> Void
    let lock = NSLock()
    var current: SessionID?
    var last: Int?
    var failed = false

    public init(store: TranscriptStore?, mode: SessionMode, corpus: String, corpusPath: String? = nil,
                corpusFingerprint: @escaping @Sendable () -> String? = { nil }, warn: @escaping @Sendable (String) -> Void = { _ in }) {
        self.store = store
        self.mode = mode
        self.corpus = corpus
        self.corpusPath = corpusPath
        self.corpusFingerprint = corpusFingerprint
        self.warn = warn
    }

    /// A recorder on the default store, or one that records nothing when `enabled` is
    /// false or the store cannot be opened (said through `warn`).
    public static func open(mode: SessionMode, corpus: String, corpusPath: String? = nil,
                            corpusFingerprint: @escaping @Sendable () -> String? = { nil },
                            enabled: Bool = true, paths: WendaPaths,
                            warn: @escaping @Sendable (String) -> Void = { _ in }) -> TranscriptRecorder {
        func recorder(_ store: TranscriptStore?) -> TranscriptRecorder {
            TranscriptRecorder(store: store, mode: mode, corpus: corpus, corpusPath: corpusPath,
                               corpusFingerprint: corpusFingerprint, warn: warn)
        }
        guard enabled else { return recorder(nil) }
        do {
            return recorder(try TranscriptStore.openDefault(paths: paths, notice: { warn($0) }))
        } catch {
            warn("transcripts are off: \(error.localizedDescription)")
            return recorder(nil)
        }
    }

    /// A recorder like this one for another corpus (the shell's `/corpus`, `/resume`).
    public func forCorpus(_ corpus: String, path: String?, fingerprint: @escaping @Sendable () -> String?) -> TranscriptRecorder {
        TranscriptRecorder(store: store, mode: mode, corpus: corpus, corpusPath: path, corpusFingerprint: fingerprint, warn: warn)
    }

    /// Whether turns are being recorded.
    public var isRecording: Bool { lock.withLock { store != nil && !failed } }

    /// The current session, once it has a turn (or was resumed).
    public var sessionID: SessionID? { lock.withLock { current } }

    /// The number of the last turn of the current session.
    public var lastTurn: Int? { lock.withLock { last } }

    /// The store, when there is one.
    public var transcriptStore: TranscriptStore? { store }

    /// Carries on `session`: the next turns are appended to it.
    public func resume(_ session: SessionID) throws {
        guard let store else { return }
        try store.reopenSession(session)
        let n = try store.lastTurnNumber(session)
        lock.withLock {
            current = session
            last = n
            failed = false
        }
    }

    /// Records one answered question; call it just before the answer is shown.
    /// `askedAs`: the question answered, when a follow-up was completed from the topic;
    /// `moreOf`: for further answers of `/more`, the turn whose question they answer.
    @discardableResult
    public func record(_ result: AnswerResult, rendered: String, askedAs: String? = nil, moreOf: Int? = nil,
                       at date: Date = Date()) -> TranscriptTurn? {
        record(TranscriptTurn(result: result, rendered: rendered, askedAt: date, askedAs: askedAs, moreOf: moreOf))
    }

    @discardableResult
    public func record(_ turn: TranscriptTurn) -> TranscriptTurn? {
        lock.withLock {
            guard let store, !failed else { return nil }
            do {
                if current == nil {
                    let id = SessionID.make(at: turn.askedAt)
                    try store.startSession(id: id, mode: mode, corpus: corpus, corpusPath: corpusPath,
                                           corpusFingerprint: corpusFingerprint(), at: turn.askedAt)
                    current = id
                }
                let stored = try store.append(turn, to: current!)
                last = stored.number
                return stored
            } catch {
                failed = true
                warn("transcript not saved: \(error.localizedDescription)")
                return nil
            }
        }
    }

    /// Ends the current session; the next turn starts a new one.
    public func end(at date: Date = Date()) {
        lock.withLock {
            guard let store, let id = current else { return }
            try? store.endSession(id, at: date)
            current = nil
            last = nil
        }
    }
}
