import Foundation
import Testing
@testable import WendaKit

/// A build whose sources only grew reads only the new lines, and leaves the collection a
/// full build of the same files gives (the same manifest entries, corpus files and
/// answers); any other change — an edited line, a truncated file, an id already held — is
/// left to the full build.
@Suite struct AppendBuildTests {
    /// `count` corpus JSONL lines, drawn with `seed`.
    static func lines(_ count: Int, seed: UInt64, prefix: String) -> [String] {
        SegmentTests.articles(count, seed: seed, prefix: prefix).map { a in
            #"{"id": "\#(a.id)", "title": "\#(a.title)", "text": "\#(a.text.replacingOccurrences(of: "\n", with: "\\n"))"}"#
        }
    }

    /// A full build of `file` into `dir`, as `wenda build` makes it (the sources recorded).
    static func fullBuild(_ file: URL, _ dir: URL) throws -> [ReadProblem] {
        let r = try CorpusLoader.loadRecording([file.path])
        #expect(r.sources != nil)
        _ = try CorpusIndex.build(ArticleStore(r.articles), to: dir, sources: r.sources)
        return r.problems
    }

    static func append(_ lines: [String], to file: URL) throws {
        let h = try FileHandle(forWritingTo: file)
        try h.seekToEnd()
        try h.write(contentsOf: Data((lines.joined(separator: "\n") + "\n").utf8))
        try h.close()
    }

    /// The collection in `a` is the one in `b`: manifest entries, corpus files, answers.
    static func expectSame(_ a: URL, _ b: URL) throws {
        let ma = try #require(CorpusManifest.read(a)), mb = try #require(CorpusManifest.read(b))
        #expect(ma.articles == mb.articles)
        for file in Set(mb.articles.map(\.file)) {
            #expect(FileIO.readIfPresent(a.appendingPathComponent(file).path) == FileIO.readIfPresent(b.appendingPathComponent(file).path),
                    "\(file)")
        }
        var notices: [String] = []
        let ia = try SegmentTests.open(a, notices: &notices)
        #expect(notices.isEmpty, "the appended collection opens as it is")
        let ib = try SegmentTests.open(b, notices: &notices)
        #expect(SegmentTests.retrieved(ia) == SegmentTests.retrieved(ib))
    }

    /// A folder whose news.jsonl holds `lines`, the folder to build it into, and a second
    /// empty folder for a full build to compare with; both removed after `body`.
    static func withSource(_ lines: [String], _ body: (_ file: URL, _ out: URL, _ other: URL) throws -> Void) throws {
        let dir = SegmentTests.tempDir(), other = SegmentTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir); try? FileManager.default.removeItem(at: other) }
        try FileIO.createFolder(dir)
        let file = dir.appendingPathComponent("news.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        try body(file, dir.appendingPathComponent("corpus"), other)
    }

    @Test func appendedLinesAloneGiveTheFullBuildsCollection() throws {
        // Two full corpus files of 256 articles: the new ones start a third.
        try Self.withSource(Self.lines(512, seed: 1, prefix: "a")) { file, out, other in
            #expect(try Self.fullBuild(file, out).isEmpty)
            try Self.append(Self.lines(4, seed: 2, prefix: "b") + ["not json", ""], to: file)
            let outcome = try #require(try AppendBuild.build([file.path], to: out))
            #expect(outcome.added == 4 && outcome.articles == 516)
            #expect(outcome.problems == [ReadProblem(file: file.path, line: 517, reason: "not valid JSON")])
            #expect(try SegmentList.read(out).segments.map(\.articles) == [512, 4], "the new articles are a segment of their own")
            #expect(try Self.fullBuild(file, other) == outcome.problems)
            try Self.expectSame(out, other)
            // Nothing new: nothing written.
            let list = try SegmentList.read(out)
            #expect(try AppendBuild.build([file.path], to: out)?.added == 0)
            #expect(try SegmentList.read(out) == list)
        }
    }

    /// One article appended at a time: each build fills the last corpus file, and the
    /// eighth small segment folds the others into it (their articles read back from
    /// their corpus files), as a full build would.
    @Test func appendsFoldSegmentsAsTheFullBuildDoes() throws {
        try Self.withSource(Self.lines(300, seed: 3, prefix: "a")) { file, out, other in
            _ = try Self.fullBuild(file, out)
            for round in 0..<9 {
                try Self.append(Self.lines(1, seed: 10 + UInt64(round), prefix: "n\(round)-"), to: file)
                #expect(try AppendBuild.build([file.path], to: out)?.added == 1, "round \(round)")
            }
            let segments = try SegmentList.read(out).segments
            #expect(segments.count < 9 && segments.count >= 2, "the small segments were folded: \(segments.map(\.articles))")
            _ = try Self.fullBuild(file, other)
            try Self.expectSame(out, other)
        }
    }

    @Test func otherChangesAreLeftToTheFullBuild() throws {
        let original = Self.lines(40, seed: 5, prefix: "a")
        try Self.withSource(original) { file, out, other in
            _ = try Self.fullBuild(file, out)
            // A line in the middle edited in place (same length), and a line appended.
            var edited = original
            edited[20] = edited[20].replacingOccurrences(of: "南京", with: "北京")
            if edited[20] == original[20] { edited[20] = edited[20].replacingOccurrences(of: "西湖", with: "东湖") }
            #expect(edited[20] != original[20] && edited[20].utf8.count == original[20].utf8.count)
            let h = try FileHandle(forWritingTo: file)
            try h.write(contentsOf: Data((edited.joined(separator: "\n") + "\n").utf8))
            try h.close()
            try Self.append(Self.lines(1, seed: 6, prefix: "b"), to: file)
            #expect(try AppendBuild.build([file.path], to: out) == nil, "an edited line is found")
            _ = try Self.fullBuild(file, out)
            _ = try Self.fullBuild(file, other)
            try Self.expectSame(out, other)
            // A truncated file.
            try Data((edited.prefix(30).joined(separator: "\n") + "\n").utf8).write(to: file)
            #expect(try AppendBuild.build([file.path], to: out) == nil, "a truncated file is read whole")
            _ = try Self.fullBuild(file, out)
            // An appended line whose id the collection holds.
            try Self.append([original[3]], to: file)
            #expect(try AppendBuild.build([file.path], to: out) == nil, "a repeated id is left to the full build")
            // Another file given.
            let second = file.deletingLastPathComponent().appendingPathComponent("more.jsonl")
            try Data((Self.lines(3, seed: 7, prefix: "c").joined(separator: "\n") + "\n").utf8).write(to: second)
            #expect(try AppendBuild.build([file.path, second.path], to: out) == nil)
        }
    }

    /// The checksum of a stretch of a file, read a chunk at a time, is the checksum of
    /// its bytes.
    @Test func fileChecksumIsTheBytesChecksum() throws {
        let dir = SegmentTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileIO.createFolder(dir)
        var rng = SplitMix(seed: 7)
        let bytes = (0..<(9 << 20) + 45).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let file = dir.appendingPathComponent("f")
        try Data(bytes).write(to: file)
        for r in [0..<0, 0..<31, 3..<100, 0..<(4 << 20), 5..<(8 << 20) + 33, 0..<bytes.count] {
            #expect(Hashing.checksum(fileAt: file.path, range: r) == bytes[r].withUnsafeBytes { Hashing.checksum($0) }, "\(r)")
        }
        #expect(Hashing.checksum(fileAt: file.path, range: 0..<(bytes.count + 1)) == nil, "past the end")
    }

    /// The names a build of segments may remove are those it writes.
    @Test func segmentFileNamesAreTold() {
        let ours = ["segment-1.wenda", "segment-12.3.del", ".segments.json.77.tmp", ".segment-4.wenda.9.0.tmp", ".segment-4.2.del.5.tmp",
                    ".index.wenda.123.456.part", ".segment-4.wenda.tmp"]
        let others = ["segment-.wenda", "segment-1.wenda.bak", "segment-1.del", "segment-1.2.3.del", "segments.json", "segment-a.wenda",
                      ".segments.jsontmp", ".segment-4.wenda.9.0.tmpx", ".index.wenda.1.part", "manifest.json", "segment-١.wenda",
                      ".segment-4.wendatmp"]
        for n in ours { #expect(SegmentList.isOurs(n), "\(n)") }
        for n in others { #expect(!SegmentList.isOurs(n), "\(n)") }
    }
}
