import Foundation
import WendaKit

/// Human text for the shell: quoted sentences, then numbered citations. Everything taken
/// from an article goes through `TerminalText.safe` (`safe` here): an article cannot move
/// the cursor, retitle the window or clear the screen.
struct ShellRenderer {
    var style: Style

    /// Article text made safe for the terminal; `oneLine` for fields (titles, sources).
    func safe(_ text: String, oneLine: Bool = false) -> String {
        TerminalText.safe(text, keepNewlines: !oneLine)
    }

    /// A citation on one line: title · author · date · ¶paragraph sentence · source.
    func citationLine(_ c: Citation) -> String {
        var parts = [c.title]
        if !c.author.isEmpty { parts.append(c.author) }
        if !c.date.isEmpty { parts.append(c.date) }
        parts.append("¶\(c.paragraph) sentence \(c.sentence)")
        parts.append(c.source)
        return safe(parts.joined(separator: " · "), oneLine: true)
    }

    /// `text` with its highlight spans (Unicode-scalar offsets) marked.
    func highlighted(_ text: String, _ spans: [[Int]]) -> String {
        guard style.enabled, !spans.isEmpty else { return safe(text) }
        let scalars = Array(text.unicodeScalars)
        var out = ""
        var i = 0
        for span in spans.sorted(by: { ($0.first ?? 0) < ($1.first ?? 0) }) where span.count == 2 {
            let a = min(max(span[0], i), scalars.count), b = min(max(span[1], a), scalars.count)
            out += safe(String(String.UnicodeScalarView(scalars[i..<a])))
            out += style.highlight(safe(String(String.UnicodeScalarView(scalars[a..<b]))))
            i = b
        }
        out += safe(String(String.UnicodeScalarView(scalars[i...])))
        return out
    }

    /// The answer: the quoted sentences numbered from `firstNumber`, then their citations;
    /// or, when there is none, an honest "no answer" with the nearest passages.
    func answer(_ result: AnswerResult, quotes: ArraySlice<QuotedSentence>? = nil, firstNumber: Int = 1,
                titles: (String) -> String? = { _ in nil }) -> String {
        let quotes = quotes ?? result.answers[...]
        if result.noAnswer || quotes.isEmpty {
            var out = style.warning("No answer in the articles.") + "\n"
            if !result.passages.isEmpty {
                out += "Nearest passages:\n"
                for p in result.passages.prefix(3) {
                    let title = safe(titles(p.docId) ?? p.docId, oneLine: true)
                    out += "  " + style.cite("\(title) ¶\(p.paragraph)") + "  "
                    out += safe(TranscriptFormatter.oneLine(p.text, width: 70), oneLine: true) + "\n"
                }
            }
            return out
        }
        var out = ""
        for (i, q) in quotes.enumerated() {
            out += "“" + highlighted(q.text, q.highlight) + "” " + style.cite("[\(firstNumber + i)]") + "\n"
        }
        out += "\n"
        for (i, q) in quotes.enumerated() {
            out += style.cite("[\(firstNumber + i)]") + " " + style.dim(citationLine(q.citation)) + "\n"
        }
        return out
    }

    /// `/sources`: every citation in full.
    func sources(_ quotes: [QuotedSentence], url: (String) -> String? = { _ in nil }) -> String {
        var out = ""
        for (i, q) in quotes.enumerated() {
            let c = q.citation
            func field(_ t: String) -> String { safe(t, oneLine: true) }
            out += style.cite("[\(i + 1)]") + " " + style.bold(field(c.title)) + "\n"
            if !c.author.isEmpty { out += "    author:    \(field(c.author))\n" }
            if !c.date.isEmpty { out += "    date:      \(field(c.date))\n" }
            out += "    source:    \(field(c.source))\n"
            if let u = url(c.docId), !u.isEmpty { out += "    url:       \(field(u))\n" }
            out += "    where:     paragraph \(c.paragraph), sentence \(c.sentence), characters \(c.start)–\(c.end)\n"
            out += "    article:   \(field(c.docId))\n"
            out += "    quote:     “\(field(q.text))”\n"
        }
        return out
    }

    /// `/open N`: the cited paragraph with its neighbours, the quoted sentence marked.
    func passage(_ article: Article, paragraph: Int, quote: Range<Int>?, context: Int = 1) -> String {
        var out = style.bold(safe(article.title, oneLine: true)) + "\n"
        let meta = [article.author, article.date, article.source].filter { !$0.isEmpty }.joined(separator: " · ")
        if !meta.isEmpty { out += style.dim(safe(meta, oneLine: true)) + "\n" }
        out += "\n"
        let lo = max(1, paragraph - context), hi = min(article.paragraphs.count, paragraph + context)
        guard lo <= hi else { return out }
        for p in article.paragraphs[(lo - 1)..<hi] {
            let label = style.cite("¶\(p.number)") + " "
            var text = safe(article.slice(p.range))
            if p.number == paragraph, let q = quote, q.lowerBound >= p.range.lowerBound, q.upperBound <= p.range.upperBound {
                let before = safe(article.slice(p.range.lowerBound..<q.lowerBound))
                let mid = safe(article.slice(q))
                let after = safe(article.slice(q.upperBound..<p.range.upperBound))
                text = before + (style.enabled ? style.highlight(mid) : "【" + mid + "】") + after
            }
            out += label + text + "\n"
        }
        return out
    }

    /// `/open TITLE`: the whole article, paragraphs numbered.
    func article(_ article: Article) -> String {
        passage(article, paragraph: 1, quote: nil, context: article.paragraphs.count)
    }
}
