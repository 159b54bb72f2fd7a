import Foundation

/// What a corpus is at a moment, cheaply, so that a session resumed later can say that
/// its corpus has changed since (its earlier answers may quote text no longer there).
/// For a folder `wenda build` wrote: its manifest, which names every article with its
/// content hash. For articles (a folder, a file, a corpus JSONL): every article file's
/// path, size and modification time. Not tied to any index format, so a new version of
/// wenda does not count as a change.
public enum CorpusFingerprint {
    /// The fingerprint of the corpus at `path` (16 hex digits), or nil when it cannot be read.
    public static func of(path: String) -> String? {
        let url = URL(fileURLWithPath: path)
        var h = StableHasher()
        if CorpusFolder.isCorpus(url) {
            // The manifest's content; past a few megabytes (a very large corpus), its size
            // and modification time, so that no run pays for reading it.
            let manifest = url.appendingPathComponent(CorpusWriter.manifestName).path
            var st = stat()
            guard stat(manifest, &st) == 0 else { return nil }
            h.add("manifest")
            if st.st_size <= 4 << 20 {
                guard let data = FileManager.default.contents(atPath: manifest) else { return nil }
                h.add(data)
            } else {
                h.add(Int(st.st_size))
                h.add(Int(st.st_mtim.tv_sec))
                h.add(Int(st.st_mtim.tv_nsec))
            }
        } else {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return nil }
            let files = isDir.boolValue ? ((try? CorpusLoader.listFolder(path, url)) ?? []) : [(shown: path, url: url)]
            h.add("articles")
            // Each file by its path inside the corpus, so `seeds` and `/home/…/seeds` agree.
            let base = url.standardizedFileURL.path
            for f in files {
                h.add(String(f.url.standardizedFileURL.path.dropFirst(base.count)))
                var st = stat()
                guard stat(f.url.path, &st) == 0 else { continue }
                h.add(Int(st.st_size))
                h.add(Int(st.st_mtim.tv_sec))
                h.add(Int(st.st_mtim.tv_nsec))
            }
        }
        let hex = String(h.value, radix: 16)
        return String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }
}
