/// Text from articles and transcripts made safe to print on a terminal: nothing in it is
/// interpreted. Escape sequences (CSI, OSC, …), BEL, backspace, carriage return and the
/// other C0 and C1 controls become visible symbols (`ESC` → `␛`, `BEL` → `␇`, C1 → `�`),
/// bidirectional overrides and isolates are dropped, and tab and newline are kept.
///
///     output.write(TerminalText.safe(article.title))
///
/// JSON output needs none of this (the encoder escapes controls); Markdown export uses it
/// too, since it is read in terminals and previews.
public enum TerminalText {
    /// `text` with every control shown, never obeyed. `keepNewlines: false` shows `\n` as
    /// `␤` too (for one-line fields such as titles).
    public static func safe(_ text: String, keepNewlines: Bool = true) -> String {
        guard text.unicodeScalars.contains(where: { needsCare($0) || (!keepNewlines && $0 == "\n") }) else { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if s == "\n" {
                out.append(keepNewlines ? s : "\u{2424}")
            } else if s == "\t" {
                out.append(s)
            } else if s.value < 0x20 {
                out.append(Unicode.Scalar(0x2400 + s.value)!)  // ␀ … ␟: the control pictures
            } else if s.value == 0x7F {
                out.append("\u{2421}")  // ␡
            } else if (0x80...0x9F).contains(s.value) {
                out.append("\u{FFFD}")  // C1 controls (0x9B is a CSI on some terminals)
            } else if isBidiControl(s) {
                continue
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    /// Whether `s` would be obeyed by a terminal rather than shown.
    static func needsCare(_ s: Unicode.Scalar) -> Bool {
        (s.value < 0x20 && s != "\n" && s != "\t") || (0x7F...0x9F).contains(s.value) || isBidiControl(s)
    }

    /// The bidirectional embeddings, overrides and isolates (they reorder what follows).
    static func isBidiControl(_ s: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(s.value) || (0x2066...0x2069).contains(s.value)
            || s.value == 0x200E || s.value == 0x200F || s.value == 0x061C
    }

    /// Whether `text` is safe as it is.
    public static func isSafe(_ text: String) -> Bool {
        !text.unicodeScalars.contains(where: needsCare)
    }
}
