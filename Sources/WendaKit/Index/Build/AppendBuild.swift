import Foundation

/// A build that reads only what changed in its sources, for the case that makes a large
/// collection grow: files that did not change and corpus JSONL files that only had lines
/// appended (an archive appended to daily). `sources.json` records each source file as the
/// last build read it (`SourceList`); a file whose size, modification time and inode
/// are unchanged is not read; a corpus JSONL that grew and whose recorded bytes still
/// have their checksums has only its new lines read. Their articles are added as the
/// full build would add them — a new segment (folding segments as `SegmentUpdate`'s
/// policy says, their articles read back from their corpus files), the last corpus file
/// of their source and the manifest rewritten with them — so the collection is the one
/// a full build gives. Anything else (a file edited, shrunk, added or removed, a new id
/// already in the collection, another segmenter or index options, `--merge`) is left to
/// the full build, which reads every file.
public enum AppendBuild {
    /// What an append build did.
    public struct Outcome: Sendable {
        public var summary = CorpusWriter.Summary()
        /// The collection's articles, paragraphs and sentences now.
        public var articles = 0, paragraphs = 0, sentences = 0
        /// The problems of every source (those recorded, and the new lines').
        public var problems: [ReadProblem] = []
        /// The articles added.
        public var added = 0
    }

    /// A source file as it is now.
    struct Source {
        var record: SourceRecord
        var url: URL
        /// The bytes appended since the record (nil: unchanged).
        var appended: Range<Int>?
    }

    /// Builds `paths` into `folder` reading only what was appended; nil when that does not
    /// apply (nothing written then: the caller builds in full). `segmenting` is told each
    /// article segmented.
    public static func build(_ paths: [String], to folder: URL, options: IndexOptions = IndexOptions(), segmenter: Segmenter = .shared,
                             segmenting: (@Sendable (Article) -> Void)? = nil) throws -> Outcome? {
        guard let list = CorpusIndex.currentList(folder, options),
              let bytes = FileIO.readIfPresent(folder.appendingPathComponent(CorpusWriter.manifestName).path)
        else { return nil }
        let checksum = bytes.withUnsafeBytes { Hashing.checksum($0) }
        guard checksum ^ UInt64(IndexFile.version) == list.fingerprint,
              let recorded = SourceList.read(folder, manifest: checksum), recorded.segmenter == segmenter.fingerprint,
              let manifest = ManifestText(bytes), manifest.format == CorpusFile.format,
              manifest.count == recorded.sources.reduce(0, { $0 + $1.articles }),
              var sources = current(paths, recorded.sources)
        else { return nil }
        var outcome = Outcome()
        // The new lines of each grown file, read as a full read reads them.
        var added: [(source: Int, articles: [Article])] = []
        var ids: [String: Int] = [:]
        for (k, s) in sources.enumerated() {
            guard let range = s.appended else { continue }
            guard let read = appendedArticles(s, range) else { return nil }
            sources[k].record = grown(s.record, now: read.state, range, read.articles, read.problems, s.url)
            for a in read.articles {
                // An id seen already in this build's new lines is the reader's duplicate.
                guard ids[a.id] == nil else { return nil }
                ids[a.id] = k
            }
            if !read.articles.isEmpty { added.append((k, read.articles)) }
        }
        // An added id the collection holds already: the full build says which is kept.
        guard manifest.lines(leading: Set(ids.keys.map(ManifestText.lead))).isEmpty else { return nil }
        for s in sources {
            outcome.articles += s.record.articles; outcome.paragraphs += s.record.paragraphs
            outcome.sentences += s.record.sentences; outcome.problems += s.record.problems
        }
        guard !added.isEmpty else {
            // Nothing new: the collection stands; a file only touched is recorded as it is now.
            if sources.map(\.record) != recorded.sources {
                try SourceList.write(sources.map(\.record), segmenter: segmenter.fingerprint, manifest: checksum, to: folder)
            }
            return outcome
        }
        // Where each source's lines end in the manifest.
        var last: [Int] = []
        var line = -1
        for s in recorded.sources { line += s.articles; last.append(line) }
        let newArticles = added.flatMap(\.articles)
        let hashText = newArticles.map { CorpusWriter.contentHash($0, segmenter: segmenter.fingerprint) }
        let words = segment(newArticles, segmenter, segmenting)
        // Their corpus files: the last file of their source grown, new ones after it.
        var entries: [(after: Int, entries: [CorpusManifest.Entry])] = []
        var files: [(name: String, bytes: [UInt8])] = []
        var n = 0
        for (k, articles) in added {
            let old = recorded.sources[k].articles
            guard let chunk = chunks(of: articles, after: old, lastLine: last[k], words: Array(words[n..<(n + articles.count)]),
                                     manifest: manifest, folder: folder)
            else { return nil }
            files += chunk.files
            entries.append((last[k], zip(articles.indices, articles).map { j, a in
                .init(id: a.id, file: chunk.names[j], source: a.source, line: a.line, title: a.title, paragraphs: a.paragraphs.count,
                      sentences: a.sentenceCount, hash: hashText[n + j])
            }))
            n += articles.count
        }
        // The new segment: the added articles, and those of the segments the policy folds.
        let sizes = newArticles.reduce(0) { $0 + $1.paragraphs.count }
        var (update, folded) = SegmentUpdate.appending(list, paragraphs: sizes)
        // In manifest order: an added article after the line its source's entries end at.
        let after = entries.flatMap { e in e.entries.map { _ in e.after } }
        var fed: [(position: Double, article: Article, words: ArticleWords, hash: UInt64)] = []
        for (j, a) in newArticles.enumerated() {
            fed.append((Double(after[j]) + 0.5 + Double(j) / Double(newArticles.count + 1), a, words[j], UInt64(hashText[j], radix: 16) ?? 0))
        }
        guard let kept = try liveArticles(of: folded, list, manifest, folder, options) else { return nil }
        fed += kept.map { (Double($0.position), $0.article, $0.words, $0.hash) }
        fed.sort { $0.position < $1.position }
        update.fed = Array(fed.indices)
        // The corpus files, then the manifest, then the segment and the list naming them.
        for f in files {
            if case .failure(let e) = FileIO.put(f.bytes, to: folder.appendingPathComponent(f.name).path) { throw e }
            outcome.summary.written.append(f.name)
        }
        let picked = fed.map(\.article)
        try write(manifest.inserting(entries), sources.map(\.record), segmenter, folder, list, options, (update, { url in
            let local = LocalTermsSource(picked, ArticleWordsSource(fed.map(\.words)), nil)
            return try IndexBuilder.write(articles: picked, hashes: fed.map(\.hash), options: options, local: local,
                                          fingerprint: { 0 }, to: url, release: nil)
        }))
        outcome.summary.written.append(CorpusWriter.manifestName)
        outcome.added = newArticles.count
        return outcome
    }

    /// The sources as they are now, each unchanged or grown (appended to); nil when the
    /// files under `paths` are not those recorded, or one changed otherwise.
    static func current(_ paths: [String], _ recorded: [SourceRecord]) -> [Source]? {
        var files: [(shown: String, url: URL)] = []
        for path in paths {
            let url = URL(fileURLWithPath: path)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else { return nil }
            if isDir.boolValue {
                guard let listed = try? CorpusLoader.listFolder(path, url) else { return nil }
                files += listed
            } else {
                files.append((path, url))
            }
        }
        guard files.map(\.shown) == recorded.map(\.path) else { return nil }
        var out: [Source] = []
        for (f, r) in zip(files, recorded) {
            if r.isUnchanged(at: f.url) {
                out.append(Source(record: r, url: f.url, appended: nil))
                continue
            }
            // Grown: the recorded bytes still there, lines after them.
            guard r.lines != nil, r.articles > 0, let now = SourceRecord.state(of: f.url), now.size > r.size, r.samePrefix(at: f.url)
            else { return nil }
            out.append(Source(record: r, url: f.url, appended: r.size..<now.size))
        }
        return out
    }

    /// The articles and problems of the lines appended to `s` (`range` of its bytes), as
    /// reading the whole file gives them; nil when they are not plain UTF-8 lines (the
    /// whole file is read then), a line repeats an id, or the file changed meanwhile.
    static func appendedArticles(_ s: Source, _ range: Range<Int>)
        -> (articles: [Article], problems: [ReadProblem], state: (size: Int, modified: Int, inode: Int))?
    {
        guard let before = SourceRecord.state(of: s.url), let map = MappedFile(path: s.url.path), map.size == range.upperBound,
              let lines = s.record.lines else { return nil }
        defer { withExtendedLifetime(map) {} }
        let b = map.bytes.bindMemory(to: UInt8.self)
        let tail = UnsafeBufferPointer(rebasing: b[range])
        // A control character could tip the whole file over the reader's limit: read it all.
        guard String(validating: tail, as: UTF8.self) != nil,
              !tail.contains(where: { $0 < 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 && $0 != 0x0C }) else { return nil }
        var ranges: [Range<Int>] = []
        var start = range.lowerBound
        for i in range where b[i] == 0x0A {
            ranges.append(start..<i)
            start = i + 1
        }
        ranges.append(start..<range.upperBound)
        var parsed = [ArticleReader.JSONLLine](repeating: .blank, count: ranges.count)
        let path = s.record.path
        parsed.withUnsafeMutableBufferPointer { buffer in
            let slots = UnsafeSendableBuffer(buffer)
            let all = UnsafeSendableBuffer(UnsafeMutableBufferPointer(mutating: b)), ranges = ranges
            Parallel.forEach(ranges.count) { n in
                slots.buffer[n] = ArticleReader.jsonlLine(UnsafeBufferPointer(rebasing: all.buffer[ranges[n]]), source: path,
                                                          number: lines + n + 1)
            }
        }
        var articles: [Article] = [], problems: [ReadProblem] = []
        var seen: Set<String> = []
        for (n, line) in parsed.enumerated() {
            switch line {
            case .blank: continue
            case .problem(let why): problems.append(ReadProblem(file: path, line: lines + n + 1, reason: why))
            case .article(let id, let article):
                guard seen.insert(id).inserted else { return nil }
                if let article { articles.append(article) } else {
                    problems.append(ReadProblem(file: path, line: lines + n + 1, reason: "empty \"text\""))
                }
            }
        }
        guard let after = SourceRecord.state(of: s.url), after == before else { return nil }
        return (articles, problems, after)
    }

    /// A record once the lines of `range` of its file (at `url`, now in state `now`) are
    /// read into `articles` with `problems`.
    static func grown(_ record: SourceRecord, now: (size: Int, modified: Int, inode: Int), _ range: Range<Int>, _ articles: [Article],
                      _ problems: [ReadProblem], _ url: URL) -> SourceRecord {
        var r = record
        r.size = now.size; r.modified = now.modified; r.inode = now.inode
        r.problems += problems
        r.articles += articles.count
        r.paragraphs += articles.reduce(0) { $0 + $1.paragraphs.count }
        r.sentences += articles.reduce(0) { $0 + $1.sentenceCount }
        if let map = MappedFile(path: url.path), map.size == range.upperBound, map.bytes[range.upperBound - 1] == 0x0A {
            defer { withExtendedLifetime(map) {} }
            let tail = UnsafeRawBufferPointer(rebasing: map.bytes[range])
            r.lines = r.lines.map { $0 + SourceRecord.newlines(tail) }
            r.pieces?.append(.init(end: range.upperBound, checksum: Hashing.checksum(tail)))
        } else {
            // A last line without its newline may yet grow: the next build reads the file.
            r.lines = nil; r.pieces = nil
        }
        return r
    }

    /// Each article's words, segmented on every core.
    static func segment(_ articles: [Article], _ segmenter: Segmenter, _ told: (@Sendable (Article) -> Void)?) -> [ArticleWords] {
        var words = [ArticleWords](repeating: ArticleWords(tokens: [], titleTokens: []), count: articles.count)
        words.withUnsafeMutableBufferPointer { wb in
            let w = UnsafeSendableBuffer(wb)
            Parallel.forEach(articles.count) { i in
                w.buffer[i] = ArticleWords(articles[i], segmenter: segmenter)
                told?(articles[i])
            }
        }
        return words
    }
}
