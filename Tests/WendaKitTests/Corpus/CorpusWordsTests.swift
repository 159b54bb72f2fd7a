import Foundation
import Testing
@testable import WendaKit

/// Each article is segmented once: its words make its corpus file and the index, and an
/// unchanged article's words are read back from its file on the next build.
@Suite struct CorpusWordsTests {
    static func tempDir() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("wenda-words-\(UUID().uuidString)")
    }

    static func fixtureArticles() throws -> [Article] {
        var out = [try Fixtures.seed()]
        for name in ["page.html", "notes.md", "plain.txt", "lines.txt", "seed-format.txt", "gbk.txt", "big5.txt"] {
            out.append(try Fixtures.article(name))
        }
        out += Fixtures.read("corpus.jsonl").articles
        return out
    }

    /// The words a corpus file keeps are exactly the segmenter's tokens: offsets, kinds
    /// and matching forms included.
    @Test func wordsReadBackAreTheSegmentersTokens() throws {
        var articles = try Self.fixtureArticles()
        // Capitals, full-width forms, numbers with units, Latin, Traditional characters.
        articles.append(makeArticle("mixed", "ＧＰＵ有350000块，Meta在2023年用了C++和Levels.fyi。臺灣的學校！他说 “ 好 ”\u{3000}然后  走了。Some English words, too.", title: " Ｍixed 標題 "))
        for a in articles {
            let fresh = ArticleWords(a)
            #expect(!fresh.tokens.isEmpty)
            let file = try #require(CorpusFile(json: CorpusFile(a, words: fresh).bytes()))
            let back = try #require(file.words(of: a), "\(a.id)")
            #expect(back == fresh, "\(a.id)")
        }
    }

    /// Only tokens inside sentences are kept, and each sentence's words are its tokens.
    @Test func sentenceWordsAreTheTokensInsideIt() throws {
        let a = try Fixtures.seed()
        let words = ArticleWords(a)
        let file = CorpusFile(a, words: words)
        let entries = file.paragraphs.flatMap(\.sentences)
        let slices = words.bySentence(a)
        #expect(entries.count == slices.count)
        for (e, slice) in zip(entries, slices) {
            #expect(slice.allSatisfy { $0.start >= e.start && $0.end <= e.end })
            #expect(e.words == slice.map(\.text).joined(separator: " "))
            #expect(e.kinds?.count == slice.count)
        }
        #expect(words.tokens.count == slices.reduce(0) { $0 + $1.count })
    }

    /// A file whose words do not spell its sentence (edited by hand, a word with a space)
    /// gives no words: the article is segmented again.
    @Test func wordsThatDoNotSpellTheTextAreRefused() throws {
        let a = makeArticle("x", "长江大桥在1968年建成通车。")
        var file = CorpusFile(a)
        #expect(file.words(of: a) != nil)
        file.paragraphs[0].sentences[0].words = "长江 大 桥在 1968年"
        #expect(file.words(of: a) == nil)
        file = CorpusFile(a)
        file.paragraphs[0].sentences[0].kinds = "ww"
        #expect(file.words(of: a) == nil)
        file = CorpusFile(a)
        file.paragraphs[0].sentences[0].kinds = nil
        #expect(file.words(of: a) == nil)
    }

    /// A second build reads the words of unchanged articles from their files and writes
    /// only the changed article's file again. Shown by planting another valid segmentation
    /// in an unchanged article's file: segmenting it again would lose the planted words.
    @Test func unchangedArticlesAreNotSegmentedAgain() throws {
        var articles = try Self.fixtureArticles()
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CorpusWriter.write(articles, to: dir)
        let names = CorpusWriter.fileNames(articles)
        // The seed (alone in its file) is left unchanged, its words planted.
        let kept = articles[0]
        let planted = ArticleWords(kept, segmenter: Segmenter(dictionary: .empty, hmm: false))
        #expect(planted != ArticleWords(kept), "the planted words differ from the segmenter's")
        let plantedBytes = Data(CorpusFile(kept, words: planted).bytes())
        try plantedBytes.write(to: dir.appendingPathComponent(names[0]))
        // The page's text is edited.
        let page = try Fixtures.data("page.html")
        let edited = try #require(String(data: page, encoding: .utf8)?.replacingOccurrences(of: "第一段第一句", with: "第一段改过的第一句"))
        let reread = ArticleReader.read(Data(edited.utf8), source: articles[1].source)
        articles[1] = try #require(reread.articles.first)
        #expect(articles[1].text != (try Self.fixtureArticles())[1].text)
        let plan = CorpusWriter.plan(articles, folder: dir)
        #expect(plan.words[0] == planted, "the unchanged article's words are read back, not segmented again")
        #expect(plan.words[1] == ArticleWords(articles[1]), "the edited article is segmented")
        for (i, a) in articles.enumerated().dropFirst(2) { #expect(plan.words[i] == ArticleWords(a), "\(a.id)") }
        // Only the changed article's file is new; the others (the planted one too) are as they were.
        for (name, data) in plan.files.dropLast() {
            let current = try Data(contentsOf: dir.appendingPathComponent(name))
            #expect((Data(data ?? []) == current) == (name != names[1]), "\(name)")
        }
        #expect(Data(try #require(plan.files.first { $0.name == names[0] }?.data)) == plantedBytes)
    }

    /// Words kept from a build with another dictionary (or other segmenter settings) are
    /// not reused: every article is segmented again and every file rewritten.
    @Test func anotherSegmenterSegmentsEveryArticleAgain() throws {
        let articles = try Self.fixtureArticles()
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CorpusWriter.write(articles, to: dir)
        let other = Segmenter(dictionary: .empty, hmm: false)
        #expect(other.fingerprint != Segmenter.shared.fingerprint)
        #expect(Segmenter(dictionary: Segmenter.defaultDictionary).fingerprint == Segmenter.shared.fingerprint)
        let plan = CorpusWriter.plan(articles, segmenter: other, folder: dir)
        for (i, a) in articles.enumerated() {
            #expect(plan.words[i] == ArticleWords(a, segmenter: other), "\(a.id): segmented again")
        }
        #expect(ArticleWords(articles[0], segmenter: other) != ArticleWords(articles[0]), "the segmenters differ")
        for (name, data) in plan.files.dropLast() {
            let current = try Data(contentsOf: dir.appendingPathComponent(name))
            #expect(Data(data ?? []) != current, "\(name) rewritten")
        }
    }

    /// The index built from the build's words, or from the words read back from the
    /// corpus, is the index that segments the articles itself.
    @Test func indexFromGivenWordsIsTheSameIndex() throws {
        let articles = try Self.fixtureArticles()
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CorpusWriter.write(articles, to: dir)
        let read = try CorpusFolder.articlesAndWords(dir)
        #expect(read.problems.isEmpty)
        #expect(read.words.allSatisfy { $0 != nil })
        let own = PassageIndex(articles: articles)
        let given = PassageIndex(articles: read.articles, words: ArticleWordsSource(read.words))
        #expect(own.termCount == given.termCount)
        for s in 0..<own.sentences.count { #expect(own.terms(ofSentence: s) == given.terms(ofSentence: s)) }
        for a in 0..<articles.count { #expect(own.titleTerms(ofArticle: a) == given.titleTerms(ofArticle: a)) }
        for id in 0..<Int32(own.termCount) { #expect(own.termText(id) == given.termText(id)) }
    }

    /// A folder written in format 1 is rewritten whole in format 2; format 1 files still read.
    @Test func formatOneIsReadAndRewritten() throws {
        let articles = Fixtures.read("corpus.jsonl").articles
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // Format 1 was pretty-printed with sorted keys.
        func formatOne(_ bytes: [UInt8]) throws -> Data {
            try JSONSerialization.data(withJSONObject: JSONSerialization.jsonObject(with: Data(bytes)),
                                       options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        }
        var entries: [CorpusManifest.Entry] = []
        for a in articles {
            var f = CorpusFile(a)
            f.format = "wenda-corpus/1"
            f.titleWords = nil; f.titleKinds = nil
            for p in f.paragraphs.indices { for s in f.paragraphs[p].sentences.indices { f.paragraphs[p].sentences[s].kinds = nil } }
            let name = CorpusWriter.fileName(for: a.id)
            try formatOne(f.bytes()).write(to: dir.appendingPathComponent(name))
            entries.append(.init(id: a.id, file: name, source: a.source, line: a.line, title: a.title,
                                 paragraphs: a.paragraphs.count, sentences: a.sentenceCount, hash: CorpusWriter.contentHash(a)))
        }
        try formatOne(CorpusManifest(format: "wenda-corpus/1", generator: "wenda build", articles: entries).bytes())
            .write(to: dir.appendingPathComponent(CorpusWriter.manifestName))
        let old = try CorpusFolder.articlesAndWords(dir)
        #expect(old.problems.isEmpty)
        #expect(old.articles.map(\.text) == articles.map(\.text))
        #expect(old.words.allSatisfy { $0 == nil }, "format 1 keeps no kinds: segmented again")
        let summary = try CorpusWriter.write(articles, to: dir)
        #expect(Set(summary.written) == ["corpus.json", CorpusWriter.manifestName])
        #expect(Set(summary.removed) == Set(entries.map(\.file)))
        #expect(try CorpusFolder.articlesAndWords(dir).words.allSatisfy { $0 != nil })
    }

    /// A corpus file that is damaged is reported by name, the others read.
    @Test func damagedCorpusFileIsReported() throws {
        let articles = Fixtures.read("corpus.jsonl").articles + [try Fixtures.article("plain.txt")]
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CorpusWriter.write(articles, to: dir)
        try Data("{\"format\":\"wenda-corpus/2\",".utf8).write(to: dir.appendingPathComponent("corpus.json"))
        let r = try CorpusFolder.articlesAndWords(dir)
        #expect(r.articles.map(\.id) == ["plain"])
        #expect(r.problems.count == 1 && r.problems[0].file.hasSuffix("corpus.json"))
        // The next build writes it again, segmenting its articles.
        let summary = try CorpusWriter.write(articles, to: dir)
        #expect(summary.written == ["corpus.json"])
        #expect(try CorpusFolder.articlesAndWords(dir).articles.count == articles.count)
    }
}

@Suite struct JSONBytesTests {
    func parse(_ s: String) -> JSONValue? { JSONBytes.parse(Array(s.utf8)) }

    @Test func values() {
        #expect(parse(#" {"a": [1, -2, 3.5, 1e3, true, false, null], "b": "x"} "#)
            == .object([("a", .array([.integer(1), .integer(-2), .double(3.5), .double(1000), .bool(true), .bool(false), .null])),
                        ("b", .string("x"))]))
        #expect(parse(#""中\"\\\/\b\f\n\r\t\u4e2d\ud83d\ude00""#) == .string("中\"\\/\u{8}\u{C}\n\r\t中😀"))
        #expect(parse(#""\ud83d""#) == .string("\u{FFFD}"), "a lone surrogate")
        #expect(parse(#"{"k": 1, "k": 2}"#)?["k"] == .integer(2), "the last of a repeated key")
        #expect(parse("99999999999999999999") == .double(1e20))
    }

    @Test func invalid() {
        for bad in ["", "{", "{\"a\" 1}", "{\"a\":1,}", "[1,]", "[1 2]", "01", "-", "1.", ".5", "tru", "\"a", "\"\u{1}\"",
                    "\"\\x\"", "\"\\u12\"", "{} {}", "{'a':1}", "NaN", "[1]]"] {
            #expect(parse(bad) == nil, "\(bad)")
        }
        // Deep nesting is refused, not recursed into.
        #expect(parse(String(repeating: "[", count: 100_000)) == nil)
        #expect(parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)) != nil)
    }

    @Test func writerEscapesWhatJSONNeeds() throws {
        let s = "引号\"反斜杠\\换行\n制表\t响铃\u{7}删除\u{7F}/斜杠 😀"
        var w = JSONWriter()
        w.string(s)
        let text = String(decoding: w.bytes, as: UTF8.self)
        #expect(text == #""引号\"反斜杠\\换行\n制表\t响铃\u0007删除"# + "\u{7F}" + #"/斜杠 😀""#)
        #expect(JSONBytes.parse(w.bytes) == .string(s))
        #expect(try JSONSerialization.jsonObject(with: Data(w.bytes), options: .fragmentsAllowed) as? String == s)
    }
}

@Suite struct ScalarSpaceTests {
    /// The readers' quick white-space test is Unicode's White_Space property, for every scalar.
    @Test func isSpaceIsWhiteSpace() {
        var differ: [UInt32] = []
        for v in UInt32(0)...0x10FFFF {
            guard let s = Unicode.Scalar(v) else { continue }
            if s.isSpace != s.properties.isWhitespace { differ.append(v) }
        }
        #expect(differ.isEmpty, "\(differ.prefix(10).map { String($0, radix: 16) })")
    }
}
