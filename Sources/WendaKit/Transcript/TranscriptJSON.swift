import Foundation

/// Sessions as JSON: `sessions show --format json` prints one object (indented), `sessions
/// export --format json` one line a session (JSON Lines, for scripts, whatever the number
/// of sessions); each turn carries its answer as the `--json` contract.
public enum TranscriptJSON {
    /// A session as one object.
    public static func object(_ t: SessionTranscript) -> [String: Any] {
        var turns: [[String: Any]] = []
        for turn in t.turns {
            var obj: [String: Any] = [
                "number": turn.number, "asked_at": TranscriptFormatter.isoDate(turn.askedAt), "question": turn.question,
                "no_answer": turn.noAnswer, "elapsed_ms": turn.elapsedMs, "answer_text": turn.answerText,
            ]
            if let answer = try? JSONSerialization.jsonObject(with: Data(turn.answerJSON.utf8)) {
                obj["answer"] = answer
            }
            obj["asked_as"] = turn.askedAs ?? NSNull()
            obj["more_of"] = turn.moreOf ?? NSNull()
            obj["mark"] = turn.mark?.rawValue ?? NSNull()
            obj["note"] = turn.note ?? NSNull()
            obj["marked_at"] = turn.markedAt.map(TranscriptFormatter.isoDate) ?? NSNull()
            turns.append(obj)
        }
        var session: [String: Any] = [
            "id": t.summary.id.rawValue, "started_at": TranscriptFormatter.isoDate(t.summary.startedAt),
            "mode": t.summary.mode.rawValue, "corpus": t.summary.corpus, "turns": turns,
        ]
        session["ended_at"] = t.summary.endedAt.map(TranscriptFormatter.isoDate) ?? NSNull()
        session["corpus_path"] = t.summary.corpusPath ?? NSNull()
        return session
    }

    /// A session as one indented JSON object (`sessions show --format json`).
    public static func pretty(_ t: SessionTranscript) -> String {
        encode(object(t), options: [.prettyPrinted]) + "\n"
    }

    /// A session as one line of JSON Lines (`sessions export --format json`).
    public static func line(_ t: SessionTranscript) -> String { line(object(t)) }

    /// Any JSON object as one line, keys sorted, with its line end.
    static func line(_ obj: [String: Any]) -> String { encode(obj, options: []) + "\n" }

    static func encode(_ value: Any, options: JSONSerialization.WritingOptions) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: options.union([.sortedKeys, .withoutEscapingSlashes])))
            ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The sessions list as JSON.
    public static func list(_ sessions: [SessionSummary]) -> String {
        let list: [[String: Any]] = sessions.map { s in
            [
                "id": s.id.rawValue, "started_at": TranscriptFormatter.isoDate(s.startedAt),
                "ended_at": s.endedAt.map(TranscriptFormatter.isoDate) ?? NSNull(), "mode": s.mode.rawValue,
                "corpus": s.corpus, "corpus_path": s.corpusPath ?? NSNull(), "turns": s.turnCount,
                "good": s.goodCount, "bad": s.badCount, "first_question": s.firstQuestion ?? NSNull(),
            ]
        }
        return encode(list, options: [.prettyPrinted]) + "\n"
    }
}
