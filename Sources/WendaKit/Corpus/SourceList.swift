import Foundation

/// `sources.json` in a corpus folder: what the build that wrote its manifest read from
/// each source file (`SourceRecord`, in the order read), with the segmenter's fingerprint
/// the content hashes were made with, and a checksum of the manifest it goes with — a
/// list whose manifest has since been replaced (by a build that could not record its
/// sources, or stopped before writing this) is not used. Kept apart from the manifest,
/// whose bytes depend on the articles alone (a committed corpus does not change with
/// the times and inodes of a checkout).
struct SourceList: Sendable, Equatable {
    static let name = CorpusWriter.sourcesName

    /// `Hashing.checksum` of the manifest's bytes.
    var manifest: UInt64
    var segmenter: UInt64
    var sources: [SourceRecord]

    /// The JSON of the list: one source a line.
    func bytes() -> [UInt8] {
        var w = JSONWriter(capacity: 256 + sources.count * 200)
        w.raw("{"); w.key("manifest"); w.string(String(manifest, radix: 16))
        w.field("segmenter", String(segmenter, radix: 16))
        w.closingLines("sources", sources, Self.write)
        return w.bytes
    }

    /// The list in `folder`, when there is a readable one for the manifest of `checksum`.
    static func read(_ folder: URL, manifest checksum: UInt64) -> SourceList? {
        guard let bytes = FileIO.readIfPresent(folder.appendingPathComponent(name).path), let v = JSONBytes.parse(bytes),
              let manifest = v["manifest"]?.string.flatMap({ UInt64($0, radix: 16) }), manifest == checksum,
              let segmenter = v["segmenter"]?.string.flatMap({ UInt64($0, radix: 16) }), let list = v["sources"]?.array
        else { return nil }
        var sources: [SourceRecord] = []
        for s in list {
            guard let r = sourceRecord(s) else { return nil }
            sources.append(r)
        }
        return SourceList(manifest: manifest, segmenter: segmenter, sources: sources)
    }

    /// Writes the list for the manifest of `checksum` (or removes the folder's list when
    /// there is none: a stale one is not used, but need not stay).
    static func write(_ sources: [SourceRecord]?, segmenter: UInt64, manifest checksum: UInt64, to folder: URL) throws {
        let url = folder.appendingPathComponent(name)
        guard let sources else {
            try? FileManager.default.removeItem(at: url)
            return
        }
        let list = SourceList(manifest: checksum, segmenter: segmenter, sources: sources)
        try FileIO.writeAtomically(list.bytes(), to: url)
    }

    /// A source file's record: one line of the file.
    static func write(_ s: SourceRecord, _ w: inout JSONWriter) {
        w.raw("{"); w.key("path"); w.string(s.path)
        w.field("size", s.size); w.field("modified", s.modified); w.field("inode", s.inode)
        w.field("articles", s.articles); w.field("paragraphs", s.paragraphs); w.field("sentences", s.sentences)
        if let lines = s.lines, let pieces = s.pieces {
            w.field("lines", lines)
            w.raw(","); w.key("pieces"); w.raw("[")
            for (n, p) in pieces.enumerated() {
                w.raw(n > 0 ? ",{" : "{"); w.key("end"); w.int(p.end); w.field("checksum", String(p.checksum, radix: 16)); w.raw("}")
            }
            w.raw("]")
        }
        w.raw(","); w.key("problems"); w.raw("[")
        for (n, p) in s.problems.enumerated() {
            w.raw(n > 0 ? ",{" : "{")
            w.key("reason"); w.string(p.reason); w.field("line", ifPresent: p.line)
            w.raw("}")
        }
        w.raw("]}")
    }

    /// A source file's record from its JSON; nil when it is not one.
    static func sourceRecord(_ v: JSONValue) -> SourceRecord? {
        guard let path = v["path"]?.string, let size = v["size"]?.integer, let modified = v["modified"]?.integer,
              let inode = v["inode"]?.integer, let articles = v["articles"]?.integer, let paragraphs = v["paragraphs"]?.integer,
              let sentences = v["sentences"]?.integer, let problems = v["problems"]?.array else { return nil }
        var out: [ReadProblem] = []
        for p in problems {
            guard let reason = p["reason"]?.string else { return nil }
            out.append(ReadProblem(file: path, line: p["line"]?.integer, reason: reason))
        }
        let lines = v["lines"]?.integer
        var pieces: [SourceRecord.Piece]?
        if let list = v["pieces"]?.array {
            pieces = []
            for p in list {
                guard let end = p["end"]?.integer, let c = p["checksum"]?.string.flatMap({ UInt64($0, radix: 16) }) else { return nil }
                pieces?.append(.init(end: end, checksum: c))
            }
        }
        guard (lines == nil) == (pieces == nil) else { return nil }
        return SourceRecord(path: path, size: size, modified: modified, inode: inode, articles: articles, paragraphs: paragraphs,
                            sentences: sentences, lines: lines, pieces: pieces, problems: out)
    }


}
