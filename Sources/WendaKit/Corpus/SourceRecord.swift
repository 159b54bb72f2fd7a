import Foundation

/// What a build read from one source file, as the corpus's manifest records it, so the
/// next build can tell without reading it again whether the file changed: its size,
/// modification time and inode (a file whose three are unchanged is taken as it was),
/// the articles, paragraphs and sentences it gave and its problems (reported again).
/// For a corpus JSONL that ended with a newline and was UTF-8 throughout, also its line
/// count and checksums of its bytes (one for each stretch a build read: the whole file,
/// then each stretch appended since): a file that has grown since, whose first `size`
/// bytes still have those checksums, only had lines appended, and only those are read.
public struct SourceRecord: Sendable, Hashable {
    /// The file as the build showed it (an article's `source`).
    public var path: String
    public var size: Int
    public var modified: Int
    public var inode: Int
    public var articles: Int
    public var paragraphs: Int
    public var sentences: Int
    /// A corpus JSONL's newlines and the `Hashing.checksum` of each stretch of its bytes,
    /// with the end of the stretch (nil otherwise).
    public var lines: Int?
    public var pieces: [Piece]?

    public struct Piece: Sendable, Hashable {
        public var end: Int
        public var checksum: UInt64
    }
    /// Its problems: line (nil: the whole file) and reason.
    public var problems: [ReadProblem]

    /// The size, modification time (nanoseconds) and inode of the file at `url`, nil when
    /// it cannot be looked at.
    static func state(of url: URL) -> (size: Int, modified: Int, inode: Int)? {
        var st = stat()
        guard stat(url.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return (Int(st.st_size), Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec), Int(st.st_ino))
    }

    /// Whether the file at `url` looks as it did when recorded (size, time and inode).
    func isUnchanged(at url: URL) -> Bool {
        guard let now = Self.state(of: url) else { return false }
        return now.size == size && now.modified == modified && now.inode == inode
    }

    /// The record of `url`, read as `path` into `articles` with `problems`, whose state
    /// before reading was `before`; nil when it changed while it was read (the next build
    /// then reads it again).
    static func of(_ path: String, at url: URL, before: (size: Int, modified: Int, inode: Int), articles: ArraySlice<Article>,
                   problems: [ReadProblem]) -> SourceRecord? {
        var record = SourceRecord(path: path, size: before.size, modified: before.modified, inode: before.inode,
                                  articles: articles.count, paragraphs: articles.reduce(0) { $0 + $1.paragraphs.count },
                                  sentences: articles.reduce(0) { $0 + $1.sentenceCount }, lines: nil, pieces: nil,
                                  problems: problems)
        if ArticleReader.isJSONL(path), !articles.isEmpty, let file = MappedFile(path: url.path), file.size == before.size {
            defer { withExtendedLifetime(file) {} }
            let b = file.bytes
            let u = b.bindMemory(to: UInt8.self)
            // UTF-8 checked a stretch of whole lines at a time (never copied whole).
            if b.last == 0x0A, ArticleReader.stretches(u, from: 0).allSatisfy({
                String(validating: UnsafeBufferPointer(rebasing: u[$0]), as: UTF8.self) != nil
            }) {
                record.lines = Self.newlines(b)
                record.pieces = [Piece(end: b.count, checksum: Hashing.checksum(b))]
            }
        }
        guard let after = state(of: url), after == before else { return nil }
        return record
    }

    /// Whether the first `size` bytes of the file at `url` are still the bytes recorded
    /// (each piece's checksum).
    func samePrefix(at url: URL) -> Bool {
        guard let pieces, pieces.last?.end == size else { return false }
        var start = 0
        for p in pieces {
            guard p.end > start, Hashing.checksum(fileAt: url.path, range: start..<p.end) == p.checksum else { return false }
            start = p.end
        }
        return true
    }

    /// The newlines in `b`.
    static func newlines(_ b: UnsafeRawBufferPointer) -> Int {
        guard var p = b.baseAddress else { return 0 }
        let end = p + b.count
        var n = 0
        while p < end, let nl = memchr(p, 0x0A, end - p) {
            n += 1
            p = UnsafeRawPointer(nl) + 1
        }
        return n
    }
}
