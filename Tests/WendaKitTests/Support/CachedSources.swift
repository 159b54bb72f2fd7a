// Raw article files given as `--corpus` with an index cache of their own: the set-up of
// the tests of cached indexes, both folders new and removed after.
import Foundation
import WendaKit

struct CachedSources {
    /// The folder of article files (created, empty).
    let src: URL
    let cache: IndexCache

    init() throws {
        let temp = FileManager.default.temporaryDirectory
        src = temp.appendingPathComponent("wenda-sources-\(UUID().uuidString)")
        cache = IndexCache(root: temp.appendingPathComponent("wenda-cache-\(UUID().uuidString)"))
        try FileManager.default.createDirectory(at: src, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: src)
        try? FileManager.default.removeItem(at: cache.root)
    }
}
