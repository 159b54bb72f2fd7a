// `wenda read FILE…`: an article as wenda reads it — title, author, date, URL and the
// numbered paragraphs a citation points at — and, with `--all`, what was left out.
import ArgumentParser
import Foundation
import WendaKit

struct ReadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Show articles as wenda reads them: metadata and numbered paragraphs.",
        discussion: """
            Prints each article of the FILEs with its title, author, date and URL, then its \
            paragraphs numbered as citations number them (¶N; a PDF's pages as p. N). A web \
            page is read for its article alone: navigation, headers, footers, asides, forms, \
            menus, hidden parts, share bars, related links and ads are left out; --all shows \
            them where they stood, each with the reason. --json prints one JSON object a \
            line per article: {"title","author","date","url","paragraphs":[…],"text"} \
            (text: the paragraphs joined by newlines), with "source" and "id", and with \
            --all "dropped": [{"text","reason","after"}]. Exit status: 0 all read, 1 some \
            file could not be read (said on standard error), 2 a FILE does not exist.
            """
    )

    @Argument(help: "Article files (.html, .txt, .md, .pdf, corpus .jsonl).")
    var files: [String]

    @OptionGroup var jsonOption: JSONOption

    @Flag(name: .long, help: "Also show what was left out of each article, and why.")
    var all = false

    mutating func run() async throws {
        var failed = false
        var out = ""
        var first = true
        let output = Output.standard
        for path in files {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
                try output.write(out)
                throw WendaError.input("\(path): \(isDir.boolValue ? "is a folder (give the article files)" : "no such file")")
            }
            let r = ArticleReader.readShowingDropped(path)
            for problem in r.problems {
                Diagnostics.warn("\(problem)")
                failed = true
            }
            for (article, dropped) in r.articles {
                if jsonOption.json {
                    out += Self.json(article, dropped: all ? dropped : nil) + "\n"
                } else {
                    if !first { out += "\n" }
                    out += Self.text(article, dropped: all ? dropped : nil)
                }
                first = false
                if out.utf8.count > 1 << 16 {
                    try output.write(out)
                    out = ""
                }
            }
        }
        try output.write(out)
        if failed { throw WendaError.status(1) }
    }

    /// The article for people: metadata lines, then `¶N text` a paragraph (page marks of
    /// a PDF before the paragraphs of each page), dropped parts where they stood.
    static func text(_ a: Article, dropped: [DroppedText]?) -> String {
        var lines: [String] = []
        func field(_ name: String, _ value: String) {
            if !value.isEmpty { lines.append("\(name) \(TerminalText.safe(value, keepNewlines: false))") }
        }
        field("Title: ", a.title)
        field("Author:", a.author)
        field("Date:  ", a.date)
        field("URL:   ", a.url)
        field("Source:", a.line.map { "\(a.source):\($0)" } ?? a.source)
        lines.append("")
        var drops = (dropped ?? [])[...]
        func showDropped(upTo count: Int) {
            while let d = drops.first, d.after <= count {
                lines.append("  ✂ dropped: \(d.reason)")
                for t in d.text.split(separator: "\n") { lines.append("  │ \(TerminalText.safe(String(t), keepNewlines: false))") }
                drops.removeFirst()
            }
        }
        var page = 0
        for (k, p) in a.paragraphs.enumerated() {
            showDropped(upTo: k)
            if let pg = a.page(ofParagraph: p.number), pg != page {
                page = pg
                lines.append("p. \(pg)")
            }
            lines.append("¶\(p.number) \(TerminalText.safe(a.text(of: p), keepNewlines: false))")
        }
        showDropped(upTo: Int.max)
        if !a.captions.isEmpty {
            lines.append("")
            lines.append("Captions:")
            for c in a.captions { lines.append("  \(TerminalText.safe(c, keepNewlines: false))") }
        }
        if !a.references.isEmpty {
            lines.append("")
            lines.append("References:")
            for r in a.references { lines.append("  \(TerminalText.safe(r, keepNewlines: false))") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The article as one JSON object, keys in the documented order.
    static func json(_ a: Article, dropped: [DroppedText]?) -> String {
        let paragraphs = a.paragraphs.map { a.text(of: $0) }
        var w = JSONWriter()
        w.raw("{"); w.key("title"); w.string(a.title)
        w.field("author", a.author)
        w.field("date", a.date)
        w.field("url", a.url)
        w.raw(","); w.key("paragraphs"); w.array(paragraphs) { $0.string($1) }
        w.field("text", paragraphs.joined(separator: "\n"))
        w.field("source", a.source)
        w.field("id", a.id)
        if !a.pageStarts.isEmpty {
            w.raw(","); w.key("pages"); w.array(a.paragraphs) { $0.int(a.page(ofParagraph: $1.number) ?? 0) }
        }
        if let dropped {
            w.raw(","); w.key("dropped")
            w.array(dropped) { w, d in
                w.raw("{"); w.key("text"); w.string(d.text)
                w.field("reason", d.reason)
                w.field("after", d.after)
                w.raw("}")
            }
        }
        w.raw("}")
        return w.text
    }
}
