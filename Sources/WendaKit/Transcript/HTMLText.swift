import Foundation

/// Text made fit for an HTML page, and the pieces of a quote around its answer spans
/// (shared by the Markdown and HTML exports).
enum HTMLText {
    /// `text` escaped for an element's content or a quoted attribute: `&`, `<`, `>`, `"`
    /// and `'` as references, so no article or question can open or close a tag (`<script>`,
    /// `</style>`) or an attribute. Controls other than tab and line end, and the bidi
    /// overrides that could reorder what is shown, are left out.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for s in text.unicodeScalars {
            switch s {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(s)
            default:
                let v = s.value
                if v < 0x20 || (v >= 0x7F && v < 0xA0) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) { continue }
                out.unicodeScalars.append(s)
            }
        }
        return out
    }

    /// `text` cut into pieces at the [start, end) Unicode-scalar spans, each piece saying
    /// whether it is inside one (spans out of range are clipped, overlapping ones merged).
    static func pieces(_ text: String, _ spans: [[Int]]) -> [(text: String, marked: Bool)] {
        let scalars = Array(text.unicodeScalars)
        func slice(_ a: Int, _ b: Int) -> String { String(String.UnicodeScalarView(scalars[a..<b])) }
        var out: [(String, Bool)] = []
        var at = 0
        for span in spans.filter({ $0.count == 2 }).sorted(by: { $0[0] < $1[0] }) {
            let a = min(max(span[0], at), scalars.count), b = min(max(span[1], a), scalars.count)
            guard b > a else { continue }
            if a > at { out.append((slice(at, a), false)) }
            out.append((slice(a, b), true))
            at = b
        }
        if at < scalars.count || out.isEmpty { out.append((slice(at, scalars.count), false)) }
        return out
    }

    /// `sentence 1`, `sentences 1–2`, or `sentence 2 to ¶19 sentence 1` (see
    /// `Citation.sentences`, as the answer printer says it).
    static func sentences(_ c: Citation) -> String { c.sentences }
}
