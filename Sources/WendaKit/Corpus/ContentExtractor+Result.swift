/// The article a page's verdicts leave: its lines, captions and lists, its byline and
/// date when the page's metadata lacks them, and what was dropped, grouped, with why.
extension ContentExtractor {
    func result(_ verdicts: [String?]) -> HTMLReader.Result {
        var lines: [CleanText.Line] = []
        var newIndex = [Int](repeating: -1, count: verdicts.count)
        var dropped: [DroppedText] = []
        for (i, verdict) in verdicts.enumerated() {
            if let reason = verdict {
                let text = texts[i]
                if let last = dropped.last, last.reason == reason, last.after == lines.count {
                    dropped[dropped.count - 1].text += "\n" + text
                } else {
                    dropped.append(DroppedText(text: text, reason: reason, after: lines.count))
                }
            } else {
                newIndex[i] = lines.count
                lines.append(page.lines[i])
            }
        }
        for h in page.tableHeaders where isInside(h.node, container) {
            dropped.append(DroppedText(text: h.text, reason: "table header (each row carries it)",
                                       after: newIndex[h.line..<min(h.line + 1, newIndex.count)].first.map { max(0, $0) } ?? lines.count))
        }
        for u in page.unseen {
            // Inside the line it stood in (or before the next kept one).
            let kept = newIndex[u.line..<newIndex.count].first { $0 >= 0 }
            let inKept = u.line < newIndex.count && newIndex[u.line] >= 0
            dropped.append(DroppedText(text: u.text, reason: u.reason, after: inKept ? newIndex[u.line] + 1 : (kept ?? lines.count)))
        }
        dropped.sort { $0.after < $1.after }
        var captions: [String] = []
        for c in page.captions where isInside(c.node, container) && !underFurniture(c.node) {
            if !captions.contains(c.text) { captions.append(c.text) }
        }
        // Text around the article's images is theirs: captions too.
        for (i, verdict) in verdicts.enumerated() where verdict == Self.imageCaption && !captions.contains(texts[i]) {
            captions.append(texts[i])
        }
        var lists: [Range<Int>] = []
        for l in page.lists {
            let kept = l.map { newIndex[$0] }.filter { $0 >= 0 }
            if let first = kept.first, let last = kept.last { lists.append(first..<(last + 1)) }
        }
        return HTMLReader.Result(
            lines: lines, captions: captions, title: metadata.title, documentTitle: metadata.documentTitle,
            heading: metadata.firstHeading, author: metadata.author ?? bylineAuthor(verdicts),
            date: metadata.date ?? timeElementDate() ?? bylineDate(verdicts), url: metadata.url,
            lists: lists, dropped: dropped)
    }

    /// Whether an element between `node` and the article's element looks like furniture.
    func underFurniture(_ node: Int) -> Bool {
        var n = node
        while n > container, n >= 0 {
            if BoilerplateHints.reason(tree.nodes[n]) != nil { return true }
            n = tree.nodes[n].parent
        }
        return false
    }

    /// Lines near the article's start, where bylines stand: a few before its first kept
    /// line and the first ones of it.
    func bylineLines(_ verdicts: [String?]) -> [Int] {
        guard let first = verdicts.firstIndex(where: { $0 == nil }) else { return [] }
        let lo = max(0, first - 8), hi = min(verdicts.count, first + 6)
        return Array(lo..<hi)
    }

    /// The author an element marked as such names (`rel="author"`, `itemprop="author"`,
    /// a class or id with "byline" or "author"), else a byline line ("By Jane Doe",
    /// "记者 张三") near the article's start.
    func bylineAuthor(_ verdicts: [String?]) -> String? {
        for (i, n) in tree.nodes.enumerated() where !n.isText {
            let marked = n.attribute("rel")?.lowercased() == "author" || n.attribute("itemprop")?.lowercased() == "author"
                || [n.attribute("class") ?? "", n.attribute("id") ?? ""].contains { v in
                    BoilerplateHints.nameWords(v).contains { $0 == "byline" || $0 == "author" }
                }
            guard marked else { continue }
            let t = HTMLMetadata.collapse(tree.text(of: i))
            if let name = Byline.author(inLine: t) { return name }
            if n.attribute("itemprop") != nil || n.attribute("rel") != nil, t.unicodeScalars.count <= 60,
               let name = Byline.cleanName(t) { return name }
        }
        for i in bylineLines(verdicts) where weight[i] < 200 {
            if let name = Byline.author(inLine: texts[i]) { return name }
        }
        return nil
    }

    /// The date of the first `<time datetime>` (or `itemprop="datePublished"`) in the
    /// article, else on the page.
    func timeElementDate() -> String? {
        var first: String?
        for (i, n) in tree.nodes.enumerated() where !n.isText {
            let value: String?
            if n.name == "time" {
                value = n.attribute("datetime") ?? HTMLMetadata.collapse(tree.text(of: i))
            } else if n.attribute("itemprop")?.lowercased() == "datepublished" {
                value = n.attribute("content") ?? n.attribute("datetime") ?? HTMLMetadata.collapse(tree.text(of: i))
            } else {
                continue
            }
            guard let v = value, let d = DateText.normalized(v) else { continue }
            if isInside(i, container) { return d }
            if first == nil { first = d }
        }
        return first
    }

    /// A date written in a byline line near the article's start.
    func bylineDate(_ verdicts: [String?]) -> String? {
        for i in bylineLines(verdicts) where weight[i] < 200 {
            if let d = DateText.normalized(texts[i]) { return d }
        }
        return nil
    }
}
