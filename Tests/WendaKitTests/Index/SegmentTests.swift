import Foundation
import Testing
@testable import WendaKit

/// A collection kept as segments answers as one index built from the same articles, a
/// build writes only what changed, segments are merged as the policy says, and a build
/// stopped at any point leaves a collection that answers.
@Suite struct SegmentTests {
    /// Sentences sharing words and characters, so that frequencies differ from term to term.
    static let subjects = ["长江大桥", "黄河大桥", "西湖", "龙井茶", "南京", "杭州", "量子计算机", "李飞飞", "斯坦福大学", "故宫"]
    static let facts = ["在1968年建成通车", "位于城市的北岸", "由志愿者轮流值守", "每年吸引三百万游客", "是一座公路铁路两用桥",
                        "出产的茶叶闻名全国", "的设计者是一位工程师", "在冬天会结冰", "共记录到三千二百只候鸟", "有六百年的历史"]

    /// `count` articles of a few paragraphs each, drawn with `seed`.
    static func articles(_ count: Int, seed: UInt64, prefix: String = "a") -> [Article] {
        var rng = SplitMix(seed: seed)
        return (0..<count).map { i in
            let paragraphs = (0..<Int.random(in: 1...3, using: &rng)).map { _ in
                (0..<Int.random(in: 1...4, using: &rng)).map { _ in
                    subjects.randomElement(using: &rng)! + facts.randomElement(using: &rng)! + "。"
                }.joined()
            }
            return makeArticle("\(prefix)\(i)", paragraphs.joined(separator: "\n"), title: subjects[i % subjects.count] + "\(i)")
        }
    }

    static let questions = subjects.flatMap { s in facts.prefix(4).map { s + $0 + "？" } } + ["哪座桥是公路铁路两用桥？", "什么有六百年的历史？"]

    static func tempDir() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("wenda-segments-\(UUID().uuidString)")
    }

    /// Each question's retrieved paragraphs (article id, paragraph, score), as `index` gives them.
    static func retrieved(_ index: any Retriever) -> [[String]] {
        questions.map { q in
            let aq = QuestionAnalyzer.analyze(q)
            let occ = TermExtractor.terms(folded: aq.folded, tokens: Segmenter.shared.tokenize(q), keep: aq.content)
            return index.search(index.queryTerms(occ), limit: 8).map { r in
                let g = index.paragraph(r.paragraph)
                return "\(index.articles.id(Int(g.article)))¶\(g.index) \(r.score)"
            }
        }
    }

    static func answers(_ engine: AnswerEngine) -> [AnswerResult] {
        questions.map { q in
            var r = engine.answer(q, top: 3)
            r.elapsedMs = 0
            return r
        }
    }

    static func open(_ dir: URL, notices: inout [String]) throws -> any Retriever {
        var seen: [String] = []
        let index = try CorpusIndex.open(dir.path, cache: nil, notice: { seen.append($0) }, damaged: { _ in }).index
        notices = seen
        return index
    }

    /// Builds that add, change and remove articles leave several segments with deletions,
    /// and their answers are those of one index of the same articles: the same paragraphs
    /// with the same scores, bit for bit, and the same answers.
    @Test func segmentsAnswerAsOneIndexOfTheSameArticles() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var articles = Self.articles(40, seed: 1)
        _ = try CorpusIndex.build(articles, to: dir)
        articles += Self.articles(3, seed: 2, prefix: "b")
        _ = try CorpusIndex.build(articles, to: dir)
        articles[5] = Self.articles(1, seed: 3, prefix: "a5-")[0]
        articles[5].id = "a5"
        articles.remove(at: 9)
        articles += Self.articles(2, seed: 4, prefix: "c")
        _ = try CorpusIndex.build(articles, to: dir)
        let list = try SegmentList.read(dir)
        #expect(list.segments.map(\.articles) == [40, 3, 3], "each build wrote only what it added or changed")
        #expect(list.segments[0].deletedArticles == 2 && list.segments[0].deletions != nil)
        var notices: [String] = []
        let index = try Self.open(dir, notices: &notices)
        #expect(notices.isEmpty)
        let segmented = try #require(index as? SegmentedIndex)
        #expect(segmented.articles.count == articles.count)
        #expect(Set(segmented.articles.indices.map { segmented.articles.id($0) }) == Set(articles.map(\.id)))
        let one = PassageIndex(articles: articles)
        #expect(segmented.statistics.passageCount == one.statistics.passageCount)
        #expect(segmented.statistics.averagePassageLength == one.statistics.averagePassageLength)
        let got = Self.retrieved(segmented), want = Self.retrieved(one)
        #expect(got.contains { !$0.isEmpty })
        for (q, (g, w)) in zip(Self.questions, zip(got, want)) { #expect(g == w, "\(q)") }
        #expect(Self.answers(AnswerEngine(index: segmented)) == Self.answers(AnswerEngine(index: one)))
        // Only the live articles' paragraphs, sentences and passages are numbered, each
        // pointing at its article's own (an engine reads them all when warmed).
        #expect(segmented.paragraphCount == one.paragraphCount && segmented.sentenceCount == one.sentenceCount)
        #expect(segmented.passageCount == one.passageCount)
        var held: Set<String> = []
        for g in 0..<segmented.paragraphCount {
            let ref = segmented.paragraph(g)
            let article = segmented.articles[Int(ref.article)]
            #expect(Int(ref.index) < article.paragraphs.count && ref.endSentence - ref.firstSentence == Int32(article.paragraphs[Int(ref.index)].sentences.count))
            for s in Int(ref.firstSentence)..<Int(ref.endSentence) { #expect(segmented.sentence(s).paragraph == Int32(g)) }
            held.insert("\(article.id)¶\(ref.index)")
        }
        #expect(held == Set((0..<one.paragraphCount).map { "\(one.articles.id(Int(one.paragraph($0).article)))¶\(one.paragraph($0).index)" }))
        for p in 0..<segmented.passageCount {
            let g = segmented.paragraph(ofPassage: p)
            #expect(g >= 0 && g < segmented.paragraphCount)
        }
        AnswerEngine(index: segmented).warm()
        // Every term's frequency is the one index's.
        for t in 0..<Int32(one.termCount) {
            let id = segmented.termID(one.termKind(t), one.termText(t))
            #expect(segmented.statistics.documentFrequency(id) == one.statistics.documentFrequency(t), "\(one.termText(t))")
        }
        // Merged: one segment, no deletions, the same answers.
        _ = try CorpusIndex.build(articles, to: dir, merge: true)
        let merged = try Self.open(dir, notices: &notices)
        #expect(merged is PassageIndex && notices.isEmpty)
        #expect(try SegmentList.read(dir).segments.count == 1)
        #expect(Self.retrieved(merged) == want)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { SegmentList.isOurs($0) }
        #expect(names.count == 1, "the merged segments' files are removed: \(names)")
    }

    /// One article added at a time: the smallest tier never holds eight segments, and the
    /// answers stay those of one index.
    @Test func tieredMergingKeepsSegmentsFew() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var articles = Self.articles(30, seed: 5)
        _ = try CorpusIndex.build(articles, to: dir)
        let extra = Self.articles(20, seed: 6, prefix: "n")
        var most = 0
        for a in extra {
            articles.append(a)
            _ = try CorpusIndex.build(articles, to: dir)
            let list = try SegmentList.read(dir)
            most = max(most, list.segments.count)
            #expect(list.segments.filter { $0.livePassages < SegmentUpdate.mergeFactor }.count < SegmentUpdate.mergeFactor)
        }
        #expect(most >= 3 && most <= 2 * SegmentUpdate.mergeFactor, "\(most)")
        var notices: [String] = []
        #expect(Self.retrieved(try Self.open(dir, notices: &notices)) == Self.retrieved(PassageIndex(articles: articles)))
    }

    /// A build stopped at each stage of writing its segments (the new segment written, the
    /// deletion files written, the list published but the old files not yet removed):
    /// the list is the old one or the new one, whichever it is answers, and the next build
    /// is not troubled by what the stopped one left.
    @Test func stoppedBuildLeavesOldOrNewSegments() throws {
        struct Stop: Error {}
        for stage in SegmentUpdate.Stage.allCases {
            let dir = Self.tempDir()
            defer { try? FileManager.default.removeItem(at: dir) }
            var articles = Self.articles(30, seed: 7)
            _ = try CorpusIndex.build(articles, to: dir)
            let old = try SegmentList.read(dir)
            let before = Self.retrieved(try CorpusIndex.openSegments(dir, old, IndexOptions(), { _ in }).index)
            articles[3] = makeArticle(articles[3].id, articles[3].text + "新加的一句。", title: articles[3].title)
            articles += Self.articles(2, seed: 8, prefix: "x")
            #expect(throws: Stop.self) {
                try CorpusIndex.build(ArticleStore(articles), to: dir, options: IndexOptions(), merge: false, segmenting: nil,
                                      indexing: nil, interrupt: { if $0 == stage { throw Stop() } })
            }
            let now = try SegmentList.read(dir)
            if stage == .published {
                #expect(now.generation == old.generation + 1)
                #expect(Self.retrieved(try CorpusIndex.openSegments(dir, now, IndexOptions(), { _ in }).index)
                    == Self.retrieved(PassageIndex(articles: articles)))
            } else {
                #expect(now == old, "\(stage): the old list stands")
                #expect(Self.retrieved(try CorpusIndex.openSegments(dir, now, IndexOptions(), { _ in }).index) == before)
            }
            // The next build: nothing left over trips it, and it answers for the articles.
            _ = try CorpusIndex.build(articles, to: dir)
            let next = try SegmentList.read(dir)
            let ours = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { SegmentList.isOurs($0) || $0 == SegmentList.name })
            #expect(ours == next.files, "\(stage): only the list's files are left")
            var notices: [String] = []
            #expect(Self.retrieved(try Self.open(dir, notices: &notices)) == Self.retrieved(PassageIndex(articles: articles)))
            #expect(notices.isEmpty)
        }
    }

    /// A corpus folder whose manifest changed after its index was written (a build stopped
    /// between the two) is brought up to date as a new segment when opened.
    @Test func staleCorpusFolderIsUpdatedAsASegment() throws {
        struct Stop: Error {}
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        var articles = Self.articles(20, seed: 9)
        _ = try CorpusIndex.build(articles, to: dir)
        articles.append(makeArticle("late", "蓝鲸湖观测站今年共记录到三千二百一十七只过境候鸟。", title: "蓝鲸湖"))
        _ = try? CorpusIndex.build(ArticleStore(articles), to: dir, options: IndexOptions(), merge: false, segmenting: nil,
                                   indexing: nil, interrupt: { _ in throw Stop() })
        var notices: [String] = []
        let index = try Self.open(dir, notices: &notices)
        #expect(notices.count == 1 && notices[0].contains("out of date") && notices[0].contains("new segment"), "\(notices)")
        #expect(try SegmentList.read(dir).segments.map(\.articles) == [20, 1])
        #expect(Self.retrieved(index) == Self.retrieved(PassageIndex(articles: articles)))
        _ = try Self.open(dir, notices: &notices)
        #expect(notices.isEmpty)
    }

    /// Raw article files given as `--corpus`: a changed file's articles are indexed as a new
    /// segment of the cached index, not the whole folder again.
    @Test func changedSourcesAddASegmentToTheCache() throws {
        let sources = try CachedSources()
        defer { sources.remove() }
        let (src, cache) = (sources.src, sources.cache)
        for (i, a) in Self.articles(6, seed: 10).enumerated() { try Data(a.text.utf8).write(to: src.appendingPathComponent("t\(i).txt")) }
        var notices: [String] = []
        _ = try CorpusIndex.open(src.path, cache: cache, notice: { notices.append($0) }, damaged: { _ in })
        try Data("蓝鲸湖观测站今年共记录到三千二百一十七只过境候鸟。".utf8).write(to: src.appendingPathComponent("t2.txt"))
        let index = try CorpusIndex.open(src.path, cache: cache, notice: { notices.append($0) }, damaged: { _ in }).index
        #expect(notices.isEmpty)
        let list = try SegmentList.read(cache.folder(for: src.path))
        #expect(list.segments.map(\.articles) == [6, 1] && list.segments[0].deletedArticles == 1)
        let fresh = try CorpusIndex.inMemory(src.path).index
        #expect(Self.retrieved(index) == Self.retrieved(fresh))
    }

    /// An index of format 7 and before (one file) is written again as segments, saying why.
    @Test func singleFileIndexIsRebuiltAsSegments() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let articles = Self.articles(5, seed: 11)
        _ = try CorpusIndex.build(articles, to: dir)
        try FileManager.default.removeItem(at: dir.appendingPathComponent(SegmentList.name))
        var old = Array("WENDAIDX".utf8)
        withUnsafeBytes(of: UInt32(7).littleEndian) { old += $0 }
        old += [UInt8](repeating: 0, count: 64)
        try Data(old).write(to: dir.appendingPathComponent(IndexFile.name))
        var notices: [String] = []
        let index = try Self.open(dir, notices: &notices)
        #expect(notices == ["\(dir.path): saved index is one file of format version 7, not segments of format \(IndexFile.version); index rebuilt (saved)"])
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(IndexFile.name).path))
        #expect(Self.retrieved(index) == Self.retrieved(PassageIndex(articles: articles)))
    }
}
