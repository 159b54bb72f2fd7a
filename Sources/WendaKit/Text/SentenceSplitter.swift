/// Cuts cleaned text into paragraphs (one a line: the readers end a line at `<br/>`, block
/// tags and blank lines) and sentences.
///
/// A Chinese sentence ends at `。！？；…` (`……`, `？！` and the like count as one end), the
/// closing quotes and brackets after it (`”’」』）》】`) kept with it. Inside quotes or
/// brackets an end counts only when the quote closes right after it (`……。”`), so a
/// quoted speech stays with its speaker, unless the quotes do not balance in the paragraph
/// or the sentence grows past `maxQuoted` scalars. An English sentence ends at `. ! ?`
/// followed by a space, the end of the line or a Chinese character, but not in
/// `Levels.fyi`, `3.5`, `1.4亿`, `U.S.`, `e.g.`, `Mr.`, initials, nor before a lower-case word.
/// Sentences are trimmed of white space.
public enum SentenceSplitter {
    static let enders: Set<Unicode.Scalar> = ["。", "！", "？", "；", "…", "⋯", "｡", "!", "?", "．"]
    static let closers: Set<Unicode.Scalar> = ["”", "’", "」", "』", "）", "》", "】", "〉", "〕", "〗", ")", "]", "\"", "'"]
    static let quotes: Set<Unicode.Scalar> = ["”", "’", "」", "』", "\"", "'"]
    static let openers: [Unicode.Scalar: Unicode.Scalar] = ["“": "”", "「": "」", "『": "』", "（": "）", "(": ")", "《": "》", "【": "】"]
    /// Past this many scalars, a sentence ends inside quotes too.
    static let maxQuoted = 160

    static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "inc", "ltd", "co", "corp",
        "no", "nos", "fig", "figs", "vol", "al", "approx", "dept", "est", "gen", "gov", "rep", "sen",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt",
        "cf", "ca", "ed", "eds", "pp", "p", "op", "ave", "blvd", "rd", "univ", "assn", "bros",
    ]

    // The sets above as switches: they are asked about every scalar of the text.
    @inline(__always)
    static func isEnder(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0x2026, 0x22EF, 0xFF61, 0x21, 0x3F, 0xFF0E: true
        default: false
        }
    }

    @inline(__always)
    static func isCloser(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x201D, 0x2019, 0x300D, 0x300F, 0xFF09, 0x300B, 0x3011, 0x3009, 0x3015, 0x3017, 0x29, 0x5D, 0x22, 0x27: true
        default: false
        }
    }

    @inline(__always)
    static func isQuote(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x201D, 0x2019, 0x300D, 0x300F, 0x22, 0x27: true
        default: false
        }
    }

    /// The closer an opener expects (`openers[c]`).
    @inline(__always)
    static func closer(of c: Unicode.Scalar) -> Unicode.Scalar? {
        switch c.value {
        case 0x201C: "\u{201D}"
        case 0x300C: "\u{300D}"
        case 0x300E: "\u{300F}"
        case 0xFF08: "\u{FF09}"
        case 0x28: ")"
        case 0x300A: "\u{300B}"
        case 0x3010: "\u{3011}"
        default: nil
        }
    }

    /// Whether `c` is what an opener expects (`openers.values.contains(c)`).
    @inline(__always)
    static func isExpectedCloser(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x201D, 0x300D, 0x300F, 0xFF09, 0x29, 0x300B, 0x3011: true
        default: false
        }
    }

    /// Paragraphs of `text` (one a line, blank lines skipped), each cut into sentences.
    public static func paragraphs(in text: String) -> [Paragraph] {
        let scalars = text.scalarArray
        var paragraphs: [Paragraph] = []
        var start = 0
        func flush(_ end: Int) {
            let ranges = sentenceRanges(scalars, start..<end)
            guard let first = ranges.first, let last = ranges.last else { return }
            let sentences = ranges.enumerated().map { Sentence(number: $0.offset + 1, range: $0.element) }
            paragraphs.append(Paragraph(number: paragraphs.count + 1, range: first.lowerBound..<last.upperBound, sentences: sentences))
        }
        for (i, s) in scalars.enumerated() where s == "\n" {
            flush(i)
            start = i + 1
        }
        flush(scalars.count)
        return paragraphs
    }

    /// The sentences of one paragraph of text, as strings (handy for checks and tools).
    public static func sentences(in text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return paragraphs(in: text).flatMap(\.sentences).map {
            String(String.UnicodeScalarView(scalars[$0.range]))
        }
    }

    /// Sentence ranges of `scalars[range]`, trimmed.
    static func sentenceRanges(_ scalars: [Unicode.Scalar], _ range: Range<Int>) -> [Range<Int>] {
        let quoteAware = balanced(scalars, range)
        var out: [Range<Int>] = []
        var start = range.lowerBound
        func emit(_ end: Int) {
            var a = start, b = end
            while a < b, scalars[a].isSpace { a += 1 }
            while b > a, scalars[b - 1].isSpace { b -= 1 }
            if a < b { out.append(a..<b) }
            start = end
        }
        var stack: [Unicode.Scalar] = []  // expected closers
        var asciiQuoteOpen = false
        // Quotes counted from the paragraph's start, once, when first needed: counting
        // from the sentence's start at every quote is quadratic on a line of quotes.
        var quoteCounts: (double: [Int32], single: [Int32])?
        func quoteCount(_ q: Unicode.Scalar, _ r: Range<Int>) -> Int {
            if quoteCounts == nil {
                var d = [Int32](repeating: 0, count: range.count + 1), s1 = d
                for x in range {
                    let o = x - range.lowerBound
                    d[o + 1] = d[o] + (scalars[x] == "\"" ? 1 : 0)
                    s1[o + 1] = s1[o] + (scalars[x] == "'" ? 1 : 0)
                }
                quoteCounts = (d, s1)
            }
            let counts = q == "\"" ? quoteCounts!.double : quoteCounts!.single
            return Int(counts[r.upperBound - range.lowerBound] - counts[r.lowerBound - range.lowerBound])
        }
        var run = MarkRun()
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            let c = scalars[i]
            if quoteAware {
                if c == "\"" {
                    asciiQuoteOpen.toggle()
                } else if let close = closer(of: c) {
                    stack.append(close)
                } else if let last = stack.last, c == last {
                    stack.removeLast()
                }
            }
            let next: Int?
            if c == "." {
                var d = i + 1
                while d < end, scalars[d] == "." { d += 1 }
                next = periodEnds(scalars, at: i, start: start, end: end) ? d : nil
                if next == nil { i = d; continue }
            } else if isEnder(c) {
                next = sentenceEnd(scalars, at: i, start: start, end: end, run: &run)
            } else {
                next = nil
            }
            guard let j = next else {
                i += 1
                continue
            }
            // The closers after the end: quotes and brackets that close what is open.
            var k = j
            var depth = stack
            var ascii = asciiQuoteOpen
            while k < end {
                let q = scalars[k]
                if q == "\"" {
                    if quoteAware {
                        guard ascii else { break }  // an opening quote: the next sentence's
                        ascii = false
                    } else if quoteCount(q, start..<k) % 2 == 0 {
                        break
                    }
                } else if q == "'" {
                    if quoteCount(q, start..<k) % 2 == 0 { break }
                } else if isCloser(q) {
                    if quoteAware {
                        guard depth.last == q else { break }
                        depth.removeLast()
                    }
                } else {
                    break
                }
                k += 1
            }
            let inside = quoteAware && (!depth.isEmpty || ascii)
            // A bracket closed after the end mark (`《一起唱歌吧!》为`, `（；）是`, `（笑！）然后`)
            // ends the sentence only at a space or the end of the line.
            let bracketed = k > j && !isQuote(scalars[k - 1]) && k < end && !scalars[k].isSpace
            if bracketed || (inside && k - start < maxQuoted) {
                i = j
                continue
            }
            stack = depth
            asciiQuoteOpen = ascii
            emit(k)
            i = k
        }
        emit(end)
        return out
    }

    static func count(_ s: [Unicode.Scalar], _ r: Range<Int>, _ c: Unicode.Scalar) -> Int {
        r.reduce(0) { $0 + (s[$1] == c ? 1 : 0) }
    }

    /// Whether the quotes and brackets of a paragraph pair up (else they are ignored).
    static func balanced(_ s: [Unicode.Scalar], _ range: Range<Int>) -> Bool {
        var stack: [Unicode.Scalar] = []
        var ascii = 0
        for i in range {
            let c = s[i]
            if c == "\"" { ascii += 1 } else if let close = closer(of: c) {
                stack.append(close)
            } else if isExpectedCloser(c) {
                guard stack.last == c else { return false }
                stack.removeLast()
            }
        }
        return stack.isEmpty && ascii % 2 == 0
    }

    /// A run of `!?.！？` after an ASCII end mark, and the closers after it: the same for
    /// every mark of the run, so found once (a long run would be quadratic).
    struct MarkRun {
        var from = -1, end = -1, closersEnd = -1
    }

    /// Where the sentence whose end mark is at `i` ends (after the run of end marks), or nil
    /// when the mark does not end a sentence.
    static func sentenceEnd(_ s: [Unicode.Scalar], at i: Int, start: Int, end: Int, run: inout MarkRun) -> Int? {
        let c = s[i]
        var j = i + 1
        if c == "!" || c == "?" || c == "．" {
            if run.from <= i && i < run.end {
                j = run.end
            } else {
                while j < end, s[j] == "!" || s[j] == "?" || s[j] == "." || s[j] == "！" || s[j] == "？" { j += 1 }
                run = MarkRun(from: i, end: j)
            }
            if c == "．" && i > start && j < end && isAlnum(s[i - 1]) && isAlnum(s[j]) { return nil }
            if c == "!" || c == "?" {
                var k = run.closersEnd
                if k < 0 {
                    k = j
                    while k < end, isCloser(s[k]) { k += 1 }
                    run.closersEnd = k
                }
                guard k == end || s[k].isSpace || UnicodeText.isWide(s[k]) else { return nil }
                // `Yes!等等`: after a Latin word and before Chinese, a `!` is part of a name.
                if k < end, UnicodeText.isWide(s[k]), i > start, !UnicodeText.isWide(s[i - 1]), !isCloser(s[i - 1]) {
                    return nil
                }
            }
            return j
        }
        while j < end, isEnder(s[j]) { j += 1 }
        return j
    }

    static func isAlnum(_ s: Unicode.Scalar) -> Bool {
        s.properties.isAlphabetic || s.properties.numericType != nil
    }
}

extension SentenceSplitter {
    /// Whether the `.` at `i` ends a sentence.
    static func periodEnds(_ s: [Unicode.Scalar], at i: Int, start: Int, end: Int) -> Bool {
        var j = i + 1
        while j < end, s[j] == "." { j += 1 }
        let ellipsis = j - i >= 3
        var k = j
        while k < end, isCloser(s[k]) { k += 1 }
        if k == end { return true }
        let next = s[k]
        if UnicodeText.isWide(next) {
            // `U.S.政府`: an abbreviation before Chinese text; `2023.李` ends.
            return !wordBefore(s, i, start).contains(".")
        }
        guard next.isSpace else { return false }  // Levels.fyi, 3.5, 1.4亿
        var m = k
        while m < end, s[m].isSpace { m += 1 }
        if m == end { return true }
        let after = s[m]
        if after.properties.isLowercase { return false }  // e.g. something, Mr. smith
        if ellipsis { return after.properties.isUppercase || UnicodeText.isWide(after) }
        let word = wordBefore(s, i, start)
        if word.contains(".") { return false }  // U.S. Army, e.g. The, Ph.D. Candidate
        if abbreviations.contains(word.lowercased()) && word.lowercased() != "etc" { return false }
        if word.unicodeScalars.count == 1, let w = word.unicodeScalars.first, w.properties.isUppercase { return false }  // J. K.
        if !word.isEmpty, word.allSatisfy(\.isNumber) {
            // "1. First": a list number at the start of the sentence.
            var b = i - word.unicodeScalars.count
            while b > start, s[b - 1].isSpace { b -= 1 }
            if b == start { return false }
        }
        return true
    }

    /// The letters, digits and inner dots just before `i` (`U.S`, `e.g`, `Mr`, `2023`).
    static func wordBefore(_ s: [Unicode.Scalar], _ i: Int, _ start: Int) -> String {
        var a = i
        while a > start, isAlnum(s[a - 1]) && !UnicodeText.isWide(s[a - 1]) || (s[a - 1] == "." && a - 1 > start && isAlnum(s[a - 2])) { a -= 1 }
        return String(String.UnicodeScalarView(s[a..<i]))
    }
}
