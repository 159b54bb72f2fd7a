import Foundation
import Testing
@testable import WendaKit

/// A sentence is saved as its range alone (`SentenceRange`): its paragraph and its place
/// there, found from the paragraph table, are the articles' own, over several runs of
/// sentences and paragraphs of every size; its terms, found from its group's start, are
/// its own; a title's terms, coded as a sentence's, read back as its distinct terms.
@Suite struct SentenceRangeTests {
    static let pool = Array("天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结霜金生丽水玉出昆冈")

    @Test func paragraphsAndPlacesFollowFromTheParagraphTable() {
        var g = SplitMix(seed: 13)
        var articles: [Article] = []
        var expected: [(paragraph: Int, index: Int)] = []
        var paragraph = 0
        for a in 0..<60 {
            var paragraphs: [String] = []
            for _ in 0..<Int.random(in: 1...6, using: &g) {
                // From one sentence to more than a run of them.
                let n = Int.random(in: 0...19, using: &g) == 0 ? Int.random(in: 300...1300, using: &g) : Int.random(in: 1...12, using: &g)
                paragraphs.append((0..<n).map { _ in
                    String((0..<Int.random(in: 1...30, using: &g)).map { _ in Self.pool.randomElement(using: &g)! }) + "。"
                }.joined())
            }
            let article = makeArticle("a\(a)", paragraphs.joined(separator: "\n"), title: "标题\(a)号")
            for p in article.paragraphs {
                for s in p.sentences.indices { expected.append((paragraph, s)) }
                paragraph += 1
            }
            articles.append(article)
        }
        let index = PassageIndex(articles: articles)
        #expect(expected.count > 3 * SentenceTermCoding.run && index.sentenceCount == expected.count)
        #expect(index.paragraphCount == paragraph)
        var s = 0
        for (a, article) in articles.enumerated() {
            for p in article.paragraphs {
                for sentence in p.sentences {
                    let ref = index.sentence(s)
                    #expect(Int(ref.paragraph) == expected[s].paragraph && Int(ref.index) == expected[s].index, "sentence \(s)")
                    #expect(Int(ref.start) == sentence.range.lowerBound && Int(ref.end) == sentence.range.upperBound)
                    #expect(index.paragraph(Int(ref.paragraph)).article == Int32(a))
                    let ids = Set(index.termBuffer(ofSentence: s))
                    let text = Set(article.text(of: sentence))
                    for c in Set(Self.pool) { #expect(ids.contains(index.termID(.character, String(c))) == text.contains(c), "sentence \(s)") }
                    s += 1
                }
            }
            let title = Array(index.titleTermBuffer(ofArticle: a))
            #expect(title == title.sorted() && Set(title).count == title.count && !title.isEmpty)
            #expect(title.contains(index.termID(.character, "标")) && title.contains(index.termID(.character, "题")))
        }
    }

    @Test func recordsLeaveOutTheRangesTheIndexKeeps() throws {
        let a = makeArticle("r", "长江是中国最长的河流。它流经十一个省份。\n黄河是第二长的河流。")
        let kept = a.paragraphs.flatMap { $0.sentences.map { Int32($0.range.lowerBound)..<Int32($0.range.upperBound) } }
        var full = BinaryWriter(), short = BinaryWriter()
        ArticleRecord.encode(a, &full)
        ArticleRecord.encode(a, &short, kept: kept)
        #expect(kept.count == 3 && full.bytes.count > short.bytes.count + (4 * 3 * kept.count + 7) / 8 * 8)
        let ranges = kept.map { Int($0.lowerBound)..<Int($0.upperBound) }
        let back = try short.bytes.withUnsafeBytes { try ArticleRecord.decode($0) { ranges } }
        #expect(back.paragraphs == a.paragraphs && back.text == a.text && back.source == a.source)
        // The id and title are left to their tables.
        #expect(back.id.isEmpty && back.title.isEmpty && !a.id.isEmpty && !a.title.isEmpty)
        // Without the index's ranges (or with others' count) the record is not read.
        #expect(throws: IndexFile.LoadError.self) { try short.bytes.withUnsafeBytes { try ArticleRecord.decode($0) } }
        #expect(throws: IndexFile.LoadError.self) { try short.bytes.withUnsafeBytes { try ArticleRecord.decode($0) { Array(ranges.dropLast()) } } }
        // Ranges other than the index's, or sentences numbered otherwise, are kept in the record.
        var other = BinaryWriter(), renumbered = BinaryWriter()
        ArticleRecord.encode(a, &other, kept: kept.map { $0.lowerBound..<($0.upperBound - 1) })
        var b = a
        b.paragraphs[0].sentences[1].number = 5
        ArticleRecord.encode(b, &renumbered, kept: kept)
        #expect(other.bytes.count == renumbered.bytes.count && renumbered.bytes.count - short.bytes.count == (4 * 3 * kept.count + 7) / 8 * 8)
        #expect(try renumbered.bytes.withUnsafeBytes { try ArticleRecord.decode($0) }.paragraphs == b.paragraphs)
    }

    @Test func anArticlesFirstParagraphIsFoundFromAGuess() {
        var g = SplitMix(seed: 21)
        for spread in [0, 1, 3, 40] {
            var refs: [ParagraphRef] = []
            let articles = 500
            for a in 0..<articles {
                // Some articles with none, some with many.
                let n = spread == 0 ? 1 : (Int.random(in: 0...9, using: &g) == 0 ? Int.random(in: 0...(10 * spread), using: &g)
                                                                                  : Int.random(in: 0...spread, using: &g))
                for p in 0..<n { refs.append(ParagraphRef(article: Int32(a), index: Int32(p), firstSentence: 0, endSentence: 0)) }
            }
            let column = Column(refs)
            for i in 0...(articles + 1) {
                let expected = BinarySearch.first(0, refs.count) { Int(refs[$0].article) < i }
                #expect(SavedArticles.firstParagraph(of: i, column) == expected, "spread \(spread), article \(i)")
            }
        }
        #expect(SavedArticles.firstParagraph(of: 3, Column([ParagraphRef]())) == 0)
    }
}
