import Foundation

/// A corpus folder, as `wenda build` writes it: the segmented corpus (`manifest.json` and
/// the articles' files), read back. (The index saved beside it is `CorpusIndex`'s.)
public enum CorpusFolder {
    /// Whether `url` is such a folder (it holds a `manifest.json` of the corpus format).
    public static func isCorpus(_ url: URL) -> Bool {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue else { return false }
        return FileManager.default.fileExists(atPath: url.appendingPathComponent(CorpusWriter.manifestName).path)
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
