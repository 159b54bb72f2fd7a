/// Cleans an HTML body into lines of text with their source offsets: tags dropped,
/// entities decoded, `<br/>` and block tags end a line, `<script>`/`<style>`/comments
/// dropped, image `alt` text and captions set apart.
struct HTMLReader {
    struct Result {
        var lines: [CleanText.Line]
        var captions: [String]
        /// The text of `<title>`, and of the first `<h1>`.
        var title: String?
        var heading: String?
    }

    static let blockTags: Set<String> = [
        "p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt",
        "dd", "table", "thead", "tbody", "tfoot", "tr", "section", "article", "header", "footer",
        "aside", "nav", "main", "figure", "figcaption", "pre", "address", "hr", "form", "fieldset",
        "details", "summary", "body", "html", "center",
    ]
    static let lineTags: Set<String> = ["br", "hr"]
    static let cellTags: Set<String> = ["td", "th"]
    static let skippedTags: Set<String> = [
        "script", "style", "noscript", "template", "iframe", "svg", "math", "object", "canvas",
        "select", "button", "textarea",
    ]

    let src: SourceText
    /// Scalar ranges of the source read as line breaks (the `---` lines of the seed format).
    var breaks: [Range<Int>] = []

    func read(_ range: Range<Int>) -> Result {
        let s = src.scalars
        let o = src.offsets
        var out = CleanText()
        var captions: [String] = []
        var title: String?
        var heading: String?
        var i = range.lowerBound
        var breakIndex = 0
        // Where the text goes: the body, or a caption / title being collected.
        var capture: (tag: String, depth: Int, text: String, kind: Int)?  // kind 0 caption, 1 title
        var headingText: String?
        var pre = 0

        func emitText(_ scalar: Unicode.Scalar, _ a: Int, _ b: Int, isSpace: Bool) {
            if capture != nil {
                capture!.text.unicodeScalars.append(scalar)
                return
            }
            if headingText != nil { headingText!.unicodeScalars.append(scalar) }
            if pre > 0 {
                if scalar == "\n" { out.breakLine(at: o[a]) } else if scalar != "\r" { out.appendVerbatim(scalar, start: o[a], end: o[b]) }
            } else if isSpace {
                out.space(start: o[a], end: o[b], lineBreak: scalar == "\n")
            } else {
                out.append(scalar, start: o[a], end: o[b])
            }
        }

        while i < range.upperBound {
            while breakIndex < breaks.count, breaks[breakIndex].upperBound <= i { breakIndex += 1 }
            if breakIndex < breaks.count, breaks[breakIndex].contains(i) {
                if capture == nil { out.breakBlock(at: o[i]) }
                i = breaks[breakIndex].upperBound
                continue
            }
            let c = s[i]
            if c == "<", let tag = Tag.parse(s, at: i, end: range.upperBound) {
                let start = i
                i = tag.end
                switch tag.kind {
                case .comment, .declaration: continue
                case .open, .close, .selfClosing: break
                }
                let name = tag.name
                if var cap = capture {
                    if name == cap.tag {
                        if tag.kind == .open { cap.depth += 1 } else if tag.kind == .close { cap.depth -= 1 }
                    }
                    if cap.depth == 0 {
                        let text = cap.text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
                        if cap.kind == 0 {
                            if !text.isEmpty && !captions.contains(text) { captions.append(text) }
                        } else if title == nil && !text.isEmpty {
                            title = text
                        }
                        capture = nil
                    } else {
                        capture = cap
                        if tag.kind == .open, name == "br" || Self.blockTags.contains(name) { capture!.text += " " }
                    }
                    continue
                }
                if tag.kind == .open && Self.skippedTags.contains(name) {
                    i = Tag.skipContent(of: name, s, from: i, end: range.upperBound)
                    continue
                }
                if name == "img" || name == "image" {
                    if let alt = tag.attributes["alt"]?.trimmingWhitespace(), !alt.isEmpty, !captions.contains(alt) {
                        captions.append(alt)
                    }
                    continue
                }
                if tag.kind == .open && name == "title" {
                    capture = (name, 1, "", 1)
                    continue
                }
                let cls = tag.attributes["class"] ?? ""
                if tag.kind == .open && (name == "figcaption" || cls.contains("img-desc") || cls.contains("caption")) {
                    capture = (name, 1, "", 0)
                    continue
                }
                if Self.lineTags.contains(name) {
                    out.breakLine(at: o[start])
                } else if Self.blockTags.contains(name) {
                    out.breakBlock(at: o[start])
                    if name == "pre" { pre = max(0, pre + (tag.kind == .open ? 1 : tag.kind == .close ? -1 : 0)) }
                } else if Self.cellTags.contains(name) {
                    out.space(start: o[start], end: o[i])
                }
                if name == "h1" {
                    if tag.kind == .open && heading == nil { headingText = "" }
                    if tag.kind == .close, let h = headingText {
                        let t = h.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
                        if !t.isEmpty { heading = t }
                        headingText = nil
                    }
                }
                continue
            }
            if c == "&", let (scalar, end) = Entities.decode(s, at: i, end: range.upperBound) {
                let isSpace = scalar == "\u{A0}"
                emitText(isSpace ? " " : scalar, i, end, isSpace: isSpace)
                i = end
                continue
            }
            let isSpace = c == " " || c == "\n" || c == "\t" || c == "\r" || c == "\u{0C}"
            emitText(c, i, i + 1, isSpace: isSpace)
            i += 1
        }
        let lines = out.finish(at: o[range.upperBound])
        return Result(lines: lines, captions: captions, title: title, heading: heading)
    }
}

/// An HTML tag, comment or declaration starting at a `<`.
struct Tag {
    enum Kind { case open, close, selfClosing, comment, declaration }
    var kind: Kind
    var name: String
    var attributes: [String: String]
    /// The scalar index just after the tag.
    var end: Int

    static func isNameStart(_ s: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(s) || ("A"..."Z").contains(s)
    }

    /// The tag at `i` (where `s[i] == "<"`), nil when the `<` is text.
    static func parse(_ s: [Unicode.Scalar], at i: Int, end: Int) -> Tag? {
        var j = i + 1
        guard j < end else { return nil }
        if s[j] == "!" {
            if j + 2 < end, s[j + 1] == "-", s[j + 2] == "-" {
                var k = j + 3
                while k + 2 < end, !(s[k] == "-" && s[k + 1] == "-" && s[k + 2] == ">") { k += 1 }
                return Tag(kind: .comment, name: "", attributes: [:], end: min(k + 3, end))
            }
            var k = j
            while k < end, s[k] != ">" { k += 1 }
            return Tag(kind: .declaration, name: "", attributes: [:], end: min(k + 1, end))
        }
        if s[j] == "?" {
            var k = j
            while k < end, s[k] != ">" { k += 1 }
            return Tag(kind: .declaration, name: "", attributes: [:], end: min(k + 1, end))
        }
        var kind = Kind.open
        if s[j] == "/" { kind = .close; j += 1 }
        guard j < end, isNameStart(s[j]) else { return nil }
        var name = ""
        while j < end, s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) || s[j] == "-" || s[j] == ":" {
            name.unicodeScalars.append(s[j])
            j += 1
        }
        var attributes: [String: String] = [:]
        while j < end {
            let c = s[j]
            if c == ">" { j += 1; return Tag(kind: kind, name: name.lowercased(), attributes: attributes, end: j) }
            if c == "/" && j + 1 < end && s[j + 1] == ">" {
                return Tag(kind: kind == .open ? .selfClosing : kind, name: name.lowercased(), attributes: attributes, end: j + 2)
            }
            if c == "<" { return nil }  // never closed: text after all
            if c.isSpace || c == "/" { j += 1; continue }
            var key = ""
            while j < end, !s[j].isSpace, s[j] != "=", s[j] != ">", s[j] != "/" || (j + 1 < end && s[j + 1] != ">") {
                key.unicodeScalars.append(s[j])
                j += 1
            }
            var value = ""
            var k = j
            while k < end, s[k].isSpace { k += 1 }
            if k < end, s[k] == "=" {
                k += 1
                while k < end, s[k].isSpace { k += 1 }
                if k < end, s[k] == "\"" || s[k] == "'" {
                    let q = s[k]
                    k += 1
                    let vs = k
                    while k < end, s[k] != q { k += 1 }
                    value = Entities.decodeAll(s, vs..<min(k, end))
                    k = min(k + 1, end)
                } else {
                    let vs = k
                    while k < end, !s[k].isSpace, s[k] != ">" { k += 1 }
                    value = Entities.decodeAll(s, vs..<k)
                }
                j = k
            }
            if !key.isEmpty { attributes[key.lowercased()] = value }
            if key.isEmpty && j < end && s[j] != ">" { j += 1 }
        }
        return nil
    }

    /// The index after the `</name>` that closes a skipped element (or `end`).
    static func skipContent(of name: String, _ s: [Unicode.Scalar], from i: Int, end: Int) -> Int {
        var k = i
        let target = Array(name.unicodeScalars)
        while k < end {
            if s[k] == "<", k + 1 < end, s[k + 1] == "/" {
                var m = k + 2, n = 0
                while n < target.count, m < end, String(s[m]).lowercased() == String(target[n]) { m += 1; n += 1 }
                if n == target.count {
                    while m < end, s[m] != ">" { m += 1 }
                    return min(m + 1, end)
                }
            }
            k += 1
        }
        return end
    }
}
