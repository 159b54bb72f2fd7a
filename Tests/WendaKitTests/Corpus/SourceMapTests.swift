import Foundation
import Testing
@testable import WendaKit

/// `Article.sourceOffsets`/`sourceEnds` are kept as a `SourceMap`: every offset must read
/// back exactly, whatever the offsets, and text read as it stands must cost little.
@Suite struct SourceMapTests {
    /// The source range of a scalar range, from the offsets spelt out (as it was computed
    /// before the offsets were kept compact).
    static func naiveRange(_ starts: [Int], _ ends: [Int], _ range: Range<Int>) -> Range<Int> {
        let start = starts[range.lowerBound]
        let end = ends.count >= range.upperBound ? ends[range.upperBound - 1] : starts[range.upperBound]
        return start..<max(start, end)
    }

    @Test func anyOffsetsReadBackExactly() {
        var seed: UInt64 = 7
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(seed >> 33) % n
        }
        let pieces = ["中", "a", "é", "😀", "\n", " ", "文字", "GPU"]
        for round in 0..<300 {
            var text = ""
            for _ in 0..<next(700) { text += pieces[next(pieces.count)] }
            let n = text.unicodeScalars.count
            // Offsets that mostly advance with the UTF-8 width, with jumps, still stretches
            // and, in some rounds, noise.
            var starts: [Int] = [], ends: [Int] = []
            var o = next(5)
            for s in text.unicodeScalars {
                switch next(round % 3 == 0 ? 3 : 20) {
                case 0: o += next(9)
                case 1: break
                default: o += UTF8.width(s)
                }
                starts.append(o)
                ends.append(next(10) == 0 ? o + next(12) : o + UTF8.width(s))
            }
            starts.append(o + next(3))
            if round % 5 == 4 { ends = [] }
            if round % 7 == 6 { ends = Array(ends.prefix(n / 2)) }
            let a = Article(id: "a", title: "t", source: "a.txt", text: text, sourceOffsets: starts, paragraphs: [], sourceEnds: ends)
            #expect(a.sourceOffsets == starts)
            #expect(a.sourceEnds == ends)
            var ranges: [Range<Int>] = []
            for _ in 0..<20 where n > 0 {
                let lo = next(n), hi = lo + 1 + next(n - lo)
                #expect(a.sourceRange(of: lo..<hi) == Self.naiveRange(starts, ends, lo..<hi))
                ranges.append(lo..<hi)
            }
            // Many at once: the same ranges.
            #expect(a.sourceRanges(of: ranges) == ranges.map { Self.naiveRange(starts, ends, $0) })
            #expect(a.sourceRange(of: n..<n) == starts[n]..<starts[n])
            if n > 0 {
                #expect(a.sourceRange(of: (n - 1)..<n) == Self.naiveRange(starts, ends, (n - 1)..<n))
            }
            // Equal offsets over an equal text: an equal article, an equal hash.
            let b = Article(id: "a", title: "t", source: "a.txt", text: text, sourceOffsets: starts, paragraphs: [], sourceEnds: ends)
            #expect(a == b)
            #expect(CorpusWriter.contentHash(a) == CorpusWriter.contentHash(b))
        }
    }

    @Test func noOffsets() {
        let a = Article(id: "a", title: "t", source: "a.txt", text: "中文", sourceOffsets: [], paragraphs: [])
        #expect(a.sourceOffsets == [])
        #expect(a.sourceEnds == [])
        #expect(a.sourceRange(of: 1..<1) == 0..<0)
    }

    @Test func multiByteSourceEveryScalarAndTheLast() throws {
        // 1-, 2-, 3- and 4-byte scalars, a BOM, blank lines and a soft line break.
        let body = "标题\n\nCafé 中文😀，GPU。\n第二行接着。\n\n最后一段😀"
        let data = Data([0xEF, 0xBB, 0xBF]) + Data(body.utf8)
        let a = try #require(ArticleReader.read(data, source: "multi.txt").articles.first)
        let offsets = a.sourceOffsets, ends = a.sourceEnds
        #expect(offsets.count == a.text.unicodeScalars.count + 1)
        #expect(ends.count == a.text.unicodeScalars.count)
        for (i, s) in a.text.unicodeScalars.enumerated() where s != "\n" && s != " " {
            #expect(Array(data[offsets[i]..<ends[i]]) == Array(String(s).utf8), "scalar \(i) \(s)")
            #expect(a.sourceRange(of: i..<(i + 1)) == offsets[i]..<ends[i])
        }
        // The last character ends the file; the end offset stands after it.
        let n = a.text.unicodeScalars.count
        #expect(a.text.unicodeScalars.last == "😀")
        #expect(a.sourceRange(of: (n - 1)..<n) == (data.count - 4)..<data.count)
        #expect(offsets[n] == data.count)
        // Text read as it stands: a few runs, not an offset a scalar.
        #expect(a.sourceMap.heapBytes < 16 * n / 2)
    }

    @Test func htmlSourceWithEntitiesAndTags() throws {
        let html = "<html><body><p>甲&amp;乙<b>丙</b>&#x1F600;丁</p><p>末&#20013;</p></body></html>"
        let data = Data(html.utf8)
        let a = try #require(ArticleReader.read(data, source: "page.html").articles.first)
        #expect(a.paragraphs.map { a.text(of: $0) } == ["甲&乙丙😀丁", "末中"])
        func source(_ r: Range<Int>) -> String { String(decoding: data[a.sourceRange(of: r)], as: UTF8.self) }
        let s = Array(a.text.unicodeScalars)
        let amp = try #require(s.firstIndex(of: "&"))
        #expect(source(amp..<(amp + 1)) == "&amp;")
        let bing = try #require(s.firstIndex(of: "丙"))
        #expect(source(bing..<(bing + 1)) == "丙")
        #expect(source((bing - 1)..<(bing + 1)) == "乙<b>丙")
        let smile = try #require(s.firstIndex(of: "😀"))
        #expect(source(smile..<(smile + 1)) == "&#x1F600;")
        #expect(source(smile..<(smile + 2)) == "&#x1F600;丁")
        // The last character: an entity, its range ends after the `;`.
        let n = s.count
        #expect(source((n - 1)..<n) == "&#20013;")
        #expect(source((n - 2)..<n) == "末&#20013;")
        // The map gives what the reader's offsets were.
        let starts = a.sourceOffsets, ends = a.sourceEnds
        for i in 0..<n { #expect(a.sourceRange(of: i..<(i + 1)) == Self.naiveRange(starts, ends, i..<(i + 1))) }
    }

    @Test func legacyEncodingLastCharacter() throws {
        let gbk = try Fixtures.article("gbk.txt")
        let source = try Fixtures.data("gbk.txt")
        let offsets = gbk.sourceOffsets
        // Two bytes a character all the way: offsets kept as they are, and exact.
        for i in 0..<(offsets.count - 1) where gbk.text.unicodeScalars[gbk.text.unicodeScalars.index(gbk.text.unicodeScalars.startIndex, offsetBy: i)].value >= 0x80 {
            #expect(offsets[i + 1] - offsets[i] == 2 || gbk.sourceEnds[i] - offsets[i] == 2)
        }
        let n = gbk.text.unicodeScalars.count
        let last = gbk.sourceRange(of: (n - 1)..<n)
        #expect(last.count == 2)
        #expect(last.upperBound <= source.count)
        #expect(String(data: source[last], encoding: String.Encoding(rawValue: 0x8000_0632)) == String(try #require(gbk.text.unicodeScalars.last)))
    }

    @Test func changingTheTextKeepsTheOffsets() {
        let starts = [10, 13, 16, 20, 21], ends = [13, 16, 19, 21]
        var a = Article(id: "a", title: "t", source: "a.txt", text: "中文字a", sourceOffsets: starts, paragraphs: [], sourceEnds: ends)
        a.text = "ab😀字"
        #expect(a.sourceOffsets == starts)
        #expect(a.sourceEnds == ends)
        #expect(a.sourceRange(of: 1..<3) == 13..<19)
    }

    @Test func corpusArticleIsCompact() throws {
        let a = try Fixtures.seed()
        let back = CorpusFile(a).article
        // Offsets at sentence starts and ends only: a run or two a sentence.
        #expect(back.sourceMap.heapBytes <= 2 * 24 * (back.sentenceCount + back.paragraphs.count + 1))
        for p in a.paragraphs { for s in p.sentences { #expect(back.sourceRange(of: s.range) == a.sourceRange(of: s.range)) } }
    }
}
