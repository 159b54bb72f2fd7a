import Foundation

/// Opening the saved index of whatever `--corpus` names: its segments when they are
/// current; brought up to date first when the articles changed (the changed ones written
/// as a new segment, their old versions marked deleted), or written whole when there is
/// no usable index.
extension CorpusIndex {
    /// The index of `corpusPath`, from a saved index when there is a current one:
    /// - a folder written by `wenda build`: its segments (`segments.json`); out of date
    ///   (the manifest changed), the articles added or changed since are written as a new
    ///   segment from the corpus files; missing, of another format version or damaged, the
    ///   index is written whole from the corpus files; `notice` is told in one line;
    /// - articles (a folder, a file, corpus JSONL): the index kept for that path in
    ///   `cache`, current when every source file has the size and time it had; else the
    ///   articles are read, those added or changed since are indexed as a new segment, and
    ///   the cache updated (a notice only when a cached index was there but could not be
    ///   used). Without a cache, built in memory.
    /// A saved index is read in place; a block of it found damaged when first read is
    /// left out and told to `damaged` (once), and its list of segments is removed (the
    /// mappings stay readable), so the next start writes it again.
    /// Throws when the path does not exist or holds no readable article.
    public static func open(_ corpusPath: String, options: IndexOptions = IndexOptions(), cache: IndexCache?,
                            notice: (String) -> Void, damaged: @escaping @Sendable (String) -> Void)
        throws -> (index: any Retriever, problems: [ReadProblem])
    {
        let url = URL(fileURLWithPath: corpusPath)
        if CorpusFolder.isCorpus(url) {
            let listed = readList(url, options)
            // A list published with the manifest as it is now (the same size, time and
            // inode) is its index without a checksum of it (a large corpus's manifest is
            // hundreds of megabytes).
            let fp: UInt64?
            if case .success(let l) = listed, let state = l.manifest,
               SourceRecord.state(of: url.appendingPathComponent(CorpusWriter.manifestName)).map(SegmentList.ManifestState.init) == state {
                fp = l.fingerprint
            } else {
                fp = fingerprint(url)
            }
            var list: SegmentList?
            let why: String
            switch listed {
            case .success(let l) where l.fingerprint == fp:
                do {
                    return try openSegments(url, l, options, damaged)
                } catch {
                    why = (error as? IndexFile.LoadError)?.description ?? IndexFile.LoadError.damaged.description
                }
            case .success(let l):
                list = l
                why = IndexFile.LoadError.stale.description
            case .failure(let e):
                why = e.reason
            }
            // The words each corpus file keeps: the articles are not segmented again.
            let (articles, words, problems) = try CorpusFolder.articlesAndWords(url)
            guard !articles.isEmpty else { throw CorpusError.nothingRead(corpusPath, problems) }
            var hashOf: [String: UInt64] = [:]
            for e in CorpusManifest.read(url)?.articles ?? [] { hashOf[e.id] = e.hash.flatMap { UInt64($0, radix: 16) } }
            let hashes = articles.map { hashOf[$0.id] ?? 0 }
            if let fp {
                do {
                    let (written, kept) = try update(url, list: list, articles, words, hashes, options, problems, fp)
                    notice("\(corpusPath): \(why); " + (kept ? "changed articles indexed as a new segment (saved)" : "index rebuilt (saved)"))
                    return try openSegments(url, written, options, damaged)
                } catch {}
            }
            notice("\(corpusPath): \(why); index rebuilt (could not save it)")
            return (PassageIndex(articles: articles, options: options, words: ArticleWordsSource(words)), problems)
        }
        guard let cache, let fp = IndexCache.fingerprint(corpusPath) else {
            let (index, problems) = try inMemory(corpusPath, options: options)
            return (index, problems)
        }
        let folder = cache.folder(for: corpusPath)
        var list: SegmentList?
        var unusable: String?
        switch readList(folder, options) {
        case .success(let l) where l.fingerprint == fp:
            do {
                return try openSegments(folder, l, options, damaged)
            } catch {
                let e = (error as? IndexFile.LoadError) ?? .damaged
                unusable = "cached " + e.description.replacingOccurrences(of: "saved index", with: "index")
            }
        case .success(let l):
            list = l
        case .failure(let e):
            if !e.missing { unusable = "cached " + e.reason.replacingOccurrences(of: "saved index", with: "index") }
        }
        let (articles, problems) = try CorpusLoader.load([corpusPath])
        guard !articles.isEmpty else { throw CorpusError.nothingRead(corpusPath, problems) }
        if let unusable { notice("\(corpusPath): \(unusable); index rebuilt") }
        let hashes = CorpusWriter.contentHashes(ArticleStore(articles)).map { UInt64($0, radix: 16) ?? 0 }
        do {
            try FileIO.makePrivateFolder(folder)
            let (written, _) = try update(folder, list: list, articles, nil, hashes, options, problems, fp)
            return try openSegments(folder, written, options, damaged)
        } catch {
            notice("index cache cannot be written (\(folder.path)): \(FileIO.describe(error))")
            return (PassageIndex(articles: articles, options: options), problems)
        }
    }

    /// Why a saved index cannot be used as it is, in words.
    struct Unusable: Error {
        var reason: String
        var missing = false
    }

    /// The list of segments in `folder`, when it is of this format and these options.
    static func readList(_ folder: URL, _ options: IndexOptions) -> Result<SegmentList, Unusable> {
        do {
            let list = try SegmentList.read(folder)
            guard list.options == IndexMeta.optionsKey(options) else {
                return .failure(Unusable(reason: IndexFile.LoadError.otherOptions.description))
            }
            return .success(list)
        } catch .missing {
            // The one file of an index of format 7 and before.
            let old = folder.appendingPathComponent(IndexFile.name)
            if let h = FileHandle(forReadingAtPath: old.path), let d = try? h.read(upToCount: 12), d.count == 12 {
                try? h.close()
                let v = d.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 8, as: UInt32.self) }
                return .failure(Unusable(reason: "saved index is one file of format version \(v), not segments of format \(IndexFile.version)"))
            }
            return .failure(Unusable(reason: IndexFile.LoadError.missing.description, missing: true))
        } catch .foreignVersion(let v) {
            return .failure(Unusable(reason: IndexFile.LoadError.foreignVersion(UInt32(clamping: v)).description))
        } catch {
            return .failure(Unusable(reason: IndexFile.LoadError.damaged.description))
        }
    }

    /// Brings the segments in `folder` (listed by `list`; nil: none usable) up to
    /// `articles` (their words when known, else segmented here; their content hashes),
    /// and publishes the new list; also returns whether any segment was kept.
    static func update(_ folder: URL, list: SegmentList?, _ articles: [Article], _ words: [ArticleWords?]?, _ hashes: [UInt64],
                       _ options: IndexOptions, _ problems: [ReadProblem], _ fingerprint: UInt64) throws -> (SegmentList, Bool) {
        let paragraphs = articles.map(\.paragraphs.count)
        let u = try SegmentUpdate.planOrWhole(folder, list: list, options: options, hashes: hashes, paragraphs: paragraphs, merge: false)
        let fed = u.fed
        let written = try u.apply(to: folder, list: list, options: options, problems: problems, build: { url in
            let picked = fed.map { articles[$0] }
            let local = LocalTermsSource(picked, words.map { w in ArticleWordsSource(fed.map { w[$0] }) }, nil)
            return try IndexBuilder.write(articles: picked, hashes: fed.map { hashes[$0] }, options: options, local: local,
                                          fingerprint: { 0 }, to: url, release: nil)
        }, fingerprint: { fingerprint })
        return (written, !u.kept.isEmpty)
    }

    /// The collection the segments of `list` in `folder` make: the one segment's index
    /// itself when it has no deletions, else a `SegmentedIndex`. Throws when a file of it
    /// is missing or damaged.
    static func openSegments(_ folder: URL, _ list: SegmentList, _ options: IndexOptions,
                             _ damaged: @escaping @Sendable (String) -> Void) throws -> (index: any Retriever, problems: [ReadProblem]) {
        let tell = removing(folder.appendingPathComponent(SegmentList.name), damaged)
        var segments: [Segment] = []
        for e in list.segments {
            let (index, _) = try IndexFile.load(folder.appendingPathComponent(e.name), fingerprint: nil, options: options, damaged: tell)
            guard index.articles.count == e.articles, index.passageCount == e.passages else { throw IndexFile.LoadError.damaged }
            var deleted: [Int32] = []
            if let d = e.deletions {
                guard let read = DeletionFile.read(folder.appendingPathComponent(d), articles: e.articles),
                      read.count == e.deletedArticles else { throw IndexFile.LoadError.damaged }
                deleted = read
            }
            segments.append(Segment(index, deleted: deleted))
        }
        guard !segments.isEmpty else { throw IndexFile.LoadError.damaged }
        if segments.count == 1, segments[0].deletedArticles.isEmpty { return (segments[0].index, list.problems) }
        return (SegmentedIndex(segments, options: options), list.problems)
    }
}
