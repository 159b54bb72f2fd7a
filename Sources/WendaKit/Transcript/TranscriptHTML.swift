import Foundation

/// Sessions as one HTML page to hand to someone who does not use a terminal
/// (`sessions export --format html`). Self-contained: one file, its style inline, no
/// script and no external file (a Content-Security-Policy forbids both, should anything
/// slip through). Each question, its quotes with the answer span highlighted, numbered
/// citations linking to an appendix that shows each quoted paragraph in context (its
/// neighbours, the article's title, author, date and source), the reviewer's marks and
/// notes. Every piece of article or question text is escaped (`HTMLText.escape`): an
/// article holding `<script>` or `</style>` shows them as text. Prints cleanly and reads
/// on a phone.
public enum TranscriptHTML {
    /// The page for `transcripts`. `article` finds an article of a session's corpus by id
    /// (nil: not available; the appendix then shows the passage as recorded).
    public static func page(_ transcripts: [SessionTranscript], article: (String, SessionSummary) -> Article?,
                            generator: String = "wenda", timeZone: TimeZone = .current) -> String {
        let title = transcripts.count == 1
            ? "wenda session \(transcripts[0].summary.id.rawValue)" + (transcripts[0].summary.firstQuestion.map { ": " + $0 } ?? "")
            : "wenda: \(TranscriptFormatter.count(transcripts.count, "session"))"
        var out = """
            <!DOCTYPE html>
            <html lang="zh">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
            <meta name="referrer" content="no-referrer">
            <meta name="generator" content="\(HTMLText.escape(generator))">
            <title>\(HTMLText.escape(TranscriptFormatter.oneLine(title, width: 120)))</title>
            <style>\(style)</style>
            </head>
            <body>
            <main>

            """
        for t in transcripts {
            out += session(t, article: { article($0, t.summary) }, timeZone: timeZone)
        }
        out += "<footer><p>Exported by \(HTMLText.escape(generator)) on \(HTMLText.escape(TranscriptFormatter.shortDate(Date(), timeZone: timeZone))). Quotes are verbatim from the articles cited.</p></footer>\n"
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    /// One session: its header, its turns, then the appendix of its citations.
    static func session(_ t: SessionTranscript, article: (String) -> Article?, timeZone: TimeZone) -> String {
        let s = t.summary, sid = s.id.rawValue
        var out = "<article class=\"session\" id=\"s-\(sid)\">\n<header>\n<h1>Session \(sid)</h1>\n"
        var when = TranscriptFormatter.shortDate(s.startedAt, timeZone: timeZone)
        if let end = s.endedAt { when += " – " + TranscriptFormatter.shortDate(end, timeZone: timeZone) }
        var facts = ["\(s.mode.rawValue) session", when, "corpus \(s.corpus)", TranscriptFormatter.count(t.turns.count, "turn")]
        let marks = TranscriptFormatter.marks(good: t.turns.filter { $0.mark == .good }.count, bad: t.turns.filter { $0.mark == .bad }.count)
        if !marks.isEmpty { facts.append(marks) }
        out += "<p class=\"meta\">\(facts.map(HTMLText.escape).joined(separator: " · "))</p>\n</header>\n"
        var appendix = ""
        for turn in t.turns {
            let (body, sources) = self.turn(turn, in: t, article: article)
            out += body
            appendix += sources
        }
        if !appendix.isEmpty {
            out += "<section class=\"appendix\">\n<h2>Sources</h2>\n<p class=\"meta\">Each quoted paragraph in its article, between its neighbours; the quote in bold, the answer highlighted.</p>\n<ol class=\"sources\">\n\(appendix)</ol>\n</section>\n"
        }
        return out + "</article>\n"
    }

    /// A turn's section and its appendix entries.
    static func turn(_ turn: TranscriptTurn, in t: SessionTranscript, article: (String) -> Article?) -> (String, String) {
        let sid = t.summary.id.rawValue, n = turn.number
        var classes = "turn"
        if let mark = turn.mark { classes += " \(mark.rawValue)" }
        var out = "<section class=\"\(classes)\" id=\"t-\(sid)-\(n)\">\n<h2><span class=\"n\">\(n)</span> "
        if let of = turn.moreOf {
            out += "More answers to <a href=\"#t-\(sid)-\(of)\">\(of)</a>: "
        }
        out += HTMLText.escape(turn.question) + "</h2>\n"
        var facts = [TranscriptFormatter.shortDate(turn.askedAt)]
        if let asked = turn.askedAs, turn.moreOf == nil { facts.append("asked as “\(asked)”") }
        out += "<p class=\"meta\">\(facts.map(HTMLText.escape).joined(separator: " · "))</p>\n"
        if let mark = turn.mark {
            out += "<p class=\"judgement \(mark.rawValue)\"><span class=\"badge\">\(mark == .good ? "✓ good" : "✗ bad")</span>"
            if let note = turn.note { out += " <span class=\"note\">\(HTMLText.escape(note))</span>" }
            out += "</p>\n"
        } else if let note = turn.note {
            out += "<p class=\"judgement\"><span class=\"badge\">note</span> <span class=\"note\">\(HTMLText.escape(note))</span></p>\n"
        }
        guard let result = turn.answerResult else {
            return (out + "<pre class=\"shown\">\(HTMLText.escape(turn.answerText))</pre>\n</section>\n", "")
        }
        if result.noAnswer || result.answers.isEmpty {
            out += "<p class=\"none\">No answer found in the articles.</p>\n"
            if !result.passages.isEmpty {
                out += "<p class=\"meta\">Nearest passages:</p>\n<ul class=\"nearest\">\n"
                for p in result.passages {
                    let title = article(p.docId)?.title ?? p.docId
                    out += "<li><span class=\"where\">\(HTMLText.escape(title)) ¶\(p.paragraph)</span> \(HTMLText.escape(p.text))</li>\n"
                }
                out += "</ul>\n"
            }
            return (out + "</section>\n", "")
        }
        let first = TranscriptFormatter.firstQuoteNumber(of: turn, in: t)
        var appendix = ""
        out += "<ol class=\"quotes\" start=\"\(first)\">\n"
        for (i, q) in result.answers.enumerated() {
            let k = first + i, anchor = "\(sid)-\(n)-\(k)"
            out += "<li><blockquote>“\(highlighted(q.text, q.highlight))”</blockquote> "
            out += "<a class=\"cite\" href=\"#c-\(anchor)\" id=\"r-\(anchor)\">[\(k)]</a></li>\n"
            appendix += source(q, label: "\(n).\(k)", anchor: anchor, passages: result.passages, article: article(q.citation.docId))
        }
        return (out + "</ol>\n</section>\n", appendix)
    }

    /// `text` escaped, its answer spans in `<mark>`.
    static func highlighted(_ text: String, _ spans: [[Int]]) -> String {
        HTMLText.pieces(text, spans).map { $0.marked ? "<mark>\(HTMLText.escape($0.text))</mark>" : HTMLText.escape($0.text) }.joined()
    }

    /// An appendix entry: where the quote stands, and its paragraph between its neighbours
    /// (from the article when it still holds the quote there; else the recorded passage).
    static func source(_ q: QuotedSentence, label: String, anchor: String, passages: [PassageHit], article: Article?) -> String {
        let c = q.citation
        var out = "<li id=\"c-\(anchor)\">\n<p class=\"where\"><a class=\"back\" href=\"#r-\(anchor)\" title=\"back to the answer\">↩</a> <b>[\(label)]</b> "
        let details = [c.title, c.author, c.date].filter { !$0.isEmpty }.map { HTMLText.escape($0) }
        out += "<cite>\(details.first ?? HTMLText.escape(c.docId))</cite>"
        if details.count > 1 { out += " · " + details.dropFirst().joined(separator: " · ") }
        out += " · <span class=\"file\">\(HTMLText.escape(c.source))</span> · ¶\(c.paragraph), \(HTMLText.sentences(c))"
        if c.stale { out += " · <em>the file has changed since the corpus was built</em>" }
        out += "</p>\n<div class=\"context\">\n"
        if let article, let context = context(q, in: article) {
            out += context
            if article.url.hasPrefix("https://") || article.url.hasPrefix("http://") {
                out += "<p class=\"url\">Source: <a href=\"\(HTMLText.escape(article.url))\" rel=\"noreferrer noopener\">\(HTMLText.escape(article.url))</a></p>\n"
            }
        } else if let p = passages.first(where: { $0.docId == c.docId && $0.paragraph == c.paragraph }) {
            out += "<p class=\"cited\"><span class=\"pn\">¶\(p.paragraph)</span> \(quoted(q, in: p.text))</p>\n"
            out += "<p class=\"meta\">(As recorded: the article could not be read now, so its neighbouring paragraphs are not shown.)</p>\n"
        } else {
            out += "<p class=\"cited\"><strong class=\"quote\">\(highlighted(q.text, q.highlight))</strong></p>\n"
        }
        return out + "</div>\n</li>\n"
    }

    /// The quoted paragraph with the paragraphs before and after it, when the article
    /// still holds the quote at the cited place.
    static func context(_ q: QuotedSentence, in article: Article) -> String? {
        let c = q.citation
        guard let i = article.paragraphs.firstIndex(where: { $0.number == c.paragraph }) else { return nil }
        let count = article.text.unicodeScalars.count
        let par = article.paragraphs[i]
        guard c.start >= par.range.lowerBound, c.end <= par.range.upperBound, c.end <= count, c.start <= c.end,
              article.slice(c.start..<c.end) == q.text else { return nil }
        var out = ""
        if i > 0 {
            let p = article.paragraphs[i - 1]
            out += "<p class=\"nb\"><span class=\"pn\">¶\(p.number)</span> \(HTMLText.escape(article.text(of: p)))</p>\n"
        }
        let before = article.slice(par.range.lowerBound..<c.start), after = article.slice(c.end..<par.range.upperBound)
        out += "<p class=\"cited\"><span class=\"pn\">¶\(par.number)</span> \(HTMLText.escape(before))<strong class=\"quote\">\(highlighted(q.text, q.highlight))</strong>\(HTMLText.escape(after))</p>\n"
        if i + 1 < article.paragraphs.count {
            let p = article.paragraphs[i + 1]
            out += "<p class=\"nb\"><span class=\"pn\">¶\(p.number)</span> \(HTMLText.escape(article.text(of: p)))</p>\n"
        }
        return out
    }

    /// `paragraph` with the quote in bold where it stands (or the quote alone when it
    /// cannot be found there).
    static func quoted(_ q: QuotedSentence, in paragraph: String) -> String {
        guard let r = paragraph.range(of: q.text) else {
            return "<strong class=\"quote\">\(highlighted(q.text, q.highlight))</strong>"
        }
        return HTMLText.escape(String(paragraph[..<r.lowerBound])) + "<strong class=\"quote\">\(highlighted(q.text, q.highlight))</strong>"
            + HTMLText.escape(String(paragraph[r.upperBound...]))
    }

    /// The page's style: readable on a phone (one column; a long word, address or path wraps
    /// rather than running off the side), clean on paper (no link colours or back arrows,
    /// the appendix on a new page, highlights kept).
    static let style = """

        :root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --mark: #fff0a6; --accent: #0b57d0;
                --good: #1a7f37; --bad: #cf222e; --quote-bg: #f6f8fa; }
        * { box-sizing: border-box; }
        html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
        body { margin: 0; color: var(--ink); background: #fff;
               font: 17px/1.7 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC",
                     "Microsoft YaHei", "Source Han Sans SC", sans-serif; }
        main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; overflow-wrap: anywhere; }
        h1 { font-size: 1.45rem; line-height: 1.3; margin: 0 0 .3rem; }
        h2 { font-size: 1.15rem; line-height: 1.45; margin: 0 0 .3rem; }
        .meta { color: var(--muted); font-size: .88rem; margin: 0 0 .6rem; overflow-wrap: anywhere; }
        .session > header { margin-bottom: 1rem; }
        .turn { border-top: 1px solid var(--line); padding: 1.1rem 0 .6rem; }
        .turn h2 .n { display: inline-block; min-width: 1.6em; color: var(--muted); font-weight: 600; }
        .quotes { list-style: none; margin: .4rem 0; padding: 0; }
        .quotes li { margin: .55rem 0; }
        blockquote { display: inline; margin: 0; }
        .quotes li { border-left: 3px solid var(--line); padding: .1rem 0 .1rem .85rem; }
        mark { background: var(--mark); color: inherit; padding: 0 .12em; border-radius: 3px; }
        a { color: var(--accent); }
        a.cite { text-decoration: none; font-size: .85em; white-space: nowrap; }
        .judgement { margin: .3rem 0 .5rem; }
        .badge { display: inline-block; font-size: .8rem; font-weight: 600; padding: 0 .5em; border-radius: 1em;
                 border: 1px solid var(--muted); color: var(--muted); }
        .good .badge { color: var(--good); border-color: var(--good); }
        .bad .badge { color: var(--bad); border-color: var(--bad); }
        .note { font-style: italic; }
        .none { font-weight: 600; }
        .nearest { padding-left: 1.2rem; font-size: .95rem; }
        .where { color: var(--muted); }
        pre.shown { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; }
        .appendix { border-top: 2px solid var(--ink); margin-top: 1.5rem; padding-top: 1rem; }
        .sources { padding-left: 0; list-style: none; }
        .sources > li { margin: 0 0 1.2rem; padding: .6rem .8rem; background: var(--quote-bg); border-radius: 6px; }
        .sources > li:target { outline: 2px solid var(--accent); }
        .sources .where { font-size: .88rem; margin: 0 0 .4rem; overflow-wrap: anywhere; }
        .sources cite { font-style: normal; font-weight: 600; color: var(--ink); }
        .file { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85em; }
        .context p { margin: .35rem 0; }
        .context .nb { color: var(--muted); font-size: .93rem; }
        .pn { color: var(--muted); font-size: .8rem; margin-right: .3em; }
        .quote { font-weight: 600; }
        .back { text-decoration: none; }
        footer { color: var(--muted); font-size: .8rem; border-top: 1px solid var(--line); margin-top: 2rem; }
        @media (max-width: 32rem) {
          body { font-size: 16px; }
          main { padding: 1rem .8rem 2rem; }
          .sources > li { padding: .5rem .6rem; }
        }
        @media print {
          body { font-size: 11pt; line-height: 1.55; }
          main { max-width: none; padding: 0; }
          a { color: inherit; text-decoration: none; }
          .back { display: none; }
          .turn, .sources > li { break-inside: avoid; }
          .appendix { break-before: page; }
          .sources > li { background: none; border: 1px solid var(--line); }
          mark { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        }

        """
}
