/// Folding for matching: full-width ASCII to ASCII, ideographic space to space, and
/// lower case. Never applied to text that is quoted back to the user.
public enum Normalizer {
    @inlinable
    public static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let v = scalar.value
        if v >= 0xFF01 && v <= 0xFF5E { return fold(Unicode.Scalar(v - 0xFEE0)!) }
        if v == 0x3000 { return " " }
        if v >= 0x41 && v <= 0x5A { return Unicode.Scalar(v + 32)! }
        return scalar
    }

    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            let f = fold(s)
            if f.value < 0x80 || !f.properties.changesWhenLowercased {
                out.append(f)
            } else {
                out.append(contentsOf: String(f).lowercased().unicodeScalars)
            }
        }
        return String(out)
    }
}
