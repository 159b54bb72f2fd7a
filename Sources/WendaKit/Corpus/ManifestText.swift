import Foundation

/// A manifest as the bytes `CorpusManifest.bytes()` wrote — its head (format, generator)
/// parsed, its articles left as lines, one an article — so that a build adding a
/// few articles to a large corpus reads and rewrites it without parsing a million
/// entries: it looks up ids by their bytes and inserts lines.
struct ManifestText {
    let bytes: [UInt8]
    let format: String
    let generator: String
    /// Where each article's line starts, and two past where the last one ends (each line
    /// is followed by `,\n`, the last by `]}`).
    private let starts: [Int]

    var count: Int { starts.count - 1 }

    /// The manifest of `bytes`, when it has one article a line (else nil).
    init?(_ bytes: [UInt8]) {
        let key = Array(#","articles":["#.utf8)
        // The key's quotes cannot stand inside a string (they would be escaped).
        guard let at = Self.find(key, in: bytes), bytes.count >= at + key.count + 3,
              bytes[(bytes.count - 3)...].elementsEqual(Array("]}\n".utf8)),
              let head = JSONBytes.parse(Array(bytes[..<at]) + [0x7D]),
              let format = head["format"]?.string
        else { return nil }
        self.bytes = bytes
        self.format = format
        generator = head["generator"]?.string ?? ""
        var starts: [Int] = []
        let end = bytes.count - 3
        let ok = bytes.withUnsafeBufferPointer { b -> Bool in
            var p = at + key.count
            guard p == end || b[p] == 0x0A else { return false }
            while p < end {
                // A line: "\n{…}" then "," or the end.
                guard b[p] == 0x0A, p + 1 < end, b[p + 1] == 0x7B else { return false }
                starts.append(p + 1)
                let rest = b.baseAddress! + p + 1
                if let nl = memchr(rest, 0x0A, end - p - 1) {
                    let next = UnsafePointer<UInt8>(nl.assumingMemoryBound(to: UInt8.self)) - b.baseAddress!
                    guard b[next - 1] == 0x2C else { return false }
                    p = next
                } else {
                    p = end
                }
            }
            return true
        }
        guard ok else { return nil }
        starts.append(end + 2)
        self.starts = starts
    }

    /// Article `i`'s line: its JSON object.
    func line(_ i: Int) -> ArraySlice<UInt8> { bytes[starts[i]..<(starts[i + 1] - 2)] }

    /// The JSON of `id` as the entries spell it, with the key before and after (what an
    /// entry's line starts with).
    static func lead(_ id: String) -> [UInt8] {
        var w = JSONWriter(capacity: id.utf8.count + 24)
        w.raw("{"); w.key("id"); w.string(id); w.raw(","); w.key("file")
        return w.bytes
    }

    /// The articles whose lead (`lead(id)`) is among `leads`, with their line numbers.
    func lines(leading leads: Set<[UInt8]>) -> [(lead: [UInt8], line: Int)] {
        guard !leads.isEmpty else { return [] }
        let key = Array(#","file":"#.utf8)
        var out: [(lead: [UInt8], line: Int)] = []
        let lengths = Set(leads.map(\.count))
        bytes.withUnsafeBufferPointer { b in
            for i in 0..<count {
                // The id ends where `,"file":` first stands (its quote cannot be inside it).
                let from = starts[i], to = starts[i + 1] - 2
                guard let k = Self.find(key, in: b, from: from, to: to), lengths.contains(k + key.count - from) else { continue }
                let lead = Array(b[from..<(k + key.count)])
                if leads.contains(lead) { out.append((lead, i)) }
            }
        }
        return out
    }

    /// Whether some article's entry names `file` as its corpus file.
    func names(file: String) -> Bool {
        var w = JSONWriter(capacity: file.utf8.count + 12)
        w.raw(","); w.key("file"); w.string(file); w.raw(",")
        return Self.find(w.bytes, in: bytes) != nil
    }

    /// Article `i`'s entry.
    func entry(_ i: Int) -> CorpusManifest.Entry? {
        guard let v = JSONBytes.parse(Array(line(i))), let id = v["id"]?.string, let file = v["file"]?.string else { return nil }
        return .init(id: id, file: file, source: v["source"]?.string ?? "", line: v["line"]?.integer, title: v["title"]?.string ?? "",
                     paragraphs: v["paragraphs"]?.integer ?? 0, sentences: v["sentences"]?.integer ?? 0, hash: v["hash"]?.string)
    }

    /// The manifest with `added` entries inserted after the line before each (`after`: a
    /// line number; -1 before the first).
    func inserting(_ added: [(after: Int, entries: [CorpusManifest.Entry])]) -> [UInt8] {
        var w = JSONWriter(capacity: bytes.count + 4096 + added.reduce(0) { $0 + $1.entries.count * 200 })
        let head = CorpusManifest(format: format, generator: generator, articles: []).bytes()
        // Its head: all but the empty articles' `]}\n`.
        w.bytes += head[..<(head.count - 3)]
        var written = 0
        let list = added.sorted { $0.after < $1.after }
        var k = 0
        func insert(_ entries: [CorpusManifest.Entry]) {
            for e in entries {
                w.raw(written > 0 ? ",\n" : "\n")
                CorpusManifest.write(e, &w)
                written += 1
            }
        }
        while k < list.count, list[k].after < 0 { insert(list[k].entries); k += 1 }
        // The lines between two insertions copied at once (with the `,\n` between them).
        var from = 0
        while from < count {
            let to = k < list.count ? min(count - 1, list[k].after) : count - 1
            w.raw(written > 0 ? ",\n" : "\n")
            w.bytes += bytes[starts[from]..<(starts[to + 1] - 2)]
            written += to - from + 1
            while k < list.count, list[k].after == to { insert(list[k].entries); k += 1 }
            from = to + 1
        }
        w.raw("]}\n")
        return w.bytes
    }

    /// Where `needle` first stands in `b[from..<to]`.
    static func find(_ needle: [UInt8], in b: UnsafeBufferPointer<UInt8>, from: Int = 0, to: Int? = nil) -> Int? {
        let to = to ?? b.count
        guard let base = b.baseAddress, to - from >= needle.count else { return nil }
        // The needle's first byte found by memchr, the rest compared.
        return needle.withUnsafeBytes { n -> Int? in
            var p = from
            let last = to - needle.count
            while p <= last, let hit = memchr(base + p, Int32(needle[0]), last - p + 1) {
                let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                if memcmp(base + at, n.baseAddress!, n.count) == 0 { return at }
                p = at + 1
            }
            return nil
        }
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { find(needle, in: $0) }
    }
}
