/// Cleans plain text and Markdown into lines with their source offsets.
///
/// A blank line ends a paragraph; inside a paragraph a line break is soft (a space, or
/// nothing between two Chinese characters). A text without any blank line is read as one
/// paragraph a line. With `markdown`, headings, list items, quotes and table rows are
/// paragraphs of their own, and `#`, `**`, `__`, `~~`, `` ` ``, `*emphasis*`, links
/// `[t](u)` and images `![alt](u)` (the alt text goes to captions) are cleaned; a table's
/// rows become sentences carrying its header (`TableRows`), and list items are noted.
struct TextReader {
    struct Result {
        var lines: [CleanText.Line]
        var captions: [String]
        /// The first heading's text.
        var heading: String?
        /// Lists: the indices of each list's item lines.
        var lists: [Range<Int>] = []
    }

    let src: SourceText
    var markdown: Bool
    /// Scalar ranges read as paragraph breaks (the `---` lines of the seed format).
    var breaks: [Range<Int>] = []

    func read(_ range: Range<Int>) -> Result {
        let s = src.scalars
        var lines: [Range<Int>] = []
        var start = range.lowerBound
        for i in range where s[i] == "\n" {
            lines.append(start..<i)
            start = i + 1
        }
        if start < range.upperBound { lines.append(start..<range.upperBound) }
        lines = lines.map { r in r.upperBound > r.lowerBound && s[r.upperBound - 1] == "\r" ? r.lowerBound..<r.upperBound - 1 : r }

        func isBlank(_ r: Range<Int>) -> Bool { r.allSatisfy { s[$0].isSpace } }
        // Breaks are in order and apart: a binary search finds the one a line may meet
        // (a scan of them all for every line is quadratic on a file of `---` lines).
        let isBreak: (Range<Int>) -> Bool = { r in
            var b = BinarySearch.first(0, breaks.count) { breaks[$0].upperBound <= r.lowerBound }
            while b < breaks.count, breaks[b].lowerBound < r.upperBound || breaks[b].lowerBound == r.lowerBound {
                if breaks[b].overlaps(r) || breaks[b].lowerBound == r.lowerBound { return true }
                b += 1
            }
            return false
        }
        // Is there a blank line between two text lines?
        var hasBlankSeparator = false
        var seenText = false, pendingBlank = false
        for r in lines {
            if isBlank(r) || isBreak(r) { if seenText { pendingBlank = true } } else {
                if pendingBlank { hasBlankSeparator = true; break }
                seenText = true
            }
        }
        let onePerLine = !hasBlankSeparator

        var out = CleanText()
        var captions: [String] = []
        var heading: String?
        var paragraph: [Int] = []  // source scalar indices
        var inFence = false
        // The list being read (the index of its first item line), and the table's header.
        var listStart: Int?
        var lists: [Range<Int>] = []
        var previousBlank = false
        var tableHeader: [TableRows.Cell]?

        // Cleans and writes out the first `count` scalars of the paragraph.
        func emit(_ count: Int) {
            let part = count == paragraph.count ? paragraph : Array(paragraph[..<count])
            let kept = markdown ? Inline.clean(s, part, captions: &captions) : part
            for k in kept {
                let c = s[k]
                if c == "\n" {
                    out.space(start: src.offsets[k], end: src.offsets[k + 1], lineBreak: true)
                } else if c.isSpace {
                    out.space(start: src.offsets[k], end: src.offsets[k + 1])
                } else {
                    out.append(c, start: src.offsets[k], end: src.offsets[k + 1])
                }
            }
            paragraph.removeFirst(count)
        }
        func flush(at offset: Int) {
            if !paragraph.isEmpty { emit(paragraph.count) }
            out.breakBlock(at: offset)
        }
        func add(_ r: Range<Int>, _ line: Range<Int>) {
            // Between two lines of a paragraph: the line break.
            if !paragraph.isEmpty, line.lowerBound > 0, s[line.lowerBound - 1] == "\n" { paragraph.append(line.lowerBound - 1) }
            // A paragraph of megabytes (a file of one line) is cleaned a piece at a time, cut
            // after white space or a sentence's end, so what cleaning it holds stays small.
            var k = r.lowerBound
            while k < r.upperBound {
                let next = min(r.upperBound, k + Self.piece - paragraph.count)
                paragraph.append(contentsOf: k..<next)
                k = next
                if paragraph.count >= Self.piece { emit(Self.cut(s, paragraph)) }
            }
        }

        func closeList() {
            if let start = listStart, out.lines.count > start { lists.append(start..<out.lines.count) }
            listStart = nil
        }
        for (n, r) in lines.enumerated() {
            let endOffset = src.offsets[r.upperBound]
            if isBreak(r) || isBlank(r) {
                flush(at: src.offsets[r.lowerBound])
                previousBlank = true
                continue
            }
            defer { previousBlank = false }
            guard markdown else {
                add(r, r)
                if onePerLine { flush(at: endOffset) }
                continue
            }
            var a = r.lowerBound
            while a < r.upperBound, s[a] == " " || s[a] == "\t" { a += 1 }
            let indent = a - r.lowerBound
            // What the line starts with decides what it is: its head suffices (a line of
            // megabytes is never copied whole).
            let text = Self.head(s, a..<r.upperBound)
            if text.hasPrefix("```") || text.hasPrefix("~~~") {
                flush(at: src.offsets[r.lowerBound])
                inFence.toggle()
                continue
            }
            if inFence {
                for k in r { out.appendVerbatim(s[k], start: src.offsets[k], end: src.offsets[k + 1]) }
                out.breakLine(at: endOffset)
                continue
            }
            if Self.isRule(s, a..<r.upperBound) {
                flush(at: src.offsets[r.lowerBound])
                continue
            }
            // Block quotes: drop the markers.
            while a < r.upperBound, s[a] == ">" {
                a += 1
                while a < r.upperBound, s[a] == " " { a += 1 }
            }
            let rest = Self.head(s, a..<r.upperBound)
            let isBullet = Self.bulletLength(rest) != nil
            if listStart != nil, !isBullet, previousBlank || onePerLine || rest.hasPrefix("|") || Self.headingLevel(rest) != nil {
                flush(at: src.offsets[r.lowerBound])
                closeList()
            }
            if !rest.hasPrefix("|") { tableHeader = nil }
            if let level = Self.headingLevel(rest), indent < 4 {
                flush(at: src.offsets[r.lowerBound])
                var b = a + level
                while b < r.upperBound, s[b] == " " || s[b] == "\t" { b += 1 }
                var e = r.upperBound
                while e > b, s[e - 1] == "#" || s[e - 1] == " " { e -= 1 }
                if e > b {
                    add(b..<e, r)
                    if heading == nil { heading = String(String.UnicodeScalarView(s[b..<e])) }
                }
                flush(at: endOffset)
                continue
            }
            if let bullet = Self.bulletLength(rest) {
                flush(at: src.offsets[r.lowerBound])
                if listStart == nil { listStart = out.lines.count }
                let b = a + bullet
                if b < r.upperBound { add(b..<r.upperBound, r) }
                if onePerLine { flush(at: endOffset) }
                continue
            }
            if rest.hasPrefix("|") {
                flush(at: src.offsets[r.lowerBound])
                if Self.isTableSeparator(s, a..<r.upperBound) { continue }
                let cells = tableCells(a..<r.upperBound, captions: &captions)
                // A row followed by a `|---|` line is the header: every row carries it.
                if n + 1 < lines.count, Self.isTableSeparator(s, lines[n + 1]) {
                    tableHeader = cells
                    continue
                }
                let wide = (cells + (tableHeader ?? [])).joined().contains { UnicodeText.isWide($0.scalar) }
                for row in TableRows.sentences(header: tableHeader, rows: [cells], ends: [endOffset], wide: wide) {
                    for c in row.scalars {
                        if c.scalar == " " { out.space(start: c.start, end: c.end) } else { out.append(c.scalar, start: c.start, end: c.end) }
                    }
                }
                out.breakBlock(at: endOffset)
                continue
            }
            if a < r.upperBound { add(a..<r.upperBound, r) }
            if onePerLine { flush(at: endOffset) }
        }
        flush(at: src.offsets[range.upperBound])
        closeList()
        return Result(lines: out.lines, captions: captions, heading: heading, lists: lists)
    }

    /// `|---|:--:|` and the like: the line under a table's header.
    static func isTableSeparator(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
        s[r].contains("-") && s[r].allSatisfy { "|-: \t\r".unicodeScalars.contains($0) }
    }

    /// The cells of a table row `|a|b|` (at `r`), each cleaned of inline markup, white
    /// space made one space, with source offsets; `\|` is a bar inside a cell.
    func tableCells(_ r: Range<Int>, captions: inout [String]) -> [TableRows.Cell] {
        let s = src.scalars
        var cells: [[Int]] = []
        var current: [Int] = []
        var k = r.lowerBound
        if k < r.upperBound, s[k] == "|" { k += 1 }
        while k < r.upperBound {
            if s[k] == "\\", k + 1 < r.upperBound, s[k + 1] == "|" {
                current.append(k + 1)
                k += 2
                continue
            }
            if s[k] == "|" {
                cells.append(current)
                current = []
            } else {
                current.append(k)
            }
            k += 1
        }
        if current.contains(where: { !s[$0].isSpace }) { cells.append(current) }
        return cells.map { indices in
            var cell: TableRows.Cell = []
            var pendingSpace = false
            for k in Inline.clean(s, indices, captions: &captions) {
                if s[k].isSpace { pendingSpace = true; continue }
                if pendingSpace, !cell.isEmpty { cell.append(TableRows.Scalar(scalar: " ", start: src.offsets[k], end: src.offsets[k])) }
                pendingSpace = false
                cell.append(TableRows.Scalar(scalar: s[k], start: src.offsets[k], end: src.offsets[k + 1]))
            }
            return cell
        }
    }

    /// Whether `s[r]` is a rule: `---`, `***`, `___` or `===` (three or more of one, spaces
    /// and tabs between).
    static func isRule(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
        var mark: Unicode.Scalar?
        var count = 0
        for i in r where s[i] != " " && s[i] != "\t" {
            guard let m = mark else {
                guard "-*_=".unicodeScalars.contains(s[i]) else { return false }
                mark = s[i]
                count = 1
                continue
            }
            guard s[i] == m else { return false }
            count += 1
        }
        return count >= 3
    }

    /// Scalars a paragraph is cleaned at a time, at most (see `add`).
    static let piece = 1 << 16

    /// Where to cut a paragraph that reached `piece` scalars: after its last white space or
    /// sentence end in the second half of it, else at its end. Markup never runs across
    /// such a cut in text people write; a piece is large enough for any link or emphasis.
    static func cut(_ s: [Unicode.Scalar], _ paragraph: [Int]) -> Int {
        var k = paragraph.count
        while k > paragraph.count / 2 {
            let c = s[paragraph[k - 1]]
            if c.isSpace || "。！？.!?；;".unicodeScalars.contains(c) { return k }
            k -= 1
        }
        return paragraph.count
    }

    /// The first scalars of `s[r]` as a string: enough to tell what a line starts with.
    static func head(_ s: [Unicode.Scalar], _ r: Range<Int>, length: Int = 64) -> String {
        String(String.UnicodeScalarView(s[r.lowerBound..<min(r.upperBound, r.lowerBound + length)]))
    }

    static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let after = line.dropFirst(hashes)
        return after.isEmpty || after.first == " " || after.first == "\t" ? hashes : nil
    }

    /// The length of a `- `, `* `, `+ ` bullet (numbers such as `1. ` are kept as text).
    static func bulletLength(_ line: String) -> Int? {
        guard let c = line.first, "-*+".contains(c) else {
            // An ordered item is a paragraph of its own, its number kept.
            let digits = line.prefix { $0.isASCII && $0.isNumber }.count
            if digits > 0, digits < 10 {
                let rest = line.dropFirst(digits)
                if let m = rest.first, m == "." || m == ")", rest.dropFirst().first == " " { return 0 }
            }
            return nil
        }
        let second = line.dropFirst().first
        return second == " " || second == "\t" ? 2 : nil
    }
}

/// Markdown inline markup, removed scalar by scalar so offsets stay exact.
enum Inline {
    /// The indices of `indices` to keep once markup is gone; image alt texts go to `captions`.
    static func clean(_ s: [Unicode.Scalar], _ indices: [Int], captions: inout [String]) -> [Int] {
        let n = indices.count
        func ch(_ k: Int) -> Unicode.Scalar? { k >= 0 && k < n ? s[indices[k]] : nil }
        var keep = [Bool](repeating: true, count: n)
        var literal = [Bool](repeating: false, count: n)

        // Escapes and code spans first: what they hold is text.
        var k = 0
        while k < n {
            let c = ch(k)!
            if c == "\\", let next = ch(k + 1), next.isASCII, next.properties.generalCategory.isPunctuationOrSymbol {
                keep[k] = false
                literal[k + 1] = true
                k += 2
                continue
            }
            if c == "`" {
                var m = k + 1
                while m < n, ch(m) != "`" { m += 1 }
                if m < n {
                    keep[k] = false
                    keep[m] = false
                    for x in (k + 1)..<m { literal[x] = true }
                    k = m + 1
                    continue
                }
            }
            k += 1
        }
        // Images and links. Brackets and parentheses are paired once, up front (a stack
        // each), so a line of unclosed `[` or `](` is read in linear time.
        var closingBracket = [Int](repeating: -1, count: n)
        var closingParen = [Int](repeating: -1, count: n)
        do {
            var brackets: [Int] = [], parens: [Int] = []
            for x in 0..<n {
                let c = ch(x)!
                if !literal[x] && c == "[" { brackets.append(x) }
                if !literal[x] && c == "]", let o = brackets.popLast() { closingBracket[o] = x }
                // A link's target ends at its line's end.
                if c == "(" { parens.append(x) }
                if c == ")", let o = parens.popLast() { closingParen[o] = x }
                if c == "\n" { parens.removeAll() }
            }
        }
        k = 0
        while k < n {
            guard !literal[k], ch(k) == "[" else { k += 1; continue }
            let m = closingBracket[k]
            guard m >= 0, m + 1 < n, ch(m + 1) == "(" else { k += 1; continue }
            let e = closingParen[m + 1]
            guard e >= 0 else { k += 1; continue }
            if k > 0, ch(k - 1) == "!", !literal[k - 1] {
                let alt = String(String.UnicodeScalarView(((k + 1)..<m).filter { keep[$0] }.map { ch($0)! }))
                    .trimmingWhitespace()
                if !alt.isEmpty && !captions.contains(alt) { captions.append(alt) }
                for x in (k - 1)...e { keep[x] = false }
            } else {
                keep[k] = false
                for x in m...e { keep[x] = false }
            }
            k = e + 1
        }
        // Autolinks <http://…>: a `<`, a URL without white space, a `>`. Where each run
        // without `>` or white space ends is found once, from the end.
        var stop = [Int](repeating: n, count: n + 1)
        for x in stride(from: n - 1, through: 0, by: -1) {
            let c = ch(x)!
            stop[x] = c == ">" || c.isSpace ? x : stop[x + 1]
        }
        k = 0
        while k < n {
            if !literal[k], ch(k) == "<", keep[k] {
                let m = stop[k + 1]
                if m < n, ch(m) == ">", Self.isURLStart(s, indices, from: k + 1, to: m) {
                    keep[k] = false
                    keep[m] = false
                    k = m + 1
                    continue
                }
            }
            k += 1
        }
        // Paired emphasis markers: **, __, ~~, then single *.
        for marker in ["**", "__", "~~"] {
            let m0 = marker.unicodeScalars.first!
            var open: Int?
            k = 0
            while k + 1 < n {
                guard keep[k], keep[k + 1], !literal[k], !literal[k + 1], ch(k) == m0, ch(k + 1) == m0 else { k += 1; continue }
                if let o = open {
                    if let before = ch(k - 1), !before.isSpace {
                        keep[o] = false; keep[o + 1] = false; keep[k] = false; keep[k + 1] = false
                        open = nil
                    }
                } else if let after = ch(k + 2), !after.isSpace,
                          marker != "__" || !(ch(k - 1).map { isWordScalar($0) && !UnicodeText.isWide($0) } ?? false) {
                    open = k
                }
                k += 2
            }
        }
        var open: Int?
        k = 0
        while k < n {
            if keep[k], !literal[k], ch(k) == "*" {
                // Not inside a word or a formula (`2*3*4`): `*` opens after a non-word
                // scalar and closes before one.
                if let o = open, let before = ch(k - 1), !before.isSpace, k > o + 1,
                   !(ch(k + 1).map(isWordScalar) ?? false) || (ch(k + 1).map(UnicodeText.isWide) ?? false) {
                    keep[o] = false; keep[k] = false; open = nil
                } else if let after = ch(k + 1), !after.isSpace, after != "*",
                          !(ch(k - 1).map(isWordScalar) ?? false) || (ch(k - 1).map(UnicodeText.isWide) ?? false) {
                    open = k
                }
            }
            if ch(k) == "\n" { open = nil }
            k += 1
        }
        return (0..<n).filter { keep[$0] }.map { indices[$0] }
    }

    /// Whether `indices[a..<b]` starts with `http://`, `https://` or `mailto:`.
    static func isURLStart(_ s: [Unicode.Scalar], _ indices: [Int], from a: Int, to b: Int) -> Bool {
        for scheme in ["http://", "https://", "mailto:"] {
            let p = Array(scheme.unicodeScalars)
            if b - a >= p.count, (0..<p.count).allSatisfy({ s[indices[a + $0]] == p[$0] }) { return true }
        }
        return false
    }

    static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || ("0"..."9").contains(s)
    }
}

extension Unicode.GeneralCategory {
    var isPunctuationOrSymbol: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol,
             .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }
}
