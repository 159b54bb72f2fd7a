/// Builds cleaned text line by line, every scalar with the source bytes it came from.
/// White space is collapsed the way a browser shows it: a run becomes one space, none at
/// the start or end of a line, and a line break between two Chinese characters vanishes.
struct CleanText {
    struct Line {
        var scalars: [Unicode.Scalar] = []
        /// Source byte offset where each scalar starts, and where it ends.
        var starts: [Int] = []
        var ends: [Int] = []
        /// Source offset where the line was ended (the `<br/>`, the newline).
        var endOffset = 0
        /// The 1-based block (`<p>`, `<blockquote>`, text paragraph) the line belongs to.
        var block = 0

        var string: String { UnicodeText.string(scalars) }
        /// The first `count` scalars (what a line starts with, without copying a long one).
        func head(_ count: Int) -> String { UnicodeText.string(scalars.prefix(count)) }
        var isBlank: Bool { scalars.allSatisfy { $0.isSpace } }
    }

    private(set) var lines: [Line] = []
    private var current = Line()
    private var pendingSpace: (start: Int, end: Int, lineBreak: Bool)?
    private(set) var block = 1
    private var blockUsed = false

    /// Appends a scalar read from `start..<end` of the source. Control characters (C0 but
    /// tab and newline, DEL, C1) are dropped: they are no text, and on a terminal they are
    /// commands (the scalars around them keep their offsets).
    mutating func append(_ s: Unicode.Scalar, start: Int, end: Int) {
        if Self.isControl(s) { return }
        if let p = pendingSpace {
            pendingSpace = nil
            if !current.scalars.isEmpty
                && !(p.lineBreak && UnicodeText.isWide(current.scalars.last!) && UnicodeText.isWide(s)) {
                push(" ", p.start, p.end)
            }
        }
        push(s, start, end)
    }

    /// Appends a scalar verbatim, white space included (preformatted text).
    mutating func appendVerbatim(_ s: Unicode.Scalar, start: Int, end: Int) {
        if Self.isControl(s) && s != "\t" { return }
        pendingSpace = nil
        push(s, start, end)
    }

    /// Notes white space at `start..<end` of the source; it becomes at most one space.
    mutating func space(start: Int, end: Int, lineBreak: Bool = false) {
        if var p = pendingSpace {
            p.end = end
            p.lineBreak = p.lineBreak || lineBreak
            pendingSpace = p
        } else {
            pendingSpace = (start, end, lineBreak)
        }
    }

    private mutating func push(_ s: Unicode.Scalar, _ start: Int, _ end: Int) {
        current.scalars.append(s)
        current.starts.append(start)
        current.ends.append(end)
        blockUsed = true
    }

    /// Ends the current line (a `<br/>`, a block tag, a paragraph break) at `offset`.
    mutating func breakLine(at offset: Int) {
        pendingSpace = nil
        while let last = current.scalars.last, last.isSpace {
            current.scalars.removeLast(); current.starts.removeLast(); current.ends.removeLast()
        }
        var lead = 0
        while lead < current.scalars.count, current.scalars[lead].isSpace { lead += 1 }
        if lead > 0 {
            current.scalars.removeFirst(lead); current.starts.removeFirst(lead); current.ends.removeFirst(lead)
        }
        if !current.scalars.isEmpty {
            current.endOffset = offset
            current.block = block
            lines.append(current)
        }
        current = Line()
    }

    /// Ends the current line and starts a new block (paragraph, quote, heading…).
    mutating func breakBlock(at offset: Int) {
        breakLine(at: offset)
        if blockUsed {
            block += 1
            blockUsed = false
        }
    }

    mutating func finish(at offset: Int) -> [Line] {
        breakLine(at: offset)
        return lines
    }

    /// Controls that are no text: C0 but tab and newline (white space is handled before),
    /// DEL and C1.
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        (s.value < 0x20 && s != "\t" && s != "\n") || (0x7F...0x9F).contains(s.value)
    }
}
