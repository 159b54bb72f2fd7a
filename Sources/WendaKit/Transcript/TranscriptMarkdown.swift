import Foundation

/// A session as Markdown (`sessions export --format markdown`): a heading a turn, each
/// quote a block quote of its own with the answer span in bold, then the citations as a
/// list — blank lines between them, so a viewer renders each apart. Article text is
/// escaped for Markdown and, like every text form, made safe for a terminal.
public enum TranscriptMarkdown {
    public static func render(_ t: SessionTranscript, timeZone: TimeZone = .current) -> String {
        TerminalText.safe(plain(t, timeZone: timeZone))
    }

    static func plain(_ t: SessionTranscript, timeZone: TimeZone) -> String {
        let s = t.summary
        var out = "# wenda session \(s.id)\n\n"
        out += "- Started: \(TranscriptFormatter.shortDate(s.startedAt, timeZone: timeZone))\n"
        if let end = s.endedAt { out += "- Ended: \(TranscriptFormatter.shortDate(end, timeZone: timeZone))\n" }
        out += "- Mode: \(s.mode.rawValue)\n- Corpus: \(code(s.corpus))\n"
        out += "- Turns: \(s.turnCount)\n"
        let marks = TranscriptFormatter.marks(good: s.goodCount, bad: s.badCount)
        if !marks.isEmpty { out += "- Marked: \(marks)\n" }
        for turn in t.turns {
            out += "\n## \(turn.number). \(escape(TranscriptFormatter.oneLine(TranscriptFormatter.heading(turn), width: 200)))\n\n"
            var facts = [TranscriptFormatter.shortDate(turn.askedAt, timeZone: timeZone), String(format: "%.0f ms", turn.elapsedMs)]
            if turn.noAnswer { facts.append("no answer") }
            out += "_" + facts.joined(separator: " · ") + "_\n\n"
            if let asked = turn.askedAs, turn.moreOf == nil { out += "Asked as: \(escape(asked))\n\n" }
            if let mark = turn.mark { out += "**Marked \(mark.rawValue)**" + (turn.note.map { ": " + escape(oneLine($0)) } ?? "") + "\n\n" }
            else if let note = turn.note { out += "**Note**: \(escape(oneLine(note)))\n\n" }
            out += answer(turn, firstNumber: TranscriptFormatter.firstQuoteNumber(of: turn, in: t))
        }
        return out
    }

    /// The quotes and their citations, or (no answer, or an answer not stored as the JSON
    /// contract) the answer text as shown, a paragraph a line.
    static func answer(_ turn: TranscriptTurn, firstNumber: Int) -> String {
        guard let result = turn.answerResult, !result.noAnswer, !result.answers.isEmpty else {
            let lines = turn.answerText.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            return lines.filter { !$0.isEmpty }.map { "> " + escape($0) + "\n" }.joined(separator: ">\n")
        }
        var out = ""
        for (i, q) in result.answers.enumerated() {
            out += "> “" + highlighted(q.text, q.highlight) + "” [\(firstNumber + i)]\n\n"
        }
        var articles: [String] = []
        var byArticle: [String: [String]] = [:]
        for (i, q) in result.answers.enumerated() {
            let c = q.citation
            let head = ([c.title, c.author, c.date].filter { !$0.isEmpty }.map(escape) + [code(c.source)]).joined(separator: " · ")
            if byArticle[head] == nil { articles.append(head) }
            byArticle[head, default: []].append("[\(firstNumber + i)] ¶\(c.paragraph) \(HTMLText.sentences(c))"
                                                + (c.stale ? " (changed since the corpus was built)" : ""))
        }
        for head in articles {
            out += head + "\n\n" + byArticle[head, default: []].map { "- \($0)\n" }.joined() + "\n"
        }
        return out
    }

    /// `text` with its answer spans in bold.
    static func highlighted(_ text: String, _ spans: [[Int]]) -> String {
        HTMLText.pieces(text, spans).map { $0.marked ? "**" + escape($0.text) + "**" : escape($0.text) }.joined()
    }

    static func oneLine(_ s: String) -> String { TranscriptFormatter.oneLine(s, width: 2000) }

    /// `text` with Markdown's punctuation escaped, so article text is shown as written.
    static func escape(_ text: String) -> String {
        var out = ""
        for c in text {
            if "\\`*_{}[]<>#|!~".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// `text` as inline code (a fence longer than any run of backticks inside).
    static func code(_ text: String) -> String {
        var longest = 0, run = 0
        for c in text { run = c == "`" ? run + 1 : 0; longest = max(longest, run) }
        let fence = String(repeating: "`", count: longest + 1)
        return fence + (longest > 0 ? " \(text) " : text) + fence
    }
}
