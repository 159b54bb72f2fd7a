import Foundation

/// A session's id: short, typable and time-ordered. Nine Crockford base32 digits of the
/// start time in milliseconds (sorts by time until the year 3084), then four random
/// digits, in lower case: `01jdx4k2m7q3vz`-like, 13 characters.
public struct SessionID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// A new id for a session started at `date`.
    public static func make(at date: Date = Date()) -> SessionID {
        var rng = SystemRandomNumberGenerator()
        return make(at: date, using: &rng)
    }

    static func make<R: RandomNumberGenerator>(at date: Date, using rng: inout R) -> SessionID {
        let ms = UInt64(max(0, (date.timeIntervalSince1970 * 1000).rounded(.down)))
        var out = encode(ms, digits: 9)
        out += encode(UInt64(rng.next(upperBound: UInt32(1 << 20))), digits: 4)
        return SessionID(rawValue: out)
    }

    /// Crockford's base32 alphabet (no i, l, o, u), lower case.
    static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz")

    static func encode(_ value: UInt64, digits: Int) -> String {
        var chars = [Character](repeating: "0", count: digits)
        var v = value
        for i in stride(from: digits - 1, through: 0, by: -1) {
            chars[i] = alphabet[Int(v & 31)]
            v >>= 5
        }
        return String(chars)
    }

    /// The start time encoded in the id, if it is one of ours.
    public var date: Date? {
        let chars = Array(rawValue.prefix(9))
        guard chars.count == 9 else { return nil }
        var v: UInt64 = 0
        for c in chars {
            guard let d = SessionID.alphabet.firstIndex(of: c) else { return nil }
            v = v << 5 | UInt64(d)
        }
        return Date(timeIntervalSince1970: Double(v) / 1000)
    }

    /// Folds what a person typed into the form ids are stored in (case, and the letters
    /// Crockford reads as digits).
    public static func normalizePrefix(_ text: String) -> String {
        String(text.lowercased().map { c -> Character in
            switch c {
            case "i", "l": return "1"
            case "o": return "0"
            default: return c
            }
        })
    }

    public var description: String { rawValue }
    public static func < (a: SessionID, b: SessionID) -> Bool { a.rawValue < b.rawValue }
}

/// How a session was started.
public enum SessionMode: String, Sendable, Hashable, Codable, CaseIterable {
    /// The interactive shell.
    case shell
    /// `wenda ask`.
    case ask
    /// Questions piped on standard input.
    case pipe
}
