import Foundation

/// The corpus file's JSON, both ways, in one place: the writer (keys in a fixed order, one
/// sentence a line) and the reader (format 2, and format 1 without kinds). A key added to
/// the file is added to both here.
extension CorpusFile {
    /// The JSON of the file, as written: keys in a fixed order, one sentence a line, a
    /// final newline.
    public func encoded() throws -> Data {
        Data(bytes())
    }

    func bytes() -> [UInt8] {
        var w = JSONWriter(capacity: 256 + paragraphs.reduce(0) { $0 + $1.sentences.reduce(0) { $0 + 3 * $1.text.utf8.count + 120 } })
        w.raw("{"); w.key("format"); w.string(format)
        w.raw(","); w.key("id"); w.string(id)
        w.raw(","); w.key("title"); w.string(title)
        w.raw(","); w.key("author"); w.string(author)
        w.raw(","); w.key("date"); w.string(date)
        w.raw(","); w.key("url"); w.string(url)
        w.raw(","); w.key("source"); w.string(source)
        if let line { w.raw(","); w.key("line"); w.int(line) }
        w.raw(",\n"); w.key("metadata"); w.raw("{")
        for (n, k) in metadata.keys.sorted().enumerated() {
            if n > 0 { w.raw(",") }
            w.string(k); w.raw(":"); w.string(metadata[k]!)
        }
        w.raw("},"); w.key("captions"); w.raw("[")
        for (n, c) in captions.enumerated() { if n > 0 { w.raw(",") }; w.string(c) }
        w.raw("],"); w.key("references"); w.raw("[")
        for (n, r) in references.enumerated() { if n > 0 { w.raw(",") }; w.string(r) }
        w.raw("]")
        if let titleWords, let titleKinds {
            w.raw(",\n"); w.key("title_words"); w.string(titleWords)
            w.raw(","); w.key("title_kinds"); w.string(titleKinds)
        }
        w.raw(",\n"); w.key("paragraphs"); w.raw("[")
        for (n, p) in paragraphs.enumerated() {
            w.raw(n > 0 ? ",\n{" : "\n{")
            w.key("number"); w.int(p.number)
            w.raw(","); w.key("block"); w.int(p.block)
            w.raw(","); w.key("start"); w.int(p.start)
            w.raw(","); w.key("end"); w.int(p.end)
            w.raw(","); w.key("source_start"); w.int(p.sourceStart)
            w.raw(","); w.key("source_end"); w.int(p.sourceEnd)
            w.raw(","); w.key("sentences"); w.raw("[")
            for (k, s) in p.sentences.enumerated() {
                w.raw(k > 0 ? ",\n{" : "\n{")
                w.key("number"); w.int(s.number)
                w.raw(","); w.key("start"); w.int(s.start)
                w.raw(","); w.key("end"); w.int(s.end)
                w.raw(","); w.key("source_start"); w.int(s.sourceStart)
                w.raw(","); w.key("source_end"); w.int(s.sourceEnd)
                w.raw(","); w.key("text"); w.string(s.text)
                w.raw(","); w.key("words"); w.string(s.words)
                if let kinds = s.kinds { w.raw(","); w.key("kinds"); w.string(kinds) }
                w.raw("}")
            }
            w.raw("]}")
        }
        w.raw("]}\n")
        return w.bytes
    }

    /// A corpus file read from its bytes (format 2, or format 1); nil when it is not one.
    public init?(json bytes: [UInt8]) {
        guard let v = JSONBytes.parse(bytes) else { return nil }
        self.init(json: v)
    }

    init?(json v: JSONValue) {
        func str(_ o: JSONValue, _ k: String) -> String? { o[k]?.string }
        func int(_ o: JSONValue, _ k: String) -> Int? { o[k]?.integer }
        guard let format = str(v, "format"), format.hasPrefix("wenda-corpus/"),
              let id = str(v, "id"), let title = str(v, "title"), let source = str(v, "source"),
              let ps = v["paragraphs"]?.array else { return nil }
        self.format = format
        self.id = id
        self.title = title
        author = str(v, "author") ?? ""
        date = str(v, "date") ?? ""
        url = str(v, "url") ?? ""
        self.source = source
        line = int(v, "line")
        var metadata: [String: String] = [:]
        for m in v["metadata"]?.members ?? [] { if let s = m.value.string { metadata[m.key] = s } }
        self.metadata = metadata
        captions = (v["captions"]?.array ?? []).compactMap(\.string)
        references = (v["references"]?.array ?? []).compactMap(\.string)
        titleWords = str(v, "title_words")
        titleKinds = str(v, "title_kinds")
        var paragraphs: [ParagraphEntry] = []
        paragraphs.reserveCapacity(ps.count)
        for p in ps {
            guard let number = int(p, "number"), let block = int(p, "block"), let start = int(p, "start"),
                  let end = int(p, "end"), let ss = p["sentences"]?.array else { return nil }
            var sentences: [SentenceEntry] = []
            sentences.reserveCapacity(ss.count)
            for s in ss {
                guard let n = int(s, "number"), let a = int(s, "start"), let b = int(s, "end"),
                      let text = str(s, "text") else { return nil }
                sentences.append(SentenceEntry(number: n, start: a, end: b, sourceStart: int(s, "source_start") ?? 0,
                                               sourceEnd: int(s, "source_end") ?? 0, text: text,
                                               words: str(s, "words") ?? "", kinds: str(s, "kinds")))
            }
            paragraphs.append(ParagraphEntry(number: number, block: block, start: start, end: end,
                                             sourceStart: int(p, "source_start") ?? 0, sourceEnd: int(p, "source_end") ?? 0,
                                             sentences: sentences))
        }
        self.paragraphs = paragraphs
    }

}
