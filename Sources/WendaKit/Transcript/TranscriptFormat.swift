import Foundation

/// The forms a transcript is shown or exported in.
public enum TranscriptFormat: String, Sendable, CaseIterable {
    case text, markdown, json
}

/// Text, Markdown and JSON forms of sessions, for `wenda sessions` (no terminal I/O).
public enum TranscriptFormatter {
    /// `2026-11-29 14:03` in the local time zone.
    public static func shortDate(_ date: Date, timeZone: TimeZone = .current) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = timeZone
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f.string(from: date)
    }

    /// ISO 8601 with milliseconds, UTC.
    public static func isoDate(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: date)
    }

    /// One line, at most `width` characters, with an ellipsis when cut.
    public static func oneLine(_ text: String, width: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count <= width ? flat : String(flat.prefix(max(0, width - 1))) + "…"
    }

    /// The table of `wenda sessions list` (safe for a terminal, like every text form here).
    public static func list(_ sessions: [SessionSummary], timeZone: TimeZone = .current) -> String {
        TerminalText.safe(listTable(sessions, timeZone: timeZone))
    }

    static func listTable(_ sessions: [SessionSummary], timeZone: TimeZone) -> String {
        guard !sessions.isEmpty else { return "No sessions yet.\n" }
        var out = "ID             STARTED           MODE   TURNS  FIRST QUESTION\n"
        for s in sessions {
            let turns = String(s.turnCount)
            out += s.id.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)
            out += shortDate(s.startedAt, timeZone: timeZone) + "  "
            out += s.mode.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            out += String(repeating: " ", count: max(0, 5 - turns.count)) + turns + "  "
            out += oneLine(s.firstQuestion ?? "—", width: 50) + "\n"
        }
        return out
    }

    static func header(_ s: SessionSummary, timeZone: TimeZone) -> String {
        var line = "\(s.mode.rawValue) session, \(shortDate(s.startedAt, timeZone: timeZone))"
        if let end = s.endedAt { line += " – \(shortDate(end, timeZone: timeZone))" }
        line += ", corpus \(s.corpus), \(s.turnCount) turn\(s.turnCount == 1 ? "" : "s")"
        return line
    }

    /// A session for reading in a terminal: what was stored (article text included) is
    /// shown, never obeyed (`TerminalText`).
    public static func text(_ t: SessionTranscript, timeZone: TimeZone = .current) -> String {
        TerminalText.safe(plainText(t, timeZone: timeZone))
    }

    static func plainText(_ t: SessionTranscript, timeZone: TimeZone) -> String {
        var out = "Session \(t.summary.id): \(header(t.summary, timeZone: timeZone))\n"
        for turn in t.turns {
            out += "\n[\(turn.number)] \(shortDate(turn.askedAt, timeZone: timeZone))  \(turn.question)\n"
            out += indent(turn.answerText.trimmingCharacters(in: .newlines), by: "    ") + "\n"
        }
        return out
    }

    /// A session as Markdown, its controls made visible as in `text`.
    public static func markdown(_ t: SessionTranscript, timeZone: TimeZone = .current) -> String {
        TerminalText.safe(plainMarkdown(t, timeZone: timeZone))
    }

    static func plainMarkdown(_ t: SessionTranscript, timeZone: TimeZone) -> String {
        var out = "# wenda session \(t.summary.id)\n\n"
        out += "- Started: \(shortDate(t.summary.startedAt, timeZone: timeZone))\n"
        if let end = t.summary.endedAt { out += "- Ended: \(shortDate(end, timeZone: timeZone))\n" }
        out += "- Mode: \(t.summary.mode.rawValue)\n- Corpus: `\(t.summary.corpus)`\n"
        out += "- Turns: \(t.summary.turnCount)\n"
        for turn in t.turns {
            out += "\n## \(turn.number). \(oneLine(turn.question, width: 200))\n\n"
            out += "_\(shortDate(turn.askedAt, timeZone: timeZone)) · \(String(format: "%.0f", turn.elapsedMs)) ms"
            out += turn.noAnswer ? " · no answer_\n\n" : "_\n\n"
            let body = turn.answerText.trimmingCharacters(in: .newlines)
            out += body.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n") + "\n"
        }
        return out
    }

    /// A session as one JSON object; each turn carries its answer as the JSON contract.
    public static func json(_ t: SessionTranscript) -> String {
        var turns: [[String: Any]] = []
        for turn in t.turns {
            var obj: [String: Any] = [
                "number": turn.number, "asked_at": isoDate(turn.askedAt), "question": turn.question,
                "no_answer": turn.noAnswer, "elapsed_ms": turn.elapsedMs, "answer_text": turn.answerText,
            ]
            if let answer = try? JSONSerialization.jsonObject(with: Data(turn.answerJSON.utf8)) {
                obj["answer"] = answer
            }
            turns.append(obj)
        }
        var session: [String: Any] = [
            "id": t.summary.id.rawValue, "started_at": isoDate(t.summary.startedAt),
            "mode": t.summary.mode.rawValue, "corpus": t.summary.corpus, "turns": turns,
        ]
        session["ended_at"] = t.summary.endedAt.map(isoDate) ?? NSNull()
        let data = (try? JSONSerialization.data(withJSONObject: session,
                                                options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The sessions list as JSON.
    public static func json(_ sessions: [SessionSummary]) -> String {
        let list: [[String: Any]] = sessions.map { s in
            [
                "id": s.id.rawValue, "started_at": isoDate(s.startedAt),
                "ended_at": s.endedAt.map(isoDate) ?? NSNull(), "mode": s.mode.rawValue,
                "corpus": s.corpus, "turns": s.turnCount, "first_question": s.firstQuestion ?? NSNull(),
            ]
        }
        let data = (try? JSONSerialization.data(withJSONObject: list,
                                                options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// `wenda sessions search` results.
    public static func searchHits(_ hits: [TranscriptSearchHit], query: String, timeZone: TimeZone = .current) -> String {
        TerminalText.safe(plainSearchHits(hits, query: query, timeZone: timeZone))
    }

    static func plainSearchHits(_ hits: [TranscriptSearchHit], query: String, timeZone: TimeZone) -> String {
        guard !hits.isEmpty else { return "Nothing in the transcripts matches '\(query)'.\n" }
        var out = ""
        for hit in hits {
            out += "\(hit.session)#\(hit.turn.number)  \(shortDate(hit.turn.askedAt, timeZone: timeZone))  \(oneLine(hit.turn.question, width: 60))\n"
            let firstLine = hit.turn.answerText.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            out += "    " + oneLine(firstLine, width: 72) + "\n"
        }
        return out
    }

    static func indent(_ text: String, by prefix: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : prefix + $0 }.joined(separator: "\n")
    }
}

/// Parses ages like `30d`, `12h`, `2w` (units: h, d, w).
public enum AgeParser {
    /// The number of seconds `text` stands for.
    public static func seconds(_ text: String) throws -> TimeInterval {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let unit = t.last, let n = Double(t.dropLast()), n >= 0, n.isFinite else {
            throw TranscriptError.badDuration(text)
        }
        switch unit {
        case "h": return n * 3600
        case "d": return n * 86400
        case "w": return n * 7 * 86400
        default: throw TranscriptError.badDuration(text)
        }
    }
}
