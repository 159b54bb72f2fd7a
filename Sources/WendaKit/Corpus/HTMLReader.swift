/// Reads an HTML page (or the HTML body of a seed file) into the lines of its article:
/// the page is parsed as a browser parses it (`HTMLTree`), every visible block becomes a
/// line with its source offsets, `ContentExtractor` keeps the article's lines and says why
/// each other one was dropped, and the page's metadata (`HTMLMetadata`, bylines) is read.
struct HTMLReader {
    struct Result {
        var lines: [CleanText.Line]
        var captions: [String]
        /// The headline (`og:title`, JSON-LD, `<h1>`, `<title>`; site name taken off).
        var title: String?
        /// The text of `<title>`, and of the first `<h1>`.
        var documentTitle: String?
        var heading: String?
        var author: String?
        var date: String?
        var url: String?
        /// Lists of the kept lines: the indices of each list's items.
        var lists: [Range<Int>]
        /// What was read but is not the article, and why.
        var dropped: [DroppedText]
    }

    let src: SourceText
    /// Scalar ranges of the source read as line breaks (the `---` lines of the seed format).
    var breaks: [Range<Int>] = []

    func read(_ range: Range<Int>) -> Result {
        let tree = HTMLTree(src, range: range)
        var page = PageText(tree: tree, breaks: breaks.map { src.offsets[$0.lowerBound]..<src.offsets[$0.upperBound] })
        page.read(end: src.offsets[range.upperBound])
        let metadata = HTMLMetadata(tree)
        var extractor = ContentExtractor(tree: tree, page: page, metadata: metadata)
        let verdicts = extractor.verdicts()
        return extractor.result(verdicts)
    }
}

/// Something read from a page that is not part of its article, and why.
public struct DroppedText: Sendable, Hashable, Codable {
    public var text: String
    public var reason: String
    /// How many paragraphs of the article come before it.
    public var after: Int

    public init(text: String, reason: String, after: Int) {
        self.text = text
        self.reason = reason
        self.after = after
    }
}

/// Every visible line of a page, each with the element it stands in and what a reader of
/// the page can tell about it: how much of it is link text, what kind of block it is,
/// and which elements around it look like page furniture.
struct PageText {
    enum Kind: Equatable {
        case text
        case heading(Int)
        case item
        case row
        case preformatted
    }

    struct LineInfo {
        /// The nearest block element holding the line.
        var owner: Int
        var kind: Kind
        /// Scalars of the line inside links (`<a>`).
        var links: Int
        /// Elements around the line that look like page furniture, innermost first.
        var furniture: [(node: Int, reason: String)]
        /// Whether it stands in a `<figure>` (credits, captions, not the article's text).
        var inFigure = false
        /// Whether it stands in a `<blockquote>` (a quotation, an embedded post).
        var inQuote = false
    }

    /// A caption or image description, with the element it belongs to.
    struct Caption {
        var text: String
        var node: Int
        var line: Int
    }

    let tree: HTMLTree
    /// Source byte ranges read as line breaks.
    let breaks: [Range<Int>]
    private(set) var out = CleanText()
    private(set) var info: [LineInfo] = []
    private(set) var captions: [Caption] = []
    /// Lists (`<ul>`, `<ol>` outside another list): the range of line indices they hold.
    private(set) var lists: [Range<Int>] = []
    /// Text inside a line a reader never sees there (hidden, hover pop-ups), with why and
    /// the line it stood in.
    private(set) var unseen: [(text: String, reason: String, line: Int)] = []
    /// Table header rows carried by every row (`TableRows`), to tell a reader.
    private(set) var tableHeaders: [(text: String, node: Int, line: Int)] = []

    // The state of the walk.
    private var blocks: [Int] = [0]
    private var furniture: [(node: Int, reason: String)] = []
    private var linkDepth = 0
    private var headings: [Int] = []
    private var itemDepth = 0
    private var listDepth = 0
    private var listStart = 0
    private var preDepth = 0
    private var figureDepth = 0
    /// Elements opened as figures (a `<figure>`, or a block holding an image and its caption).
    private var figures: [Int] = []
    private var quoteDepth = 0
    private var lineOwner: Int?
    private var lineKind = Kind.text
    private var lineLinks = 0
    private var breakIndex = 0

    init(tree: HTMLTree, breaks: [Range<Int>]) {
        self.tree = tree
        self.breaks = breaks
    }

    var lines: [CleanText.Line] { out.lines }

    /// Walks the page in document order (with a stack: pages nest deeply).
    mutating func read(end: Int) {
        var stack: [(node: Int, exit: Bool)] = [(0, false)]
        while let (i, exit) = stack.popLast() {
            let node = tree.nodes[i]
            if node.isText {
                text(i)
                continue
            }
            if exit {
                leave(i, node)
                continue
            }
            if BoilerplateHints.invisible.contains(node.name) { continue }
            if !enter(i, node) { continue }
            stack.append((i, true))
            for c in node.children.reversed() { stack.append((c, false)) }
        }
        endLine(at: end, block: true)
    }

    /// Opens an element; false when its content is read here already (a table, a caption).
    private mutating func enter(_ i: Int, _ node: HTMLTree.Node) -> Bool {
        let name = node.name
        let offset = tree.sourceStart(of: i)
        if name == "br" { endLine(at: offset, block: false); return false }
        if name == "img" || name == "image" {
            if let alt = node.attribute("alt")?.trimmingWhitespace(), !alt.isEmpty { addCaption(alt, i) }
            return false
        }
        if name == "figcaption" || (!["html", "body", "main", "article"].contains(name) && Self.isCaptionClass(node.attribute("class"))) {
            let t = HTMLMetadata.collapse(tree.text(of: i))
            if !t.isEmpty { addCaption(t, i) }
            return false
        }
        let reason = BoilerplateHints.reason(node)
        if let reason, !BoilerplateHints.blockTags.contains(name), BoilerplateHints.isUnseenInline(reason), !isPopUpTrigger(i, reason) {
            let t = HTMLMetadata.collapse(tree.text(of: i))
            if !t.isEmpty { unseen.append((t, reason, out.lines.count)) }
            return false
        }
        if let reason { furniture.insert((i, reason), at: 0) }
        if BoilerplateHints.blockTags.contains(name) {
            endLine(at: offset, block: true)
            blocks.append(i)
        }
        if name == "figure" || isImageBlock(i, node) {
            figureDepth += 1
            figures.append(i)
        }
        if name == "table", let table = TableRows.DataTable(tree, i) {
            emit(table)
            leave(i, node)
            return false
        }
        switch name {
        case "a": linkDepth += 1
        case "h1", "h2", "h3", "h4", "h5", "h6": headings.append(Int(String(name.dropFirst())) ?? 1)
        case "li", "dd", "dt": itemDepth += 1
        case "ul", "ol", "dl":
            if listDepth == 0 { listStart = out.lines.count }
            listDepth += 1
        case "pre", "listing", "xmp", "plaintext": preDepth += 1
        case "blockquote", "q": quoteDepth += 1
        default: break
        }
        return true
    }

    private mutating func leave(_ i: Int, _ node: HTMLTree.Node) {
        let name = node.name
        let offset = tree.sourceEnd(of: i)
        if BoilerplateHints.blockTags.contains(name) {
            endLine(at: offset, block: true)
            if blocks.last == i { blocks.removeLast() }
        }
        switch name {
        case "a": linkDepth = max(0, linkDepth - 1)
        case "h1", "h2", "h3", "h4", "h5", "h6": _ = headings.popLast()
        case "li", "dd", "dt": itemDepth = max(0, itemDepth - 1)
        case "ul", "ol", "dl":
            listDepth = max(0, listDepth - 1)
            if listDepth == 0, out.lines.count > listStart { lists.append(listStart..<out.lines.count) }
        case "pre", "listing", "xmp", "plaintext": preDepth = max(0, preDepth - 1)
        case "blockquote", "q": quoteDepth = max(0, quoteDepth - 1)
        default: break
        }
        if furniture.first?.node == i { furniture.removeFirst() }
        if figures.last == i {
            figures.removeLast()
            figureDepth = max(0, figureDepth - 1)
        }
    }

    /// Whether a pop-up-named inline element is what is hovered, not what pops up: a link
    /// (the name in the sentence), or a wrapper holding the pop-up beside its link.
    private func isPopUpTrigger(_ i: Int, _ reason: String) -> Bool {
        guard reason.hasPrefix("pop-up") else { return false }
        if tree.nodes[i].name == "a" { return true }
        return (i + 1..<tree.end(of: i)).contains { k in
            let n = tree.nodes[k]
            return !n.isText && n.name != "a" && BoilerplateHints.reason(n)?.hasPrefix("pop-up") == true
        }
    }

    /// A block that holds an image and a little text, named as one (`class="image"`,
    /// `photo`, `media`, `credit`…): the text is its caption or credit, not the article's.
    private func isImageBlock(_ i: Int, _ node: HTMLTree.Node) -> Bool {
        guard BoilerplateHints.blockTags.contains(node.name), !["body", "html", "main", "article"].contains(node.name) else { return false }
        let words = BoilerplateHints.nameWords((node.attribute("class") ?? "") + " " + (node.attribute("id") ?? ""))
        guard words.contains(where: BoilerplateHints.imageWords.contains) else { return false }
        var text = 0, image = false
        for k in i..<tree.end(of: i) {
            let n = tree.nodes[k]
            if n.isText { text += n.text.count } else if n.name == "img" || n.name == "picture" { image = true }
            if text > 600 { return false }
        }
        return image
    }

    private mutating func text(_ i: Int) {
        let r = tree.nodes[i].text
        for k in r {
            let start = tree.starts[k], end = tree.ends[k]
            while breakIndex < breaks.count, breaks[breakIndex].upperBound <= start { breakIndex += 1 }
            if breakIndex < breaks.count, breaks[breakIndex].contains(start) {
                if breaks[breakIndex].lowerBound == start { endLine(at: start, block: true) }
                continue
            }
            let s = tree.scalars[k]
            if preDepth > 0 {
                if s == "\n" { endLine(at: start, block: false) } else if s != "\r" { note(); out.appendVerbatim(s, start: start, end: end) }
                continue
            }
            if s == " " || s == "\n" || s == "\t" || s == "\r" || s == "\u{0C}" || s == "\u{A0}" {
                out.space(start: start, end: end, lineBreak: s == "\n")
            } else {
                note()
                if linkDepth > 0 { lineLinks += 1 }
                out.append(s, start: start, end: end)
            }
        }
    }

    /// Notes what the line being made stands in, at its first scalar.
    private mutating func note() {
        guard lineOwner == nil else { return }
        lineOwner = blocks.last ?? 0
        if let h = headings.last {
            lineKind = .heading(h)
        } else if preDepth > 0 {
            lineKind = .preformatted
        } else if itemDepth > 0 {
            lineKind = .item
        } else {
            lineKind = .text
        }
    }

    /// Ends the line being made (and the block, for a block tag); a line with text is kept
    /// with what is known about it.
    private mutating func endLine(at offset: Int, block: Bool, kind: Kind? = nil) {
        let before = out.lines.count
        if block { out.breakBlock(at: offset) } else { out.breakLine(at: offset) }
        if out.lines.count > before {
            info.append(LineInfo(owner: lineOwner ?? blocks.last ?? 0, kind: kind ?? lineKind, links: lineLinks, furniture: furniture,
                                 inFigure: figureDepth > 0, inQuote: quoteDepth > 0))
        }
        lineOwner = nil
        lineLinks = 0
        lineKind = .text
    }

    private mutating func addCaption(_ text: String, _ node: Int) {
        captions.append(Caption(text: text, node: node, line: out.lines.count))
    }

    /// Class names of captions and image descriptions (`wp-caption-text`, `img-desc`).
    static func isCaptionClass(_ cls: String?) -> Bool {
        guard let cls, !cls.isEmpty else { return false }
        let words = BoilerplateHints.nameWords(cls)
        return words.contains { $0 == "caption" || $0 == "figcaption" }
            || zip(words, words.dropFirst()).contains { $0 == "img" && $1 == "desc" }
    }

    /// A data table: each row one line carrying its header (`TableRows`).
    private mutating func emit(_ table: TableRows.DataTable) {
        if let caption = table.caption {
            note()
            for c in caption { out.append(c.scalar, start: c.start, end: c.end) }
            endLine(at: caption.last?.end ?? 0, block: true, kind: .text)
        }
        if let header = table.header, !table.rows.isEmpty {
            tableHeaders.append((header.map { UnicodeText.string($0.map(\.scalar)) }.joined(separator: " "),
                                 table.node, out.lines.count))
        }
        for row in table.sentences() {
            note()
            for c in row.scalars {
                if c.scalar == " " { out.space(start: c.start, end: c.end) } else { out.append(c.scalar, start: c.start, end: c.end) }
            }
            endLine(at: row.end, block: true, kind: .row)
        }
    }
}
