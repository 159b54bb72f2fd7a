import Foundation

/// Corpus JSONL files (one article a line, `{"id", "title", "text", …}`): lines found and
/// parsed as UTF-8 bytes, read into articles on every core.
extension ArticleReader {
    /// The articles of a corpus JSONL file's bytes: lines are found and parsed as UTF-8
    /// bytes, and read into articles on every core; problems come in line order.
    static func readJSONL(bytes: [UInt8], source: String) -> (articles: [Article], problems: [ReadProblem]) {
        bytes.withUnsafeBufferPointer { readJSONL($0, source: source, done: { _ in }) }
    }

    /// The articles of the corpus JSONL file at `url`, read from a memory map a stretch of
    /// lines at a time, each stretch's pages handed back once read: a large corpus is never
    /// in memory whole beside its articles.
    static func readJSONL(at url: URL, source: String) throws -> (articles: [Article], problems: [ReadProblem]) {
        guard let file = MappedFile(path: url.path), let base = file.base else {
            return readJSONL(bytes: [UInt8](try Data(contentsOf: url)), source: source)
        }
        let b = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: file.size)
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        return withExtendedLifetime(file) {
            readJSONL(b, source: source) { r in
                // Whole pages inside the stretch only (a page shared with the next stays).
                let lo = (r.lowerBound + page - 1) / page * page, hi = r.upperBound / page * page
                if hi > lo { madvise(UnsafeMutableRawPointer(mutating: base + lo), hi - lo, MADV_DONTNEED) }
            }
        }
    }

    /// Stretches of whole lines: `b[from...]` cut after a newline about every `size` bytes.
    static func stretches(_ b: UnsafeBufferPointer<UInt8>, from: Int, size: Int = 32 << 20) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var lo = from
        while lo < b.count {
            var hi = min(b.count, lo + size)
            while hi < b.count, b[hi - 1] != 0x0A { hi += 1 }
            out.append(lo..<hi)
            lo = hi
        }
        return out.isEmpty ? [from..<from] : out
    }

    /// The articles of a corpus JSONL's bytes, read a stretch of lines at a time; `done` is
    /// told each stretch no longer needed (once checked, and once read).
    static func readJSONL(_ b: UnsafeBufferPointer<UInt8>, source: String, done: (Range<Int>) -> Void)
        -> (articles: [Article], problems: [ReadProblem])
    {
        // The checks of `SourceText`, on bytes: empty, UTF-16, NUL, a BOM, UTF-8 or a
        // legacy Chinese encoding (decoded, then read as UTF-8), mostly control characters.
        if b.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0x0C }) {
            return ([], [ReadProblem(file: source, reason: SourceTextError.empty.reason)])
        }
        if b.count >= 2, (b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF) {
            return ([], [ReadProblem(file: source, reason: SourceTextError.utf16.reason)])
        }
        if UnsafeBufferPointer(rebasing: b.prefix(8192)).contains(0) {
            return ([], [ReadProblem(file: source, reason: SourceTextError.binary("NUL bytes").reason)])
        }
        let from = b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0
        let parts = stretches(b, from: from)
        var controls = 0, scalars = 0, lineCount = 1
        for r in parts {
            // (A stretch ends after a newline: valid stretches make a valid whole.)
            guard String(validating: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self) != nil else {
                let rest = Array(b[from...])
                do {
                    let src = try SourceText(data: Data(rest))
                    let decoded = Array(String(String.UnicodeScalarView(src.scalars)).utf8)
                    return decoded.withUnsafeBufferPointer { readJSONL($0, source: source, done: { _ in }) }
                } catch {
                    return ([], [ReadProblem(file: source, reason: error.reason)])
                }
            }
            for c in UnsafeBufferPointer(rebasing: b[r]) {
                if c & 0xC0 != 0x80 { scalars += 1 }
                if c < 0x20 && c != 0x0A && c != 0x0D && c != 0x09 && c != 0x0C { controls += 1 }
                if c == 0x0A { lineCount += 1 }
            }
            done(r)
        }
        if controls * 10 > scalars {
            return ([], [ReadProblem(file: source, reason: SourceTextError.binary("mostly control characters").reason)])
        }
        var articles: [Article] = []
        articles.reserveCapacity(lineCount)
        var problems: [ReadProblem] = []
        var seen: [String: Int] = [:]
        var number = 0
        for (k, r) in parts.enumerated() {
            var lines: [Range<Int>] = []
            var start = r.lowerBound
            for i in r where b[i] == 0x0A {
                lines.append(start..<i)
                start = i + 1
            }
            // The last line of the file, even empty (a stretch before ends with its newline).
            if k == parts.count - 1 { lines.append(start..<r.upperBound) }
            var parsed = [JSONLLine](repeating: .blank, count: lines.count)
            let ranges = lines, first = number
            let all = UnsafeSendableBuffer(UnsafeMutableBufferPointer(mutating: b))
            parsed.withUnsafeMutableBufferPointer { buffer in
                let slots = UnsafeSendableBuffer(buffer)
                Parallel.forEach(ranges.count) { n in
                    slots.buffer[n] = Self.jsonlLine(UnsafeBufferPointer(rebasing: all.buffer[ranges[n]]), source: source,
                                                     number: first + n + 1)
                }
            }
            done(r)
            for line in parsed {
                number += 1
                switch line {
                case .blank: continue
                case .problem(let why): problems.append(ReadProblem(file: source, line: number, reason: why))
                case .article(let id, let article):
                    if let first = seen[id] {
                        problems.append(ReadProblem(file: source, line: number, reason: "duplicate id \"\(id)\" (first on line \(first))"))
                    } else if let article {
                        seen[id] = number
                        articles.append(article)
                    } else {
                        problems.append(ReadProblem(file: source, line: number, reason: "empty \"text\""))
                    }
                }
            }
        }
        if articles.isEmpty && problems.isEmpty {
            problems.append(ReadProblem(file: source, reason: "no articles"))
        }
        return (articles, problems)
    }

    /// What one line of a corpus JSONL holds: nothing, a problem, or an article with its
    /// id (nil when its text is empty: reported unless the id is a duplicate).
    enum JSONLLine: Sendable {
        case blank
        case problem(String)
        case article(String, Article?)
    }

    static func jsonlLine(_ raw: UnsafeBufferPointer<UInt8>, source: String, number: Int) -> JSONLLine {
        guard raw.count <= articleLimit else { return .problem(tooLarge(raw.count, "several lines")) }
        var lo = 0, hi = raw.count
        func space(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0C || c == 0x0B }
        while lo < hi, space(raw[lo]) { lo += 1 }
        while hi > lo, space(raw[hi - 1]) { hi -= 1 }
        if lo == hi { return .blank }
        let line = UnsafeBufferPointer(rebasing: raw[lo..<hi])
        guard let object = JSONBytes.parse(line) else {
            // A line of (Unicode) white space only is blank, as it always was.
            if String(decoding: line, as: UTF8.self).trimmingWhitespace().isEmpty { return .blank }
            return .problem("not valid JSON")
        }
        guard case .object = object else { return .problem("not a JSON object") }
        let id: String
        switch object["id"] {
        case .string(let s)? where !s.trimmingWhitespace().isEmpty: id = s
        case .integer(let i)?: id = String(i)
        default: return .problem("no \"id\" (a non-empty string)")
        }
        guard case .string(let body)? = object["text"] else { return .problem("no \"text\" string") }
        let src = SourceText(string: body)
        let r = TextReader(src: src, markdown: false).read(0..<src.scalars.count)
        guard !r.lines.isEmpty else { return .article(id, nil) }
        var article = Self.article(lines: r.lines, id: id, source: source, line: number)
        func field(_ key: String) -> String {
            switch object[key] {
            case .string(let s)?: return s
            case .integer(let i)?: return String(i)
            default: return ""
            }
        }
        let title = field("title")
        article.title = title.isEmpty ? id : title
        article.author = field("author")
        article.date = field("date")
        article.url = field("url")
        for (key, value) in object.members ?? [] where !["id", "title", "text", "author", "date", "url"].contains(key) {
            switch value {
            case .string(let s): article.metadata[key] = s
            case .integer(let i): article.metadata[key] = String(i)
            case .bool(let b): article.metadata[key] = b ? "true" : "false"
            default: break
            }
        }
        return .article(id, article)
    }
}
