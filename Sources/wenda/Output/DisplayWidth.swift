import Foundation

/// How many terminal columns text takes (East Asian wide and fullwidth characters two,
/// combining marks and zero-width characters none, others one), and text fitted to a
/// number of columns; and the columns of the terminal itself.
enum DisplayWidth {
    /// The columns of the terminal on `fd`, nil when it is not one (or does not say).
    static func terminalColumns(_ fd: Int32 = STDOUT_FILENO) -> Int? {
        guard isatty(fd) != 0 else { return nil }
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x300 { return v < 0x20 || v == 0x7F ? 0 : 1 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) || (0x200B...0x200F).contains(v) { return 0 }
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE10...0xFE19).contains(v)
            || (0xFE30...0xFE6F).contains(v) || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
        return wide ? 2 : 1
    }

    static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    /// The column (0-based) where the cursor stands after printing `text` from the start of
    /// a row on a terminal `width` columns wide, which wraps a wide character that does not
    /// fit at the end of a row to the next one.
    static func endColumn(of text: String, width: Int) -> Int {
        var column = 0
        for s in text.unicodeScalars {
            if s == "\n" { column = 0; continue }
            let w = of(s)
            if column + w > width { column = 0 }
            column += w
        }
        return column
    }

    /// `text` cut to at most `columns` columns, an ellipsis marking the cut.
    static func truncate(_ text: String, to columns: Int) -> String {
        guard of(text) > columns else { return text }
        var out = String.UnicodeScalarView()
        var used = 0
        for s in text.unicodeScalars {
            let w = of(s)
            if used + w > columns - 1 { break }
            out.append(s)
            used += w
        }
        return String(out) + "…"
    }

    /// A piece of a packed line: one of the parts (by its position), or a separator.
    enum Piece {
        case part(Int, String)
        case separator(String)

        var text: String {
            switch self {
            case .part(_, let s), .separator(let s): s
            }
        }
    }

    /// `parts` joined by `separator` on lines of at most `width` columns: a part that does
    /// not fit on the current line starts the next one, and a part wider than a line is
    /// cut into pieces that fit. Without a width, one line.
    static func pack(_ parts: [String], separator: String, width: Int?) -> [[Piece]] {
        guard let width, width > 0 else {
            var line: [Piece] = []
            for (k, p) in parts.enumerated() {
                if k > 0 { line.append(.separator(separator)) }
                line.append(.part(k, p))
            }
            return [line]
        }
        var lines: [[Piece]] = []
        var line: [Piece] = []
        var used = 0
        let gap = of(separator)
        for (k, part) in parts.enumerated() {
            let w = of(part)
            if !line.isEmpty, used + gap + w <= width {
                line.append(.separator(separator))
                line.append(.part(k, part))
                used += gap + w
                continue
            }
            if !line.isEmpty { lines.append(line) }
            line = []
            used = 0
            // A part wider than a line: cut where the columns run out.
            var chunk = String.UnicodeScalarView()
            for s in part.unicodeScalars {
                let sw = of(s)
                if used + sw > width, !chunk.isEmpty {
                    lines.append([.part(k, String(chunk))])
                    chunk = String.UnicodeScalarView()
                    used = 0
                }
                chunk.append(s)
                used += sw
            }
            line = [.part(k, String(chunk))]
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
