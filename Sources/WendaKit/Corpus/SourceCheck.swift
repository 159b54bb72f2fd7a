import Foundation

/// Whether the articles of a corpus folder written by `wenda build` still stand in their
/// source files as the build read them: a quote is a promise that its text stands at that
/// place in that file.
///
/// Checked only for the articles an answer quotes, cheaply: a source file not modified
/// since the build wrote the folder's manifest is taken as it was (one `stat`); one
/// modified since is read again (for a corpus JSONL, only the article's line) and the
/// article compared, field by field, with the one the index holds. Verdicts are kept per
/// file state, so a shell asking many questions reads a changed file once.
///
/// A relative source path is looked for from the current folder, then from the corpus
/// folder's parent (where `wenda build seeds --out corpus` was run); a source found in
/// neither place is not judged (the corpus may have been moved without its articles).
public final class SourceCheck: @unchecked Sendable {
    /// The corpus folder.
    public let folder: URL
    /// When the build wrote the manifest (seconds, nanoseconds).
    let builtAt: (Int, Int)
    private let lock = NSLock()
    private var verdicts: [Key: Bool] = [:]
    /// Per source path: the paths `file(of:)` looks at, in order (made once: a URL made
    /// for every answer's citation cost more than the `stat`).
    private var candidatePaths: [String: [String]] = [:]

    struct Key: Hashable {
        var path: String
        var id: String
        var size: Int
        var sec: Int
        var nsec: Int
    }

    /// The check of the corpus folder `folder`; nil when it has no manifest.
    public init?(corpusFolder folder: URL) {
        var st = stat()
        guard stat(folder.appendingPathComponent(CorpusWriter.manifestName).path, &st) == 0 else { return nil }
        self.folder = folder
        builtAt = (Int(st.st_mtim.tv_sec), Int(st.st_mtim.tv_nsec))
    }

    /// The source file of `article` as it is found now, or nil.
    public func file(of article: Article) -> URL? {
        let source = article.source
        guard !source.isEmpty else { return nil }
        return candidates(source).first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Where the source file `source` may be: the path itself, and a relative one from the
    /// corpus folder's parent too.
    func candidates(_ source: String) -> [URL] {
        source.hasPrefix("/")
            ? [URL(fileURLWithPath: source)]
            : [URL(fileURLWithPath: source), folder.standardizedFileURL.deletingLastPathComponent().appendingPathComponent(source)]
    }

    /// The first of `source`'s candidate paths that is there now (as `file(of:)` finds it),
    /// with its `stat`: one call each.
    func found(_ source: String) -> (path: String, status: stat)? {
        guard !source.isEmpty else { return nil }
        let paths = lock.withLock { candidatePaths[source] } ?? {
            let made = candidates(source).map(\.path)
            lock.withLock { candidatePaths[source] = made }
            return made
        }()
        for path in paths {
            var st = stat()
            if stat(path, &st) == 0 { return (path, st) }
        }
        return nil
    }

    /// Whether `article` (as the index holds it) has changed in its source file since the
    /// build: the file was modified after it and no longer gives the same article (or
    /// cannot be read, or no longer holds it).
    public func isStale(_ article: Article) -> Bool {
        guard let (path, st) = found(article.source) else { return false }
        let modified = (Int(st.st_mtim.tv_sec), Int(st.st_mtim.tv_nsec))
        guard modified > builtAt else { return false }
        let url = URL(fileURLWithPath: path)
        let key = Key(path: path, id: article.id, size: Int(st.st_size), sec: modified.0, nsec: modified.1)
        if let known = lock.withLock({ verdicts[key] }) { return known }
        let reread = Self.reread(article, at: url)
        let stale = reread.map { !Self.sameContent($0, article) } ?? true
        lock.withLock { verdicts[key] = stale }
        return stale
    }

    /// The article read again from `url` (recorded under its source path as before), or nil
    /// when the file no longer yields it.
    static func reread(_ article: Article, at url: URL) -> Article? {
        if let line = article.line, ArticleReader.isJSONL(article.source),
           let data = try? Data(contentsOf: url, options: .alwaysMapped) {
            // Only the article's own line, when it is plain UTF-8; else the whole file.
            let found: Article?? = data.withUnsafeBytes { raw in
                let b = raw.bindMemory(to: UInt8.self)
                guard let r = Self.line(line, of: b), String(validating: UnsafeBufferPointer(rebasing: b[r]), as: UTF8.self) != nil
                else { return nil }
                guard case .article(let id, let a) = ArticleReader.jsonlLine(UnsafeBufferPointer(rebasing: b[r]), source: article.source, number: line),
                      id == article.id else { return .some(nil) }
                return .some(a)
            }
            if let found { return found }
        }
        return ArticleReader.read(article.source, at: url).articles.first { $0.id == article.id && $0.line == article.line }
    }

    /// The byte range of 1-based line `n` of `b` (a BOM before the first dropped).
    static func line(_ n: Int, of b: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var start = 0, number = 1
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { start = 3 }
        while number < n {
            guard let nl = b[start...].firstIndex(of: 0x0A) else { return nil }
            start = nl + 1
            number += 1
        }
        let end = b[start...].firstIndex(of: 0x0A) ?? b.count
        return start..<end
    }

    /// Whether two readings of an article give the same article: everything a citation or
    /// a quote is made of (the byte offsets into the source aside, which a saved index
    /// does not keep).
    static func sameContent(_ a: Article, _ b: Article) -> Bool {
        a.id == b.id && a.title == b.title && a.author == b.author && a.date == b.date && a.url == b.url
            && a.line == b.line && a.text == b.text && a.paragraphs == b.paragraphs && a.metadata == b.metadata
            && a.captions == b.captions && a.references == b.references
    }

    /// The SOURCE arguments that rebuild this corpus with every article it holds: the one
    /// folder all its source files share, else the top folder (or file) of each; empty when
    /// the manifest cannot be read.
    public func buildSources() -> [String] {
        guard let manifest = CorpusManifest.read(folder) else { return [] }
        return Self.roots(of: manifest.articles.map(\.source))
    }

    /// See `buildSources()`.
    static func roots(of sources: [String]) -> [String] {
        var seen: Set<String> = []
        let files = sources.filter { !$0.isEmpty && seen.insert($0).inserted }
        // One file: itself (its folder may hold files the build was not given).
        guard files.count > 1 else { return files }
        func folders(_ path: String) -> [String] { path.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init) }
        // The folder they all share.
        var common = folders(files[0])
        for f in files.dropFirst() {
            let d = folders(f)
            var k = 0
            while k < min(common.count, d.count), common[k] == d[k] { k += 1 }
            common.removeLast(common.count - k)
        }
        let shared = common.joined(separator: "/")
        if common.contains(where: { $0 != "." && $0 != ".." && !$0.isEmpty }) { return [shared] }
        // Else each file's top folder below the shared part (`..` steps kept), or the file.
        var out: [String] = []
        var taken: Set<String> = []
        for f in files {
            let parts = f.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            var k = common.count
            while k < parts.count - 1, parts[k] == "." || parts[k] == ".." || parts[k].isEmpty { k += 1 }
            let root = parts[0...k].joined(separator: "/")
            if taken.insert(root).inserted { out.append(root) }
        }
        return out
    }
}
