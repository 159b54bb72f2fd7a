import Foundation

/// A user's marked answers as a questions file (`sessions export --format eval`), so
/// their own questions become a regression suite for their own archive:
///
/// - a turn marked **good** is a question to score, in the format `wenda eval` reads:
///   `{"id", "question", "answers", "doc_id"}` — the answer is the first quote's
///   highlighted span, else the quoted sentence; `doc_id` the article it is from. A good
///   turn with no answer is `{"id", "question", "no_answer": true}`: the articles were
///   right to have none.
/// - a turn marked **bad** keeps what the user said was wrong: `"wrong"` (the answer's
///   first quote, with its `doc_id` and `paragraph`) or `"wrong_no_answer": true`
///   (there was an answer to find), and the `note`. `wenda eval` scores these apart: a
///   later change has fixed one when its first quote is no longer a wrong sentence (or
///   it now answers).
///
/// `id` is `SESSION#N`; the question is the one answered (a follow-up completed from the
/// session's topic), so each line stands alone; `mark`, `note` and `session` go along.
public struct EvalExport {
    public private(set) var lines: [[String: Any]] = []
    public private(set) var good = 0
    public private(set) var bad = 0

    public init(_ transcripts: [SessionTranscript]) {
        for t in transcripts {
            for turn in t.turns {
                guard let mark = turn.mark, let line = Self.line(turn, of: t) else { continue }
                lines.append(line)
                if mark == .good { good += 1 } else { bad += 1 }
            }
        }
    }

    public var isEmpty: Bool { lines.isEmpty }

    /// The lines, one JSON object each.
    public var jsonLines: String { lines.map(TranscriptJSON.line).joined() }

    static func line(_ turn: TranscriptTurn, of t: SessionTranscript) -> [String: Any]? {
        guard let mark = turn.mark else { return nil }
        let result = turn.answerResult
        var line: [String: Any] = [
            "id": "\(t.summary.id.rawValue)#\(turn.number)", "question": question(turn, in: t),
            "mark": mark.rawValue, "session": t.summary.id.rawValue,
        ]
        if let note = turn.note { line["note"] = note }
        let answered = !(result?.noAnswer ?? turn.noAnswer) && !(result?.answers.isEmpty ?? true)
        switch mark {
        case .good:
            if let first = result?.answers.first, answered {
                let spans = HTMLText.pieces(first.text, first.highlight).filter(\.marked).map(\.text)
                line["answers"] = spans.isEmpty ? [first.text] : spans
                line["doc_id"] = first.citation.docId
            } else if turn.noAnswer {
                line["no_answer"] = true
            } else {
                return nil  // an answer not stored as the contract: nothing to score against
            }
        case .bad:
            if let q = result?.answers.first, answered {
                line["wrong"] = [["text": q.text, "doc_id": q.citation.docId, "paragraph": q.citation.paragraph] as [String: Any]]
            } else {
                line["wrong_no_answer"] = true
            }
        }
        return line
    }

    /// The question as it stands alone: as answered, and for `/more` that of its turn.
    static func question(_ turn: TranscriptTurn, in t: SessionTranscript) -> String {
        if let of = turn.moreOf, turn.askedAs == nil, let original = t.turns.first(where: { $0.number == of }) {
            return original.standaloneQuestion
        }
        return turn.standaloneQuestion
    }
}
