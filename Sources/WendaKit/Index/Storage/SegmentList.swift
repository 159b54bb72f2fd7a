import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The list of a collection's segments (`segments.json`), as tantivy's `meta.json`: which
/// segment files (each a saved index of some of the articles, never changed once
/// written) make the collection, and which articles of each are deleted (a deletion file
/// per segment, also never changed: a new deletion set is a new file). The list is the
/// one thing a build replaces to change the collection — written to a temporary file,
/// synced, renamed over the old one, the folder synced — so a build stopped at any point
/// leaves either the old list or the new one, and every file the list names is complete.
/// Files no list names (a stopped build's) are removed by the next build.
struct SegmentList: Sendable, Equatable {
    static let name = "segments.json"

    struct Entry: Sendable, Equatable {
        /// The segment file (`segment-<generation>.wenda`).
        var name: String
        /// Its deletion file, when some of its articles are deleted.
        var deletions: String?
        var articles: Int
        var deletedArticles: Int
        var passages: Int
        var deletedPassages: Int

        var livePassages: Int { passages - deletedPassages }
        var liveArticles: Int { articles - deletedArticles }
    }

    /// The saved index format of every segment (`IndexFile.version`).
    var format: Int
    /// Bumped by every build that publishes a list: new files are named after it, so a
    /// stopped build's files never stand in for a later build's.
    var generation: Int
    /// What the collection was built from (a corpus folder's manifest, or the sources'
    /// files), as `CorpusIndex` works it out.
    var fingerprint: UInt64
    /// The index options the segments were built with (`IndexMeta.optionsKey`).
    var options: String
    var segments: [Entry]
    /// The files the last build could not read (reported again by every start).
    var problems: [ReadProblem] = []
    /// The corpus folder's manifest as it was when the list was published (size,
    /// modification time, inode), when the fingerprint is its checksum: while it is
    /// unchanged, the checksum need not be worked out again.
    var manifest: ManifestState?

    struct ManifestState: Sendable, Equatable {
        var size: Int, modified: Int, inode: Int
        init(size: Int, modified: Int, inode: Int) { self.size = size; self.modified = modified; self.inode = inode }
        init(_ s: (size: Int, modified: Int, inode: Int)) { self.init(size: s.size, modified: s.modified, inode: s.inode) }
    }

    var livePassages: Int { segments.reduce(0) { $0 + $1.livePassages } }
    var liveArticles: Int { segments.reduce(0) { $0 + $1.liveArticles } }

    static func segmentName(_ generation: Int) -> String { "segment-\(generation).wenda" }
    static func deletionName(_ segment: String, _ generation: Int) -> String {
        "\((segment as NSString).deletingPathExtension).\(generation).del"
    }

    /// Whether `name` is a file a build of segments writes (a segment, a deletion file,
    /// a list or one of their temporary files), so one no list names may be removed.
    /// (Matched by hand: a Swift regex literal is parsed again at each use, which took
    /// seconds over the few thousand files of a large corpus folder.)
    static func isOurs(_ name: String) -> Bool {
        let n = Substring(name)
        if isSegmentName(n) || isDeletionName(n) { return true }
        // `.segments.json.….tmp`, `.segment-N.wenda.….tmp`, `.segment-N.G.del.….tmp`
        if n.hasPrefix("."), n.hasSuffix("tmp") {
            let rest = n.dropFirst()
            if rest.hasPrefix("segments.json."), rest.count >= "segments.json.tmp".count { return true }
            var dots = rest.indices.filter { rest[$0] == "." }
            while let last = dots.popLast() {
                let head = rest[..<last]
                if isSegmentName(head) || isDeletionName(head) { return rest[rest.index(after: last)...].count >= 3 }
            }
            return false
        }
        // `.index.wenda.P.N.part`
        if n.hasPrefix(".index.wenda."), n.hasSuffix(".part") {
            return isNumbers(n.dropFirst(".index.wenda.".count).dropLast(".part".count), 2)
        }
        return false
    }

    /// `segment-N.wenda`.
    static func isSegmentName(_ n: Substring) -> Bool {
        n.hasPrefix("segment-") && n.hasSuffix(".wenda") && isNumbers(n.dropFirst("segment-".count).dropLast(".wenda".count), 1)
    }

    /// `segment-N.G.del`.
    static func isDeletionName(_ n: Substring) -> Bool {
        n.hasPrefix("segment-") && n.hasSuffix(".del") && isNumbers(n.dropFirst("segment-".count).dropLast(".del".count), 2)
    }

    /// Whether `s` is `count` runs of ASCII digits joined by dots.
    private static func isNumbers(_ s: Substring, _ count: Int) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == count && parts.allSatisfy { p in !p.isEmpty && p.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    }

    /// The files of the list.
    var files: Set<String> {
        var out: Set<String> = [Self.name]
        for s in segments {
            out.insert(s.name)
            if let d = s.deletions { out.insert(d) }
        }
        return out
    }

    // MARK: Reading and writing

    enum ReadError: Error, Equatable {
        case missing, damaged, foreignVersion(Int)
    }

    /// The list in `folder`.
    static func read(_ folder: URL) throws(ReadError) -> SegmentList {
        guard let bytes = FileIO.readIfPresent(folder.appendingPathComponent(name).path) else { throw .missing }
        guard let v = JSONBytes.parse(bytes), let format = v["format"]?.integer else { throw .damaged }
        guard format == Int(IndexFile.version) else { throw .foreignVersion(format) }
        guard let generation = v["generation"]?.integer, let fp = v["fingerprint"]?.string.flatMap({ UInt64($0, radix: 16) }),
              let options = v["options"]?.string, let list = v["segments"]?.array else { throw .damaged }
        var segments: [Entry] = []
        for e in list {
            guard let name = e["name"]?.string, isSegmentName(Substring(name)),
                  let articles = e["articles"]?.integer, let passages = e["passages"]?.integer,
                  let deletedArticles = e["deletedArticles"]?.integer, let deletedPassages = e["deletedPassages"]?.integer
            else { throw .damaged }
            let deletions = e["deletions"]?.string
            if let deletions, !isDeletionName(Substring(deletions)) { throw .damaged }
            segments.append(Entry(name: name, deletions: deletions, articles: articles, deletedArticles: deletedArticles,
                                  passages: passages, deletedPassages: deletedPassages))
        }
        var problems: [ReadProblem] = []
        for p in v["problems"]?.array ?? [] {
            guard let file = p["file"]?.string, let reason = p["reason"]?.string else { throw .damaged }
            problems.append(ReadProblem(file: file, line: p["line"]?.integer, reason: reason))
        }
        var read = SegmentList(format: format, generation: generation, fingerprint: fp, options: options, segments: segments,
                               problems: problems)
        if let m = v["manifest"]?.array {
            guard m.count == 3, let size = m[0].integer, let modified = m[1].integer, let inode = m[2].integer else { throw .damaged }
            read.manifest = ManifestState(size: size, modified: modified, inode: inode)
        }
        return read
    }

    /// The list as JSON, one segment a line.
    func bytes() -> [UInt8] {
        var w = JSONWriter(capacity: 256 + segments.count * 160)
        w.raw("{"); w.key("format"); w.int(format)
        w.field("generation", generation)
        w.field("fingerprint", String(fingerprint, radix: 16))
        w.field("options", options)
        w.raw(","); w.key("segments"); w.raw("[")
        for (n, s) in segments.enumerated() {
            w.raw(n > 0 ? ",\n{" : "\n{")
            w.key("name"); w.string(s.name)
            w.field("deletions", ifPresent: s.deletions)
            w.field("articles", s.articles); w.field("deletedArticles", s.deletedArticles)
            w.field("passages", s.passages); w.field("deletedPassages", s.deletedPassages)
            w.raw("}")
        }
        w.raw("],\n"); w.key("problems"); w.raw("[")
        for (n, p) in problems.enumerated() {
            w.raw(n > 0 ? ",\n{" : "\n{")
            w.key("file"); w.string(p.file)
            w.field("line", ifPresent: p.line); w.field("reason", p.reason)
            w.raw("}")
        }
        w.raw("]")
        if let m = manifest {
            w.raw(",\n"); w.key("manifest"); w.raw("["); w.int(m.size); w.raw(","); w.int(m.modified); w.raw(","); w.int(m.inode)
            w.raw("]")
        }
        w.raw("}\n")
        return w.bytes
    }

    /// Replaces the list in `folder` with this one, durably: a temporary file written and
    /// synced, renamed over the list, the folder synced. Every file it names must be
    /// synced already (`Durable.sync`).
    func publish(to folder: URL) throws {
        try Durable.replace(folder.appendingPathComponent(Self.name), with: bytes())
    }

    /// Removes the files of segments in `folder` that no list names (a stopped build's, or
    /// those merged away), and the single-file index of format 7 and before.
    func removeStrays(in folder: URL) {
        let keep = files
        let fm = FileManager.default
        for n in (try? fm.contentsOfDirectory(atPath: folder.path)) ?? [] where !keep.contains(n) {
            if Self.isOurs(n) || n == IndexFile.name { try? fm.removeItem(at: folder.appendingPathComponent(n)) }
        }
    }
}

/// The deleted articles of one segment (their numbers in it, ascending), as a deletion
/// file holds them: magic `WENDADEL`, version (UInt32), 0 (UInt32), count (UInt64),
/// checksum of the numbers (UInt64), the numbers (Int32 each).
enum DeletionFile {
    static let magic = Array("WENDADEL".utf8)

    static func bytes(_ deleted: [Int32]) -> [UInt8] {
        var w = BinaryWriter()
        w.bytes += magic
        w.u32(IndexFile.version); w.u32(0); w.u64(UInt64(deleted.count))
        w.u64(deleted.withUnsafeBytes { Hashing.checksum($0) })
        deleted.withUnsafeBytes { w.bytes += $0 }
        return w.bytes
    }

    /// Writes the file durably (synced before the list that names it is published).
    static func write(_ deleted: [Int32], to url: URL) throws {
        try Durable.replace(url, with: bytes(deleted))
    }

    /// The numbers a deletion file holds, ascending and below `articles`; nil when it is
    /// missing or damaged.
    static func read(_ url: URL, articles: Int) -> [Int32]? {
        guard let b = FileIO.readIfPresent(url.path), b.count >= 32, Array(b[0..<8]) == magic else { return nil }
        return b.withUnsafeBytes { raw -> [Int32]? in
            guard raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self) == IndexFile.version else { return nil }
            let n = Int(raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
            guard n >= 0, n <= articles, b.count == 32 + 4 * n else { return nil }
            let body = UnsafeRawBufferPointer(rebasing: raw[32...])
            guard Hashing.checksum(body) == raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self) else { return nil }
            let out = (0..<n).map { body.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self) }
            for k in out.indices where out[k] < 0 || Int(out[k]) >= articles || (k > 0 && out[k] <= out[k - 1]) { return nil }
            return out
        }
    }
}

/// Files written so that they survive a crash of the machine, not only of the program:
/// synced before anything names them.
enum Durable {
    /// Flushes the file at `url` to the disk.
    static func sync(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileIO.WriteError(url.path, FileIO.lastError) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw FileIO.WriteError(url.path, FileIO.lastError) }
    }

    /// Writes `bytes` to a temporary file beside `url`, syncs it, renames it to `url` and
    /// syncs the folder: `url` then holds the old bytes or the new ones, whatever happens.
    static func replace(_ url: URL, with bytes: [UInt8]) throws {
        let folder = url.deletingLastPathComponent()
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        unlink(temp.path)
        try FileIO.writeNew(bytes, to: temp.path)
        do {
            try sync(temp)
            guard rename(temp.path, url.path) == 0 else { throw FileIO.WriteError(url.path, FileIO.lastError) }
        } catch {
            unlink(temp.path)
            throw error
        }
        syncFolder(folder)
    }

    /// Syncs a folder's entries (a rename made durable); best effort.
    static func syncFolder(_ folder: URL) {
        let fd = open(folder.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }
}
