import Foundation

/// The one owner of a corpus's index: building a corpus folder with its index, and
/// opening the index of whatever `--corpus` names — checking it is current, rebuilding
/// and saving it when it is not, caching the index of raw article sources.
public enum CorpusIndex {
    // MARK: Building

    /// Writes the segmented corpus of `articles` to `folder` (see `CorpusWriter.write`:
    /// unchanged articles are not segmented again) and saves their index beside it.
    /// `segmenting` and `indexing` are told each article done, from any thread.
    public static func build(_ articles: [Article], to folder: URL, options: IndexOptions = IndexOptions(),
                             segmenting: (@Sendable (Article) -> Void)? = nil,
                             indexing: (@Sendable (Article) -> Void)? = nil) throws -> CorpusWriter.Summary {
        try build(ArticleStore(articles), to: folder, options: options, segmenting: segmenting, indexing: indexing)
    }

    /// As `build(_:to:…)`, each article of `articles` released as soon as the build is done
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
        let local = LocalTermsSource(feeding: articles.count)
        let written = ResultBox<CorpusWriter.Summary>()
        let done = Parallel.start {
            let plan = CorpusWriter.plan(articles, folder: folder, progress: segmenting, feed: { i, words in
                local.put(LocalTerms.of(articles[i], words: words), at: i)
                indexing?(articles[i])
            }, writing: true)
            written.set(Result { try CorpusWriter.commit(plan, to: folder) })
        }
        // The index is written as it is built (its large parts never all in memory), once
        // the corpus files and the manifest it is the index of are in place.
        var summary: CorpusWriter.Summary?
        var waited = false
        do {
            try IndexBuilder.write(articles: articles, options: options, local: local, fingerprint: {
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

    /// What the saved index of a corpus folder must have been built from: a checksum of
    /// its manifest, which names every article with its content hash.
    public static func fingerprint(_ folder: URL) -> UInt64? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(CorpusWriter.manifestName), options: .alwaysMapped)
        else { return nil }
        return data.withUnsafeBytes { Hashing.checksum($0) } ^ UInt64(IndexFile.version)
    }

    // MARK: Opening

    /// The retriever of whatever `--corpus` names: the shards of a collection on Xapian
    /// (a folder `wenda build --engine xapian` wrote, or a Xapian stub file naming them,
    /// local or remote; each opened within `LibrarySettings.shardTimeout`), else the index
    /// `open` gives.
    public static func retriever(_ corpusPath: String, options: IndexOptions = IndexOptions(), cache: IndexCache?,
                                 notice: (String) -> Void, damaged: @escaping @Sendable (String) -> Void)
        throws -> (index: any Retriever, problems: [ReadProblem])
    {
        if XapianRetriever.isShardCorpus(corpusPath) {
            return (try XapianRetriever.open(corpusPath, options: options, timeout: LibrarySettings.shardTimeout), [])
        }
        let (index, problems) = try open(corpusPath, options: options, cache: cache, notice: notice, damaged: damaged)
        return (index, problems)
    }

    /// The index of `corpusPath`, from a saved index when there is a current one:
    /// - a folder written by `wenda build`: its `index.wenda`; missing, out of date (the
    ///   manifest changed), of another format version or damaged, it is rebuilt from the
    ///   corpus files and saved again, and `notice` is told in one line;
    /// - articles (a folder, a file, corpus JSONL): the index cached for that path in
    ///   `cache`, current when every source file has the size and time it had; else the
    ///   articles are read and indexed and the cache written (a notice only when a cached
    ///   index was there but could not be used). Without a cache, built in memory.
    /// A saved index is read in place; a block of it found damaged when first read is
    /// left out and told to `damaged` (once), and the file is removed (the mapping stays
    /// readable), so the next start rebuilds it.
    /// Throws when the path does not exist or holds no readable article.
    public static func open(_ corpusPath: String, options: IndexOptions = IndexOptions(), cache: IndexCache?,
                            notice: (String) -> Void, damaged: @escaping @Sendable (String) -> Void)
        throws -> (index: PassageIndex, problems: [ReadProblem])
    {
        let url = URL(fileURLWithPath: corpusPath)
        if CorpusFolder.isCorpus(url) {
            let file = url.appendingPathComponent(IndexFile.name)
            let fp = fingerprint(url)
            do {
                return try IndexFile.load(file, fingerprint: fp, options: options, damaged: removing(file, damaged))
            } catch {
                let why = (error as? IndexFile.LoadError)?.description ?? "\(error)"
                // The words each corpus file keeps: the articles are not segmented again.
                let (articles, words, problems) = try CorpusFolder.articlesAndWords(url)
                guard !articles.isEmpty else { throw CorpusError.nothingRead(corpusPath, problems) }
                let index = PassageIndex(articles: articles, options: options, words: ArticleWordsSource(words))
                var saved = "saved"
                if let fp {
                    do { try IndexFile.write(index, fingerprint: fp, problems: problems, to: file) } catch { saved = "could not save it" }
                }
                notice("\(corpusPath): \(why); index rebuilt (\(saved))")
                return (index, problems)
            }
        }
        guard let cache, let fp = IndexCache.fingerprint(corpusPath) else {
            return try inMemory(corpusPath, options: options)
        }
        let file = cache.file(for: corpusPath)
        do {
            return try IndexFile.load(file, fingerprint: fp, options: options, damaged: removing(file, damaged))
        } catch {
            let (index, problems) = try inMemory(corpusPath, options: options)
            if let e = error as? IndexFile.LoadError, e != .missing {
                notice("\(corpusPath): cached \(e.description.replacingOccurrences(of: "saved index", with: "index")); index rebuilt")
            }
            do {
                try FileIO.makePrivateFolder(file.deletingLastPathComponent())
                try IndexFile.write(index, fingerprint: fp, problems: problems, to: file)
            } catch {
                notice("index cache cannot be written (\(file.deletingLastPathComponent().path)): \(FileIO.describe(error))")
            }
            return (index, problems)
        }
    }

    /// The articles at `corpusPath` (a folder, an article file, or corpus JSONL), read and
    /// indexed in memory. Throws when the path does not exist or holds no readable article.
    public static func inMemory(_ corpusPath: String, options: IndexOptions = IndexOptions()) throws
        -> (index: PassageIndex, problems: [ReadProblem])
    {
        let (articles, problems) = try CorpusLoader.load([corpusPath])
        guard !articles.isEmpty else { throw CorpusError.nothingRead(corpusPath, problems) }
        return (PassageIndex(articles: articles, options: options), problems)
    }

    /// `damaged`, after removing the damaged saved index `file`.
    static func removing(_ file: URL, _ damaged: @escaping @Sendable (String) -> Void) -> @Sendable (String) -> Void {
        { message in
            let removed = (try? FileManager.default.removeItem(at: file)) != nil
            damaged("\(file.path): \(message)" + (removed ? "; removed, to be rebuilt at the next start" : ""))
        }
    }
}

/// Where saved indexes of raw article sources live: `$XDG_CACHE_HOME/wenda/index/<hash
/// of the path>/index.wenda` (else `~/.cache/…`), folders private (0700).
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

    /// The saved index of the sources at `path`. The path as written is part of the key as
    /// well as the absolute one: citations show sources as the user named them, so `seeds`
    /// and `/home/…/seeds` are two indexes, each kept, not one rebuilt at every switch.
    public func file(for path: String) -> URL {
        var h = StableHasher()
        h.add(URL(fileURLWithPath: path).standardizedFileURL.path)
        h.add(path)
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
