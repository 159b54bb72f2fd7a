internal import CGumbo
import Foundation

/// An HTML page as a browser builds it (parsed by Gumbo, an HTML5-conformant parser:
/// implied end tags, misnested markup, `<template>`, entities in attributes), kept as a
/// flat tree of elements and text in document order. Every scalar of a text node keeps
/// the source bytes it was read from (the `&amp;` of an entity, the `\r\n` of a line end).
struct HTMLTree {
    struct Node {
        /// The lower-case element name; empty for text.
        var name: String
        var attributes: [(name: String, value: String)] = []
        var parent: Int
        var children: [Int] = []
        /// A text node's scalars: a range of `scalars` (and of `starts`, `ends`).
        var text: Range<Int> = 0..<0
        /// Source byte offsets of an element's start tag and of its end tag (where the
        /// parser put them when the page left them out).
        var start = 0
        var end = 0

        var isText: Bool { name.isEmpty }

        /// The value of an attribute (names are lower case).
        func attribute(_ key: String) -> String? {
            for a in attributes where a.name == key { return a.value }
            return nil
        }
    }

    /// Node 0 is the document; elements and text follow in document order, so a node's
    /// descendants are the nodes after it up to `end(of:)`.
    private(set) var nodes: [Node] = []
    /// The text of every text node, one after another, as the parser decoded it.
    private(set) var scalars: [Unicode.Scalar] = []
    /// Source byte offsets where each scalar of `scalars` starts, and where it ends.
    private(set) var starts: [Int] = []
    private(set) var ends: [Int] = []
    /// For each node, one past the last of its descendants.
    private(set) var subtreeEnd: [Int] = []
    /// Source scalars the parser read as spaces (tags nested too deep); empty when none.
    private var blanked: [Bool] = []
    /// Whether the source is a piece of HTML (no `<html>` or `<body>` tag of its own, as
    /// the body of a seed file) rather than a whole page.
    private(set) var isFragment = false

    /// Parses `range` of a source text (an HTML page, or the HTML body of a seed file).
    init(_ src: SourceText, range: Range<Int>) {
        // Gumbo reads UTF-8: the scalars are encoded again (the file may have been GB18030),
        // remembering where each starts, so a byte Gumbo points at leads back to its scalar.
        var buffer: [UInt8] = []
        buffer.reserveCapacity(range.count * 2)
        var scalarStarts: [Int32] = []
        scalarStarts.reserveCapacity(range.count + 1)
        for i in range {
            scalarStarts.append(Int32(buffer.count))
            let v = src.scalars[i].value
            // NUL stops a C string and Gumbo reads it as U+FFFD anyway.
            UnicodeText.encodeUTF8(v == 0 ? 0xFFFD : v) { buffer.append($0) }
        }
        scalarStarts.append(Int32(buffer.count))
        // Start tags nested too deep are blanked in what the parser reads: the source
        // scalars they stand on are read as spaces when the parser's text is aligned.
        var blanked: [Bool] = []
        for r in Self.flattenDeepNesting(&buffer, limit: Self.depthLimit) {
            if blanked.isEmpty { blanked = [Bool](repeating: false, count: src.scalars.count) }
            var lo = 0, hi = scalarStarts.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if Int(scalarStarts[mid]) < r.lowerBound { lo = mid + 1 } else { hi = mid }
            }
            var k = lo
            while k < scalarStarts.count - 1, Int(scalarStarts[k]) < r.upperBound {
                blanked[range.lowerBound + k] = true
                k += 1
            }
        }
        self.blanked = blanked
        nodes.append(Node(name: "#document", parent: -1))
        buffer.withUnsafeBufferPointer { b in
            b.withMemoryRebound(to: CChar.self) { chars in
                guard let base = chars.baseAddress, let output = wenda_gumbo_parse(base, chars.count) else { return }
                defer { wenda_gumbo_destroy(output) }
                /// The source scalar index of a pointer into the buffer.
                func scalarIndex(_ p: UnsafePointer<CChar>?) -> Int {
                    guard let p else { return range.lowerBound }
                    let byte = Int32(p - base)
                    var lo = 0, hi = scalarStarts.count - 1
                    while lo < hi {
                        let mid = (lo + hi + 1) / 2
                        if scalarStarts[mid] <= byte { lo = mid } else { hi = mid - 1 }
                    }
                    return range.lowerBound + lo
                }
                build(output.pointee.document, src: src, base: base, length: chars.count, scalarIndex: scalarIndex)
            }
        }
        subtreeEnd = [Int](repeating: 0, count: nodes.count)
        for i in stride(from: nodes.count - 1, through: 0, by: -1) {
            subtreeEnd[i] = max(subtreeEnd[i], i + 1)
            let p = nodes[i].parent
            if p >= 0 { subtreeEnd[p] = max(subtreeEnd[p], subtreeEnd[i]) }
        }
    }

    /// One past the last descendant of node `i`.
    func end(of i: Int) -> Int { subtreeEnd[i] }

    /// Where node `i` starts in the source (its start tag, or its first scalar), and where
    /// it ends (its end tag, or just after its last scalar).
    func sourceStart(of i: Int) -> Int {
        let n = nodes[i]
        return n.isText ? (n.text.isEmpty ? 0 : starts[n.text.lowerBound]) : n.start
    }

    func sourceEnd(of i: Int) -> Int {
        let n = nodes[i]
        return n.isText ? (n.text.isEmpty ? 0 : ends[n.text.upperBound - 1]) : n.end
    }

    /// Walks Gumbo's tree depth first (with a stack of its own: pages nest deeply).
    private mutating func build(_ document: UnsafeMutablePointer<GumboNode>, src: SourceText, base: UnsafePointer<CChar>,
                                length: Int, scalarIndex: (UnsafePointer<CChar>?) -> Int) {
        var stack: [(UnsafeMutablePointer<GumboNode>, Int)] = []
        func push(children v: GumboVector, parent: Int) {
            var k = Int(v.length) - 1
            while k >= 0 {
                if let p = v.data[k] { stack.append((p.assumingMemoryBound(to: GumboNode.self), parent)) }
                k -= 1
            }
        }
        push(children: document.pointee.v.document.children, parent: 0)
        var implied = 0
        while let (g, parent) = stack.popLast() {
            switch g.pointee.type {
            case GUMBO_NODE_ELEMENT, GUMBO_NODE_TEMPLATE:
                let e = g.pointee.v.element
                let index = nodes.count
                var node = Node(name: Self.name(of: e), parent: parent)
                node.start = src.offsets[scalarIndex(base + min(Int(e.start_pos.offset), length))]
                node.end = src.offsets[scalarIndex(base + min(Int(e.end_pos.offset), length))]
                node.attributes.reserveCapacity(Int(e.attributes.length))
                for k in 0..<Int(e.attributes.length) {
                    guard let a = e.attributes.data[k]?.assumingMemoryBound(to: GumboAttribute.self) else { continue }
                    node.attributes.append((String(cString: a.pointee.name).lowercased(), String(cString: a.pointee.value)))
                }
                if node.name == "html" || node.name == "body", e.original_tag.length == 0 { implied += 1 }
                nodes.append(node)
                nodes[parent].children.append(index)
                // A template's content is not shown by a browser.
                if g.pointee.type == GUMBO_NODE_ELEMENT { push(children: e.children, parent: index) }
            case GUMBO_NODE_TEXT, GUMBO_NODE_WHITESPACE, GUMBO_NODE_CDATA:
                let t = g.pointee.v.text
                let index = nodes.count
                let first = scalars.count
                let from = scalarIndex(t.original_text.data)
                let to = t.original_text.data.map { scalarIndex($0 + t.original_text.length) } ?? from
                align(decoded: t.text, source: src, from..<max(from, to))
                nodes.append(Node(name: "", parent: parent, text: first..<scalars.count))
                nodes[parent].children.append(index)
            default:
                continue  // comments
            }
        }
        isFragment = implied == 2
    }

    static func name(of e: GumboElement) -> String {
        if e.tag != GUMBO_TAG_UNKNOWN, let n = gumbo_normalized_tagname(e.tag) {
            return String(cString: n)
        }
        // An element Gumbo has no name for (`<amp-img>`, a custom element): its own.
        var piece = e.original_tag
        gumbo_tag_from_original_text(&piece)
        guard let data = piece.data, piece.length > 0 else { return "unknown" }
        let bytes = UnsafeRawBufferPointer(start: data, count: piece.length)
        return String(decoding: bytes, as: UTF8.self).lowercased()
    }

    /// Appends the parser's decoded text of a node, each scalar with the source bytes it
    /// stands for: walked beside the node's source scalars, an `&…;` reference covering
    /// its whole reference, `\r\n` covering both; where the two part (the parser dropped
    /// or changed something) the source is searched a little ahead for the scalar.
    private mutating func align(decoded: UnsafePointer<CChar>?, source src: SourceText, _ range: Range<Int>) {
        guard let decoded else { return }
        let s = src.scalars, o = src.offsets
        var j = range.lowerBound
        let bytes = UnsafeRawPointer(decoded).assumingMemoryBound(to: UInt8.self)
        var it = UnsafeBufferPointer(start: bytes, count: strlen(decoded)).makeIterator()
        var utf8 = UTF8()
        while case .scalarValue(var g) = utf8.decode(&it) {
            var a = j, b = j
            if j < range.upperBound {
                let c = blanked.isEmpty || !blanked[j] ? s[j] : " "
                // A control character the parser made U+FFFD stays what it was: the cleaned
                // text drops it, as it drops every control.
                if g == "\u{FFFD}", c != g, c.value < 0x20 || (0x7F...0x9F).contains(c.value) {
                    g = c
                    b = j + 1
                } else if c == "&", let end = Self.referenceEnd(s, at: j, limit: range.upperBound), g != "&" || Self.isAmpersandReference(s, j, end) {
                    b = end
                } else if c == g {
                    b = j + 1
                } else if c == "\r", g == "\n" {
                    b = j + 1 < range.upperBound && s[j + 1] == "\n" ? j + 2 : j + 1
                } else {
                    var k = j + 1
                    let stop = min(range.upperBound, j + 8)
                    while k < stop, s[k] != g || (!blanked.isEmpty && blanked[k]) { k += 1 }
                    if k < stop {
                        a = k
                        b = k + 1
                    }
                }
                j = b
            }
            scalars.append(g)
            starts.append(o[a])
            ends.append(o[max(a, b)])
        }
    }

    /// The end of a character reference at `s[i] == "&"`: `&name;`, `&#123;`, `&#x1F;`, or
    /// the same without `;` (as browsers read old pages); nil when none starts there.
    static func referenceEnd(_ s: [Unicode.Scalar], at i: Int, limit: Int) -> Int? {
        var j = i + 1
        if j < limit, s[j] == "#" {
            j += 1
            var hex = false
            if j < limit, s[j] == "x" || s[j] == "X" { hex = true; j += 1 }
            let digitsStart = j
            while j < limit, s[j].isASCII, hex ? s[j].properties.isASCIIHexDigit : ("0"..."9").contains(s[j]) { j += 1 }
            guard j > digitsStart else { return nil }
        } else {
            while j < limit, j - i <= 32, s[j].isASCII, s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) { j += 1 }
            guard j > i + 1 else { return nil }
        }
        return j < limit && s[j] == ";" ? j + 1 : j
    }

    /// Whether the reference `s[i..<end]` is one for `&` itself (`&amp;`, `&#38;`).
    static func isAmpersandReference(_ s: [Unicode.Scalar], _ i: Int, _ end: Int) -> Bool {
        let name = UnicodeText.string(s[(i + 1)..<end]).lowercased()
        return name.hasPrefix("amp") || name == "#38;" || name == "#38" || name == "#x26;" || name == "#x26"
    }

    /// The decoded text of a node's subtree (its text nodes joined), as a string.
    func text(of i: Int) -> String {
        var out: [Unicode.Scalar] = []
        for k in i..<end(of: i) where nodes[k].isText { out += scalars[nodes[k].text] }
        return UnicodeText.string(out)
    }
}

extension HTMLTree {
    /// How deep elements may nest before deeper start tags are ignored (as browsers cap
    /// the depth of the tree they build): the parser's work per tag grows with the depth.
    static let depthLimit = 512

    static let voidTags: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                                        "param", "source", "track", "wbr", "image", "keygen", "basefont", "bgsound", "frame"]
    /// Elements whose end a later tag implies: they never pile up.
    static let impliedEndTags: Set<String> = ["p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody",
                                              "thead", "tfoot", "colgroup", "rb", "rt", "rp", "rtc", "caption"]
    static let rawTextTags: Set<String> = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"]

    /// Blanks (with spaces, so every byte keeps its offset) the start tags that would
    /// nest deeper than `limit`, and as many end tags after them: a quick reading of the
    /// tags, enough to keep a hostile page from making the parser's work quadratic.
    @discardableResult
    static func flattenDeepNesting(_ b: inout [UInt8], limit: Int) -> [Range<Int>] {
        var blanked: [Range<Int>] = []
        var depth = 0, suppressed = 0
        var i = 0
        let n = b.count
        func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
        func name(at j: Int) -> (String, Int) {
            var k = j
            while k < n, b[k] != 0x20, b[k] != 0x3E, b[k] != 0x2F, b[k] != 0x09, b[k] != 0x0A, b[k] != 0x0D { k += 1 }
            return (String(decoding: b[j..<k], as: UTF8.self).lowercased(), k)
        }
        func tagEnd(from j: Int) -> Int {
            var k = j
            var quote: UInt8 = 0
            while k < n {
                let c = b[k]
                if quote != 0 { if c == quote { quote = 0 } } else if c == 0x22 || c == 0x27 { quote = c } else if c == 0x3E { return k + 1 }
                k += 1
            }
            return n
        }
        while i < n {
            guard b[i] == 0x3C, i + 1 < n else { i += 1; continue }
            let c = b[i + 1]
            if c == 0x21 {  // <!-- … --> or <!…>
                if i + 3 < n, b[i + 2] == 0x2D, b[i + 3] == 0x2D {
                    var k = i + 4
                    while k + 2 < n, !(b[k] == 0x2D && b[k + 1] == 0x2D && b[k + 2] == 0x3E) { k += 1 }
                    i = min(n, k + 3)
                } else {
                    i = tagEnd(from: i)
                }
                continue
            }
            if c == 0x2F, i + 2 < n, isLetter(b[i + 2]) {
                let end = tagEnd(from: i)
                if suppressed > 0 {
                    for k in i..<end { b[k] = 0x20 }
                    blanked.append(i..<end)
                    suppressed -= 1
                } else {
                    let (tag, _) = name(at: i + 2)
                    if !voidTags.contains(tag) && !impliedEndTags.contains(tag) { depth = max(0, depth - 1) }
                }
                i = end
                continue
            }
            guard isLetter(c) else { i += 1; continue }
            let (tag, _) = name(at: i + 1)
            let end = tagEnd(from: i)
            if rawTextTags.contains(tag) {
                // Up to its end tag: what it holds is no markup.
                let close = Array("</\(tag)".utf8)
                var k = end
                while k + close.count <= n {
                    if b[k] == 0x3C, b[k + 1] == 0x2F, zip(close.indices, close).allSatisfy({ (b[k + $0.0] | 0x20) == ($0.1 | 0x20) }) { break }
                    k += 1
                }
                i = k
                continue
            }
            let selfClosing = end >= 2 && b[end - 2] == 0x2F
            if !voidTags.contains(tag) && !impliedEndTags.contains(tag) && !selfClosing {
                if depth >= limit {
                    for k in i..<end { b[k] = 0x20 }
                    blanked.append(i..<end)
                    suppressed += 1
                } else {
                    depth += 1
                }
            }
            i = end
        }
        return blanked
    }
}
