import Foundation

/// Reads articles from files, folders and corpus JSONL (see `ArticleReader` for formats).
public enum CorpusLoader {
    /// The articles under `paths` (files, or folders read recursively in name order, hidden
    /// files skipped, only `ArticleReader.extensions`), with the problems of those that could
    /// not be read. Throws only when a path does not exist.
    public static func load(_ paths: [String]) throws -> (articles: [Article], problems: [ReadProblem]) {
        try load(paths, relativeTo: nil)
    }

    /// As `load(_:)`, with relative paths resolved against `base`; `Article.source` and
    /// problems keep the paths as given (so the corpus never names a machine's folders).
    public static func load(_ paths: [String], relativeTo base: URL?) throws -> (articles: [Article], problems: [ReadProblem]) {
        var records: [SourceRecord]?
        return try load(paths, relativeTo: base, records: &records)
    }

    /// As `load(_:)`, with what was read from each file (`SourceRecord`, in the order
    /// read), as a build keeps it in the manifest; nil when some problem is not a file's
    /// (a folder that cannot be read) or a file changed while it was read.
    public static func loadRecording(_ paths: [String]) throws
        -> (articles: [Article], problems: [ReadProblem], sources: [SourceRecord]?)
    {
        var records: [SourceRecord]? = []
        let r = try load(paths, relativeTo: nil, records: &records)
        return (r.articles, r.problems, records)
    }

    static func load(_ paths: [String], relativeTo base: URL?, records: inout [SourceRecord]?) throws
        -> (articles: [Article], problems: [ReadProblem])
    {
        var articles: [Article] = []
        var problems: [ReadProblem] = []
        var ids: [String: String] = [:]
        for path in paths {
            let url = resolve(path, base)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
                throw CorpusError.notFound(path)
            }
            let files: [(shown: String, url: URL)]
            if isDir.boolValue {
                do {
                    files = try listFolder(path, url)
                } catch {
                    problems.append(ReadProblem(file: path, reason: "folder cannot be read: \(FileIO.describe(error))"))
                    records = nil
                    continue
                }
            } else {
                files = [(path, url)]
            }
            for file in files {
                let before = records == nil ? nil : SourceRecord.state(of: file.url)
                let r = ArticleReader.read(file.shown, at: file.url)
                var fileProblems = r.problems
                let first = articles.count
                for article in r.articles {
                    if let first = ids[article.id] {
                        fileProblems.append(ReadProblem(file: file.shown, line: article.line,
                                                        reason: "duplicate article id \"\(article.id)\" (already read from \(first)); skipped"))
                        continue
                    }
                    ids[article.id] = article.line.map { "\(article.source):\($0)" } ?? article.source
                    articles.append(article)
                }
                problems += fileProblems
                if records != nil {
                    if let before, fileProblems.allSatisfy({ $0.file == file.shown }),
                       let record = SourceRecord.of(file.shown, at: file.url, before: before, articles: articles[first...],
                                                    problems: fileProblems) {
                        records?.append(record)
                    } else {
                        records = nil
                    }
                }
            }
        }
        return (articles, problems)
    }

    static func resolve(_ path: String, _ base: URL?) -> URL {
        if path.hasPrefix("/") || base == nil { return URL(fileURLWithPath: path) }
        return base!.appendingPathComponent(path)
    }

    /// The article files under a folder, in name order, with their paths as shown.
    static func listFolder(_ shown: String, _ url: URL) throws -> [(shown: String, url: URL)] {
        var seen: Set<String> = []
        return try listFolder(shown, url, &seen)
    }

    private static func listFolder(_ shown: String, _ url: URL, _ seen: inout Set<String>) throws -> [(shown: String, url: URL)] {
        // A folder linked back into itself is listed once.
        guard seen.insert(url.resolvingSymlinksInPath().path).inserted else { return [] }
        var out: [(String, URL)] = []
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { !$0.hasPrefix(".") }.sorted()
        for name in names {
            let child = url.appendingPathComponent(name)
            let childShown = shown.hasSuffix("/") ? shown + name : shown + "/" + name
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: child.path, isDirectory: &isDir)
            if isDir.boolValue {
                out += (try? listFolder(childShown, child, &seen)) ?? []
            } else if ArticleReader.extensions.contains((name as NSString).pathExtension.lowercased())
                        || ArticleReader.skippedFormats[(name as NSString).pathExtension.lowercased()] != nil {
                // Formats not read are listed too, to be named as skipped.
                out.append((childShown, child))
            }
        }
        return out
    }
}
