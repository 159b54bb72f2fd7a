/// A JSON value as the corpus readers see it (corpus JSONL lines, corpus files, the
/// manifest): parsed straight from UTF-8 bytes by `JSONBytes`, no Foundation objects.
enum JSONValue: Sendable, Equatable {
    case object([(key: String, value: JSONValue)])
    case array([JSONValue])
    case string(String)
    /// A number without fraction or exponent that fits an `Int`.
    case integer(Int)
    case double(Double)
    case bool(Bool)
    case null

    /// The value of `key` in an object (the last one when a key repeats); nil otherwise.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        for m in members.reversed() where m.key == key { return m.value }
        return nil
    }

    var string: String? { if case .string(let s) = self { return s }; return nil }
    var integer: Int? { if case .integer(let i) = self { return i }; return nil }
    var array: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    var members: [(key: String, value: JSONValue)]? { if case .object(let m) = self { return m }; return nil }

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.array(let x), .array(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.integer(let x), .integer(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }
}

/// A strict JSON parser over UTF-8 bytes (RFC 8259: no comments, no trailing commas, no
/// raw control characters in strings). Nesting deeper than `maxDepth` is refused rather
/// than recursed into. Invalid UTF-8 inside strings becomes U+FFFD.
struct JSONBytes {
    static let maxDepth = 256

    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0
    private var scratch: [UInt8] = []

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { b = bytes }

    /// The one value the bytes hold (white space around it allowed), or nil.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        var p = JSONBytes(bytes)
        p.skipSpace()
        guard let v = p.value() else { return nil }
        p.skipSpace()
        return p.i == bytes.count ? v : nil
    }

    static func parse(_ bytes: [UInt8]) -> JSONValue? {
        bytes.withUnsafeBufferPointer { parse($0) }
    }

    /// The values of a sequence of JSON texts separated by white space (a corpus file of
    /// several articles), each with the byte range it was read from; nil when one of them
    /// is not valid JSON.
    static func parseSequence(_ bytes: [UInt8]) -> [(range: Range<Int>, value: JSONValue)]? {
        bytes.withUnsafeBufferPointer { b in
            var p = JSONBytes(b)
            var out: [(range: Range<Int>, value: JSONValue)] = []
            p.skipSpace()
            while p.i < b.count {
                let start = p.i
                guard let v = p.value() else { return nil }
                out.append((start..<p.i, v))
                p.skipSpace()
            }
            return out
        }
    }

    private mutating func skipSpace() {
        while i < b.count {
            let c = b[i]
            if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { i += 1 } else { break }
        }
    }

    private mutating func value() -> JSONValue? {
        guard i < b.count else { return nil }
        switch b[i] {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""): return string().map(JSONValue.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number()
        }
    }

    private mutating func literal(_ word: StaticString, _ v: JSONValue) -> JSONValue? {
        let n = word.utf8CodeUnitCount
        guard i + n <= b.count else { return nil }
        let w = word.utf8Start
        for k in 0..<n where b[i + k] != w[k] { return nil }
        i += n
        return v
    }

    /// At `close` (after space): passes it and is true, for an empty object or array.
    private mutating func closes(_ close: UInt8) -> Bool {
        skipSpace()
        guard i < b.count, b[i] == close else { return false }
        i += 1
        return true
    }

    /// After a member or item: true at `,` (another follows), false at `close` (the end),
    /// nil at anything else; the mark is passed.
    private mutating func separator(closing close: UInt8) -> Bool? {
        skipSpace()
        guard i < b.count else { return nil }
        if b[i] == UInt8(ascii: ",") { i += 1; return true }
        if b[i] == close { i += 1; return false }
        return nil
    }

    private mutating func object() -> JSONValue? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { return nil }
        i += 1
        var members: [(key: String, value: JSONValue)] = []
        if closes(UInt8(ascii: "}")) { return .object(members) }
        while true {
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: "\""), let key = string() else { return nil }
            skipSpace()
            guard i < b.count, b[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace()
            guard let v = value() else { return nil }
            members.append((key, v))
            guard let more = separator(closing: UInt8(ascii: "}")) else { return nil }
            if !more { return .object(members) }
        }
    }

    private mutating func array() -> JSONValue? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { return nil }
        i += 1
        var items: [JSONValue] = []
        if closes(UInt8(ascii: "]")) { return .array(items) }
        while true {
            skipSpace()
            guard let v = value() else { return nil }
            items.append(v)
            guard let more = separator(closing: UInt8(ascii: "]")) else { return nil }
            if !more { return .array(items) }
        }
    }

    /// A string starting at the opening quote.
    private mutating func string() -> String? {
        i += 1
        let start = i
        // Fast path: no escapes.
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            if c == UInt8(ascii: "\\") { break }
            if c < 0x20 { return nil }
            i += 1
        }
        guard i < b.count else { return nil }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i]))
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: scratch, as: UTF8.self)
            }
            if c < 0x20 { return nil }
            if c != UInt8(ascii: "\\") { scratch.append(c); i += 1; continue }
            i += 1
            guard i < b.count else { return nil }
            let e = b[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(e)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                guard var u = hex4() else { return nil }
                if (0xD800..<0xDC00).contains(u) {
                    // A high surrogate: a low one must follow to make one scalar.
                    if i + 1 < b.count, b[i] == UInt8(ascii: "\\"), b[i + 1] == UInt8(ascii: "u") {
                        let save = i
                        i += 2
                        if let low = hex4(), (0xDC00..<0xE000).contains(low) {
                            u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            i = save
                            u = 0xFFFD
                        }
                    } else {
                        u = 0xFFFD
                    }
                } else if (0xDC00..<0xE000).contains(u) {
                    u = 0xFFFD
                }
                appendUTF8(u)
            default: return nil
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard i + 4 <= b.count else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = b[i + k]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: return nil
            }
            v = v << 4 | d
        }
        i += 4
        return v
    }

    private mutating func appendUTF8(_ v: UInt32) {
        UnicodeText.encodeUTF8(v) { scratch.append($0) }
    }

    private mutating func number() -> JSONValue? {
        let start = i
        var integral = true
        if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < b.count, isDigit(b[i]) else { return nil }
        if b[i] == UInt8(ascii: "0") { i += 1 } else { while i < b.count, isDigit(b[i]) { i += 1 } }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            integral = false
            i += 1
            guard i < b.count, isDigit(b[i]) else { return nil }
            while i < b.count, isDigit(b[i]) { i += 1 }
        }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            integral = false
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard i < b.count, isDigit(b[i]) else { return nil }
            while i < b.count, isDigit(b[i]) { i += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
        if integral, let n = Int(text) { return .integer(n) }
        return Double(text).map(JSONValue.double)
    }

    @inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
}
