// What the transcript store holds and hands out: turns, sessions, search hits, and its
// errors.
import Foundation

/// A reviewer's judgement of an answer (`/good`, `/bad` in the shell).
public enum TurnMark: String, Sendable, Hashable, Codable, CaseIterable {
    case good, bad
}

/// One question and its answer, as recorded.
public struct TranscriptTurn: Sendable, Hashable, Codable {
    /// 1-based position in its session (0 until stored).
    public var number: Int
    public var askedAt: Date
    /// The question as typed.
    public var question: String
    /// The question as answered, when it differs: a follow-up completed from the
    /// session's topic (她是哪所大学的教授？ → 李飞飞是哪所大学的教授？).
    public var askedAs: String?
    /// For the further answers of `/more`: the number of the turn whose question they answer.
    public var moreOf: Int?
    /// The answer as it was shown to people (no colour).
    public var answerText: String
    /// The answer as the JSON contract (the README's "JSON output"), one line.
    public var answerJSON: String
    public var noAnswer: Bool
    public var elapsedMs: Double
    /// The reviewer's mark and remark, if any.
    public var mark: TurnMark?
    public var note: String?
    public var markedAt: Date?

    public init(number: Int = 0, askedAt: Date = Date(), question: String, askedAs: String? = nil, moreOf: Int? = nil,
                answerText: String, answerJSON: String, noAnswer: Bool, elapsedMs: Double,
                mark: TurnMark? = nil, note: String? = nil, markedAt: Date? = nil) {
        self.number = number
        self.askedAt = askedAt
        self.question = question
        self.askedAs = askedAs == question ? nil : askedAs
        self.moreOf = moreOf
        self.answerText = answerText
        self.answerJSON = answerJSON
        self.noAnswer = noAnswer
        self.elapsedMs = elapsedMs
        self.mark = mark
        self.note = note
        self.markedAt = markedAt
    }

    /// How many nearest passages a no-answer turn keeps (as many as are shown).
    public static let keptNearestPassages = 3

    /// A turn for `result`, shown to people as `rendered`. The stored JSON keeps the
    /// passages the answer quotes from (or, with no answer, the nearest ones shown), not
    /// every passage retrieved: a transcript records what was said, and stays small.
    /// `askedAs`: the question answered, when a follow-up was completed; `moreOf`: the
    /// turn whose question `/more` answered further.
    public init(result: AnswerResult, rendered: String, askedAt: Date = Date(), askedAs: String? = nil, moreOf: Int? = nil) {
        self.init(askedAt: askedAt, question: result.question, askedAs: askedAs, moreOf: moreOf, answerText: rendered,
                  answerJSON: Self.recorded(result).jsonLine(), noAnswer: result.noAnswer, elapsedMs: result.elapsedMs)
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

    /// The question a reader of the transcript needs: as answered (a follow-up completed).
    public var standaloneQuestion: String { askedAs ?? question }
}

/// A session as listed: when, where, how many turns, and how it began.
public struct SessionSummary: Sendable, Hashable, Codable {
    public var id: SessionID
    public var startedAt: Date
    public var endedAt: Date?
    /// The time of the last turn, else the end, else the start.
    public var lastActivity: Date
    /// The corpus as it was given (`seeds`, `~/news`…).
    public var corpus: String
    /// The corpus as an absolute path, to find it again from any folder (nil: recorded
    /// before wenda kept it).
    public var corpusPath: String?
    /// What the corpus was when the session started (see `CorpusFingerprint`).
    public var corpusFingerprint: String?
    public var mode: SessionMode
    public var turnCount: Int
    public var firstQuestion: String?
    /// How many of its turns are marked good and bad.
    public var goodCount: Int
    public var badCount: Int

    public init(id: SessionID, startedAt: Date, endedAt: Date?, lastActivity: Date, corpus: String,
                corpusPath: String? = nil, corpusFingerprint: String? = nil,
                mode: SessionMode, turnCount: Int, firstQuestion: String?, goodCount: Int = 0, badCount: Int = 0) {
        self.id = id
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.lastActivity = lastActivity
        self.corpus = corpus
        self.corpusPath = corpusPath
        self.corpusFingerprint = corpusFingerprint
        self.mode = mode
        self.turnCount = turnCount
        self.firstQuestion = firstQuestion
        self.goodCount = goodCount
        self.badCount = badCount
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

/// A turn found by `TranscriptStore.search`, with where its text matched.
public struct TranscriptSearchHit: Sendable, Hashable {
    public var session: SessionID
    public var turn: TranscriptTurn
    /// The matches that show why it was found, best field first.
    public var matches: [SearchMatch]
    /// SQLite FTS5's bm25 rank (lower is better; 0 when the store has no FTS5).
    public var rank: Double

    public init(session: SessionID, turn: TranscriptTurn, matches: [SearchMatch] = [], rank: Double = 0) {
        self.session = session
        self.turn = turn
        self.matches = matches
        self.rank = rank
    }

    /// The fields that matched, in order (`question`, `note`, `answer`, `passage`).
    public var fields: [SearchField] {
        var seen: [SearchField] = []
        for m in matches where !seen.contains(m.field) { seen.append(m.field) }
        return seen
    }
}

/// What can go wrong with the transcript store, said so a person can act on it.
public enum TranscriptError: LocalizedError, Sendable, Equatable {
    case noSuchSession(String)
    case ambiguousSession(String, candidates: [String])
    case noSuchTurn(session: String, turn: Int, count: Int)
    case cannotOpen(path: String, reason: String)
    case badDuration(String)
    case badDate(String)
    case damaged(path: String)

    public var errorDescription: String? {
        switch self {
        case .noSuchSession(let id):
            return "no session matches '\(id)' (see `wenda sessions list`)"
        case .ambiguousSession(let id, let candidates):
            let shown = candidates.prefix(5).joined(separator: ", ")
            let more = candidates.count > 5 ? ", …" : ""
            return "'\(id)' matches \(candidates.count) sessions (\(shown)\(more)); type more of the id"
        case .noSuchTurn(let session, let turn, let count):
            let has = count == 0 ? "it has no turns" : count == 1 ? "it has turn 1 only" : "it has turns 1–\(count)"
            return "session \(session) has no turn \(turn) (\(has))"
        case .cannotOpen(let path, let reason):
            return "cannot open the transcript store \(path): \(reason)"
        case .damaged(let path):
            return "the transcript store \(path) is damaged"
        case .badDuration(let text):
            return "'\(text)' is not a duration: use a number and a unit, e.g. 30d, 12h, 2w, 6mo, 1y"
        case .badDate(let text):
            return "'\(text)' is neither a date (2026-11-01) nor an age (30d, 12h, 2w, 6mo, 1y)"
        }
    }
}
