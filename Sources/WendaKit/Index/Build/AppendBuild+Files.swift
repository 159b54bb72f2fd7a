import Foundation

/// What an append build writes: the corpus files of the added articles, the articles of
/// the segments it folds read back from theirs, the manifest and the list of segments.
extension AppendBuild {
    /// The corpus files of `articles` added after the `old` articles of their source (its
    /// last article on manifest line `lastLine`): their names as the full build gives
    /// them (the source's last file filled up to `CorpusWriter.articlesPerFile`, then new
    /// files), and the bytes of each file to write. Nil when the full build would name
    /// files otherwise (a source of one article, one file that becomes several, a name
    /// that another file has taken) or the last file does not hold what the manifest says.
    static func chunks(of articles: [Article], after old: Int, lastLine: Int, words: [ArticleWords], manifest: ManifestText,
                       folder: URL) -> (names: [String], files: [(name: String, bytes: [UInt8])])? {
        let per = CorpusWriter.articlesPerFile
        let total = old + articles.count
        guard old >= 2, old > per || total <= per, let source = articles.first?.source,
              let lastEntry = manifest.entry(lastLine) else { return nil }
        // The names `CorpusWriter.fileNames` gives a source of several articles.
        let stem = String(CorpusWriter.fileName(for: (source as NSString).lastPathComponent).dropLast(5))
        let base = (stem as NSString).deletingPathExtension.isEmpty ? stem : (stem as NSString).deletingPathExtension
        func name(_ chunk: Int) -> String { total <= per ? base + ".json" : base + ".\(chunk + 1).json" }
        guard lastEntry.file == name((old - 1) / per) else { return nil }
        var names: [String] = []
        var files: [(name: String, bytes: [UInt8])] = []
        var bytes: [UInt8] = []
        var chunk = (old - 1) / per
        if old % per != 0 {
            // The last file grown: it must hold the source's last articles, as listed.
            let held = old - chunk * per
            guard let current = FileIO.readIfPresent(folder.appendingPathComponent(lastEntry.file).path), current.last == 0x0A,
                  let values = JSONBytes.parseSequence(current), values.count == held
            else { return nil }
            for (n, v) in values.enumerated() {
                guard let id = v.value["id"]?.string, manifest.entry(lastLine - held + 1 + n)?.id == id else { return nil }
            }
            bytes = current
        } else {
            chunk += 1
        }
        for (j, a) in articles.enumerated() {
            let c = (old + j) / per
            if c != chunk {
                files.append((name(chunk), bytes))
                bytes = []
                chunk = c
            }
            names.append(name(c))
            bytes += CorpusFile(a, words: words[j]).bytes()
        }
        files.append((name(chunk), bytes))
        // A new file's name must be free: the full build gives it to this source only then.
        for f in files where f.name != lastEntry.file {
            if manifest.names(file: f.name) || FileManager.default.fileExists(atPath: folder.appendingPathComponent(f.name).path) {
                return nil
            }
        }
        return (names, files)
    }

    /// The live articles of the segments `folded` (numbers into `list`), read back from
    /// their corpus files with their words, with their lines in the manifest and content
    /// hashes; nil when one cannot be found as the manifest lists it.
    static func liveArticles(of folded: [Int], _ list: SegmentList, _ manifest: ManifestText, _ folder: URL, _ options: IndexOptions)
        throws -> [(position: Int, article: Article, words: ArticleWords, hash: UInt64)]?
    {
        var wanted: [[UInt8]: UInt64] = [:]
        for k in folded {
            let e = list.segments[k]
            let index = try IndexFile.load(folder.appendingPathComponent(e.name), fingerprint: nil, options: options).index
            var deleted: Set<Int32> = []
            if let d = e.deletions {
                guard let read = DeletionFile.read(folder.appendingPathComponent(d), articles: index.articles.count) else { return nil }
                deleted = Set(read)
            }
            for a in 0..<index.articles.count where !deleted.contains(Int32(a)) {
                wanted[ManifestText.lead(index.articles.id(a))] = index.contentHash(ofArticle: a)
            }
        }
        let found = manifest.lines(leading: Set(wanted.keys))
        guard found.count == wanted.count else { return nil }
        var byFile: [String: [(line: Int, entry: CorpusManifest.Entry, hash: UInt64)]] = [:]
        for f in found {
            guard let entry = manifest.entry(f.line), let hash = wanted[f.lead], entry.hash.flatMap({ UInt64($0, radix: 16) }) == hash,
                  !entry.file.contains("/") else { return nil }
            byFile[entry.file, default: []].append((f.line, entry, hash))
        }
        var out: [(position: Int, article: Article, words: ArticleWords, hash: UInt64)] = []
        for (file, entries) in byFile {
            guard let held = CorpusWriter.readFile(folder.appendingPathComponent(file).path) else { return nil }
            for e in entries {
                guard let f = held[e.entry.id]?.file, f.format == CorpusFile.format else { return nil }
                let article = f.article
                guard let words = f.words(of: article) else { return nil }
                out.append((e.line, article, words, e.hash))
            }
        }
        return out
    }

    /// Writes the manifest `bytes` and the sources read, then the update's new segment
    /// (`segment`: the update and what writes its file) and the list naming them. (Stopped
    /// before the list is published, the manifest is newer than the index: the next start
    /// brings the index up to date from the corpus files, the next build reads every file.)
    static func write(_ bytes: [UInt8], _ sources: [SourceRecord], _ segmenter: Segmenter, _ folder: URL, _ list: SegmentList,
                      _ options: IndexOptions, _ segment: (update: SegmentUpdate, build: (URL) throws -> IndexMeta)) throws {
        try FileIO.writeAtomically(bytes, to: folder.appendingPathComponent(CorpusWriter.manifestName))
        let checksum = bytes.withUnsafeBytes { Hashing.checksum($0) }
        try SourceList.write(sources, segmenter: segmenter.fingerprint, manifest: checksum, to: folder)
        let fingerprint = checksum ^ UInt64(IndexFile.version)
        _ = try segment.update.apply(to: folder, list: list, options: options, problems: list.problems, build: segment.build,
                                     fingerprint: { fingerprint })
    }
}
