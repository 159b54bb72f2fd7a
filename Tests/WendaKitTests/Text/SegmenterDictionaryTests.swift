import Foundation
import Testing
@testable import WendaKit

@Suite("Segmenter dictionary")
struct SegmenterDictionaryTests {
    /// The committed compiled dictionary must be the one its text sources compile to:
    /// regenerate it with `wenda segment --compile-dictionary Sources/WendaKit/Resources/dictionary/jieba.wdict`.
    @Test func compiledDictionaryIsCurrent() throws {
        let sources = try #require(SegmenterDictionary.sourceURLs())
        let compiledURL = try #require(SegmenterDictionary.resourceFolder()?.appendingPathComponent(SegmenterDictionary.compiledName))
        let compiled = try SegmenterDictionary.load(from: compiledURL)
        let dict = try Data(contentsOf: sources.dictionary), hmm = try Data(contentsOf: sources.hmm)
        #expect(compiled.sourceHash == SegmenterDictionary.hashSources(dictionary: dict, hmm: hmm),
                "jieba.wdict is stale against jieba-dict.txt / jieba-hmm.tsv: run `wenda segment --compile-dictionary`")
        let fresh = SegmenterDictionary.compile(dictionaryData: dict, hmmData: hmm)
        #expect(fresh == (try Data(contentsOf: compiledURL)),
                "jieba.wdict differs from what the compiler makes now: run `wenda segment --compile-dictionary`")
    }

    @Test func bundledDictionaryLoads() {
        let d = Segmenter.defaultDictionary
        #expect(d.trieNodeCount > 400_000)
        #expect(d.logProbability(of: "北京".unicodeScalars) != nil)
        #expect(d.logProbability(of: "北".unicodeScalars) != nil)
        #expect(d.logProbability(of: "北京大".unicodeScalars) == nil)  // a prefix, not a word
    }

    @Test func smallDictionaryRoundTrip() throws {
        let data = SegmenterDictionary.compile(dictionaryText: "研究 100 n\n研究生 50 n\n生命 80 n\n命 5 n\n起源 60 n\n", hmmText: "")
        let d = try SegmenterDictionary(compiled: data)
        #expect(d.total == 295)
        #expect(d.logProbability(of: "研究生".unicodeScalars)! < d.logProbability(of: "研究".unicodeScalars)!)
        let seg = Segmenter(dictionary: d, hmm: false, wordBonus: 0)
        #expect(seg.cut("研究生命起源") == ["研究", "生命", "起源"])
    }

    @Test func rejectsOtherFiles() {
        #expect(throws: SegmenterError.self) { try SegmenterDictionary(compiled: Data("not a dictionary at all".utf8)) }
    }

    @Test func environmentOverride() {
        let url = SegmenterDictionary.compiledURL(environment: ["WENDA_DICTIONARY": "/nonexistent/dir/x.wdict"])
        #expect(url?.path == "/nonexistent/dir/x.wdict")
    }

    @Test func emptyDictionaryCutsCharacters() {
        let seg = Segmenter(dictionary: .empty, hmm: false)
        #expect(seg.cut("北京GPU") == ["北", "京", "GPU"])
    }
}
