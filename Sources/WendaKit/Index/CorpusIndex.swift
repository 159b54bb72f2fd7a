import Foundation

/// The one owner of a corpus's index: building a corpus folder with its index, and
/// opening the index of whatever `--corpus` names — checking it is current, rebuilding
/// and saving it when it is not, caching the index of raw article sources.
public enum CorpusIndex {
    /// The file that lists a saved index's segments (what `--corpus` opens).
    public static let listName = SegmentList.name

    // MARK: Building

    /// Writes the segmented corpus of `articles` to `folder` (see `CorpusWriter.write`:
    /// unchanged articles are not segmented again) and saves their index beside it.
    /// `segmenting` and `indexing` are told each article done, from any thread.
    public static func build(_ articles: [Article], to folder: URL, options: IndexOptions = IndexOptions(), merge: Bool = false,
                             segmenting: (@Sendable (Article) -> Void)? = nil,
                             indexing: (@Sendable (Article) -> Void)? = nil) throws -> CorpusWriter.Summary {
        try build(ArticleStore(articles), to: folder, options: options, merge: merge, segmenting: segmenting, indexing: indexing)
    }

    /// As `build(_:to:…)`, each article of `articles` released as soon as the build is done
    /// with it (memory then holds only the articles still in the works). The index is a
    /// list of segments (`SegmentList`): added and changed articles go into a new segment,
    /// the old versions are marked deleted, and segments are merged as `SegmentUpdate`'s
    /// policy says; with `merge`, every article goes into one new segment. `sources`, when
    /// given, is what was read from each source file (kept in the manifest, so that the
    /// next build need not read again the files that did not change: `AppendBuild`).
    public static func build(_ articles: ArticleStore, to folder: URL, options: IndexOptions = IndexOptions(), merge: Bool = false,
                             sources: [SourceRecord]? = nil, segmenting: (@Sendable (Article) -> Void)? = nil,
                             indexing: (@Sendable (Article) -> Void)? = nil) throws -> CorpusWriter.Summary {
        try build(articles, to: folder, options: options, merge: merge, sources: sources, segmenting: segmenting,
                  indexing: indexing, interrupt: { _ in })
    }

    /// `build`, calling `interrupt` at each stage of writing the segments (see
    /// `SegmentUpdate.Stage`).
    static func build(_ articles: ArticleStore, to folder: URL, options: IndexOptions, merge: Bool, sources: [SourceRecord]? = nil,
                      segmenting: (@Sendable (Article) -> Void)?, indexing: (@Sendable (Article) -> Void)?,
                      interrupt: (SegmentUpdate.Stage) throws -> Void) throws -> CorpusWriter.Summary {
        try FileIO.createFolder(folder)
        let hashText = CorpusWriter.contentHashes(articles)
        let hashes = hashText.map { UInt64($0, radix: 16) ?? 0 }
        let list = currentList(folder, options)
        let paragraphs = articles.map(\.paragraphs.count)
        let update = try SegmentUpdate.planOrWhole(folder, list: list, options: options, hashes: hashes, paragraphs: paragraphs, merge: merge)
        var slot = [Int32](repeating: -1, count: articles.count)
        for (j, i) in update.fed.enumerated() { slot[i] = Int32(j) }
        // Each article is segmented once (or its words read back from its file when it is
        // unchanged): the same words make its corpus file and the index. The worker that
        // segments an article the new segment takes finds its terms too, and the index
        // takes them as soon as they are ready (numbering terms is sequential work;
        // segmenting goes on meanwhile); the files are written while it is built.
        let local = LocalTermsSource(feeding: update.fed.count)
        let written = ResultBox<CorpusWriter.Summary>()
        let done = Parallel.start { [slot] in
            let plan = CorpusWriter.plan(articles, folder: folder, progress: segmenting, feed: { i, words in
                if slot[i] >= 0 { local.put(LocalTerms.of(articles[i], words: words), at: Int(slot[i])) }
                indexing?(articles[i])
            }, writing: true, hashes: hashText, wants: { slot[$0] >= 0 }, sources: sources)
            written.set(Result { try CorpusWriter.commit(plan, to: folder) })
        }
        // The new segment is written as it is built (its large parts never all in
        // memory); the list naming it is published once the corpus files and the manifest
        // it is the index of are in place.
        var summary: CorpusWriter.Summary?
        var waited = false
        do {
            let fed = update.fed
            _ = try update.apply(to: folder, list: list, options: options, problems: [], build: { url in
                try IndexBuilder.write(articles: ArticleSelection(base: articles, picked: fed), hashes: fed.map { hashes[$0] },
                                       options: options, local: local, fingerprint: { 0 }, to: url,
                                       release: { articles.release(fed[$0]) })
            }, fingerprint: {
                done.wait()
                waited = true
                summary = try written.get()
                guard let fp = fingerprint(folder) else { throw CorpusError.notFound(folder.path) }
                return fp
            }, interrupt: interrupt)
        } catch {
            // The files' own failure first: it is why the index could not be written.
            if !waited { done.wait() }
            _ = try written.get()
            throw error
        }
        guard let summary else { throw CorpusError.notFound(folder.path) }
        return summary
    }

    /// The list of segments in `folder` when it is of this format and these options (nil
    /// otherwise: the collection is then written whole).
    static func currentList(_ folder: URL, _ options: IndexOptions) -> SegmentList? {
        guard let list = try? SegmentList.read(folder), list.options == IndexMeta.optionsKey(options) else { return nil }
        return list
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
        return try open(corpusPath, options: options, cache: cache, notice: notice, damaged: damaged)
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

    /// The folder of the saved index of the sources at `path` (its list of segments and
    /// their files). The path as written is part of the key as well as the absolute one:
    /// citations show sources as the user named them, so `seeds` and `/home/…/seeds` are
    /// two indexes, each kept, not one rebuilt at every switch.
    public func folder(for path: String) -> URL {
        var h = StableHasher()
        h.add(URL(fileURLWithPath: path).standardizedFileURL.path)
        h.add(path)
        return root.appendingPathComponent(String(h.value, radix: 16), isDirectory: true)
    }

    /// The list of segments of the saved index of the sources at `path`.
    public func file(for path: String) -> URL { folder(for: path).appendingPathComponent(CorpusIndex.listName) }

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
