/// Writes JSON by hand, into a byte buffer: the corpus files, the manifest and the
/// `--json` lines. Strings escaped as JSON requires (quote, backslash, control characters
/// as `\b \f \n \r \t` or `\u00xx`), everything else verbatim UTF-8 (U+2028 and emoji
/// too); integers in decimal; a `Double` as its shortest description without a trailing
/// `.0`. That is what Foundation's `JSONEncoder` writes with `.withoutEscapingSlashes`,
/// byte for byte (a test compares them), at a fraction of its cost: callers write keys
/// in their order and commas themselves, nothing is boxed into a tree first.
public struct JSONWriter {
    public var bytes: [UInt8] = []
    /// A value could not be written: a NaN or an infinity (`JSONEncoder` throws on them;
    /// `null` stands in its place).
    public private(set) var failed = false

    public init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    /// The bytes as a string.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// A literal, as it is (punctuation: `{`, `,`, `]`…).
    @inline(__always)
    public mutating func raw(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    public mutating func int(_ n: Int) {
        if n >= 0 && n < 10 { bytes.append(UInt8(0x30 + n)); return }
        bytes.append(contentsOf: String(n).utf8)
    }

    public mutating func double(_ v: Double) {
        guard v.isFinite else { failed = true; raw("null"); return }
        var d = v.description
        if d.hasSuffix(".0") { d.removeLast(2) }
        bytes.append(contentsOf: d.utf8)
    }

    public mutating func bool(_ v: Bool) { v ? raw("true") : raw("false") }

    public mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { u in
            var run = 0
            for k in 0..<u.count {
                let c = u[k]
                guard c < 0x20 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<k]))
                run = k + 1
                switch c {
                case UInt8(ascii: "\""): raw("\\\"")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                case 0x08: raw("\\b")
                case 0x0C: raw("\\f")
                default:
                    raw("\\u00")
                    let hex: StaticString = "0123456789abcdef"
                    bytes.append(hex.utf8Start[Int(c >> 4)]); bytes.append(hex.utf8Start[Int(c & 0xF)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<u.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `[`, each element written by `element`, separated by commas, `]`.
    public mutating func array<Elements: Sequence>(_ items: Elements, _ element: (inout JSONWriter, Elements.Element) -> Void) {
        raw("[")
        var first = true
        for item in items {
            if !first { raw(",") }
            first = false
            element(&self, item)
        }
        raw("]")
    }

    /// The last member of an object written one item a line (a manifest, a list of
    /// sources): `,"key":[`, each item on a line of its own written by `item`, `]}` and a
    /// newline, so that a reader, or `grep`, finds one item a line.
    public mutating func closingLines<Items: Sequence>(_ k: StaticString, _ items: Items, _ item: (Items.Element, inout JSONWriter) -> Void) {
        raw(","); key(k); raw("[")
        var first = true
        for element in items {
            raw(first ? "\n" : ",\n")
            first = false
            item(element, &self)
        }
        raw("]}\n")
    }

    /// `"key":` (the key is a literal without characters to escape).
    @inline(__always)
    public mutating func key(_ k: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        raw(k)
        raw("\":")
    }

    /// `,"key":value`: a member of an object after its first.
    public mutating func field(_ k: StaticString, _ s: String) { raw(","); key(k); string(s) }
    public mutating func field(_ k: StaticString, _ n: Int) { raw(","); key(k); int(n) }
    public mutating func field(_ k: StaticString, _ v: Double) { raw(","); key(k); double(v) }
    public mutating func field(_ k: StaticString, _ v: Bool) { raw(","); key(k); bool(v) }
    /// The same, left out when there is no value.
    public mutating func field(_ k: StaticString, ifPresent s: String?) { if let s { field(k, s) } }
    public mutating func field(_ k: StaticString, ifPresent n: Int?) { if let n { field(k, n) } }
}
