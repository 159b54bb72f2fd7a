import Foundation

/// Parses ages like `30d`, `12h`, `2w`, `6mo`, `1y` (a month is 30 days, a year 365), and
/// for `--since` also dates (`2026-11-01`, `2026-11-01 14:00`, ISO 8601).
public enum AgeParser {
    static let units: [(suffix: String, seconds: Double)] = [
        ("mo", 30 * 86400), ("h", 3600), ("d", 86400), ("w", 7 * 86400), ("y", 365 * 86400),
    ]

    /// The number of seconds `text` stands for (never negative).
    public static func seconds(_ text: String) throws -> TimeInterval {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        for (suffix, unit) in units where t.hasSuffix(suffix) {
            let number = t.dropLast(suffix.count)
            guard let n = Double(number), n >= 0, n.isFinite, !number.hasPrefix("+"), !number.isEmpty,
                  number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) else { break }
            return n * unit
        }
        throw TranscriptError.badDuration(text)
    }

    /// The time `text` names: an age back from `now` (`30d`) or a date (local time unless
    /// it says otherwise).
    public static func since(_ text: String, now: Date = Date(), timeZone: TimeZone = .current) throws -> Date {
        if let s = try? seconds(text) { return now.addingTimeInterval(-s) }
        let t = text.trimmingCharacters(in: .whitespaces)
        let iso = ISO8601DateFormatter()
        if let d = iso.date(from: t) { return d }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = timeZone
        for pattern in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"] {
            f.dateFormat = pattern
            if let d = f.date(from: t) { return d }
        }
        throw TranscriptError.badDate(text)
    }
}
