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
                    continue
                }
            } else {
                files = [(path, url)]
            }
            for file in files {
                let r = ArticleReader.read(file.shown, at: file.url)
                problems += r.problems
                for article in r.articles {
                    if let first = ids[article.id] {
                        problems.append(ReadProblem(file: file.shown, line: article.line,
                                                    reason: "duplicate article id \"\(article.id)\" (already read from \(first)); skipped"))
                        continue
                    }
                    ids[article.id] = article.line.map { "\(article.source):\($0)" } ?? article.source
                    articles.append(article)
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
