import Foundation

/// The list of what `wenda build` wrote to a corpus folder (`manifest.json`): only the
/// files it names are ever removed as stale.
public struct CorpusManifest: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public var id: String
        public var file: String
        public var source: String
        public var line: Int?
        public var title: String
        public var paragraphs: Int
        public var sentences: Int
        /// The article's content hash (`CorpusWriter.contentHash`): an unchanged article is
        /// not segmented again by the next build.
        public var hash: String?
    }

    public var format: String
    public var generator: String
    public var articles: [Entry]

    /// The JSON of the manifest: one article a line.
    func bytes() -> [UInt8] {
        var w = JSONWriter(capacity: 128 + articles.count * 160)
        w.raw("{"); w.key("format"); w.string(format)
        w.field("generator", generator)
        w.closingLines("articles", articles, Self.write)
        return w.bytes
    }

    /// An article's entry: one line of the manifest.
    static func write(_ e: Entry, _ w: inout JSONWriter) {
        w.raw("{"); w.key("id"); w.string(e.id)
        w.field("file", e.file); w.field("source", e.source); w.field("line", ifPresent: e.line); w.field("title", e.title)
        w.field("paragraphs", e.paragraphs); w.field("sentences", e.sentences); w.field("hash", ifPresent: e.hash)
        w.raw("}")
    }

    /// A manifest read from its bytes (any format version); nil when it is not one.
    init?(json bytes: [UInt8]) {
        guard let v = JSONBytes.parse(bytes), let format = v["format"]?.string, let list = v["articles"]?.array
        else { return nil }
        self.format = format
        generator = v["generator"]?.string ?? ""
        var entries: [Entry] = []
        entries.reserveCapacity(list.count)
        for e in list {
            guard let id = e["id"]?.string, let file = e["file"]?.string else { return nil }
            entries.append(Entry(id: id, file: file, source: e["source"]?.string ?? "", line: e["line"]?.integer,
                                 title: e["title"]?.string ?? "", paragraphs: e["paragraphs"]?.integer ?? 0,
                                 sentences: e["sentences"]?.integer ?? 0, hash: e["hash"]?.string))
        }
        articles = entries
    }

    init(format: String, generator: String, articles: [Entry]) {
        self.format = format
        self.generator = generator
        self.articles = articles
    }

    /// The manifest of a corpus folder, if it has a readable one.
    public static func read(_ folder: URL) -> CorpusManifest? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(CorpusWriter.manifestName)) else { return nil }
        return CorpusManifest(json: [UInt8](data))
    }
}
