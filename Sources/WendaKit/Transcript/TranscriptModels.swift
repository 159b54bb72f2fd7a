import Foundation

/// One question and its answer, as recorded.
public struct TranscriptTurn: Sendable, Hashable, Codable {
    /// 1-based position in its session (0 until stored).
    public var number: Int
    public var askedAt: Date
    public var question: String
    /// The answer as it was shown to people (no colour).
    public var answerText: String
    /// The answer as the JSON contract (design §3), one line.
    public var answerJSON: String
    public var noAnswer: Bool
    public var elapsedMs: Double

    public init(number: Int = 0, askedAt: Date = Date(), question: String, answerText: String,
                answerJSON: String, noAnswer: Bool, elapsedMs: Double) {
        self.number = number
        self.askedAt = askedAt
        self.question = question
        self.answerText = answerText
        self.answerJSON = answerJSON
        self.noAnswer = noAnswer
        self.elapsedMs = elapsedMs
    }

    /// How many nearest passages a no-answer turn keeps (as many as are shown).
    public static let keptNearestPassages = 3

    /// A turn for `result`, shown to people as `rendered`. The stored JSON keeps the
    /// passages the answer quotes from (or, with no answer, the nearest ones shown), not
    /// every passage retrieved: a transcript records what was said, and stays small.
    public init(result: AnswerResult, rendered: String, askedAt: Date = Date()) {
        self.init(askedAt: askedAt, question: result.question, answerText: rendered, answerJSON: Self.recorded(result).jsonLine(),
                  noAnswer: result.noAnswer, elapsedMs: result.elapsedMs)
    }

    /// `result` as it is stored: only the passages its answers cite, in rank order, or the
    /// first `keptNearestPassages` when it has no answer.
    public static func recorded(_ result: AnswerResult) -> AnswerResult {
        var kept = result
        if result.answers.isEmpty {
            kept.passages = Array(result.passages.prefix(keptNearestPassages))
        } else {
            let cited = Set(result.answers.map { "\($0.citation.docId)\u{1F}\($0.citation.paragraph)" })
            kept.passages = result.passages.filter { cited.contains("\($0.docId)\u{1F}\($0.paragraph)") }
        }
        return kept
    }

    /// The stored JSON decoded back, when it is the contract.
    public var answerResult: AnswerResult? {
        try? JSONDecoder().decode(AnswerResult.self, from: Data(answerJSON.utf8))
    }
}

/// A session as listed: when, where, how many turns, and how it began.
public struct SessionSummary: Sendable, Hashable, Codable {
    public var id: SessionID
    public var startedAt: Date
    public var endedAt: Date?
    /// The time of the last turn, else the end, else the start.
    public var lastActivity: Date
    public var corpus: String
    public var mode: SessionMode
    public var turnCount: Int
    public var firstQuestion: String?

    public init(id: SessionID, startedAt: Date, endedAt: Date?, lastActivity: Date, corpus: String,
                mode: SessionMode, turnCount: Int, firstQuestion: String?) {
        self.id = id
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.lastActivity = lastActivity
        self.corpus = corpus
        self.mode = mode
        self.turnCount = turnCount
        self.firstQuestion = firstQuestion
    }
}

/// A session with all its turns.
public struct SessionTranscript: Sendable, Hashable {
    public var summary: SessionSummary
    public var turns: [TranscriptTurn]

    public init(summary: SessionSummary, turns: [TranscriptTurn]) {
        self.summary = summary
        self.turns = turns
    }
}

/// A turn found by `TranscriptStore.search`.
public struct TranscriptSearchHit: Sendable, Hashable {
    public var session: SessionID
    public var turn: TranscriptTurn

    public init(session: SessionID, turn: TranscriptTurn) {
        self.session = session
        self.turn = turn
    }
}

/// What can go wrong with the transcript store, said so a person can act on it.
public enum TranscriptError: LocalizedError, Sendable, Equatable {
    case noSuchSession(String)
    case ambiguousSession(String, candidates: [String])
    case cannotOpen(path: String, reason: String)
    case badDuration(String)
    case damaged(path: String)

    public var errorDescription: String? {
        switch self {
        case .noSuchSession(let id):
            return "no session matches '\(id)' (see `wenda sessions list`)"
        case .ambiguousSession(let id, let candidates):
            let shown = candidates.prefix(5).joined(separator: ", ")
            let more = candidates.count > 5 ? ", …" : ""
            return "'\(id)' matches \(candidates.count) sessions (\(shown)\(more)); type more of the id"
        case .cannotOpen(let path, let reason):
            return "cannot open the transcript store \(path): \(reason)"
        case .damaged(let path):
            return "the transcript store \(path) is damaged"
        case .badDuration(let text):
            return "'\(text)' is not a duration: use a number and a unit, e.g. 30d, 12h, 2w"
        }
    }
}
