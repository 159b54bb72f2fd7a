import Foundation

/// Records the turns of one run (a shell, an `ask`, a piped script) into the store,
/// starting the session with its first turn so runs without questions leave nothing
/// behind. Failures never stop the run: they are passed to `warn` once and recording
/// stops.
///
///     let recorder = TranscriptRecorder.open(mode: .pipe, corpus: corpus, enabled: !noTranscript,
///                                            paths: WendaPaths(environment: env)) { warn($0) }
///     defer { recorder.end() }
///     recorder.record(result, rendered: text)   // after printing the answer
public final class TranscriptRecorder: @unchecked Sendable {
    let store: TranscriptStore?
    let mode: SessionMode
    let corpus: String
    let warn: @Sendable (String) -> Void
    let lock = NSLock()
    var current: SessionID?
    var failed = false

    public init(store: TranscriptStore?, mode: SessionMode, corpus: String,
                warn: @escaping @Sendable (String) -> Void = { _ in }) {
        self.store = store
        self.mode = mode
        self.corpus = corpus
        self.warn = warn
    }

    /// A recorder on the default store, or one that records nothing when `enabled` is
    /// false or the store cannot be opened (said through `warn`).
    public static func open(mode: SessionMode, corpus: String, enabled: Bool = true,
                            paths: WendaPaths,
                            warn: @escaping @Sendable (String) -> Void = { _ in }) -> TranscriptRecorder {
        guard enabled else { return TranscriptRecorder(store: nil, mode: mode, corpus: corpus, warn: warn) }
        do {
            let store = try TranscriptStore.openDefault(paths: paths, notice: { warn($0) })
            return TranscriptRecorder(store: store, mode: mode, corpus: corpus, warn: warn)
        } catch {
            warn("transcripts are off: \(error.localizedDescription)")
            return TranscriptRecorder(store: nil, mode: mode, corpus: corpus, warn: warn)
        }
    }

    /// Whether turns are being recorded.
    public var isRecording: Bool { lock.withLock { store != nil && !failed } }

    /// The current session, once it has a turn.
    public var sessionID: SessionID? { lock.withLock { current } }

    /// The store, when there is one.
    public var transcriptStore: TranscriptStore? { store }

    /// Records one answered question; call it once the answer is shown.
    public func record(_ result: AnswerResult, rendered: String, at date: Date = Date()) {
        record(TranscriptTurn(result: result, rendered: rendered, askedAt: date))
    }

    public func record(_ turn: TranscriptTurn) {
        lock.withLock {
            guard let store, !failed else { return }
            do {
                if current == nil {
                    let id = SessionID.make(at: turn.askedAt)
                    try store.startSession(id: id, mode: mode, corpus: corpus, at: turn.askedAt)
                    current = id
                }
                try store.append(turn, to: current!)
            } catch {
                failed = true
                warn("transcript not saved: \(error.localizedDescription)")
            }
        }
    }

    /// Ends the current session; the next turn starts a new one.
    public func end(at date: Date = Date()) {
        lock.withLock {
            guard let store, let id = current else { return }
            try? store.endSession(id, at: date)
            current = nil
        }
    }
}
