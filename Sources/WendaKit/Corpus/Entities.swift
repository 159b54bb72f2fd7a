/// HTML character references: named (`&amp;`), decimal (`&#20013;`) and hex (`&#x4E2D;`).
/// A reference that is broken (no `;`, unknown name, no such code point) is left as text.
enum Entities {
    /// The scalar of the reference at `i` (where `s[i] == "&"`) and the index after its `;`.
    static func decode(_ s: [Unicode.Scalar], at i: Int, end: Int) -> (Unicode.Scalar, Int)? {
        var j = i + 1
        guard j < end else { return nil }
        if s[j] == "#" {
            j += 1
            var radix: UInt32 = 10
            if j < end, s[j] == "x" || s[j] == "X" { radix = 16; j += 1 }
            var value: UInt32 = 0
            var digits = 0
            while j < end, let d = digit(s[j], radix) {
                value = value &* radix &+ d
                if value > 0x10FFFF { return nil }
                digits += 1
                j += 1
            }
            guard digits > 0, j < end, s[j] == ";", value != 0, let scalar = Unicode.Scalar(value) else { return nil }
            return (scalar, j + 1)
        }
        var name = ""
        while j < end, j - i <= 32, s[j].isASCII, s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) {
            name.unicodeScalars.append(s[j])
            j += 1
        }
        guard j < end, s[j] == ";", let scalar = named[name] else { return nil }
        return (scalar, j + 1)
    }

    /// Every reference of `s[range]` decoded (for attribute values).
    static func decodeAll(_ s: [Unicode.Scalar], _ range: Range<Int>) -> String {
        var out = String.UnicodeScalarView()
        var i = range.lowerBound
        while i < range.upperBound {
            if s[i] == "&", let (scalar, next) = decode(s, at: i, end: range.upperBound) {
                out.append(scalar)
                i = next
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return String(out)
    }

    /// Decodes the references of a string.
    public static func decode(_ text: String) -> String {
        let s = Array(text.unicodeScalars)
        return decodeAll(s, 0..<s.count)
    }

    private static func digit(_ s: Unicode.Scalar, _ radix: UInt32) -> UInt32? {
        switch s.value {
        case 0x30...0x39: return s.value - 0x30
        case 0x41...0x46 where radix == 16: return s.value - 0x41 + 10
        case 0x61...0x66 where radix == 16: return s.value - 0x61 + 10
        default: return nil
        }
    }

    static let named: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}", "zwnj": "\u{200C}",
        "zwj": "\u{200D}", "lrm": "\u{200E}", "rlm": "\u{200F}", "shy": "\u{AD}",
        "ndash": "–", "mdash": "—", "hellip": "…", "lsquo": "‘", "rsquo": "’", "sbquo": "‚",
        "ldquo": "“", "rdquo": "”", "bdquo": "„", "laquo": "«", "raquo": "»", "lsaquo": "‹",
        "rsaquo": "›", "middot": "·", "bull": "•", "prime": "′", "Prime": "″", "oline": "‾",
        "copy": "©", "reg": "®", "trade": "™", "deg": "°", "plusmn": "±", "times": "×",
        "divide": "÷", "micro": "µ", "para": "¶", "sect": "§", "cent": "¢", "pound": "£",
        "yen": "¥", "euro": "€", "curren": "¤", "iexcl": "¡", "iquest": "¿", "ordf": "ª",
        "ordm": "º", "sup1": "¹", "sup2": "²", "sup3": "³", "frac14": "¼", "frac12": "½",
        "frac34": "¾", "not": "¬", "macr": "¯", "acute": "´", "cedil": "¸", "uml": "¨",
        "brvbar": "¦", "dagger": "†", "Dagger": "‡", "permil": "‰", "larr": "←", "rarr": "→",
        "uarr": "↑", "darr": "↓", "harr": "↔", "le": "≤", "ge": "≥", "ne": "≠", "asymp": "≈",
        "infin": "∞", "minus": "−", "radic": "√", "sum": "∑", "prod": "∏", "hearts": "♥",
        "star": "☆", "check": "✓", "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ",
        "epsilon": "ε", "lambda": "λ", "mu": "μ", "pi": "π", "sigma": "σ", "omega": "ω",
        "Alpha": "Α", "Beta": "Β", "Gamma": "Γ", "Delta": "Δ", "Sigma": "Σ", "Omega": "Ω",
        "Agrave": "À", "Aacute": "Á", "Acirc": "Â", "Atilde": "Ã", "Auml": "Ä", "Aring": "Å",
        "AElig": "Æ", "Ccedil": "Ç", "Egrave": "È", "Eacute": "É", "Ecirc": "Ê", "Euml": "Ë",
        "Igrave": "Ì", "Iacute": "Í", "Icirc": "Î", "Iuml": "Ï", "Ntilde": "Ñ", "Ograve": "Ò",
        "Oacute": "Ó", "Ocirc": "Ô", "Otilde": "Õ", "Ouml": "Ö", "Oslash": "Ø", "Ugrave": "Ù",
        "Uacute": "Ú", "Ucirc": "Û", "Uuml": "Ü", "Yacute": "Ý", "szlig": "ß", "agrave": "à",
        "aacute": "á", "acirc": "â", "atilde": "ã", "auml": "ä", "aring": "å", "aelig": "æ",
        "ccedil": "ç", "egrave": "è", "eacute": "é", "ecirc": "ê", "euml": "ë", "igrave": "ì",
        "iacute": "í", "icirc": "î", "iuml": "ï", "ntilde": "ñ", "ograve": "ò", "oacute": "ó",
        "ocirc": "ô", "otilde": "õ", "ouml": "ö", "oslash": "ø", "ugrave": "ù", "uacute": "ú",
        "ucirc": "û", "uuml": "ü", "yacute": "ý", "yuml": "ÿ", "OElig": "Œ", "oelig": "œ",
        "Scaron": "Š", "scaron": "š", "Yuml": "Ÿ", "fnof": "ƒ", "circ": "ˆ", "tilde": "˜",
    ]
}
