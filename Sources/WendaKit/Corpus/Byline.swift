import Foundation

/// Bylines and dates as articles write them: "By Jane Doe", "记者 张三", "文/李四",
/// "2024-04-23", "2024年4月23日", "Nov. 19, 2019".
enum Byline {
    /// An author's name as a citation shows it, from a meta value or a byline: "By " taken
    /// off; nil for a URL, an empty or an overlong value.
    static func cleanName(_ raw: String) -> String? {
        var s = raw.trimmingWhitespace()
        for prefix in ["By ", "by ", "BY ", "By: ", "作者：", "作者:", "文/", "文／", "记者：", "记者:", "记者 "] where s.hasPrefix(prefix) {
            s = String(s.dropFirst(prefix.count)).trimmingWhitespace()
        }
        let lower = s.lowercased()
        if s.isEmpty || s.unicodeScalars.count > 80 || lower.hasPrefix("http") || lower.hasPrefix("www.") || s.contains("@") && !s.contains(" ") {
            return nil
        }
        return s
    }

    static let englishByline = try! NSRegularExpression(
        pattern: #"^(?:Written |Story |Reporting )?[Bb][Yy]:?\s+((?:[\p{Lu}][\p{L}.'’\-]*\.?)(?:\s+(?:[\p{Lu}][\p{L}.'’\-]*|de|van|von|der|da|di|le|la|bin|al)){0,4}(?:\s*(?:,|and|&)\s*(?:[\p{Lu}][\p{L}.'’\-]*)(?:\s+[\p{Lu}][\p{L}.'’\-]*){0,4})*)"#)
    static let chineseByline = try! NSRegularExpression(
        pattern: #"(?:^|[（(【\[\s])(?:本报|本刊|本台|新华社|中新社)?(?:特约)?(?:记者|作者|撰文|文|采写)\s*[：:/／]?\s*((?:\p{Han}{2,4})(?:[\s、，,]+\p{Han}{2,4})*)"#)

    /// The author named by a short line such as "By Jane Doe and John Roe" or
    /// "（记者 张三 李四）"; nil when the line is no byline.
    static func author(inLine line: String) -> String? {
        let text = line.trimmingWhitespace()
        guard !text.isEmpty, text.unicodeScalars.count <= 160 else { return nil }
        let ns = text as NSString
        if let m = englishByline.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) {
            let name = ns.substring(with: m.range(at: 1)).trimmingWhitespace()
            // "By the time…", "By Monday": a name is more than one lower-case word.
            let words = name.split(separator: " ")
            if words.count >= 2 || name.contains("."), !["The", "This", "Then", "That"].contains(String(words.first ?? "")) {
                return name.trimmingCharacters(in: CharacterSet(charactersIn: ",.;|–—- "))
            }
        }
        if let m = chineseByline.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) {
            let names = ns.substring(with: m.range(at: 1)).split(whereSeparator: { " 、，,".contains($0) || $0.isWhitespace })
            // Names up to the next role ("记者 王五 通讯员 赵六": the reporter is 王五).
            let kept = names.map(String.init).prefix { !nonNames.contains($0) }
            if !kept.isEmpty { return kept.joined(separator: " ") }
        }
        return nil
    }

    /// Han words a byline pattern can take for names.
    static let nonNames: Set<String> = ["报道", "摄影", "通讯员", "编辑", "责任编辑", "实习生", "来源", "发布", "时间"]
}

/// Dates as pages write them, read into `YYYY-MM-DD`.
enum DateText {
    static let patterns: [(NSRegularExpression, order: String)] = [
        (try! NSRegularExpression(pattern: #"(\d{4})-(\d{1,2})-(\d{1,2})"#), "ymd"),
        (try! NSRegularExpression(pattern: #"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"#), "ymd"),
        (try! NSRegularExpression(pattern: #"(\d{4})[/.](\d{1,2})[/.](\d{1,2})"#), "ymd"),
        (try! NSRegularExpression(pattern: #"\b([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),?\s+(\d{4})\b"#), "mdy"),
        (try! NSRegularExpression(pattern: #"\b(\d{1,2})\s+([A-Z][a-z]{2,8})\.?,?\s+(\d{4})\b"#), "dmy"),
        (try! NSRegularExpression(pattern: #"^(\d{4})(\d{2})(\d{2})(?:T|\b)"#), "ymd"),
    ]

    static let months = ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                         "oct": 10, "nov": 11, "dec": 12]

    /// The first date written in `text`, as `YYYY-MM-DD`; nil when there is none.
    static func normalized(_ text: String) -> String? {
        let ns = text as NSString
        var best: (location: Int, value: String)?
        for (re, order) in patterns {
            guard let m = re.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { continue }
            let parts = (1...3).map { ns.substring(with: m.range(at: $0)) }
            var y = 0, mo = 0, d = 0
            switch order {
            case "ymd": y = Int(parts[0]) ?? 0; mo = Int(parts[1]) ?? 0; d = Int(parts[2]) ?? 0
            case "mdy": mo = month(parts[0]); d = Int(parts[1]) ?? 0; y = Int(parts[2]) ?? 0
            default: d = Int(parts[0]) ?? 0; mo = month(parts[1]); y = Int(parts[2]) ?? 0
            }
            guard (1900...2100).contains(y), (1...12).contains(mo), (1...31).contains(d) else { continue }
            let value = String(format: "%04d-%02d-%02d", y, mo, d)
            if best == nil || m.range.location < best!.location { best = (m.range.location, value) }
        }
        return best?.value
    }

    static func month(_ name: String) -> Int {
        let key = name.lowercased()
        return months[key] ?? months[String(key.prefix(3))] ?? 0
    }
}
