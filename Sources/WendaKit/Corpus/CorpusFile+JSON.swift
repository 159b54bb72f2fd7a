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
        w.field("id", id); w.field("title", title); w.field("author", author); w.field("date", date)
        w.field("url", url); w.field("source", source); w.field("line", ifPresent: line)
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
            w.field("title_kinds", titleKinds)
        }
        // A paragraph's or sentence's place: in the article's text, and in its source.
        func offsets(_ start: Int, _ end: Int, _ sourceStart: Int, _ sourceEnd: Int) {
            w.field("start", start); w.field("end", end); w.field("source_start", sourceStart); w.field("source_end", sourceEnd)
        }
        w.raw(",\n"); w.key("paragraphs"); w.raw("[")
        for (n, p) in paragraphs.enumerated() {
            w.raw(n > 0 ? ",\n{" : "\n{")
            w.key("number"); w.int(p.number)
            w.field("block", p.block)
            offsets(p.start, p.end, p.sourceStart, p.sourceEnd)
            w.raw(","); w.key("sentences"); w.raw("[")
            for (k, s) in p.sentences.enumerated() {
                w.raw(k > 0 ? ",\n{" : "\n{")
                w.key("number"); w.int(s.number)
                offsets(s.start, s.end, s.sourceStart, s.sourceEnd)
                w.field("text", s.text); w.field("words", s.words); w.field("kinds", ifPresent: s.kinds)
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
        // A paragraph's or sentence's number and place (source offsets 0 when missing).
        func place(_ o: JSONValue) -> (number: Int, start: Int, end: Int, sourceStart: Int, sourceEnd: Int)? {
            guard let number = int(o, "number"), let start = int(o, "start"), let end = int(o, "end") else { return nil }
            return (number, start, end, int(o, "source_start") ?? 0, int(o, "source_end") ?? 0)
        }
        for p in ps {
            guard let at = place(p), let block = int(p, "block"), let ss = p["sentences"]?.array else { return nil }
            var sentences: [SentenceEntry] = []
            sentences.reserveCapacity(ss.count)
            for s in ss {
                guard let sa = place(s), let text = str(s, "text") else { return nil }
                sentences.append(SentenceEntry(number: sa.number, start: sa.start, end: sa.end, sourceStart: sa.sourceStart,
                                               sourceEnd: sa.sourceEnd, text: text, words: str(s, "words") ?? "",
                                               kinds: str(s, "kinds")))
            }
            paragraphs.append(ParagraphEntry(number: at.number, block: block, start: at.start, end: at.end,
                                             sourceStart: at.sourceStart, sourceEnd: at.sourceEnd, sentences: sentences))
        }
        self.paragraphs = paragraphs
    }

}
