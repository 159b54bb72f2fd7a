import Foundation

/// Writes the segmented corpus: the articles' files (`<id>.json` for an article alone in
/// its source file, files shared by the articles of a corpus JSONL) and `manifest.json`.
public enum CorpusWriter {
    public static let manifestName = "manifest.json"
    /// What the build read from each source file (`SourceList`).
    public static let sourcesName = "sources.json"

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
        var used: Set<String> = [manifestName, SourceList.name]
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
        /// What was read from each source file, and the segmenter (`SourceList`).
        var sources: [SourceRecord]? = nil
        var segmenter: UInt64 = 0
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
    /// `hashes`, when given, are the articles' content hashes (with the segmenter's
    /// fingerprint) worked out already. `wants`, when given, says which articles `feed`
    /// wants the words of (else all, and `plan.words` holds every article's): a file not
    /// changed since the manifest was written whose articles are those the manifest lists
    /// for it, in order and unchanged, none of them wanted, is left as it is without being
    /// read (its articles are not fed, their words not in the plan). `sources`, when given,
    /// is what was read from each source file, kept beside the manifest (`SourceList`).
    static func plan(_ articles: ArticleStore, segmenter: Segmenter = .shared, folder: URL?,
                     progress: (@Sendable (Article) -> Void)? = nil, feed: (@Sendable (Int, ArticleWords) -> Void)? = nil,
                     writing: Bool = false, hashes given: [String]? = nil,
                     wants: (@Sendable (Int) -> Bool)? = nil, sources: [SourceRecord]? = nil) -> Plan {
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
        let hashes = given ?? contentHashes(articles, segmenter: segmenter)
        // Files left as they are: each article the one the old manifest lists there, unchanged.
        var untouched = [Bool](repeating: false, count: fileNames.count)
        if let folder, let old, old.format == CorpusFile.format, let wants,
           let manifestTime = modified(folder.appendingPathComponent(manifestName)) {
            var listed: [String: [CorpusManifest.Entry]] = [:]
            for e in old.articles { listed[e.file, default: []].append(e) }
            for f in fileNames.indices where !fileNames[f].contains("/") {
                guard let entries = listed[fileNames[f]], entries.count == fileRange[f].count else { continue }
                // (A file changed after the manifest was written — damaged, or a stopped
                // build's — is read, and written again if need be.)
                untouched[f] = zip(entries, fileRange[f]).allSatisfy { e, i in
                    e.id == articles[i].id && e.hash == hashes[i] && !wants(i)
                } && modified(folder.appendingPathComponent(fileNames[f])).map { $0 <= manifestTime } == true
            }
        }
        // The old files that hold unchanged articles, read once each.
        var reusable: [String: (bytes: ArraySlice<UInt8>, file: CorpusFile)] = [:]
        if let folder {
            let needed = Array(Set(articles.indices.compactMap { i -> String? in
                guard !untouched[fileOf[i]], let o = known[articles[i].id], o.hash == hashes[i], !o.file.contains("/") else { return nil }
                return o.file
            })).sorted()
            var read = [[String: (bytes: ArraySlice<UInt8>, file: CorpusFile)]?](repeating: nil, count: needed.count)
            read.withUnsafeMutableBufferPointer { rb in
                let r = UnsafeSendableBuffer(rb)
                Parallel.forEach(needed.count) { k in r.buffer[k] = readFile(folder.appendingPathComponent(needed[k]).path) }
            }
            for m in read { for (id, v) in m ?? [:] { reusable[id] = v } }
        }
        // Each article's manifest entry, words and bytes, and each file's bytes (when kept)
        // or what became of it, filled on every core (each slot by one worker).
        var encoded = [Encoded](repeating: Encoded(), count: articles.count)
        var filed = [Filed](repeating: Filed(), count: fileNames.count)
        let remaining = Countdown(fileRange.map(\.count))
        encoded.withUnsafeMutableBufferPointer { eb in
            filed.withUnsafeMutableBufferPointer { fb in
                let encoded = UnsafeSendableBuffer(eb), filed = UnsafeSendableBuffer(fb)
                let known = known, reusable = reusable, hashes = hashes, fileNames = fileNames, names = names
                let fileOf = fileOf, fileRange = fileRange, untouched = untouched
                Parallel.forEach(articles.count, ownThreads: true) { i in
                    let article = articles[i]
                    let file = fileOf[i]
                    encoded.buffer[i].entry = .init(id: article.id, file: names[i], source: article.source, line: article.line,
                                                    title: article.title, paragraphs: article.paragraphs.count,
                                                    sentences: article.sentenceCount, hash: hashes[i])
                    if untouched[file] {
                        progress?(article)
                        if remaining.done(file), writing { filed.buffer[file].outcome = .success(false) }
                        return
                    }
                    if let o = known[article.id], o.hash == hashes[i], let r = reusable[article.id],
                       r.file.format == CorpusFile.format, let kept = r.file.words(of: article) {
                        encoded.buffer[i].words = kept
                        encoded.buffer[i].bytes = r.bytes + [0x0A]
                    } else {
                        let segmented = ArticleWords(article, segmenter: segmenter)
                        encoded.buffer[i].words = segmented
                        encoded.buffer[i].bytes = ArraySlice(CorpusFile(article, words: segmented).bytes())
                    }
                    if let feed {
                        // The index takes the words from here: not kept twice.
                        feed(i, encoded.buffer[i].words)
                        encoded.buffer[i].words = ArticleWords(tokens: [], titleTokens: [])
                    }
                    progress?(article)
                    // The last article of a file done: the file is put together (and written).
                    guard remaining.done(file) else { return }
                    let range = fileRange[file]
                    var bytes: [UInt8] = []
                    bytes.reserveCapacity(range.reduce(0) { $0 + encoded.buffer[$1].bytes.count })
                    for k in range {
                        bytes += encoded.buffer[k].bytes
                        encoded.buffer[k].bytes = []
                    }
                    if writing, let folder {
                        filed.buffer[file].outcome = FileIO.put(bytes, to: folder.appendingPathComponent(fileNames[file]).path)
                    } else {
                        filed.buffer[file].data = bytes
                    }
                }
            }
        }
        var files: [(name: String, data: [UInt8]?)] = zip(fileNames, filed).map { ($0, $1.data) }
        let manifest = CorpusManifest(format: CorpusFile.format, generator: "wenda build", articles: encoded.map(\.entry))
        files.append((manifestName, manifest.bytes()))
        return Plan(files: files, words: encoded.map(\.words), previous: old?.articles ?? [],
                    outcome: filed.map(\.outcome) + [nil], sources: sources, segmenter: segmenter.fingerprint)
    }

    /// One article as `plan` encodes it: its manifest entry, its words (unless fed to the
    /// index), and its bytes in its file (until the file is put together).
    private struct Encoded {
        var entry = CorpusManifest.Entry(id: "", file: "", source: "", line: nil, title: "", paragraphs: 0, sentences: 0, hash: nil)
        var words = ArticleWords(tokens: [], titleTokens: [])
        var bytes: ArraySlice<UInt8> = []
    }

    /// One file as `plan` leaves it: its bytes (kept for `commit`), or what became of
    /// writing it at once.
    private struct Filed {
        var data: [UInt8]?
        var outcome: Result<Bool, Error>?
    }

    /// When the file at `url` was last modified (nanoseconds), nil when it is not there.
    static func modified(_ url: URL) -> Int? {
        var st = stat()
        guard stat(url.path, &st) == 0 else { return nil }
        return Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec)
    }

    /// Every article's content hash with `segmenter`'s fingerprint (on every core).
    static func contentHashes(_ articles: ArticleStore, segmenter: Segmenter = .shared) -> [String] {
        var hashes = [String](repeating: "", count: articles.count)
        hashes.withUnsafeMutableBufferPointer { hb in
            let h = UnsafeSendableBuffer(hb)
            let segmenterPrint = segmenter.fingerprint
            Parallel.forEach(articles.count) { i in h.buffer[i] = contentHash(articles[i], segmenter: segmenterPrint) }
        }
        return hashes
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
        if let manifest = files[articleFiles].data {
            try SourceList.write(plan.sources, segmenter: plan.segmenter, manifest: manifest.withUnsafeBytes { Hashing.checksum($0) },
                                 to: folder)
        }
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

