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

    /// `WENDA_DICTIONARY` names the compiled dictionary, or a folder holding it; the one
    /// found there is the one loaded; unset or empty, the bundled one.
    @Test func environmentOverride() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-dict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let small = SegmenterDictionary.compile(dictionaryText: "研究 100 n\n研究生 50 n\n生命 80 n\n命 5 n\n起源 60 n\n", hmmText: "")
        let file = dir.appendingPathComponent(SegmenterDictionary.compiledName)
        try small.write(to: file)
        let bundled = try #require(SegmenterDictionary.compiledURL(chosen: nil))
        #expect(SegmenterDictionary.compiledURL(chosen: "") == bundled)
        #expect(bundled != file)
        for given in [dir.path, file.path] {
            let url = try #require(SegmenterDictionary.compiledURL(chosen: given))
            #expect(url.standardizedFileURL == file.standardizedFileURL, "\(given)")
            #expect(try SegmenterDictionary.load(from: url).total == 295, "the small dictionary is the one read")
        }
        #expect(try SegmenterDictionary.load(from: bundled).total != 295)
    }

    /// The pair filter is made only after enough text, never says no to a pair that starts
    /// a word, and does not change a single cut.
    @Test func pairFilterKeepsEveryPairAndEveryCut() throws {
        let url = try #require(SegmenterDictionary.compiledURL())
        let d = try SegmenterDictionary.load(from: url)  // its own tables: no filter yet
        let t = d.tables
        let seg = Segmenter(dictionary: d)
        let text = "我们在斯坦福大学的自然语言处理小组里研究中文分词，李飞飞说：这一天终于来了。1963年他被任为主教。"
        let before = seg.spans(Array(text.unicodeScalars))
        #expect(t.pairFilter(segmenting: 100) == nil)
        let filter = try #require(t.pairFilter(segmenting: SegmenterDictionary.Tables.pairFilterAfter))
        for i in 0..<t.pairCount where t.pairs[i].key != 0xFFFF_FFFF {
            let key = t.pairs[i].key
            #expect(SegmenterDictionary.Tables.mayHavePair(filter, UInt16(key >> 16), UInt16(key & 0xFFFF)))
        }
        // Most pairs of running text start no word: the filter must turn some of them away.
        var refused = 0, asked = 0
        let ids = text.unicodeScalars.map { d.id(of: $0.value) }
        for k in 0..<(ids.count - 1) where ids[k] != SegmenterDictionary.noID && ids[k + 1] != SegmenterDictionary.noID {
            asked += 1
            if !SegmenterDictionary.Tables.mayHavePair(filter, ids[k], ids[k + 1]) { refused += 1 }
        }
        #expect(refused > 0 && refused < asked)
        #expect(seg.spans(Array(text.unicodeScalars)) == before)
    }

    @Test func emptyDictionaryCutsCharacters() {
        let seg = Segmenter(dictionary: .empty, hmm: false)
        #expect(seg.cut("北京GPU") == ["北", "京", "GPU"])
    }
}
