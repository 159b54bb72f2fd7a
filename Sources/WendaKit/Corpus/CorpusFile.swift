import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One article of the segmented corpus (`corpus/<id>.json`), written by `wenda build`:
/// JSON with a fixed key order, one sentence a line. Offsets: `start`/`end` count Unicode
/// scalars of the cleaned article text; `source_start`/`source_end` are UTF-8 byte offsets
/// in the source file (for JSONL: in the decoded `text` field of line `line`). `words` are
/// the segmenter's tokens of the sentence, joined by one space, and `kinds` their kinds, a
/// letter each (`w` Chinese word, `l` Latin, `n` number, `p` punctuation, `o` other);
/// `title_words`/`title_kinds` the same for the title. Format 1 (pretty-printed, without
/// kinds) is still read; a build rewrites it.
public struct CorpusFile: Codable, Sendable, Hashable {
    public static let format = "wenda-corpus/2"

    public var format: String
    public var id: String
    public var title: String
    public var author: String
    public var date: String
    public var url: String
    public var source: String
    public var line: Int?
    public var metadata: [String: String]
    public var captions: [String]
    public var references: [String]
    public var titleWords: String?
    public var titleKinds: String?
    public var paragraphs: [ParagraphEntry]

    public struct ParagraphEntry: Codable, Sendable, Hashable {
        public var number: Int
        public var block: Int
        public var start: Int
        public var end: Int
        public var sourceStart: Int
        public var sourceEnd: Int
        public var sentences: [SentenceEntry]

        enum CodingKeys: String, CodingKey {
            case number, block, start, end, sentences
            case sourceStart = "source_start", sourceEnd = "source_end"
        }
    }

    public struct SentenceEntry: Codable, Sendable, Hashable {
        public var number: Int
        public var start: Int
        public var end: Int
        public var sourceStart: Int
        public var sourceEnd: Int
        public var text: String
        public var words: String
        public var kinds: String?

        enum CodingKeys: String, CodingKey {
            case number, start, end, text, words, kinds
            case sourceStart = "source_start", sourceEnd = "source_end"
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, id, title, author, date, url, source, line, metadata, captions, references, paragraphs
        case titleWords = "title_words", titleKinds = "title_kinds"
    }

    /// The corpus entry of an article, its text cut into words by `segmenter`.
    public init(_ article: Article, segmenter: Segmenter = .shared) {
        self.init(article, words: ArticleWords(article, segmenter: segmenter))
    }

    /// The corpus entry of an article whose words are known.
    public init(_ article: Article, words: ArticleWords) {
        format = Self.format
        id = article.id
        title = article.title
        author = article.author
        date = article.date
        url = article.url
        source = article.source
        line = article.line
        metadata = article.metadata
        captions = article.captions
        references = article.references
        (titleWords, titleKinds) = ArticleWords.spelled(words.titleTokens)
        var bySentence = words.bySentence(article).makeIterator()
        // Every paragraph's source range, each followed by its sentences', found at once.
        var sourceRanges = article.sourceRanges(of: article.paragraphs.flatMap { [$0.range] + $0.sentences.map(\.range) })
            .makeIterator()
        var texts = Self.sentenceTexts(article).makeIterator()
        paragraphs = article.paragraphs.map { p in
            let ps = sourceRanges.next()!
            return ParagraphEntry(
                number: p.number, block: p.block, start: p.range.lowerBound, end: p.range.upperBound,
                sourceStart: ps.lowerBound, sourceEnd: ps.upperBound,
                sentences: p.sentences.map { s in
                    let ss = sourceRanges.next()!
                    let spelled = ArticleWords.spelled(bySentence.next() ?? [])
                    return SentenceEntry(
                        number: s.number, start: s.range.lowerBound, end: s.range.upperBound,
                        sourceStart: ss.lowerBound, sourceEnd: ss.upperBound, text: texts.next() ?? article.slice(s.range),
                        words: spelled.words, kinds: spelled.kinds)
                })
        }
    }

    /// The text of every sentence of an article, in order: cut from its UTF-8 bytes in one
    /// pass (sentences come in text order; one that does not is sliced on its own).
    static func sentenceTexts(_ article: Article) -> [String] {
        var text = article.text
        return text.withUTF8 { bytes -> [String] in
            var out: [String] = []
            var scalar = 0, byte = 0
            func advance(to target: Int) {
                while scalar < target, byte < bytes.count {
                    let b = bytes[byte]
                    byte += UnicodeText.utf8Length(lead: b)
                    scalar += 1
                }
            }
            for p in article.paragraphs {
                for s in p.sentences {
                    guard s.range.lowerBound >= scalar else {
                        out.append(article.slice(s.range))
                        continue
                    }
                    advance(to: s.range.lowerBound)
                    let lo = min(byte, bytes.count)
                    advance(to: s.range.upperBound)
                    out.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[lo..<min(byte, bytes.count)]), as: UTF8.self))
                }
            }
            return out
        }
    }

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

    /// The words the file keeps for `article` (the article it was written from), without
    /// segmenting; nil when it does not keep them all (format 1, a word with a space).
    public func words(of article: Article) -> ArticleWords? {
        guard let titleWords, let titleKinds,
              let titleTokens = ArticleWords.tokens(words: titleWords, kinds: titleKinds,
                                                    in: ArticleWords.title(of: article), offset: 0)
        else { return nil }
        var tokens: [Token] = []
        for p in paragraphs {
            for s in p.sentences {
                guard let kinds = s.kinds,
                      let t = ArticleWords.tokens(words: s.words, kinds: kinds, in: s.text, offset: s.start)
                else { return nil }
                tokens += t
            }
        }
        return ArticleWords(tokens: tokens, titleTokens: titleTokens)
    }

    /// The article again, as far as the corpus keeps it: text, paragraphs, sentences and
    /// metadata; source offsets only at sentence starts and ends.
    public var article: Article {
        var scalars: [Unicode.Scalar] = []
        var starts: [Int] = []
        var ends: [Int] = []
        var lastEnd = 0
        for p in paragraphs {
            if !scalars.isEmpty { scalars.append("\n"); starts.append(lastEnd); ends.append(lastEnd) }
            for s in p.sentences {
                while scalars.count < s.start { scalars.append(" "); starts.append(lastEnd); ends.append(lastEnd) }
                let add = Array(s.text.unicodeScalars)
                scalars += add
                starts += [s.sourceStart] + Array(repeating: s.sourceStart, count: max(0, add.count - 1))
                ends += Array(repeating: s.sourceEnd, count: add.count)
                lastEnd = s.sourceEnd
            }
        }
        starts.append(lastEnd)
        let ps = paragraphs.map { p in
            Paragraph(number: p.number, range: p.start..<p.end,
                      sentences: p.sentences.map { Sentence(number: $0.number, range: $0.start..<$0.end) }, block: p.block)
        }
        return Article(id: id, title: title, author: author, date: date, url: url, source: source, line: line,
                       metadata: metadata, text: String(String.UnicodeScalarView(scalars)), sourceOffsets: starts,
                       paragraphs: ps, captions: captions, references: references, sourceEnds: ends)
    }
}

/// The list of what `wenda build` wrote to a corpus folder (`manifest.json`): only the
/// files it names are ever removed as stale.
public struct CorpusManifest: Codable, Sendable, Hashable {
    public struct Entry: Codable, Sendable, Hashable {
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
        w.raw(","); w.key("generator"); w.string(generator)
        w.raw(","); w.key("articles"); w.raw("[")
        for (n, e) in articles.enumerated() {
            w.raw(n > 0 ? ",\n{" : "\n{")
            w.key("id"); w.string(e.id)
            w.raw(","); w.key("file"); w.string(e.file)
            w.raw(","); w.key("source"); w.string(e.source)
            if let line = e.line { w.raw(","); w.key("line"); w.int(line) }
            w.raw(","); w.key("title"); w.string(e.title)
            w.raw(","); w.key("paragraphs"); w.int(e.paragraphs)
            w.raw(","); w.key("sentences"); w.int(e.sentences)
            if let hash = e.hash { w.raw(","); w.key("hash"); w.string(hash) }
            w.raw("}")
        }
        w.raw("]}\n")
        return w.bytes
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

/// Writes the segmented corpus: the articles' files (`<id>.json` for an article alone in
/// its source file, files shared by the articles of a corpus JSONL) and `manifest.json`.
public enum CorpusWriter {
    public static let manifestName = "manifest.json"

    public struct Summary: Sendable, Equatable {
        public var written: [String] = []
        public var unchanged: [String] = []
        public var removed: [String] = []
    }

    /// The file name of an article's entry: its id, with `/`, `\`, `:`, control characters
    /// and a leading `.` replaced by `_`.
    public static func fileName(for id: String) -> String {
        var name = String(String.UnicodeScalarView(id.unicodeScalars.map { s -> Unicode.Scalar in
            s == "/" || s == "\\" || s == ":" || s.value < 0x20 || s.value == 0x7F ? "_" : s
        }))
        if name.hasPrefix(".") || name.isEmpty { name = "_" + name.dropFirst(name.hasPrefix(".") ? 1 : 0) }
        return name + ".json"
    }

    /// Articles a corpus file holds at most: the articles of one source (a corpus JSONL)
    /// share files, so a build of thousands of articles does not create thousands of files.
    public static let articlesPerFile = 256

    /// Every file of the corpus of `articles` (name and bytes), the manifest last.
    public static func render(_ articles: [Article], segmenter: Segmenter = .shared) throws -> [(name: String, data: Data)] {
        plan(articles, segmenter: segmenter, folder: nil).files.map { ($0.name, Data($0.data ?? [])) }
    }

    /// The corpus file of each article: an article alone in its source file gets a file
    /// named after its id; the articles of a source of several (a corpus JSONL) share
    /// files named after the source, `articlesPerFile` at most each (`<name>.json`, or
    /// `<name>.1.json`, `<name>.2.json`… when it takes several).
    public static func fileNames(_ articles: some RandomAccessCollection<Article>) -> [String] {
        var used: Set<String> = [manifestName]
        func unique(_ name: String) -> String {
            var out = name
            var n = 2
            while used.contains(out) {
                out = String(name.dropLast(5)) + "~\(n).json"
                n += 1
            }
            used.insert(out)
            return out
        }
        var names: [String] = []
        names.reserveCapacity(articles.count)
        var i = 0
        let articles = Array(articles.lazy.map { (id: $0.id, source: $0.source) })
        while i < articles.count {
            var j = i + 1
            while j < articles.count, articles[j].source == articles[i].source { j += 1 }
            if j - i == 1 {
                names.append(unique(fileName(for: articles[i].id)))
            } else {
                let stem = String(fileName(for: (articles[i].source as NSString).lastPathComponent).dropLast(5))
                let base = (stem as NSString).deletingPathExtension.isEmpty ? stem : (stem as NSString).deletingPathExtension
                let chunks = (j - i + articlesPerFile - 1) / articlesPerFile
                for c in 0..<chunks {
                    let name = unique(chunks == 1 ? base + ".json" : base + ".\(c + 1).json")
                    names += Array(repeating: name, count: min(articlesPerFile, j - i - c * articlesPerFile))
                }
            }
            i = j
        }
        return names
    }

    /// What a build writes: every file's bytes (nil: written already, or the file holds
    /// them), the manifest last, and every article's words (empty when they were fed to
    /// the index instead).
    struct Plan: Sendable {
        var files: [(name: String, data: [UInt8]?)]
        var words: [ArticleWords]
        /// The files of the previous manifest.
        var previous: [CorpusManifest.Entry]
        /// What became of each file already written by `plan` (true: written).
        var outcome: [Result<Bool, Error>?]
    }

    /// The articles a corpus file holds, by id: each with the bytes it was read from.
    static func readFile(_ path: String) -> [String: (bytes: ArraySlice<UInt8>, file: CorpusFile)]? {
        guard let bytes = FileIO.readIfPresent(path), let values = JSONBytes.parseSequence(bytes) else { return nil }
        var out: [String: (bytes: ArraySlice<UInt8>, file: CorpusFile)] = [:]
        for v in values {
            guard let f = CorpusFile(json: v.value) else { return nil }
            out[f.id] = (bytes[v.range], f)
        }
        return out
    }

    /// Segments and encodes the articles on every core. With `folder`, an article whose
    /// entry in the folder's manifest (of this format) has the same id and content hash
    /// is not segmented: its words and its JSON are read back from the file that holds it.
    /// `progress` is told each article done (from any thread). `feed`, when given, is
    /// handed each article's number and words as soon as they are known, on the thread
    /// that made them (and they are not kept). With `writing`, each file is
    /// written to `folder` as soon as its articles are encoded (unless it holds them
    /// already), and its bytes are not kept; the manifest is left to `commit`.
    static func plan(_ articles: [Article], segmenter: Segmenter = .shared, folder: URL?,
                     progress: (@Sendable (Article) -> Void)? = nil, feed: (@Sendable (Int, ArticleWords) -> Void)? = nil,
                     writing: Bool = false) -> Plan {
        plan(ArticleStore(articles), segmenter: segmenter, folder: folder, progress: progress, feed: feed, writing: writing)
    }

    /// As `plan(_:…)`, each article read once its content hash is known, by the worker that
    /// segments it (which puts its manifest entry together): the store may let it go of
    /// once the article is fed.
    static func plan(_ articles: ArticleStore, segmenter: Segmenter = .shared, folder: URL?,
                     progress: (@Sendable (Article) -> Void)? = nil, feed: (@Sendable (Int, ArticleWords) -> Void)? = nil,
                     writing: Bool = false) -> Plan {
        let names = fileNames(articles)
        // The files, in order, with the range of articles each holds.
        var fileNames: [String] = []
        var fileOf = [Int](repeating: 0, count: articles.count)
        var fileRange: [Range<Int>] = []
        for (i, name) in names.enumerated() {
            if fileNames.last != name || i == 0 {
                fileNames.append(name)
                fileRange.append(i..<i)
            }
            fileRange[fileRange.count - 1] = fileRange[fileRange.count - 1].lowerBound..<(i + 1)
            fileOf[i] = fileNames.count - 1
        }
        let old = folder.flatMap { CorpusManifest.read($0) }
        var known: [String: CorpusManifest.Entry] = [:]
        if let old, old.format == CorpusFile.format {
            for e in old.articles where e.hash != nil { known[e.id] = e }
        }
        var hashes = [String](repeating: "", count: articles.count)
        hashes.withUnsafeMutableBufferPointer { hb in
            let h = UnsafeSendableBuffer(hb)
            let segmenterPrint = segmenter.fingerprint
            Parallel.forEach(articles.count) { i in h.buffer[i] = contentHash(articles[i], segmenter: segmenterPrint) }
        }
        // The old files that hold unchanged articles, read once each.
        var reusable: [String: (bytes: ArraySlice<UInt8>, file: CorpusFile)] = [:]
        if let folder {
            let needed = Array(Set(articles.indices.compactMap { i -> String? in
                guard let o = known[articles[i].id], o.hash == hashes[i], !o.file.contains("/") else { return nil }
                return o.file
            })).sorted()
            var read = [[String: (bytes: ArraySlice<UInt8>, file: CorpusFile)]?](repeating: nil, count: needed.count)
            read.withUnsafeMutableBufferPointer { rb in
                let r = UnsafeSendableBuffer(rb)
                Parallel.forEach(needed.count) { k in r.buffer[k] = readFile(folder.appendingPathComponent(needed[k]).path) }
            }
            for m in read { for (id, v) in m ?? [:] { reusable[id] = v } }
        }
        var words = [ArticleWords](repeating: ArticleWords(tokens: [], titleTokens: []), count: articles.count)
        var pieces = [ArraySlice<UInt8>](repeating: [], count: articles.count)
        var data = [[UInt8]?](repeating: nil, count: fileNames.count)
        var outcome = [Result<Bool, Error>?](repeating: nil, count: fileNames.count + 1)
        var fresh = [Bool](repeating: false, count: fileNames.count)
        var entries = [CorpusManifest.Entry](repeating: .init(id: "", file: "", source: "", line: nil, title: "", paragraphs: 0,
                                                             sentences: 0, hash: nil), count: articles.count)
        let remaining = Countdown(fileRange.map(\.count))
        entries.withUnsafeMutableBufferPointer { eb in
        words.withUnsafeMutableBufferPointer { wb in
          pieces.withUnsafeMutableBufferPointer { pb in
            data.withUnsafeMutableBufferPointer { db in
              outcome.withUnsafeMutableBufferPointer { ob in
                fresh.withUnsafeMutableBufferPointer { fb in
                    let w = UnsafeSendableBuffer(wb), pc = UnsafeSendableBuffer(pb), d = UnsafeSendableBuffer(db)
                    let o = UnsafeSendableBuffer(ob), f = UnsafeSendableBuffer(fb), e = UnsafeSendableBuffer(eb)
                    let known = known, reusable = reusable, hashes = hashes, fileNames = fileNames, names = names
                    let fileOf = fileOf, fileRange = fileRange
                    Parallel.forEach(articles.count, ownThreads: true) { i in
                        let article = articles[i]
                        let file = fileOf[i]
                        e.buffer[i] = .init(id: article.id, file: names[i], source: article.source, line: article.line,
                                            title: article.title, paragraphs: article.paragraphs.count,
                                            sentences: article.sentenceCount, hash: hashes[i])
                        if let o = known[article.id], o.hash == hashes[i], let r = reusable[article.id],
                           r.file.format == CorpusFile.format, let kept = r.file.words(of: article) {
                            w.buffer[i] = kept
                            pc.buffer[i] = r.bytes + [0x0A]
                        } else {
                            let segmented = ArticleWords(article, segmenter: segmenter)
                            w.buffer[i] = segmented
                            pc.buffer[i] = ArraySlice(CorpusFile(article, words: segmented).bytes())
                        }
                        if let feed {
                            // The index takes the words from here: not kept twice.
                            feed(i, w.buffer[i])
                            w.buffer[i] = ArticleWords(tokens: [], titleTokens: [])
                        }
                        progress?(article)
                        // The last article of a file done: the file is put together (and written).
                        guard remaining.done(file) else { return }
                        let range = fileRange[file]
                        var bytes: [UInt8] = []
                        bytes.reserveCapacity(range.reduce(0) { $0 + pc.buffer[$1].count })
                        for k in range {
                            bytes += pc.buffer[k]
                            pc.buffer[k] = []
                        }
                        f.buffer[file] = true
                        if writing, let folder {
                            o.buffer[file] = FileIO.put(bytes, to: folder.appendingPathComponent(fileNames[file]).path)
                        } else {
                            d.buffer[file] = bytes
                        }
                    }
                }
              }
            }
          }
        }
        }
        var files: [(name: String, data: [UInt8]?)] = zip(fileNames, data).map { ($0, $1) }
        let manifest = CorpusManifest(format: CorpusFile.format, generator: "wenda build", articles: entries)
        files.append((manifestName, manifest.bytes()))
        return Plan(files: files, words: words, previous: old?.articles ?? [], outcome: outcome)
    }

    /// A hash of everything of an article the corpus file is made from (hex); with
    /// `segmenter` (a `Segmenter.fingerprint`), of how its words were cut as well, so that
    /// a new dictionary segments every article again.
    public static func contentHash(_ a: Article, segmenter: UInt64? = nil) -> String {
        var h = StableHasher()
        if let segmenter { h.add(Int(bitPattern: UInt(segmenter))) }
        for s in [a.id, a.title, a.author, a.date, a.url, a.source, a.text] { h.add(s) }
        h.add(a.line ?? -1)
        for (k, v) in a.metadata.sorted(by: { $0.key < $1.key }) { h.add(k); h.add(v) }
        h.add(a.captions.count); for c in a.captions { h.add(c) }
        h.add(a.references.count); for r in a.references { h.add(r) }
        for p in a.paragraphs {
            h.add(p.number); h.add(p.block); h.add(p.range.lowerBound); h.add(p.range.upperBound)
            for s in p.sentences { h.add(s.number); h.add(s.range.lowerBound); h.add(s.range.upperBound) }
        }
        h.add(Int(bitPattern: UInt(sourceOffsetsChecksum(a))))
        return String(h.value, radix: 16)
    }

    /// `Hashing.checksum` of the bytes of `a.sourceOffsets + [-1] + a.sourceEnds` (as
    /// 64-bit integers), worked out as the offsets come from the article's compact source
    /// map: a long article's offsets are never spelled out (16 bytes a character).
    static func sourceOffsetsChecksum(_ a: Article) -> UInt64 {
        let map = a.sourceMap
        let u = SourceMap.Offsets(a.text, marks: a.marks)
        var sum = StreamingChecksum(words: map.startCount + 1 + map.endCount)
        map.forEach(ends: false, u) { sum.add($0) }
        sum.add(-1)
        map.forEach(ends: true, u) { sum.add($0) }
        return sum.value
    }

    /// Writes the corpus of `articles` to `folder` (created if need be): each file through a
    /// temporary file renamed into place, unchanged files left alone, and the files an
    /// earlier manifest listed that are no longer part of the corpus removed.
    public static func write(_ articles: [Article], to folder: URL, segmenter: Segmenter = .shared,
                             progress: (@Sendable (Article) -> Void)? = nil) throws -> Summary {
        try FileIO.createFolder(folder)
        return try commit(plan(articles, segmenter: segmenter, folder: folder, progress: progress, writing: true), to: folder)
    }

    /// Writes the files of a plan (on every core: creating thousands of files is kernel
    /// work), the manifest last, once every file it names is in place; then removes the
    /// files of the previous manifest that are no longer part of the corpus.
    static func commit(_ plan: Plan, to folder: URL) throws -> Summary {
        let files = plan.files
        let articleFiles = files.count - 1
        var outcome = plan.outcome
        @Sendable func put(_ i: Int) -> Result<Bool, Error> {
            guard let data = files[i].data else { return .success(false) }
            return FileIO.put(data, to: folder.appendingPathComponent(files[i].name).path)
        }
        let todo = (0..<articleFiles).filter { outcome[$0] == nil }
        outcome.withUnsafeMutableBufferPointer { buffer in
            let slots = UnsafeSendableBuffer(buffer)
            Parallel.forEach(todo.count) { k in slots.buffer[todo[k]] = put(todo[k]) }
        }
        for i in 0..<articleFiles { _ = try outcome[i]?.get() }
        outcome[articleFiles] = put(articleFiles)
        var summary = Summary()
        for (i, file) in files.enumerated() {
            if try outcome[i]?.get() == true { summary.written.append(file.name) } else { summary.unchanged.append(file.name) }
        }
        let keep = Set(files.map(\.name))
        let fm = FileManager.default
        var seen: Set<String> = []
        for entry in plan.previous where !keep.contains(entry.file) && !entry.file.contains("/") && seen.insert(entry.file).inserted {
            let url = folder.appendingPathComponent(entry.file)
            if fm.fileExists(atPath: url.path) {
                try? fm.removeItem(at: url)
                summary.removed.append(entry.file)
            }
        }
        return summary
    }
}
