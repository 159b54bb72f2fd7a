import Foundation
import Testing
@testable import WendaKit

/// Articles of megabytes: a one-line paragraph is cleaned a piece at a time with the same
/// result, offsets still point into the source, and an article over the limit is refused
/// by name, with the limit, before it is read.
@Suite struct LongArticleTests {
    /// A Markdown paragraph on one line, far longer than the pieces it is cleaned in.
    @Test func aParagraphOfOneLineIsCleanedWhole() throws {
        let unit = "Alpha **beta** [gamma](http://example.com/g) delta. "
        let count = 3 * TextReader.piece / unit.unicodeScalars.count
        let text = "---\ntitle: 长\n---\n\n" + String(repeating: unit, count: count) + "\n"
        let a = try #require(ArticleReader.read(Data(text.utf8), source: "long.md").articles.first)
        #expect(a.paragraphs.count == 1)
        let expected = Array(repeating: "Alpha beta gamma delta.", count: count).joined(separator: " ")
        #expect(a.text == expected)
        #expect(a.sentenceCount == count)
        // Offsets still point at the scalars they were read from.
        let bytes = Array(text.utf8)
        let scalars = Array(a.text.unicodeScalars)
        let offsets = a.sourceOffsets
        for i in stride(from: 0, to: scalars.count, by: 997) where scalars[i] != " " {
            #expect(bytes[offsets[i]] == UInt8(scalars[i].value), "scalar \(i)")
        }
    }

    @Test func anArticleOverTheLimitIsRefusedByName() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-long-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let big = dir.appendingPathComponent("big.txt")
        try Data(repeating: UInt8(ascii: "a"), count: ArticleReader.articleLimit + 1).write(to: big)
        let r = ArticleReader.read("big.txt", at: big)
        #expect(r.articles.isEmpty)
        let problem = try #require(r.problems.first)
        #expect(problem.description == "big.txt: 8.0 MB, over the 8 MB one article may take: split it into several files")
        // The same from bytes, and for a corpus JSONL line (the other lines are read).
        #expect(ArticleReader.read(Data(count: ArticleReader.articleLimit + 1), source: "x.md").problems.first?.description
            .contains("over the 8 MB") == true)
        var jsonl = Data(#"{"id":"a","text":"第一篇。"}"#.utf8 + [0x0A])
        jsonl += Data(#"{"id":"b","text":""#.utf8) + Data(repeating: UInt8(ascii: "b"), count: ArticleReader.articleLimit) + Data(#""}"#.utf8 + [0x0A])
        let j = ArticleReader.read(jsonl, source: "c.jsonl")
        #expect(j.articles.map(\.id) == ["a"])
        #expect(j.problems.first?.description.hasPrefix("c.jsonl:2: 8.0 MB, over the 8 MB") == true)
        #expect(j.problems.first?.description.hasSuffix("split it into several lines") == true)
    }

    /// The content hash works the offsets' checksum out as they come: the same value as the
    /// checksum of them spelled out.
    @Test(arguments: [0, 1, 3, 4, 5, 8, 11, 64, 1001])
    func streamingChecksumIsTheChecksum(words: Int) {
        var x: UInt64 = 0x9E37_79B9 &* UInt64(words + 1)  // a fixed sequence (linear congruential)
        let values = (0..<words).map { _ -> Int in
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: x >> 20) - 5
        }
        var sum = StreamingChecksum(words: values.count)
        for v in values { sum.add(v) }
        var spelled = values
        let whole = spelled.withUnsafeMutableBytes { Hashing.checksum(UnsafeRawBufferPointer($0)) }
        #expect(sum.value == whole)
    }

    @Test func contentHashOffsetsAreThoseSpelledOut() throws {
        for a in [try Fixtures.seed(), try Fixtures.article("seed-format.txt"), try Fixtures.article("gbk.txt")] {
            var offsets = a.sourceOffsets + [-1] + a.sourceEnds
            let spelled = offsets.withUnsafeMutableBytes { Hashing.checksum(UnsafeRawBufferPointer($0)) }
            #expect(CorpusWriter.sourceOffsetsChecksum(a) == spelled)
        }
    }
}
