import Foundation
import WendaKit

/// Lays out answers, the one place that does: for `ask`, piped runs, the shell and the
/// transcripts (which keep the plain text). Text lists the quoted sentences, numbered, then
/// their citations grouped by article — each article's title, author, date and file once,
/// then one short line per quote (`[1] ¶18 sentence 1`) — or, with no answer, one wording
/// and the nearest passages. JSON is the `--json` contract, one line.
///
/// Everything taken from an article is made safe for a terminal (`TerminalText`); colour
/// comes from `style` (`Style.plain` for pipes and transcripts). With `width` (a terminal's
/// columns) every citation line fits it and a quote's `[n]` is never split across lines;
/// without (piped output) lines are as long as they need.
struct AnswerPrinter {
    enum Format: Sendable { case text, json }

    var format: Format = .text
    var style: Style = .plain
    /// The terminal's columns; nil: no limit.
    var width: Int?
    /// An article's title by id, for nearest passages that do not carry it.
    var title: (String) -> String? = { _ in nil }
    /// Nearest passages shown when there is no answer, and the characters shown of each
    /// when no width limits them.
    var nearest = 3
    var preview = 80

    /// What every front end says when the articles do not answer.
    static let noAnswer = "No answer found in the articles."
    /// The mark of a supporting quote.
    static let supporting = "(supporting)"

    /// `Near miss: the articles speak of 19号线, not 20号线.`
    static func nearMiss(_ m: [Mismatch]) -> String {
        func list(_ s: [String]) -> String { s.map { TerminalText.safe($0, keepNewlines: false) }.joined(separator: " and ") }
        return "Near miss: the articles speak of \(list(m.map(\.found))), not \(list(m.map(\.asked)))."
    }

    /// `result` laid out, ending with a newline.
    func render(_ result: AnswerResult) -> String {
        render(result, quotes: result.answers[...], firstNumber: 1)
    }

    /// `quotes` of `result` (all of them, or the further ones `/more` shows) numbered from
    /// `firstNumber`; with no quotes, the no-answer text.
    func render(_ result: AnswerResult, quotes: ArraySlice<QuotedSentence>, firstNumber: Int) -> String {
        if format == .json {
            var shown = result
            shown.answers = Array(quotes)
            return shown.jsonLine() + "\n"
        }
        if result.noAnswer || quotes.isEmpty { return noAnswer(result) }
        var out = ""
        // A near miss asked for: said before its quotes.
        if !result.mismatch.isEmpty { out += style.warning(Self.nearMiss(result.mismatch)) + "\n" }
        for (i, q) in quotes.enumerated() {
            out += quoteLine(q, number: firstNumber + i) + "\n"
        }
        out += "\n"
        for group in Self.groups(quotes, firstNumber: firstNumber) {
            out += citations(group)
        }
        return out
    }

    // MARK: Quotes

    /// `“sentence” [n]`, the highlight emphasised; on a terminal too narrow for `[n]` at the
    /// end of the quote's last row, `[n]` starts the next row rather than being split.
    func quoteLine(_ q: QuotedSentence, number: Int) -> String {
        // A weaker quote given in support of the first says so.
        let marker = "[\(number)]" + (q.supporting ? " " + Self.supporting : "")
        let plain = "“" + safe(q.text) + "”"
        var gap = " "
        if let width, width > 0, DisplayWidth.endColumn(of: plain, width: width) + 1 + DisplayWidth.of(marker) > width {
            gap = "\n"
        }
        return "“" + highlighted(q.text, q.highlight) + "”" + gap + style.cite("[\(number)]")
            + (q.supporting ? " " + style.dim(Self.supporting) : "")
    }

    /// `text` with its highlight spans (Unicode-scalar offsets) emphasised, each piece made
    /// safe on its own so the emphasis stays where it was.
    func highlighted(_ text: String, _ spans: [[Int]]) -> String {
        guard style.enabled, !spans.isEmpty else { return safe(text) }
        let scalars = Array(text.unicodeScalars)
        func piece(_ r: Range<Int>) -> String { safe(String(String.UnicodeScalarView(scalars[r]))) }
        var out = ""
        var i = 0
        for span in spans.sorted(by: { ($0.first ?? 0) < ($1.first ?? 0) }) where span.count == 2 {
            let a = min(max(span[0], i), scalars.count), b = min(max(span[1], a), scalars.count)
            out += piece(i..<a) + style.highlight(piece(a..<b))
            i = b
        }
        return out + piece(i..<scalars.count)
    }

    // MARK: Citations

    /// The quotes of one article, with their numbers.
    struct Group {
        var citation: Citation
        var quotes: [(number: Int, citation: Citation)]
    }

    /// The quotes grouped by article, in the order each article is first cited.
    static func groups(_ quotes: ArraySlice<QuotedSentence>, firstNumber: Int) -> [Group] {
        var out: [Group] = []
        var at: [String: Int] = [:]
        for (i, q) in quotes.enumerated() {
            let key = q.citation.docId + "\u{1F}" + q.citation.source
            if let k = at[key] {
                out[k].quotes.append((firstNumber + i, q.citation))
            } else {
                at[key] = out.count
                out.append(Group(citation: q.citation, quotes: [(firstNumber + i, q.citation)]))
            }
        }
        return out
    }

    /// `¶18 sentence 1`, or `¶53 sentences 1–2` for a quote joined with its neighbour
    /// (`p. 3 ¶12 sentence 1` for a PDF's page).
    static func place(_ c: Citation) -> String { (c.page.map { "p. \($0) " } ?? "") + "¶\(c.paragraph) " + sentences(c) }

    /// `sentence 1`, or `sentences 1–2` (`sentence 2 to ¶19 sentence 1` for a quote that
    /// runs on into the next line).
    static func sentences(_ c: Citation) -> String { c.sentences }

    /// One article's details (title · author · date · file · URL, wrapped to the width at
    /// the separators), a warning when its file has changed since the build, then a line per quote.
    func citations(_ g: Group) -> String {
        let c = g.citation
        var parts: [(text: String, title: Bool)] = [(safe(c.title, oneLine: true), true)]
        for field in [c.author, c.date, c.source, c.url] where !field.isEmpty { parts.append((safe(field, oneLine: true), false)) }
        var out = ""
        for line in DisplayWidth.pack(parts.map(\.text), separator: " · ", width: width) {
            out += line.map { piece in
                switch piece {
                case .separator(let s): style.dim(s)
                case .part(let k, let s): parts[k].title ? style.bold(s) : style.dim(s)
                }
            }.joined() + "\n"
        }
        if g.quotes.contains(where: { $0.citation.stale }) {
            let note = "(changed since the corpus was built: the quotes may no longer stand there)"
            for line in DisplayWidth.pack([note], separator: "", width: width.map { $0 - 2 }) {
                out += "  " + style.warning(line.map(\.text).joined()) + "\n"
            }
        }
        for (number, citation) in g.quotes {
            out += "  " + style.cite("[\(number)]") + " " + style.dim(Self.place(citation)) + "\n"
        }
        return out
    }

    // MARK: No answer

    /// The one wording of "no answer", and the nearest passages grouped by article as
    /// citations are: the article's title once, then `¶N: the passage…` for each.
    func noAnswer(_ result: AnswerResult) -> String {
        var out = style.warning(Self.noAnswer) + "\n"
        if !result.mismatch.isEmpty {
            out += Self.nearMiss(result.mismatch) + " " + style.dim("(--near-misses, or /near-misses on in the shell, quotes it)") + "\n"
        }
        let near = result.passages.prefix(nearest)
        guard !near.isEmpty else { return out }
        out += "Nearest passages:\n"
        var order: [String] = []
        var byArticle: [String: [PassageHit]] = [:]
        for p in near {
            if byArticle[p.docId] == nil { order.append(p.docId) }
            byArticle[p.docId, default: []].append(p)
        }
        for id in order {
            let hits = byArticle[id] ?? []
            let first = hits[0]
            var name = safe(first.title.isEmpty ? title(id) ?? id : first.title, oneLine: true)
            if let width { name = DisplayWidth.truncate(name, to: max(8, width - 2)) }
            out += "  " + style.bold(name) + "\n"
            for p in hits {
                let place = "¶\(p.paragraph): "
                let text = safe(p.text.replacingOccurrences(of: "\n", with: " "), oneLine: true)
                let shown: String
                if let width {
                    shown = DisplayWidth.truncate(text, to: max(4, width - 4 - DisplayWidth.of(place)))
                } else {
                    let s = Array(text.unicodeScalars)
                    shown = s.count <= preview ? text : String(String.UnicodeScalarView(s[0..<preview])) + "…"
                }
                out += "    " + style.cite(place) + shown + "\n"
            }
        }
        return out
    }

    func safe(_ text: String, oneLine: Bool = false) -> String {
        TerminalText.safe(text, keepNewlines: !oneLine)
    }
}
