import Foundation

/// What a shard says of itself in its metadata, kept current by every build in the same
/// transaction as its documents: which build wrote it and with which passage options, and
/// its catalogue — every article it holds (id, title, source, content hash, its
/// paragraphs' sentence counts, its passages' count and lengths), sorted by id. From the
/// catalogues alone a question numbers the whole collection's articles, paragraphs and
/// sentences, and a build finds what changed.
struct ShardCatalogue {
    struct Entry: Sendable, Hashable {
        var id: String
        var title: String
        var source: String
        /// `CorpusWriter.contentHash` of the article with the segmenter's fingerprint:
        /// equal, the article is left as it is.
        var hash: String
        /// Per paragraph.
        var sentenceCounts: [Int32]
        var passages: Int
        /// The sum of its passages' lengths, and the shortest.
        var length: Int
        var minLength: Int
    }

    /// Sorted by the bytes of their ids (as Swift orders strings in canonical composition).
    var entries: [Entry] = []

    static let key = "wenda:catalogue"
    static let format = 2

    /// Orders ids as the articles are sorted in a catalogue.
    static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    var passages: Int { entries.reduce(0) { $0 + $1.passages } }
    var length: Int { entries.reduce(0) { $0 + $1.length } }

    func bytes() -> [UInt8] {
        // Field by field, so that a question reads the columns it numbers with and skips the rest.
        var w = PackedWriter()
        w.varint(Self.format)
        w.varint(entries.count)
        for e in entries { w.string(e.id) }
        for e in entries { w.string(e.title) }
        for e in entries { w.varint(e.sentenceCounts.count) }
        for e in entries { for c in e.sentenceCounts { w.varint(Int(c)) } }
        for e in entries { w.varint(e.passages); w.varint(e.length); w.varint(e.minLength) }
        var sources: [String: Int] = [:], table: [String] = []
        for e in entries where sources[e.source] == nil { sources[e.source] = table.count; table.append(e.source) }
        w.varint(table.count)
        for s in table { w.string(s) }
        for e in entries { w.varint(sources[e.source]!) }
        for e in entries { w.string(e.hash) }
        return w.bytes
    }

    init(entries: [Entry] = []) { self.entries = entries }

    init(bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        try bytes.withUnsafeBytes { raw in
            var r = PackedReader(raw)
            guard try r.varint() == Self.format else { throw PackedReader.Truncated() }
            let n = try r.varint()
            guard n <= raw.count else { throw PackedReader.Truncated() }
            var out = [Entry](repeating: Entry(id: "", title: "", source: "", hash: "", sentenceCounts: [], passages: 0,
                                               length: 0, minLength: 0), count: n)
            for i in 0..<n { out[i].id = try r.string() }
            for i in 0..<n { out[i].title = try r.string() }
            var counts = [Int](repeating: 0, count: n)
            for i in 0..<n { counts[i] = try r.varint() }
            for i in 0..<n { out[i].sentenceCounts = try (0..<counts[i]).map { _ in Int32(try r.varint()) } }
            for i in 0..<n { out[i].passages = try r.varint(); out[i].length = try r.varint(); out[i].minLength = try r.varint() }
            let table = try (0..<(try r.varint())).map { _ in try r.string() }
            for i in 0..<n {
                let s = try r.varint()
                guard s < table.count else { throw PackedReader.Truncated() }
                out[i].source = table[s]
            }
            for i in 0..<n { out[i].hash = try r.string() }
            entries = out
        }
    }
}

/// The settings a shard was built with, in its metadata: the format, the passage options
/// (every shard of a collection must have the same), and the build that last wrote it.
struct ShardSettings: Sendable, Hashable {
    var format = ShardCatalogue.format
    var maxPassageLength: Int
    var windowLength: Int
    /// Changes with every build that writes the shard: a question that finds it changed
    /// since it opened the shard numbers the collection again.
    var build: String

    static let key = "wenda:shard"

    init(options: IndexOptions, build: String) {
        maxPassageLength = options.maxPassageLength
        windowLength = options.windowLength
        self.build = build
    }

    var text: String { "format=\(format) maxPassageLength=\(maxPassageLength) windowLength=\(windowLength) build=\(build)" }

    /// nil when `text` is not what a build wrote.
    init?(text: String) {
        var fields: [String: String] = [:]
        for part in text.split(separator: " ") {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.count == 2 { fields[kv[0]] = kv[1] }
        }
        guard let f = fields["format"].flatMap(Int.init), let m = fields["maxPassageLength"].flatMap(Int.init),
              let w = fields["windowLength"].flatMap(Int.init), let b = fields["build"] else { return nil }
        format = f
        maxPassageLength = m
        windowLength = w
        build = b
    }

    /// Whether passages cut with `options` are those of this shard.
    func cutsLike(_ options: IndexOptions) -> Bool {
        maxPassageLength == options.maxPassageLength && windowLength == options.windowLength
    }
}
