import Foundation
import WendaKit

/// Human text for the shell's own commands: `/sources` and `/open` (answers are laid out by
/// `AnswerPrinter`). Everything taken from an article goes through `TerminalText.safe`
/// (`safe` here): an article cannot move the cursor, retitle the window or clear the screen.
struct ShellRenderer {
    var style: Style

    /// Article text made safe for the terminal; `oneLine` for fields (titles, sources).
    func safe(_ text: String, oneLine: Bool = false) -> String {
        TerminalText.safe(text, keepNewlines: !oneLine)
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
            if let u = c.url.isEmpty ? url(c.docId) : c.url, !u.isEmpty { out += "    url:       \(field(u))\n" }
            out += "    where:     \(c.page.map { "page \($0), " } ?? "")paragraph \(c.paragraph), \(AnswerPrinter.sentences(c)), characters \(c.start)–\(c.end)\n"
            if c.stale { out += "    " + style.warning("changed since the corpus was built: the quote may no longer stand there") + "\n" }
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
