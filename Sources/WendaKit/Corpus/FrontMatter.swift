import Foundation

/// A `---` front-matter block of YAML scalars (`key: value`, `key: 'quoted'`,
/// `key: "quoted\n"`; a `- item` list under a key is joined with ", ").
struct FrontMatter: Sendable, Equatable {
    /// Keys in the order read.
    var fields: [(key: String, value: String)] = []
    /// Where the body starts (a scalar index of the source).
    var bodyStart = 0

    static func == (a: FrontMatter, b: FrontMatter) -> Bool {
        a.bodyStart == b.bodyStart && a.fields.map(\.key) == b.fields.map(\.key)
            && a.fields.map(\.value) == b.fields.map(\.value)
    }

    func value(_ key: String) -> String? {
        fields.first { $0.key.lowercased() == key }?.value
    }

    /// The front matter at the start of `scalars`, nil when there is none; throws when it
    /// is opened but never closed.
    static func parse(_ scalars: [Unicode.Scalar]) throws(FrontMatterError) -> FrontMatter? {
        let lines = Self.lines(scalars)
        guard let first = lines.first, trimmed(scalars, first) == "---" else { return nil }
        // A rule at the top of a Markdown text is no front matter: that starts with `key:`
        // (or closes at once). Its head tells (a key is at most 60 characters).
        if let next = lines.dropFirst().first(where: { !trimmed(scalars, $0).isEmpty }) {
            let t = trimmed(scalars, next, atMost: 128)
            let key = t.prefix { $0 != ":" }
            let isKey = t != key && !key.isEmpty && key.count <= 60 && !key.hasPrefix("-")
                && key.allSatisfy { $0.isLetter || $0.isNumber || "_- .".contains($0) }
            guard isKey || t == "---" || t == "..." || t.hasPrefix("#") else { return nil }
        }
        var fm = FrontMatter()
        var lastKey: String?
        for line in lines.dropFirst() {
            let text = String(String.UnicodeScalarView(scalars[line]))
            let t = text.trimmingWhitespace()
            if t == "---" || t == "..." {
                fm.bodyStart = min(line.upperBound + 1, scalars.count)
                return fm
            }
            if t.isEmpty || t.hasPrefix("#") { continue }
            if t.hasPrefix("- "), let key = lastKey, text.first == " " || text.first == "-" {
                let item = scalarValue(String(t.dropFirst(2)))
                if let i = fm.fields.lastIndex(where: { $0.key == key }) {
                    fm.fields[i].value += fm.fields[i].value.isEmpty ? item : ", " + item
                }
                continue
            }
            guard let colon = text.firstIndex(of: ":"), text.first != " " else {
                continue  // a line wenda does not understand: not a scalar it needs
            }
            let key = String(text[..<colon]).trimmingWhitespace()
            let value = scalarValue(String(text[text.index(after: colon)...]).trimmingWhitespace())
            guard !key.isEmpty else { continue }
            fm.fields.append((key, value))
            lastKey = key
        }
        throw .unclosed
    }

    /// A YAML scalar: 'single' ('' for '), "double" (backslash escapes), or plain (a
    /// trailing ` # comment` dropped).
    static func scalarValue(_ raw: String) -> String {
        if raw.count >= 2, raw.hasPrefix("'"), raw.hasSuffix("'") {
            return String(raw.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        if raw.count >= 2, raw.hasPrefix("\""), raw.hasSuffix("\"") {
            var out = ""
            var it = raw.dropFirst().dropLast().makeIterator()
            while let c = it.next() {
                guard c == "\\", let e = it.next() else { out.append(c); continue }
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "\"": out.append("\"")
                case "\\": out.append("\\")
                case "/": out.append("/")
                case "u", "x":
                    var hex = ""
                    for _ in 0..<(e == "u" ? 4 : 2) { if let h = it.next() { hex.append(h) } }
                    if let v = UInt32(hex, radix: 16), let s = Unicode.Scalar(v) { out.unicodeScalars.append(s) }
                    else { out += "\\\(e)\(hex)" }
                default: out.append("\\"); out.append(e)
                }
            }
            return out
        }
        if let hash = raw.range(of: " #") { return String(raw[..<hash.lowerBound]).trimmingWhitespace() }
        return raw
    }

    static func lines(_ scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        for (i, s) in scalars.enumerated() where s == "\n" {
            out.append(start..<i)
            start = i + 1
        }
        if start < scalars.count { out.append(start..<scalars.count) }
        return out
    }

    /// The line `r` without white space at either end; of a line longer than `atMost`
    /// scalars, only its first `atMost` (a line of megabytes is never copied whole: what is
    /// asked of it here is whether it is `---`, blank, or starts with a key).
    static func trimmed(_ scalars: [Unicode.Scalar], _ r: Range<Int>, atMost: Int = 16) -> String {
        var a = r.lowerBound, b = r.upperBound
        while a < b, scalars[a].isSpace { a += 1 }
        while b > a, scalars[b - 1].isSpace { b -= 1 }
        return String(String.UnicodeScalarView(scalars[a..<min(b, a + atMost)]))
    }
}

enum FrontMatterError: Error { case unclosed }

extension StringProtocol {
    func trimmingWhitespace() -> String {
        let s = unicodeScalars
        guard let a = s.firstIndex(where: { !$0.isSpace }) else { return "" }
        let b = s.lastIndex(where: { !$0.isSpace })!
        return String(String.UnicodeScalarView(s[a...b]))
    }
}
