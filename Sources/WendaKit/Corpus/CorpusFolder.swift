import Foundation

/// A folder written by `wenda build`: the segmented corpus (`manifest.json`, one
/// `<id>.json` per article) and the saved index beside it (`index.wenda`).
public enum CorpusFolder {
    /// Writes the segmented corpus of `articles` to `folder` (see `CorpusWriter.write`:
    /// unchanged articles are not segmented again) and saves their index beside it.
    /// `segmenting` and `indexing` are told each article done, from any thread.
    public static func build(_ articles: [Article], to folder: URL, options: IndexOptions = IndexOptions(),
                             segmenting: (@Sendable (Article) -> Void)? = nil,
                             indexing: (@Sendable (Article) -> Void)? = nil) throws -> CorpusWriter.Summary {
        try build(ArticleStore(articles), to: folder, options: options, segmenting: segmenting, indexing: indexing)
    }

    /// As `build(_:to:…)`, each article of `articles` let go of as soon as the build is done
    /// with it (memory then holds only the articles still in the works).
    public static func build(_ articles: ArticleStore, to folder: URL, options: IndexOptions = IndexOptions(),
                             segmenting: (@Sendable (Article) -> Void)? = nil,
                             indexing: (@Sendable (Article) -> Void)? = nil) throws -> CorpusWriter.Summary {
        try FileIO.createFolder(folder)
        // Each article is segmented once (or its words read back from its file when it is
        // unchanged): the same words make its corpus file and the index. The worker that
        // segments an article finds its terms too, and the index takes them as soon as they
        // are ready (numbering terms is sequential work; segmenting goes on meanwhile); the
        // files are written while it is built.
        let local = PassageIndex.LocalTermsSource(feeding: articles.count)
        let written = ResultBox<CorpusWriter.Summary>()
        let done = Parallel.start {
            let plan = CorpusWriter.plan(articles, folder: folder, progress: segmenting, feed: { i, words in
                local.put(PassageIndex.localTerms(of: articles[i], words: words), at: i)
                indexing?(articles[i])
            }, writing: true)
            written.set(Result { try CorpusWriter.commit(plan, to: folder) })
        }
        // The index is written as it is built (its large parts never all in memory), once
        // the corpus files and the manifest it is the index of are in place.
        var summary: CorpusWriter.Summary?
        var waited = false
        do {
            try PassageIndex.write(articles: articles, options: options, local: local, fingerprint: {
                done.wait()
                waited = true
                summary = try written.get()
                guard let fp = fingerprint(folder) else { throw CorpusError.notFound(folder.path) }
                return fp
            }, to: folder.appendingPathComponent(IndexFile.name))
        } catch {
            // The files' own failure first: it is why the index could not be written.
            if !waited { done.wait() }
            _ = try written.get()
            throw error
        }
        guard let summary else { throw CorpusError.notFound(folder.path) }
        return summary
    }

    /// Whether `url` is such a folder (it holds a `manifest.json` of the corpus format).
    public static func isCorpus(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue else { return false }
        return FileManager.default.fileExists(atPath: url.appendingPathComponent(CorpusWriter.manifestName).path)
    }

    /// What the saved index of the folder must have been built from: a checksum of the
    /// manifest, which names every article with its content hash.
    public static func fingerprint(_ url: URL) -> UInt64? {
        guard let data = try? Data(contentsOf: url.appendingPathComponent(CorpusWriter.manifestName), options: .alwaysMapped)
        else { return nil }
        return data.withUnsafeBytes { Hashing.checksum($0) } ^ UInt64(IndexFile.version)
    }

    /// The articles of the folder, read back from their corpus files (in manifest order).
    public static func articles(_ url: URL) throws -> (articles: [Article], problems: [ReadProblem]) {
        let r = try articlesAndWords(url)
        return (r.articles, r.problems)
    }

    /// As `articles(_:)`, with the words each file keeps (nil for a file that does not
    /// keep them all: format 1).
    public static func articlesAndWords(_ url: URL) throws -> (articles: [Article], words: [ArticleWords?], problems: [ReadProblem]) {
        let manifestURL = url.appendingPathComponent(CorpusWriter.manifestName)
        guard let manifest = CorpusManifest.read(url) else { throw CorpusError.notFound(manifestURL.path) }
        // Each file read once (a corpus JSONL's articles share files).
        var files: [String] = []
        var seen: Set<String> = []
        for e in manifest.articles where seen.insert(e.file).inserted { files.append(e.file) }
        var read = [[String: (bytes: ArraySlice<UInt8>, file: CorpusFile)]?](repeating: nil, count: files.count)
        read.withUnsafeMutableBufferPointer { buffer in
            let slots = UnsafeSendableBuffer(buffer)
            let files = files
            Parallel.forEach(files.count) { k in
                slots.buffer[k] = CorpusWriter.readFile(url.appendingPathComponent(files[k]).path)
            }
        }
        var byFile: [String: [String: (bytes: ArraySlice<UInt8>, file: CorpusFile)]] = [:]
        for (k, f) in files.enumerated() { if let r = read[k] { byFile[f] = r } }
        let entries = manifest.articles
        var first: [String: Int] = [:]
        for (i, e) in entries.enumerated() where first[e.file] == nil { first[e.file] = i }
        var out = [Result<(Article, ArticleWords?), ReadProblem>?](repeating: nil, count: entries.count)
        out.withUnsafeMutableBufferPointer { buffer in
            let slots = UnsafeSendableBuffer(buffer)
            let byFile = byFile, first = first
            Parallel.forEach(entries.count) { i in
                let path = url.appendingPathComponent(entries[i].file).path
                guard let held = byFile[entries[i].file] else {
                    // Reported once, with the file's first article.
                    if first[entries[i].file] == i {
                        slots.buffer[i] = .failure(ReadProblem(file: path, reason: "corpus file cannot be read (missing or damaged)"))
                    }
                    return
                }
                guard let f = held[entries[i].id]?.file else {
                    slots.buffer[i] = .failure(ReadProblem(file: path, reason: "corpus file does not hold article \"\(entries[i].id)\""))
                    return
                }
                let article = f.article
                slots.buffer[i] = .success((article, f.words(of: article)))
            }
        }
        var articles: [Article] = [], words: [ArticleWords?] = [], problems: [ReadProblem] = []
        for r in out {
            switch r {
            case .success(let a)?: articles.append(a.0); words.append(a.1)
            case .failure(let p)?: problems.append(p)
            case nil: break
            }
        }
        return (articles, words, problems)
    }
}

/// Where saved indexes of raw article sources live: `$XDG_CACHE_HOME/wenda/index/<hash
/// of the absolute path>/index.wenda` (else `~/.cache/…`), folders private (0700).
public struct IndexCache: Sendable {
    public var root: URL

    public init(root: URL) { self.root = root }

    /// The cache of this user, from `environment` (the program's variables: `XDG_CACHE_HOME`, `HOME`).
    public static func standard(_ environment: [String: String]) -> IndexCache {
        let base: URL
        if let v = environment["XDG_CACHE_HOME"], v.hasPrefix("/") {
            base = URL(fileURLWithPath: v, isDirectory: true)
        } else if let h = environment["HOME"], !h.isEmpty {
            base = URL(fileURLWithPath: h, isDirectory: true).appendingPathComponent(".cache", isDirectory: true)
        } else {
            base = FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache", isDirectory: true)
        }
        return IndexCache(root: base.appendingPathComponent("wenda/index", isDirectory: true))
    }

    /// The saved index of the sources at `path`.
    public func file(for path: String) -> URL {
        var h = StableHasher()
        h.add(URL(fileURLWithPath: path).standardizedFileURL.path)
        return root.appendingPathComponent(String(h.value, radix: 16), isDirectory: true).appendingPathComponent(IndexFile.name)
    }

    /// What the sources at `path` are now: every article file under it with its size and
    /// modification time (nil when the path does not exist).
    public static func fingerprint(_ path: String) -> UInt64? {
        let url = URL(fileURLWithPath: path)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else { return nil }
        let files = isDir.boolValue ? ((try? CorpusLoader.listFolder(path, url)) ?? []) : [(shown: path, url: url)]
        var h = StableHasher()
        h.add(Int(IndexFile.version))
        for f in files {
            h.add(f.shown)
            var st = stat()
            if stat(f.url.path, &st) == 0 {
                h.add(Int(st.st_size))
                h.add(Int(st.st_mtim.tv_sec)); h.add(Int(st.st_mtim.tv_nsec))
                h.add(Int(st.st_ino))
            }
        }
        return h.value
    }
}
