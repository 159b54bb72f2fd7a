import Foundation
import Testing
@testable import WendaKit

/// A collection on Xapian shards answers as wenda's own index does: the same numbering of
/// paragraphs and sentences, the same statistics, the same best passages with the same
/// scores, and the same answers (quotes, citations, highlights, no-answer), on one shard
/// or several; a build again changes only what changed.
@Suite struct XapianRetrieverTests {
    /// Every fixture of answering, in Chinese and English, Simplified and Traditional.
    static let sources = ["seeds", "Tests/WendaKitTests/Fixtures/answer", "Tests/WendaKitTests/Fixtures/english",
                          "Tests/WendaKitTests/Fixtures/traditional"].map { Fixtures.packageRoot.appendingPathComponent($0).path }

    static func articles() throws -> [Article] {
        let (articles, _) = try CorpusLoader.load(sources)
        return articles
    }

    static func tempDir() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-shards-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Shards of the fixtures in a new folder.
    static func built(_ shards: Int) throws -> URL {
        let dir = tempDir()
        _ = try ShardBuilder.build(ArticleStore(articles()), shards: shards, to: dir)
        return dir
    }

    static let questions = [
        "斯坦福大学的自然语言处理小组有多少块GPU？", "美国国家科学基金会投资了多少钱？", "李飞飞是谁？",
        "南京长江大桥的公路桥全长多少米？", "谁设计了这座桥？", "龙井茶产于哪里？", "为什么要修建大桥？",
        "南京長江大橋的公路橋全長多少米？", "量子计算机的工作原理是什么？", "训练用了多少块GPU？",
        "How many GPUs does the Stanford NLP group have?", "When is the tea harvested?", "这种茶又被称为什么？",
    ]

    @Test(arguments: [1, 3])
    func numberingAndStatisticsAreWendasOwn(_ shards: Int) throws {
        let dir = try Self.built(shards)
        defer { try? FileManager.default.removeItem(at: dir) }
        let own = PassageIndex(articles: try Self.articles())
        let x = try XapianRetriever.open(dir.path, timeout: .seconds(5))
        #expect(x.articles.count == own.articles.count)
        #expect(x.paragraphCount == own.paragraphCount)
        #expect(x.sentenceCount == own.sentenceCount)
        #expect(x.statistics.passageCount == own.statistics.passageCount)
        #expect(x.statistics.averagePassageLength == own.statistics.averagePassageLength)
        let ids = Set((0..<x.articles.count).map { x.articles.id($0) })
        #expect(ids == Set((0..<own.articles.count).map { own.articles.id($0) }))
    }

    /// Shards a build of another format wrote are emptied and written again by the next
    /// build (their catalogue left unread), and then answer as a new build's.
    @Test func aShardOfAnotherFormatIsBuiltAgain() throws {
        let dir = try Self.built(2)
        defer { try? FileManager.default.removeItem(at: dir) }
        let shard = dir.appendingPathComponent(ShardBuilder.shardName(0)).path
        do {
            let w = try XapianWritable(path: shard, .open)
            var old = ShardSettings(options: IndexOptions(), build: "old")
            old.format = ShardCatalogue.format - 1
            try w.setMetadata(ShardSettings.key, Array(old.text.utf8))
            try w.setMetadata(ShardCatalogue.key, Array("not a catalogue this build reads".utf8))
            try w.commit()
        }
        #expect(throws: ShardError.self) { try XapianRetriever.open(dir.path, timeout: .seconds(5)) }
        let held = try XapianDatabase.local(shard).statistics().documents
        let summary = try ShardBuilder.build(ArticleStore(Self.articles()), shards: 2, to: dir)
        #expect(summary.added > 0)
        #expect(try XapianDatabase.local(shard).statistics().documents == held)
        let x = try XapianRetriever.open(dir.path, timeout: .seconds(5))
        #expect(x.articles.count == (try Self.articles()).count)
    }

    /// What an answer says, without its timing.
    static func said(_ r: AnswerResult) -> AnswerResult {
        var r = r
        r.elapsedMs = 0
        return r
    }

    /// The passages `--explain` shows: where each is, its score, and its terms with their counts.
    static func explained(_ engine: AnswerEngine, _ q: String) -> [(at: String, score: Double, terms: [String])] {
        engine.explain(q).map { e in
            let par = engine.index.paragraphs[e.paragraph]
            return ("\(engine.articles.id(Int(par.article)))#\(par.index)", e.score, e.terms.map { "\($0.text)×\($0.termFrequency)" })
        }
    }

    @Test(arguments: [1, 3])
    func answersAreWendasOwn(_ shards: Int) throws {
        let dir = try Self.built(shards)
        defer { try? FileManager.default.removeItem(at: dir) }
        let own = AnswerEngine(index: PassageIndex(articles: try Self.articles()))
        let x = AnswerEngine(index: try XapianRetriever.open(dir.path, timeout: .seconds(5)))
        var answered = 0, unanswered = 0
        for q in Self.questions {
            let a = Self.said(own.answer(q, top: 3)), b = Self.said(x.answer(q, top: 3))
            #expect(b.failure == nil)
            #expect(a == b, "\(q)")
            if a.noAnswer { unanswered += 1 } else { answered += 1 }
            // The passages --explain shows: the same terms, counts and weights.
            let ea = Self.explained(own, q), eb = Self.explained(x, q)
            #expect(ea.map(\.at) == eb.map(\.at), "\(q)")
            #expect(zip(ea, eb).allSatisfy { abs($0.score - $1.score) < 1e-9 && $0.terms == $1.terms }, "\(q)")
        }
        // Both kinds were asked.
        #expect(answered >= 8 && unanswered >= 1)
    }

    /// The best paragraphs at small and large limits (the first page of Xapian's matches
    /// grows with the limit, and the search reads on until the best are settled), for
    /// common and rare terms: the paragraphs and scores of wenda's own index.
    @Test func searchIsWendasOwnAtEveryLimit() throws {
        let dir = try Self.built(2)
        defer { try? FileManager.default.removeItem(at: dir) }
        let own = PassageIndex(articles: try Self.articles())
        let x = try XapianRetriever.open(dir.path, timeout: .seconds(5))
        for text in ["的是在了和", "大桥的技术顾问是谁？", "GPU university the of"] {
            let aq = QuestionAnalyzer.analyze(text)
            let occ = TermExtractor.terms(folded: aq.folded, tokens: Segmenter.shared.tokenize(text), keep: aq.content)
            let a = own.queryTerms(occ), b = x.queryTerms(occ)
            for limit in [1, 2, 5, 16, 17, 40, 200] {
                let ha = own.search(a, limit: limit), hb = x.search(b, limit: limit)
                #expect(x.takeFailure() == nil)
                // (Paragraphs are numbered shard by shard: compared by article and place.)
                func at(_ r: some Retriever, _ h: [ParagraphScore]) -> [String] {
                    h.map { let p = r.paragraph($0.paragraph); return "\(r.articles.id(Int(p.article)))#\(p.index)" }
                }
                #expect(at(own, ha) == at(x, hb), "\(text) limit \(limit)")
                #expect(zip(ha, hb).allSatisfy { abs(Double($0.score) - Double($1.score)) < 1e-4 }, "\(text) limit \(limit)")
            }
        }
    }

    /// With the split made low enough to bite on the fixtures, a question's common terms
    /// only add weight: the passages found keep their full scores (those of wenda's own
    /// index) and the best is the same.
    @Test func commonTermsOnlyAddWeight() throws {
        let dir = try Self.built(2)
        defer { try? FileManager.default.removeItem(at: dir) }
        let own = PassageIndex(articles: try Self.articles())
        var options = IndexOptions()
        options.secondaryShare = 0.01
        options.secondaryMinimum = 0
        let x = try XapianRetriever.open(dir.path, options: options, timeout: .seconds(5))
        func at(_ r: some Retriever, _ h: ParagraphScore) -> String {
            let p = r.paragraph(h.paragraph)
            return "\(r.articles.id(Int(p.article)))#\(p.index)"
        }
        for text in ["南京长江大桥的公路桥全长多少米？", "斯坦福大学的自然语言处理小组有多少块GPU？"] {
            let aq = QuestionAnalyzer.analyze(text)
            let occ = TermExtractor.terms(folded: aq.folded, tokens: Segmenter.shared.tokenize(text), keep: aq.content)
            let a = own.queryTerms(occ), b = x.queryTerms(occ)
            let frequencies = b.filter { $0.id >= 0 }.map { x.statistics.documentFrequency($0.id) }
            let secondary = XapianRetriever.secondary(frequencies, passages: x.passageCount, options)
            #expect(!secondary.isEmpty && secondary.count < frequencies.count, "\(text)")
            let all = own.search(a, limit: own.paragraphCount)
            var scores: [String: Double] = [:]
            for h in all { scores[at(own, h)] = h.score }
            let found = x.search(b, limit: 5)
            #expect(x.takeFailure() == nil)
            #expect(found.first.map { at(x, $0) } == all.first.map { at(own, $0) }, "\(text)")
            for h in found { #expect(abs(h.score - (scores[at(x, h)] ?? -1)) < 1e-4, "\(text) \(at(x, h))") }
        }
    }
}
