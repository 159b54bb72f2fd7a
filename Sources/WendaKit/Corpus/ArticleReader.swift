import Foundation

/// Reads one file into articles: the seed format (front matter + HTML body + footer),
/// HTML, Markdown and plain text (one article a file), corpus JSONL (one a line).
public enum ArticleReader {
    /// The file extensions read from a folder.
    public static let extensions: Set<String> = ["txt", "md", "markdown", "html", "htm", "xhtml", "jsonl", "pdf"]

    /// Formats met in a folder that are not read, and what a user is told about them.
    public static let skippedFormats: [String: String] = {
        let word = "skipped: Word documents are not read (save it as .txt, .md, .html or .pdf)"
        let book = "skipped: e-books are not read (convert it to .html or .txt first)"
        return ["docx": word, "doc": word, "odt": word, "rtf": word, "pages": word, "epub": book, "mobi": book, "azw3": book]
    }()

    /// The articles of the file at `path` (read from `url` when given, recorded as `path`),
    /// with the problems of what could not be read. Never throws.
    public static func read(_ path: String, at url: URL? = nil) -> (articles: [Article], problems: [ReadProblem]) {
        if isJSONL(path) {
            do {
                return try readJSONL(at: url ?? URL(fileURLWithPath: path), source: path)
            } catch {
                return ([], [ReadProblem(file: path, reason: "cannot be read: \(FileIO.describe(error))")])
            }
        }
        let r = readShowingDropped(path, at: url)
        return (r.articles.map(\.article), r.problems)
    }

    /// As `read(_:at:)`, with what was read but left out of each article (a web page's
    /// navigation, footers, related links…) and why: what `wenda read --all` shows.
    public static func readShowingDropped(_ path: String, at url: URL? = nil)
        -> (articles: [(article: Article, dropped: [DroppedText])], problems: [ReadProblem])
    {
        let url = url ?? URL(fileURLWithPath: path)
        let name = (path as NSString).lastPathComponent
        let ext = (name as NSString).pathExtension.lowercased()
        if let why = skippedFormats[ext] { return ([], [ReadProblem(file: path, reason: why)]) }
        let data: Data
        do {
            if ext == "pdf" {
                return ([(try PDFReader.read(url, source: path, id: (name as NSString).deletingPathExtension), [])], [])
            }
            if isJSONL(path) {
                // A corpus JSONL is read from a memory map, a stretch at a time (see
                // `readJSONL(at:source:)`).
                let r = try readJSONL(at: url, source: path)
                return (r.articles.map { ($0, []) }, r.problems)
            }
            // Refused before it is read: an article over the limit is not read at all.
            var st = stat()
            if stat(url.path, &st) == 0, Int(st.st_size) > articleLimit {
                return ([], [ReadProblem(file: path, reason: tooLarge(Int(st.st_size), "several files"))])
            }
            data = try Data(contentsOf: url)
        } catch let problem as ReadProblem {
            return ([], [problem])
        } catch {
            return ([], [ReadProblem(file: path, reason: "cannot be read: \(FileIO.describe(error))")])
        }
        return readShowingDropped(data, source: path)
    }

    /// The most bytes one article may take in its source (a file, a corpus JSONL line):
    /// 8 MiB. Long novels take 1–3 MB; what a build does with an article grows with it,
    /// and reading, segmenting and indexing one of 8 MiB stays under about 500 MB.
    public static let articleLimit = 8 << 20

    /// Why an article of `bytes` is refused, and what to do instead (split it into `parts`).
    static func tooLarge(_ bytes: Int, _ parts: String) -> String {
        String(format: "%.1f MB, over the %d MB one article may take: split it into %@",
               Double(bytes) / Double(1 << 20), articleLimit >> 20, parts)
    }

    static func isJSONL(_ source: String) -> Bool {
        let ext = ((source as NSString).lastPathComponent as NSString).pathExtension.lowercased()
        return ext == "jsonl" || ext == "ndjson"
    }

    /// The articles of a file's bytes; `source` names it (its extension chooses the format).
    public static func read(_ data: Data, source: String) -> (articles: [Article], problems: [ReadProblem]) {
        let r = readShowingDropped(data, source: source)
        return (r.articles.map(\.article), r.problems)
    }

    /// As `read(_:source:)`, with what was read but left out of each article (a web page's
    /// navigation, footers, related links…) and why: what `wenda read --all` shows.
    public static func readShowingDropped(_ data: Data, source: String)
        -> (articles: [(article: Article, dropped: [DroppedText])], problems: [ReadProblem])
    {
        let name = (source as NSString).lastPathComponent
        let ext = (name as NSString).pathExtension.lowercased()
        if isJSONL(source) {
            let r = readJSONL(bytes: [UInt8](data), source: source)
            return (r.articles.map { ($0, []) }, r.problems)
        }
        guard data.count <= articleLimit else {
            return ([], [ReadProblem(file: source, reason: tooLarge(data.count, "several files"))])
        }
        let src: SourceText
        do {
            src = try SourceText(data: data)
        } catch {
            return ([], [ReadProblem(file: source, reason: error.reason)])
        }
        let id = (name as NSString).deletingPathExtension
        do {
            return ([try readDocument(consume src, id: id, source: source, ext: ext)], [])
        } catch let problem as ReadProblem {
            return ([], [problem])
        } catch {
            return ([], [ReadProblem(file: source, reason: "\(error)")])
        }
    }

    // MARK: One article a file

    static func readDocument(_ src: consuming SourceText, id: String, source: String, ext: String) throws
        -> (article: Article, dropped: [DroppedText])
    {
        var s = src.scalars
        let frontMatter: FrontMatter?
        do {
            frontMatter = try FrontMatter.parse(s)
        } catch {
            throw ReadProblem(file: source, line: 1, reason: "front matter is never closed (no `---` line after it)")
        }
        var bodyEnd = s.count
        let bodyStart = frontMatter?.bodyStart ?? 0
        var footer: String?
        // `---` lines of the body: the last one of a seed-format file opens the footer
        // (or is a trailing separator); the others are breaks.
        var rules = FrontMatter.lines(s).filter { r in
            r.lowerBound >= bodyStart && Self.isDashLine(s, r)
        }
        if frontMatter != nil, let last = rules.last, Self.isSeedFooter(s, body: bodyStart..<last.lowerBound, after: last.upperBound) {
            let after = String(String.UnicodeScalarView(s[last.upperBound..<s.count])).trimmingWhitespace()
            if !after.isEmpty { footer = after }
            bodyEnd = last.lowerBound
            rules.removeLast()
            // Separators just before the footer are no body either.
            while let r = rules.last, s[r.upperBound..<bodyEnd].allSatisfy(\.isSpace) {
                bodyEnd = r.lowerBound
                rules.removeLast()
            }
        }
        let body = bodyStart..<max(bodyStart, bodyEnd)
        var lines: [CleanText.Line]
        var captions: [String]
        var docTitle: String?
        var page: HTMLReader.Result?
        var lists: [Range<Int>] = []
        if ["html", "htm", "xhtml"].contains(ext) || Self.looksLikeHTML(s, body) {
            let r = HTMLReader(src: src, breaks: rules).read(body)
            lines = r.lines
            captions = r.captions
            docTitle = r.title
            lists = r.lists
            page = r
        } else {
            let r = TextReader(src: src, markdown: true, breaks: rules).read(body)
            lines = r.lines
            captions = r.captions
            docTitle = r.heading ?? (ext == "txt" ? Self.titleLine(s, body) : nil)
            lists = r.lists
        }
        var kept = Array(lines.indices)
        let references = Self.takeReferences(&lines, kept: &kept)
        if var r = page, kept.count != r.lines.count {
            // What was dropped stands after as many paragraphs as remain before it.
            for k in r.dropped.indices {
                let after = r.dropped[k].after
                r.dropped[k].after = kept.firstIndex { $0 >= after } ?? kept.count
            }
            page = r
        }
        if !lists.isEmpty {
            // Each list's lines renumbered past the references taken out.
            var moved = [Int?](repeating: nil, count: (kept.last ?? 0) + 1)
            for (new, old) in kept.enumerated() { moved[old] = new }
            lists = lists.compactMap { l in
                let items = l.compactMap { $0 < moved.count ? moved[$0] : nil }
                return items.first.map { $0..<(items.last! + 1) }
            }
        }
        // The decoded source (12 bytes a character) is let go of before the article is put
        // together: the lines keep what they need.
        s = []
        src = SourceText(string: "")
        guard !lines.isEmpty else {
            throw ReadProblem(file: source, reason: "no article text")
        }
        var metadata: [String: String] = [:]
        for (key, value) in frontMatter?.fields ?? [] where !["title", "date", "author", "url"].contains(key.lowercased()) {
            metadata[key] = value
        }
        if let footer { metadata["footer"] = footer }
        for line in lines.prefix(6) {
            let t = line.head(64)  // a value of more than 40 characters is not taken
            for (prefix, key) in [("文章来源：", "origin"), ("来源：", "origin"), ("编辑：", "editor"), ("责任编辑：", "editor")]
            where t.hasPrefix(prefix) && metadata[key] == nil {
                let v = String(t.dropFirst(prefix.count)).trimmingWhitespace()
                if !v.isEmpty && v.count <= 40 { metadata[key] = v }
            }
        }
        var article = Self.article(lines: consume lines, id: id, source: source, line: nil)
        article.title = frontMatter?.value("title").flatMap { $0.isEmpty ? nil : $0 } ?? docTitle ?? id
        article.author = frontMatter?.value("author") ?? page?.author ?? ""
        article.date = frontMatter?.value("date") ?? page?.date ?? ""
        article.url = frontMatter?.value("url") ?? page?.url ?? ""
        article.metadata = metadata
        article.captions = captions
        article.references = references
        article.setLists(lists)
        return (article, page?.dropped ?? [])
    }

    /// Whether the text after the `---` line ending at `after` is the footer of a seed-format
    /// file, not body. The seed format is front matter, an HTML body that closes with a tag
    /// (`</div>`, `<!-- -->`), then `---` and a short plain-text footer (`感谢阅读！…`), or
    /// nothing. In a Markdown or plain-text body a `---` is a horizontal rule and what
    /// follows it is body, however short.
    static func isSeedFooter(_ s: [Unicode.Scalar], body: Range<Int>, after: Int) -> Bool {
        var a = min(after, s.count), b = s.count
        while a < b, s[a].isSpace { a += 1 }
        while b > a, s[b - 1].isSpace { b -= 1 }
        if a == b { return true }  // a trailing separator: nothing is set aside
        guard b - a <= 500 else { return false }
        let footer = String(String.UnicodeScalarView(s[a..<b]))
        let lines = footer.split(separator: "\n").filter { !$0.trimmingWhitespace().isEmpty }
        guard lines.count <= 3, !looksLikeHTML(footer) else { return false }
        var end = body.upperBound
        while end > body.lowerBound, s[end - 1].isSpace { end -= 1 }
        guard end > body.lowerBound, s[end - 1] == ">" else { return false }
        return looksLikeHTML(s, body.lowerBound..<end)
    }

    /// A plain text's title: its first line, when it is short, does not end as a sentence
    /// ends, and a blank line follows it.
    static func titleLine(_ s: [Unicode.Scalar], _ body: Range<Int>) -> String? {
        var i = body.lowerBound
        while i < body.upperBound, s[i].isSpace { i += 1 }
        var end = i
        while end < body.upperBound, s[end] != "\n" { end += 1 }
        let line = String(String.UnicodeScalarView(s[i..<end])).trimmingWhitespace()
        guard !line.isEmpty, line.unicodeScalars.count <= 60, let last = line.unicodeScalars.last,
              !"。！？.!?；;，,：:".unicodeScalars.contains(last) else { return nil }
        // The next line is blank.
        var j = end + 1
        while j < body.upperBound, s[j] != "\n" {
            if !s[j].isSpace { return nil }
            j += 1
        }
        return j < body.upperBound ? line : nil
    }

    /// A line of three or more `-` and nothing else.
    static func isDashLine(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
        var dashes = 0
        for i in r {
            if s[i] == "-" { dashes += 1 } else if !s[i].isSpace { return false }
        }
        return dashes >= 3
    }

    static let htmlTags: [[UInt8]] = ["<p>", "<p ", "<br", "<div", "<html", "<body", "<span", "<h1", "<h2", "<blockquote", "<li>",
                                      "<table", "<article", "<section"].map { Array($0.utf8) }

    /// Whether `s[r]` holds one of the usual HTML tags (any case), without copying it.
    static func looksLikeHTML(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
        var i = r.lowerBound
        while i < r.upperBound {
            if s[i] == "<" {
                for tag in htmlTags where i + tag.count <= r.upperBound {
                    var k = 1
                    while k < tag.count, s[i + k].value < 0x80,
                          UInt8(s[i + k].value) | (s[i + k].value >= 0x41 && s[i + k].value <= 0x5A ? 0x20 : 0) == tag[k] { k += 1 }
                    if k == tag.count { return true }
                }
            }
            i += 1
        }
        return false
    }

    /// Whether `text` holds one of the usual HTML tags (any case): one pass over its bytes.
    static func looksLikeHTML(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var i = 0
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "<") {
                    for tag in htmlTags where i + tag.count <= bytes.count {
                        var k = 1
                        while k < tag.count, bytes[i + k] | (bytes[i + k] >= 0x41 && bytes[i + k] <= 0x5A ? 0x20 : 0) == tag[k] { k += 1 }
                        if k == tag.count { return true }
                    }
                }
                i += 1
            }
            return false
        }
    }

    static let referenceLimit = 2048

    static let referenceHeadings = ["参考资料", "参考文献", "参考链接", "参考来源", "参考", "资料来源", "references", "reference", "sources"]

    /// Takes the reference list out of the body: a `参考资料：` (References…) line and the
    /// reference lines after it, and trailing lines that are only a URL. A line of more
    /// than `referenceLimit` characters is body (and is never copied to be looked at).
    static func takeReferences(_ lines: inout [CleanText.Line]) -> [String] {
        var kept = Array(lines.indices)
        return takeReferences(&lines, kept: &kept)
    }

    /// As `takeReferences(_:)`; `kept` (the lines' indices) loses those taken out.
    static func takeReferences(_ lines: inout [CleanText.Line], kept: inout [Int]) -> [String] {
        func short(_ l: CleanText.Line) -> Bool { l.scalars.count <= referenceLimit }
        var references: [String] = []
        func isReference(_ t: String) -> Bool {
            t.hasPrefix("http://") || t.hasPrefix("https://") || t.hasPrefix("www.")
                || t.range(of: #"^\[\d+\]"#, options: .regularExpression) != nil
                || (t.contains("http") && t.unicodeScalars.count < 300)
        }
        if let h = lines.indices.last(where: { i in
            guard short(lines[i]) else { return false }
            let t = lines[i].string.lowercased()
            return referenceHeadings.contains { word in
                guard t.hasPrefix(word) else { return false }
                let rest = t.dropFirst(word.count).trimmingWhitespace()
                return rest.isEmpty || rest == ":" || rest == "：" || ((rest.hasPrefix(":") || rest.hasPrefix("：")) && isReference(String(rest.dropFirst()).trimmingWhitespace()))
            }
        }) {
            var end = h + 1
            while end < lines.count, short(lines[end]), isReference(lines[end].string) { end += 1 }
            if end > h + 1 || lines[h].string.contains("http") {
                let head = lines[h].string
                if let colon = head.firstIndex(where: { $0 == ":" || $0 == "：" }) {
                    let rest = String(head[head.index(after: colon)...]).trimmingWhitespace()
                    if !rest.isEmpty { references.append(rest) }
                }
                references += lines[(h + 1)..<end].map(\.string)
                lines.removeSubrange(h..<end)
                kept.removeSubrange(h..<end)
            }
        }
        var trailing: [String] = []
        while let last = lines.last, short(last), !last.string.contains(" "),
              last.string.hasPrefix("http://") || last.string.hasPrefix("https://") {
            trailing.append(last.string)
            lines.removeLast()
            kept.removeLast()
        }
        return references + trailing.reversed()
    }

    /// An article of cleaned lines: its text, offsets and paragraphs.
    static func article(lines: consuming [CleanText.Line], id: String, source: String, line: Int?) -> Article {
        // The text is put together as UTF-8 bytes (appending to a String's scalars is slow),
        // each line let go of once taken (a long article is not held twice).
        let count = lines.reduce(0) { $0 + $1.scalars.count + 1 }
        var utf8: [UInt8] = []
        utf8.reserveCapacity(lines.reduce(0) { $0 + $1.scalars.reduce(1) { $0 + UTF8.width($1) } })
        var starts: [Int] = []
        var ends: [Int] = []
        starts.reserveCapacity(count + 1)
        ends.reserveCapacity(count)
        var blocks: [Int] = []
        var lastEnd = 0
        for n in lines.indices {
            let l = lines[n]
            lines[n] = CleanText.Line()
            if n > 0 {
                utf8.append(0x0A)
                starts.append(lastEnd)
                ends.append(lastEnd)
            }
            for s in l.scalars { UnicodeText.encodeUTF8(s.value) { utf8.append($0) } }
            starts += l.starts
            ends += l.ends
            blocks.append(l.block)
            lastEnd = l.endOffset
        }
        starts.append(lastEnd)
        let text = String(decoding: utf8, as: UTF8.self)
        var paragraphs = SentenceSplitter.paragraphs(in: text)
        // Every line is a paragraph (lines are trimmed, never blank): number its block.
        if paragraphs.count == blocks.count {
            let firstBlock = blocks.first ?? 1
            var renumber: [Int: Int] = [:]
            for i in paragraphs.indices {
                let b = blocks[i]
                if renumber[b] == nil { renumber[b] = renumber.count + 1 }
                paragraphs[i].block = renumber[b] ?? firstBlock
            }
        }
        return Article(id: id, title: id, source: source, line: line, text: text, sourceOffsets: starts,
                       paragraphs: paragraphs, sourceEnds: ends)
    }
}
