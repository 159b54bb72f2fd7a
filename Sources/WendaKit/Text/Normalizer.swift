/// Folding for matching: full-width ASCII to ASCII, ideographic space to space, lower
/// case, and Traditional Chinese characters to Simplified ones (OpenCC's character table),
/// so a question in either script finds text in the other. Never applied to text that is
/// quoted back to the user; one scalar always folds to one scalar, so offsets hold.
public enum Normalizer {
    public static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let v = scalar.value
        if v >= 0x3400 {
            if v <= 0x9FFF {
                let s = basicTable[Int(v - 0x3400)]
                return s == 0 ? scalar : Unicode.Scalar(s)!
            }
            if v >= 0xFF01 && v <= 0xFF5E { return fold(Unicode.Scalar(v - 0xFEE0)!) }
            if v >= 0x20000, let s = otherTable[v] { return Unicode.Scalar(s)! }
            return scalar
        }
        if v == 0x3000 { return " " }
        if v >= 0x41 && v <= 0x5A { return Unicode.Scalar(v + 32)! }
        return scalar
    }

    /// Whether `scalar` is in a block without letters that have a lower case: General
    /// Punctuation, CJK symbols and punctuation, kana and their neighbours, half-width
    /// forms. Asked before the (slower) Unicode property look-up for the punctuation of
    /// Chinese text.
    @inline(__always)
    static func hasNoCase(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v >= 0x2000 && v <= 0x206F) || (v >= 0x2E80 && v <= 0x33FF) || (v >= 0xFF5F && v <= 0xFFEF)
    }

    /// The Simplified form of each Traditional character U+3400…U+9FFF (0: unchanged).
    static let basicTable: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 0x9FFF - 0x3400 + 1)
        for (a, b) in traditionalPairs where a >= 0x3400 && a <= 0x9FFF { t[Int(a - 0x3400)] = b }
        return t
    }()

    /// …and of those beyond the Basic Multilingual Plane.
    static let otherTable: [UInt32: UInt32] = {
        var t: [UInt32: UInt32] = [:]
        for (a, b) in traditionalPairs where a > 0x9FFF { t[a] = b }
        return t
    }()

    /// The pairs of the generated OpenCC table.
    static var traditionalPairs: [(UInt32, UInt32)] {
        var out: [(UInt32, UInt32)] = []
        for chunk in TraditionalSimplified.pairs {
            let s = Array(chunk.unicodeScalars)
            var i = 0
            while i + 1 < s.count {
                out.append((s[i].value, s[i + 1].value))
                i += 2
            }
        }
        return out
    }

    /// The Simplified form of `text` for matching (every scalar folded; see `fold(_:)`).
    public static func simplified(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars { out.append(fold(s)) }
        return String(out)
    }

    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            let f = fold(s)
            if f.value < 0x80 || hasNoCase(f) || !f.properties.changesWhenLowercased {
                out.append(f)
            } else {
                out.append(contentsOf: String(f).lowercased().unicodeScalars)
            }
        }
        return String(out)
    }
}
