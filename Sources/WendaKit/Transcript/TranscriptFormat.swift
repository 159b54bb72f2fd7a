import Foundation

/// The forms a transcript is shown or exported in.
public enum TranscriptFormat: String, Sendable, CaseIterable {
    /// For reading in a terminal.
    case text
    case markdown
    /// JSON (`sessions show`: one object; export: one line a session, JSON Lines).
    case json
    /// One self-contained page to hand on (`TranscriptHTML`).
    case html
    /// The marked turns as a questions file for `wenda eval` (`EvalExport`).
    case eval
}

/// Text forms of sessions for `wenda sessions` (no terminal I/O); Markdown, JSON and HTML
/// are in the files beside this one. Every text form is made safe for a terminal.
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

    /// `n noun` or `n nouns`.
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// `2 good, 1 bad`, or "" when nothing is marked.
    static func marks(good: Int, bad: Int) -> String {
        [good > 0 ? "\(good) good" : nil, bad > 0 ? "\(bad) bad" : nil].compactMap { $0 }.joined(separator: ", ")
    }

    // MARK: List

    /// The table of `wenda sessions list`, ids shortened to `idLength` characters (see
    /// `TranscriptStore.idLength`, which keeps them unique).
    public static func list(_ sessions: [SessionSummary], idLength: Int = 13, timeZone: TimeZone = .current) -> String {
        TerminalText.safe(listTable(sessions, idLength: idLength, timeZone: timeZone))
    }

    static func listTable(_ sessions: [SessionSummary], idLength: Int, timeZone: TimeZone) -> String {
        guard !sessions.isEmpty else { return "No sessions yet.\n" }
        let idWidth = max(idLength, 2) + 2
        let anyMarks = sessions.contains { $0.goodCount + $0.badCount > 0 }
        var out = "ID".padding(toLength: idWidth, withPad: " ", startingAt: 0)
            + "STARTED           MODE   TURNS  " + (anyMarks ? "MARKS          " : "") + "FIRST QUESTION\n"
        for s in sessions {
            let turns = String(s.turnCount)
            out += String(s.id.rawValue.prefix(idLength)).padding(toLength: idWidth, withPad: " ", startingAt: 0)
            out += shortDate(s.startedAt, timeZone: timeZone) + "  "
            out += s.mode.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
            out += String(repeating: " ", count: max(0, 5 - turns.count)) + turns + "  "
            if anyMarks { out += marks(good: s.goodCount, bad: s.badCount).padding(toLength: 15, withPad: " ", startingAt: 0) }
            out += oneLine(s.firstQuestion ?? "—", width: 50) + "\n"
        }
        return out
    }

    // MARK: A session as text

    static func header(_ s: SessionSummary, timeZone: TimeZone) -> String {
        var line = "\(s.mode.rawValue) session, \(shortDate(s.startedAt, timeZone: timeZone))"
        if let end = s.endedAt { line += " – \(shortDate(end, timeZone: timeZone))" }
        line += ", corpus \(s.corpus), \(count(s.turnCount, "turn"))"
        let m = marks(good: s.goodCount, bad: s.badCount)
        if !m.isEmpty { line += " (\(m))" }
        return line
    }

    /// A session for reading in a terminal: what was stored (article text included) is
    /// shown, never obeyed (`TerminalText`). `only`: the one turn to show.
    public static func text(_ t: SessionTranscript, only: Int? = nil, timeZone: TimeZone = .current) -> String {
        TerminalText.safe(plainText(t, only: only, timeZone: timeZone))
    }

    static func plainText(_ t: SessionTranscript, only: Int? = nil, timeZone: TimeZone) -> String {
        var out = "Session \(t.summary.id): \(header(t.summary, timeZone: timeZone))\n"
        for turn in t.turns where only == nil || turn.number == only {
            out += "\n[\(turn.number)] \(shortDate(turn.askedAt, timeZone: timeZone))  \(heading(turn))\n"
            if let asked = turn.askedAs, turn.moreOf == nil { out += "    asked as: \(asked)\n" }
            if let judgement = judgement(turn) { out += "    \(judgement)\n" }
            out += indent(turn.answerText.trimmingCharacters(in: .newlines), by: "    ") + "\n"
        }
        return out
    }

    /// What a turn's heading says: the question, or for `/more` whose answers it continues.
    static func heading(_ turn: TranscriptTurn) -> String {
        guard let of = turn.moreOf else { return turn.question }
        return "/more: further answers to [\(of)] \(turn.question)"
    }

    /// `marked good: the note`, `marked bad`, `note: …`, or nil.
    static func judgement(_ turn: TranscriptTurn) -> String? {
        let note = turn.note.map { oneLine($0, width: 500) }
        switch (turn.mark, note) {
        case (let m?, let n?): return "marked \(m.rawValue): \(n)"
        case (let m?, nil): return "marked \(m.rawValue)"
        case (nil, let n?): return "note: \(n)"
        case (nil, nil): return nil
        }
    }

    static func indent(_ text: String, by prefix: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : prefix + $0 }.joined(separator: "\n")
    }

    /// The number of the first quote of `turn` as it was shown: 1, or for `/more`, after
    /// the quotes already shown for the same question.
    static func firstQuoteNumber(of turn: TranscriptTurn, in t: SessionTranscript) -> Int {
        guard let of = turn.moreOf else { return 1 }
        var shown = 0
        for earlier in t.turns where earlier.number < turn.number && (earlier.number == of || earlier.moreOf == of) {
            shown += earlier.answerResult?.answers.count ?? 0
        }
        return shown + 1
    }

    // MARK: Search

    /// `wenda sessions search` results: each turn as `ID#N`, then a line for each field
    /// that matched (question, note, answer, passage ¶N) with the words marked between
    /// `open` and `close` (the caller's emphasis: colour on a terminal, «» otherwise); a
    /// field that shows no word the lines above did not is only named (`also in: …`).
    public static func searchHits(_ hits: [TranscriptSearchHit], idLength: Int = 13, open: String = "«", close: String = "»",
                                  timeZone: TimeZone = .current) -> String {
        var out = ""
        for hit in hits {
            let mark = hit.turn.mark.map { "[\($0.rawValue)] " } ?? ""
            out += TerminalText.safe("\(hit.session.rawValue.prefix(idLength))#\(hit.turn.number)  "
                                     + "\(shortDate(hit.turn.askedAt, timeZone: timeZone))  \(mark)"
                                     + oneLine(heading(hit.turn), width: 60), keepNewlines: false) + "\n"
            var shown: [SearchMatch] = [], named: [String] = []
            for m in hit.matches {
                guard m.showsMore(than: shown) else {
                    named.append(m.label)
                    continue
                }
                shown.append(m)
                out += "    " + TerminalText.safe(m.label + ": ", keepNewlines: false)
                    + m.marked(open: open, close: close, plain: { TerminalText.safe($0, keepNewlines: false) }) + "\n"
            }
            if !named.isEmpty { out += "    also in: " + TerminalText.safe(named.joined(separator: ", "), keepNewlines: false) + "\n" }
        }
        return out
    }

    /// Search results as JSON Lines, one hit a line.
    public static func searchJSON(_ hits: [TranscriptSearchHit]) -> String {
        hits.map { hit in
            var obj: [String: Any] = [
                "session": hit.session.rawValue, "turn": hit.turn.number, "id": "\(hit.session.rawValue)#\(hit.turn.number)",
                "asked_at": isoDate(hit.turn.askedAt), "question": hit.turn.question,
                "fields": hit.fields.map(\.rawValue), "rank": hit.rank,
                "matches": hit.matches.map { m in
                    ["field": m.field.rawValue, "label": m.label, "text": m.text,
                     "marks": m.marks.map { [$0.lowerBound, $0.upperBound] }] as [String: Any]
                },
            ]
            obj["mark"] = hit.turn.mark?.rawValue ?? NSNull()
            obj["note"] = hit.turn.note ?? NSNull()
            return TranscriptJSON.line(obj)
        }.joined()
    }
}
