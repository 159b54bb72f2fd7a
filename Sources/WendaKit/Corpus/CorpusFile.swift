import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One article of the segmented corpus (`corpus/<id>.json`): pretty-printed JSON, keys
/// sorted, written by `wenda build`. Offsets: `start`/`end` count Unicode scalars of the
/// cleaned article text; `source_start`/`source_end` are UTF-8 byte offsets in the source
/// file (for JSONL: in the decoded `text` field of line `line`). `words` are the
/// segmenter's tokens of the sentence, joined by one space.
public struct CorpusFile: Codable, Sendable, Hashable {
    public static let format = "wenda-corpus/1"

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

        enum CodingKeys: String, CodingKey {
            case number, start, end, text, words
            case sourceStart = "source_start", sourceEnd = "source_end"
        }
    }

    /// The corpus entry of an article, its sentences cut into words by `segmenter`.
    public init(_ article: Article, segmenter: Segmenter = .shared) {
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
        paragraphs = article.paragraphs.map { p in
            let ps = article.sourceRange(of: p.range)
            return ParagraphEntry(
                number: p.number, block: p.block, start: p.range.lowerBound, end: p.range.upperBound,
                sourceStart: ps.lowerBound, sourceEnd: ps.upperBound,
                sentences: p.sentences.map { s in
                    let text = article.slice(s.range)
                    let ss = article.sourceRange(of: s.range)
                    return SentenceEntry(
                        number: s.number, start: s.range.lowerBound, end: s.range.upperBound,
                        sourceStart: ss.lowerBound, sourceEnd: ss.upperBound, text: text,
                        words: segmenter.tokenize(text).map(\.text).joined(separator: " "))
                })
        }
    }

    /// The JSON of the file, as written: pretty, keys sorted, a final newline.
    public func encoded() throws -> Data {
        try CorpusWriter.encode(self)
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
}

/// Writes the segmented corpus: one `<id>.json` per article and `manifest.json`.
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

    /// Every file of the corpus of `articles` (name and bytes), the manifest last.
    public static func render(_ articles: [Article], segmenter: Segmenter = .shared) throws -> [(name: String, data: Data)] {
        try render(articles, segmenter: segmenter, reuse: { _ in false }).map { ($0.name, $0.data ?? Data()) }
    }

    /// As `render(_:)`; an article whose entry `reuse` accepts (its file already holds it)
    /// is not segmented again and gets no data. Articles are segmented and encoded on
    /// every core; `progress` is told each article done (from any thread).
    static func render(_ articles: [Article], segmenter: Segmenter = .shared,
                       reuse: (CorpusManifest.Entry) -> Bool,
                       progress: (@Sendable (Article) -> Void)? = nil) throws -> [(name: String, data: Data?)] {
        var used: Set<String> = [manifestName]
        var entries: [CorpusManifest.Entry] = []
        for article in articles {
            var name = fileName(for: article.id)
            var n = 2
            while used.contains(name) {
                name = String(fileName(for: article.id).dropLast(5)) + "~\(n).json"
                n += 1
            }
            used.insert(name)
            entries.append(.init(id: article.id, file: name, source: article.source, line: article.line, title: article.title,
                                 paragraphs: article.paragraphs.count, sentences: article.sentenceCount,
                                 hash: contentHash(article)))
        }
        let todo = entries.indices.filter { !reuse(entries[$0]) }
        var encoded = [Result<Data, Error>?](repeating: nil, count: articles.count)
        encoded.withUnsafeMutableBufferPointer { buffer in
            let slots = UnsafeSendableBuffer(buffer)
            Parallel.forEach(todo.count) { k in
                let i = todo[k]
                slots.buffer[i] = Result { try encode(CorpusFile(articles[i], segmenter: segmenter)) }
                progress?(articles[i])
            }
        }
        var files: [(name: String, data: Data?)] = []
        for (i, entry) in entries.enumerated() {
            files.append((entry.file, try encoded[i]?.get()))
        }
        let manifest = CorpusManifest(format: CorpusFile.format, generator: "wenda build", articles: entries)
        files.append((manifestName, try encode(manifest)))
        return files
    }

    /// A hash of everything of an article the corpus file is made from (hex).
    public static func contentHash(_ a: Article) -> String {
        var h = StableHasher()
        for s in [a.id, a.title, a.author, a.date, a.url, a.source, a.text] { h.add(s) }
        h.add(a.line ?? -1)
        for (k, v) in a.metadata.sorted(by: { $0.key < $1.key }) { h.add(k); h.add(v) }
        h.add(a.captions.count); for c in a.captions { h.add(c) }
        h.add(a.references.count); for r in a.references { h.add(r) }
        for p in a.paragraphs {
            h.add(p.number); h.add(p.block); h.add(p.range.lowerBound); h.add(p.range.upperBound)
            for s in p.sentences { h.add(s.number); h.add(s.range.lowerBound); h.add(s.range.upperBound) }
        }
        var offsets = a.sourceOffsets + [-1] + a.sourceEnds
        let fast = offsets.withUnsafeMutableBytes { IndexFile.checksum(UnsafeRawBufferPointer($0)) }
        h.add(Int(bitPattern: UInt(fast)))
        return String(h.value, radix: 16)
    }

    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }

    /// Writes the corpus of `articles` to `folder` (created if need be): each file through a
    /// temporary file renamed into place, unchanged files left alone, and the files an
    /// earlier manifest listed that are no longer part of the corpus removed.
    public static func write(_ articles: [Article], to folder: URL, segmenter: Segmenter = .shared,
                             progress: (@Sendable (Article) -> Void)? = nil) throws -> Summary {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CorpusError.cannotWrite(folder.path, ArticleReader.describe(error))
        }
        let manifestURL = folder.appendingPathComponent(manifestName)
        let old = (try? Data(contentsOf: manifestURL)).flatMap { try? JSONDecoder().decode(CorpusManifest.self, from: $0) }
        // Unchanged articles (same content hash, same file, file still there) are not
        // segmented again.
        var known: [String: CorpusManifest.Entry] = [:]
        for e in old?.articles ?? [] where e.hash != nil { known[e.file] = e }
        let files = try render(articles, segmenter: segmenter, reuse: { e in
            guard let o = known[e.file], o.hash == e.hash, o.id == e.id else { return false }
            return fm.fileExists(atPath: folder.appendingPathComponent(e.file).path)
        }, progress: progress)
        // Files are written on every core too (creating thousands of files is kernel work).
        var outcome = [Result<Bool, Error>?](repeating: nil, count: files.count)
        outcome.withUnsafeMutableBufferPointer { buffer in
            let slots = UnsafeSendableBuffer(buffer)
            Parallel.forEach(files.count) { i in
                guard let data = files[i].data else { slots.buffer[i] = .success(false); return }
                let url = folder.appendingPathComponent(files[i].name)
                if let current = try? Data(contentsOf: url), current == data {
                    slots.buffer[i] = .success(false)
                    return
                }
                slots.buffer[i] = Result { try writeAtomically(data, to: url); return true }
            }
        }
        var summary = Summary()
        for (i, file) in files.enumerated() {
            if try outcome[i]?.get() == true { summary.written.append(file.name) } else { summary.unchanged.append(file.name) }
        }
        let keep = Set(files.map(\.name))
        for entry in old?.articles ?? [] where !keep.contains(entry.file) && !entry.file.contains("/") {
            let url = folder.appendingPathComponent(entry.file)
            if fm.fileExists(atPath: url.path) {
                try? fm.removeItem(at: url)
                summary.removed.append(entry.file)
            }
        }
        return summary
    }

    private static func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, p, n)
        #else
        Darwin.write(fd, p, n)
        #endif
    }

    static func writeUnsynced(_ data: Data, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CorpusError.cannotWrite(path, String(cString: strerror(errno))) }
        defer { close(fd) }
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var at = 0
            while at < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + at, raw.count - at)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw CorpusError.cannotWrite(path, String(cString: strerror(errno)))
                }
                at += n
            }
        }
    }

    static func writeAtomically(_ data: Data, to url: URL) throws {
        let temp = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
        do {
            // Plain write(2), no fsync (Foundation's Data.write syncs every file, which made
            // thousands of corpus files a disk-bound wait): a torn index or manifest fails
            // its checksum or fingerprint and is rebuilt; a torn corpus file is reported.
            try writeUnsynced(data, to: temp.path)
            if rename(temp.path, url.path) != 0 {
                let why = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temp)
                throw CorpusError.cannotWrite(url.path, why)
            }
        } catch let error as CorpusError {
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temp)
            throw CorpusError.cannotWrite(url.path, ArticleReader.describe(error))
        }
    }
}
