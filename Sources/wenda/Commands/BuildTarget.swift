// What `wenda build` may do to its output folder: it never removes the articles of a
// corpus built from other sources, nor overwrites a file it did not write, unless told to
// with --force.
import Foundation
import WendaKit

enum BuildTarget {
    /// Whether `folder` is a folder; nil when nothing is there yet (always safe to write).
    private static func isFolder(_ folder: URL) -> Bool? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDir) else { return nil }
        return isDir.boolValue
    }

    /// Why writing the corpus of `articles`, read from `sources`, into `folder` would
    /// destroy work, in one line saying what to do instead; nil when it is safe.
    static func refusal(folder: URL, sources: [String], articles: [Article]) -> String? {
        let fm = FileManager.default
        guard let isFolder = isFolder(folder) else { return nil }
        let shown = folder.relativePath
        guard isFolder else { return "\(shown) exists and is not a folder; choose another --out" }
        let manifest = CorpusManifest.read(folder)
        // A file this build would write that no earlier build wrote is someone else's.
        let ours = Set(manifest?.articles.map(\.file) ?? [])
            .union(manifest == nil ? [] : [CorpusWriter.manifestName, CorpusWriter.sourcesName, IndexFile.name, CorpusIndex.listName])
        let toWrite = Set(CorpusWriter.fileNames(articles)).union([CorpusWriter.manifestName, CorpusWriter.sourcesName, CorpusIndex.listName])
        if let clash = toWrite.subtracting(ours).sorted().first(where: { fm.fileExists(atPath: folder.appendingPathComponent($0).path) }) {
            return "\(shown)/\(clash) exists and was not written by a build of this corpus; "
                + "use --out DIR for a corpus of its own, or --force to overwrite it"
        }
        guard let manifest else { return nil }
        let ids = Set(articles.map(\.id))
        let gone = manifest.articles.filter { !ids.contains($0.id) }
        let foreign = gone.filter { entry in !sources.contains { within(entry.source, $0) } }
        guard let first = foreign.first else { return nil }
        let count = Plural.count(foreign.count, "article")
        return "\(shown) holds \(count) built from other sources (such as \(first.source)) that this build would remove; "
            + "use --out DIR for a corpus of its own, or --force to replace them"
    }

    /// Why writing the shards of `articles`, read from `sources`, into `folder` would
    /// destroy work (as `refusal`): the folder holds something other than shards a build
    /// wrote, or shards holding articles of other sources that this build would remove.
    static func shardRefusal(folder: URL, sources: [String], articles: [Article]) -> String? {
        let fm = FileManager.default
        guard let isFolder = isFolder(folder) else { return nil }
        let shown = folder.relativePath
        guard isFolder else { return "\(shown) exists and is not a folder; choose another --out" }
        let names = (try? fm.contentsOfDirectory(atPath: folder.path)) ?? []
        let ours = { (n: String) in n == ShardBuilder.stubName || n.wholeMatch(of: /shard-[0-9]+/) != nil }
        if let other = names.sorted().first(where: { !ours($0) }) {
            return "\(shown)/\(other) was not written by a build of Xapian shards; "
                + "use --out DIR for the shards, or --force to write them beside it"
        }
        guard let held = ShardBuilder.catalogued(folder) else { return nil }
        let ids = Set(articles.map(\.id))
        let foreign = held.filter { entry in !ids.contains(entry.id) && !sources.contains { within(entry.source, $0) } }
        guard let first = foreign.first else { return nil }
        return "\(shown) holds \(Plural.count(foreign.count, "article")) built from other sources (such as \(first.source)) that this build would remove; "
            + "use --out DIR for a collection of its own, or --force to replace them"
    }

    /// Whether the article source `path` (as a build showed it) lies under the SOURCE
    /// argument `source`: as written, or once both are made absolute from here.
    static func within(_ path: String, _ source: String) -> Bool {
        func under(_ p: String, _ s: String) -> Bool {
            let s = s.count > 1 && s.hasSuffix("/") ? String(s.dropLast()) : s
            return p == s || p.hasPrefix(s == "/" ? s : s + "/")
        }
        if under(path, source) { return true }
        let absolute = { (p: String) in URL(fileURLWithPath: p).standardizedFileURL.path }
        return under(absolute(path), absolute(source))
    }
}
