/// Data tables read as sentences (HTML and Markdown): each row one line that carries its
/// header ("小米：出货量 1,000万部，市场份额 14%", "Xiaomi: shipments 10 million, share 14%"),
/// so a row quoted alone says what its numbers are; the header row is never a line of its
/// own. HTML tables used for layout (cells holding paragraphs, nested tables) are read as
/// blocks instead.
enum TableRows {
    /// A scalar of a cell with the source bytes it was read from.
    struct Scalar {
        var scalar: Unicode.Scalar
        var start: Int
        var end: Int
    }

    typealias Cell = [Scalar]

    struct Row {
        var scalars: [Scalar]
        /// Where the row ends in the source.
        var end: Int
    }

    struct DataTable {
        let node: Int
        var caption: Cell?
        var header: [Cell]?
        var rows: [[Cell]]
        var rowEnds: [Int]
        /// Chinese tables are joined with full-width punctuation.
        var wide: Bool

        /// The table at `node` when it holds data: two rows or more of two cells or more,
        /// short cells, no table or paragraph inside a cell; nil for a layout table.
        init?(_ tree: HTMLTree, _ node: Int) {
            self.node = node
            var rowNodes: [(node: Int, inHead: Bool)] = []
            var captionNode: Int?
            // Rows of this table, not of a table inside it.
            var k = node + 1
            let end = tree.end(of: node)
            while k < end {
                let n = tree.nodes[k]
                if n.name == "table" { return nil }
                if ["p", "div", "ul", "ol", "blockquote", "h1", "h2", "h3", "pre"].contains(n.name),
                   HTMLMetadata.collapse(tree.text(of: k)).unicodeScalars.count > 120 {
                    return nil
                }
                if n.name == "caption" { captionNode = k }
                if n.name == "tr" { rowNodes.append((k, tree.nodes[n.parent].name == "thead")) }
                k += 1
            }
            guard rowNodes.count >= 2 else { return nil }
            var cells: [[Cell]] = []
            var heads: [Bool] = []
            var total = 0, count = 0
            rowEnds = []
            for (r, inHead) in rowNodes {
                var row: [Cell] = []
                var allTH = true
                for c in tree.nodes[r].children where ["td", "th"].contains(tree.nodes[c].name) {
                    let cell = TableRows.cell(tree, c)
                    let span = Int(tree.nodes[c].attribute("colspan") ?? "1").map { min(max($0, 1), 20) } ?? 1
                    row.append(cell)
                    for _ in 1..<span { row.append([]) }
                    if tree.nodes[c].name != "th" { allTH = false }
                    total += cell.count
                    count += 1
                }
                guard !row.isEmpty else { continue }
                cells.append(row)
                heads.append(inHead || allTH)
                rowEnds.append(tree.sourceEnd(of: r))
            }
            guard cells.count >= 2, cells.map(\.count).max() ?? 0 >= 2, count > 0, total / count <= 80 else { return nil }
            if heads.first == true || TableRows.looksLikeHeader(cells) {
                header = cells.removeFirst()
                rowEnds.removeFirst()
            }
            rows = cells
            caption = captionNode.map { TableRows.cell(tree, $0) }.flatMap { $0.isEmpty ? nil : $0 }
            wide = cells.joined().joined().contains { UnicodeText.isWide($0.scalar) }
        }

        func sentences() -> [Row] {
            TableRows.sentences(header: header, rows: rows, ends: rowEnds, wide: wide)
        }
    }

    /// Each row as one sentence: its first cell, then each other cell after its column's
    /// header ("label：header value，header value"); without a header, the cells joined.
    /// The joining punctuation stands at the next cell's place in the source.
    static func sentences(header: [Cell]?, rows: [[Cell]], ends: [Int], wide: Bool) -> [Row] {
        let colon: [Unicode.Scalar] = wide ? ["："] : [":", " "]
        let comma: [Unicode.Scalar] = wide ? ["，"] : [",", " "]
        var out: [Row] = []
        for (r, row) in rows.enumerated() {
            var line: [Scalar] = []
            let filled = row.enumerated().filter { !$0.element.isEmpty }
            guard let first = filled.first else { continue }
            // A bare number first (a rank, a row number) says what it counts by its header:
            // "Pos. 1: Driver Kyle Busch", "排名 1：球队 广州恒大".
            if let h = header, first.offset < h.count, !h[first.offset].isEmpty, isBareNumber(first.element) {
                let at = first.element.first?.start ?? 0
                line += h[first.offset]
                line.append(Scalar(scalar: " ", start: at, end: at))
            }
            line += first.element
            for (k, (c, cell)) in filled.dropFirst().enumerated() {
                let at = cell.first?.start ?? 0
                for g in k == 0 ? colon : comma { line.append(Scalar(scalar: g, start: at, end: at)) }
                if let h = header, c < h.count, !h[c].isEmpty {
                    line += h[c]
                    line.append(Scalar(scalar: " ", start: at, end: at))
                }
                line += cell
            }
            out.append(Row(scalars: line, end: r < ends.count ? ends[r] : (line.last?.end ?? 0)))
        }
        return out
    }

    /// A cell of digits alone (a dot, `#` or `No.`-like marks around them allowed).
    static func isBareNumber(_ cell: Cell) -> Bool {
        var digits = 0
        for c in cell {
            if c.scalar.properties.numericType != nil { digits += 1 } else if !".#、)）".unicodeScalars.contains(c.scalar) { return false }
        }
        return digits > 0 && digits <= 4
    }

    /// A first row written as plain cells that names columns of figures: digits in few of
    /// its cells ("Top 10" may have one), while most rows below have digits in most of theirs.
    static func looksLikeHeader(_ rows: [[Cell]]) -> Bool {
        guard let first = rows.first, rows.count >= 2 else { return false }
        func hasDigit(_ c: Cell) -> Bool { c.contains { $0.scalar.properties.numericType != nil } }
        let named = first.filter { !$0.isEmpty }
        guard named.count >= 2, named.filter(hasDigit).count * 3 <= named.count else { return false }
        let numeric = rows.dropFirst().filter { row in
            let filled = row.filter { !$0.isEmpty }
            return !filled.isEmpty && filled.filter(hasDigit).count * 2 >= filled.count
        }
        return numeric.count * 2 > rows.count - 1
    }

    /// A cell's text, white space made one space, with source offsets.
    static func cell(_ tree: HTMLTree, _ node: Int) -> Cell {
        var out: Cell = []
        var pendingSpace = false
        var k = node
        let end = tree.end(of: node)
        while k < end {
            let n = tree.nodes[k]
            if !n.isText {
                if BoilerplateHints.invisible.contains(n.name) { k = tree.end(of: k); continue }
                if n.name == "br" || BoilerplateHints.blockTags.contains(n.name) { pendingSpace = true }
                k += 1
                continue
            }
            for i in n.text {
                let s = tree.scalars[i]
                if s.isSpace {
                    pendingSpace = true
                } else if !CleanText.isControl(s) {
                    if pendingSpace, let last = out.last, !(UnicodeText.isWide(last.scalar) && UnicodeText.isWide(s)) {
                        out.append(Scalar(scalar: " ", start: tree.starts[i], end: tree.starts[i]))
                    }
                    pendingSpace = false
                    out.append(Scalar(scalar: s, start: tree.starts[i], end: tree.ends[i]))
                }
            }
            k += 1
        }
        return out
    }
}
