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
        let summary = try CorpusWriter.write(articles, to: folder, progress: segmenting)
        let index = PassageIndex(articles: articles, options: options, progress: indexing)
        guard let fp = fingerprint(folder) else { throw CorpusError.notFound(folder.path) }
        try IndexFile.write(index, fingerprint: fp, to: folder.appendingPathComponent(IndexFile.name))
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
        return data.withUnsafeBytes { IndexFile.checksum($0) } ^ UInt64(IndexFile.version)
    }

    /// The articles of the folder, read back from their corpus files (in manifest order).
    public static func articles(_ url: URL) throws -> (articles: [Article], problems: [ReadProblem]) {
        let manifestURL = url.appendingPathComponent(CorpusWriter.manifestName)
        let manifest: CorpusManifest
        do {
            manifest = try JSONDecoder().decode(CorpusManifest.self, from: Data(contentsOf: manifestURL))
        } catch {
            throw CorpusError.notFound(manifestURL.path)
        }
        let n = manifest.articles.count
        var out = [Result<Article, ReadProblem>?](repeating: nil, count: n)
        out.withUnsafeMutableBufferPointer { buffer in
            let slots = UnsafeSendableBuffer(buffer)
            Parallel.forEach(n) { i in
                let file = manifest.articles[i].file
                do {
                    let data = try Data(contentsOf: url.appendingPathComponent(file))
                    slots.buffer[i] = .success(try JSONDecoder().decode(CorpusFile.self, from: data).article)
                } catch {
                    slots.buffer[i] = .failure(ReadProblem(file: url.appendingPathComponent(file).path,
                                                           reason: "corpus file cannot be read: \(ArticleReader.describe(error))"))
                }
            }
        }
        var articles: [Article] = [], problems: [ReadProblem] = []
        for r in out {
            switch r {
            case .success(let a)?: articles.append(a)
            case .failure(let p)?: problems.append(p)
            case nil: break
            }
        }
        return (articles, problems)
    }
}

/// Where saved indexes of raw article sources live: `$XDG_CACHE_HOME/wenda/index/<hash
/// of the absolute path>/index.wenda` (else `~/.cache/…`), folders private (0700).
public struct IndexCache: Sendable {
    public var root: URL

    public init(root: URL) { self.root = root }

    /// The cache of this user, from the environment.
    public static func standard(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> IndexCache {
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
