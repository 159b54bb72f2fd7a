import Foundation
import Testing
@testable import WendaKit

/// A saved index answers exactly as the index built in memory: the same sentences, in the
/// same order, with the same citations — fresh, loaded, and after an incremental build.
@Suite struct IndexFileTests {
    static let questions = [
        "南京长江大桥的公路桥全长多少米？", "李飞飞在哪里工作？", "量子计算机的工作原理是什么？",
        "谁设计了这座桥？", "什么时候建成的？", "为什么人才流失？",
    ]

    static func tempDir() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("wenda-index-\(UUID().uuidString)")
    }

    /// The answers of `engine`, without timings.
    static func answers(_ engine: AnswerEngine) -> [AnswerResult] {
        questions.map { q in
            var r = engine.answer(q, top: 3)
            r.elapsedMs = 0
            return r
        }
    }

    /// The quotes and passages of `results` that are not the text of `articles` at the
    /// place they cite.
    static func notVerbatim(_ results: [AnswerResult], in articles: [Article]) -> [String] {
        let byID = Dictionary(uniqueKeysWithValues: articles.map { ($0.id, $0) })
        var out: [String] = []
        for r in results {
            for a in r.answers {
                guard let article = byID[a.citation.docId], a.citation.start <= a.citation.end,
                      a.citation.end <= article.text.unicodeScalars.count,
                      article.slice(a.citation.start..<a.citation.end) == a.text else { out.append(a.text); continue }
            }
            for p in r.passages {
                guard let article = byID[p.docId], article.paragraphs.indices.contains(p.paragraph - 1),
                      article.text(of: article.paragraphs[p.paragraph - 1]) == p.text else { out.append(p.text); continue }
            }
        }
        return out
    }

    static func articles() throws -> [Article] {
        let (articles, problems) = try CorpusLoader.load([AnswerFixtures.folder])
        #expect(problems.isEmpty)
        return articles
    }

    /// The fixtures' articles built into a new corpus folder (the caller removes it), and
    /// the folder's saved index (its one segment).
    static func built() throws -> (articles: [Article], dir: URL, file: URL) {
        let articles = try articles()
        let dir = tempDir()
        do {
            _ = try CorpusIndex.build(articles, to: dir)
        } catch {
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
        return (articles, dir, try segmentFile(dir))
    }

    /// The one segment of the saved index in `dir`.
    static func segmentFile(_ dir: URL) throws -> URL {
        let list = try SegmentList.read(dir)
        #expect(list.segments.count == 1)
        return dir.appendingPathComponent(try #require(list.segments.first).name)
    }

    static func loaded(_ folder: URL, notices: inout [String]) throws -> AnswerEngine {
        var seen: [String] = []
        let (engine, problems) = try AnswerEngine.loadSaved(corpusPath: folder.path, cache: nil, notice: { seen.append($0) })
        notices = seen
        #expect(problems.isEmpty)
        return engine
    }

    @Test func savedIndexAnswersAsTheFreshOne() throws {
        let (articles, dir, _) = try Self.built()
        defer { try? FileManager.default.removeItem(at: dir) }
        var notices: [String] = []
        let engine = try Self.loaded(dir, notices: &notices)
        #expect(notices.isEmpty, "a current index loads without rebuilding")
        let fresh = Self.answers(AnswerEngine(articles: articles))
        #expect(fresh.contains { !$0.answers.isEmpty })
        #expect(Self.answers(engine) == fresh)
        #expect((engine.index as? PassageIndex)?.termCount == PassageIndex(articles: articles).termCount)
        // Every term of the fresh index is found under the same id in the loaded one.
        let built = PassageIndex(articles: articles)
        for id in 0..<Int32(built.termCount) {
            #expect(engine.index.termID(built.termKind(id), built.termText(id)) == id)
        }
    }

    /// A build writes its index as it makes it (large parts in temporary files, postings a
    /// share of the terms at a time): the file is byte for byte the one the index built in
    /// memory is saved as, however small the shares.
    @Test func indexWrittenAsBuiltIsTheSavedInMemoryIndex() throws {
        let articles = try Self.articles()
        let dir = Self.tempDir()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let expected = IndexFile.encode(PassageIndex(articles: articles), fingerprint: 42)
        for budget in [1, 7, 1000, Int.max] {
            let url = dir.appendingPathComponent("budget-\(budget).wenda")
            let local = LocalTermsSource(feeding: articles.count)
            for (i, a) in articles.enumerated() { local.put(LocalTerms.of(a, words: ArticleWords(a)), at: i) }
            try IndexBuilder.write(articles: ArticleStore(articles), options: IndexOptions(), local: local, fingerprint: { 42 },
                                   to: url, postingBudget: budget)
            let written = try [UInt8](Data(contentsOf: url))
            #expect(written == expected, "posting budget \(budget)")
        }
        // Nothing is left beside it but the files it wrote.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(left == ["budget-1.wenda", "budget-1000.wenda", "budget-7.wenda", "budget-9223372036854775807.wenda"])
    }

    /// An incremental build segments only what changed: one article's text edited, one
    /// dropped, one added, and one left alone whose file holds another valid segmentation
    /// (planted): the planted words survive, in its file and in the index.
    @Test func incrementalBuildSegmentsOnlyWhatChanged() throws {
        var articles = try Self.articles()
        #expect(articles.count >= 2)
        let kept = makeArticle("kept-one", "黄河大桥在1968年建成通车。它是一座公路铁路两用桥。", title: "未变的文章")
        articles.insert(kept, at: 1)
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CorpusIndex.build(articles, to: dir)
        let planted = ArticleWords(kept, segmenter: Segmenter(dictionary: .empty, hmm: false))
        #expect(planted != ArticleWords(kept))
        let keptFile = dir.appendingPathComponent(CorpusWriter.fileName(for: kept.id))
        try Data(CorpusFile(kept, words: planted).bytes()).write(to: keptFile)
        let plantedBytes = try Data(contentsOf: keptFile)
        // Edit one article's text, drop another, add a new one.
        let changed = articles[0]
        let source = try String(contentsOfFile: changed.source, encoding: .utf8)
        #expect(source.contains("浙江省杭州市"))
        let edited = source.replacingOccurrences(of: "浙江省杭州市", with: "浙江省杭州市的")
        articles[0] = try #require(ArticleReader.read(Data(edited.utf8), source: changed.source).articles.first)
        #expect(articles[0].id == changed.id && articles[0].text != changed.text)
        let dropped = articles.removeLast()
        articles.append(makeArticle("new-one", "长江大桥在1968年建成通车。它是一座公路铁路两用桥。", title: "新文章"))
        let summary = try CorpusIndex.build(articles, to: dir)
        #expect(Set(summary.written) == [CorpusWriter.fileName(for: changed.id), "new-one.json", CorpusWriter.manifestName])
        #expect(summary.removed == [CorpusWriter.fileName(for: dropped.id)])
        // The index: two of the first segment's three articles gone, it is folded into
        // the new one (its kept article indexed from its file's words).
        let list = try SegmentList.read(dir)
        #expect(list.segments.count == 1 && list.segments[0].articles == articles.count && list.generation == 2)
        #expect(try Data(contentsOf: keptFile) == plantedBytes, "the unchanged article's file is left alone")
        let read = try CorpusFolder.articlesAndWords(dir)
        #expect(read.articles.map(\.id) == articles.map(\.id))
        #expect(read.words[1] == planted)
        #expect(read.words[0] == ArticleWords(articles[0]), "the edited article is segmented again")
        // The saved index was made from the planted words, not from segmenting again.
        var notices: [String] = []
        let engine = try Self.loaded(dir, notices: &notices)
        #expect(notices.isEmpty)
        var words = articles.map { Optional(ArticleWords($0)) }
        words[1] = planted
        let expected = PassageIndex(articles: articles, words: ArticleWordsSource(words))
        let resegmented = PassageIndex(articles: articles)
        #expect(engine.index.sentences.count == expected.sentences.count)
        let keptSentences = expected.sentences.indices.filter { expected.paragraphs[Int(expected.sentences[$0].paragraph)].article == 1 }
        #expect(!keptSentences.isEmpty)
        func spelled(_ index: PassageIndex, _ s: Int) -> [String] { index.terms(ofSentence: s).map { index.termText($0) } }
        let loaded = try #require(engine.index as? PassageIndex)
        for s in expected.sentences.indices { #expect(spelled(loaded, s) == spelled(expected, s), "sentence \(s)") }
        #expect(keptSentences.contains { spelled(expected, $0) != spelled(resegmented, $0) }, "the planted words make other terms")
        #expect(Self.answers(engine) == Self.answers(AnswerEngine(index: expected)))
    }

    @Test func staleDamagedOrForeignIndexIsRebuilt() throws {
        let (articles, dir, file) = try Self.built()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try Data(contentsOf: file)
        let expected = Self.answers(AnswerEngine(articles: articles))
        var notices: [String] = []

        // The header, the section table and the block checksums are checked at load.
        for at in [20, IndexFile.headerSize + 8, IndexFile.headerSize + IndexLayout.columns.count * IndexFile.entrySize + 3] {
            var damaged = good
            damaged[at] ^= 0xFF
            try damaged.write(to: Self.segmentFile(dir))
            #expect(Self.answers(try Self.loaded(dir, notices: &notices)) == expected)
            #expect(notices.count == 1 && notices[0].contains("damaged"), "byte \(at)")
            #expect(try Data(contentsOf: Self.segmentFile(dir)) == good, "saved again, as built")
        }

        var foreign = good
        foreign[8] = 99
        try foreign.write(to: Self.segmentFile(dir))
        _ = try Self.loaded(dir, notices: &notices)
        #expect(notices.count == 1 && notices[0].contains("version 99"))

        try FileManager.default.removeItem(at: Self.segmentFile(dir))
        _ = try Self.loaded(dir, notices: &notices)
        #expect(notices.count == 1 && notices[0].contains("no saved index"))
        #expect(FileManager.default.fileExists(atPath: try Self.segmentFile(dir).path))
        _ = try Self.loaded(dir, notices: &notices)
        #expect(notices.isEmpty)
    }

    @Test func articlesPathIsCachedUntilASourceChanges() throws {
        let sources = try CachedSources()
        defer { sources.remove() }
        let (src, cache) = (sources.src, sources.cache)
        try Data("长江大桥在1968年建成通车。".utf8).write(to: src.appendingPathComponent("a.txt"))
        let first = try AnswerEngine.loadSaved(corpusPath: src.path, cache: cache).engine
        let file = cache.file(for: src.path)
        #expect(FileManager.default.fileExists(atPath: file.path))
        let attributes = try FileManager.default.attributesOfItem(atPath: file.deletingLastPathComponent().path)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
        let second = try AnswerEngine.loadSaved(corpusPath: src.path, cache: cache).engine
        #expect(Self.answers(second) == Self.answers(first))
        try Data("另一篇：黄河大桥。".utf8).write(to: src.appendingPathComponent("b.txt"))
        let third = try AnswerEngine.loadSaved(corpusPath: src.path, cache: cache).engine
        #expect(third.articles.count == 2)
    }

    /// The same folder named two ways (citations show the path as written) keeps two saved
    /// indexes: switching between them rebuilds neither.
    @Test func oneFolderNamedTwoWaysIsNotRebuiltAtEachSwitch() throws {
        let sources = try CachedSources()
        defer { sources.remove() }
        let (src, cache) = (sources.src, sources.cache)
        try Data("长江大桥在1968年建成通车。".utf8).write(to: src.appendingPathComponent("a.txt"))
        var notices: [String] = []
        // The folder as a path relative to the working folder, as a user types `seeds`.
        let depth = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.pathComponents.count - 1
        let relative = String(repeating: "../", count: depth) + src.standardizedFileURL.path.dropFirst()
        for path in [src.path, relative, src.path, relative] {
            _ = try AnswerEngine.loadSaved(corpusPath: path, cache: cache, notice: { notices.append($0) })
        }
        #expect(notices.filter { $0.contains("rebuilt") }.isEmpty, "\(notices)")
    }

    /// A damaged byte in a section is found when its block is first read: that block is
    /// left out (read as zeros), the damage told once, and nothing reads out of bounds.
    @Test func damagedSectionIsFoundWhenRead() throws {
        let (articles, dir, file) = try Self.built()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try Data(contentsOf: file)
        let expected = Self.answers(AnswerEngine(articles: articles))
        // Damage the middle of every section in turn (a copy of the file each time).
        let table = good.withUnsafeBytes { raw in
            (0..<IndexLayout.columns.count).map { k -> (offset: Int, length: Int) in
                let o = IndexFile.headerSize + k * IndexFile.entrySize
                return (Int(raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)),
                        Int(raw.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self)))
            }
        }
        for (k, e) in table.enumerated() where e.length > 0 && k != IndexLayout.position(of: "meta")! {
            var damaged = good
            damaged[e.offset + e.length / 2] ^= 0x5A
            try damaged.write(to: file)
            let told = Told()
            let index: PassageIndex
            do {
                index = try IndexFile.load(file, fingerprint: nil, options: IndexOptions(), damaged: told.add).index
            } catch {
                // What loading reads itself (the ends of offset tables) may already show it.
                #expect(error as? IndexFile.LoadError == .damaged)
                #expect(told.count == 1)
                continue
            }
            let engine = AnswerEngine(index: index)
            let got = Self.answers(engine)
            engine.warm()
            for a in 0..<engine.articles.count { _ = engine.articles[a].text; _ = engine.articles.title(a) }
            #expect(!index.verifyAll())
            #expect(told.count == 1, "section \(IndexLayout.columns[k].name): told \(told.count)")
            // Whatever a damaged block took away, what is quoted or listed is still the
            // articles' own text at the place cited.
            let misquoted = Self.notVerbatim(got, in: articles)
            #expect(misquoted.isEmpty, "section \(IndexLayout.columns[k].name): \(misquoted.prefix(3))")
        }
        // The undamaged file: nothing told, the same answers.
        try good.write(to: file)
        let told = Told()
        let (index, _) = try IndexFile.load(file, fingerprint: nil, options: IndexOptions(), damaged: told.add)
        let engine = AnswerEngine(index: index)
        #expect(Self.answers(engine) == expected)
        engine.warm()
        #expect(index.verifyAll())
        #expect(told.count == 0)
    }

    /// Damage found while answering: told once, the file removed, and the next start
    /// rebuilds it (with its notice) and answers as before.
    @Test func damageFoundWhileAnsweringRebuildsAtTheNextStart() throws {
        let (articles, dir, file) = try Self.built()
        defer { try? FileManager.default.removeItem(at: dir) }
        var bytes = try Data(contentsOf: file)
        let (offset, length) = bytes.withUnsafeBytes { raw in
            let o = IndexFile.headerSize + IndexLayout.position(of: "postings")! * IndexFile.entrySize
            return (Int(raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)), Int(raw.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self)))
        }
        #expect(length > 0)
        for at in stride(from: offset, to: offset + length, by: SectionCheck.blockSize) { bytes[at] ^= 0x55 }
        try bytes.write(to: file)
        let told = Told()
        var notices: [String] = []
        let engine = try AnswerEngine.loadSaved(corpusPath: dir.path, cache: nil, notice: { notices.append($0) },
                                                damaged: told.add).engine
        #expect(notices.isEmpty, "the header and table are sound")
        _ = Self.answers(engine)
        #expect(told.count == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent(SegmentList.name).path), "the list removed")
        let again = try AnswerEngine.loadSaved(corpusPath: dir.path, cache: nil, notice: { notices.append($0) }).engine
        #expect(notices.count == 1 && notices[0].contains("no saved index"))
        #expect(Self.answers(again) == Self.answers(AnswerEngine(articles: articles)))
    }

    /// A loaded index decodes only the articles asked for.
    @Test func loadedArticlesAreTheBuiltOnes() throws {
        let (articles, dir, _) = try Self.built()
        defer { try? FileManager.default.removeItem(at: dir) }
        var notices: [String] = []
        let engine = try Self.loaded(dir, notices: &notices)
        #expect(engine.articles.count == articles.count)
        for (a, b) in zip(engine.articles, articles) {
            #expect(a.id == b.id && a.title == b.title && a.text == b.text && a.paragraphs == b.paragraphs)
            #expect(a.metadata == b.metadata && a.captions == b.captions && a.references == b.references)
        }
        #expect(engine.articles.indices.map { engine.articles.id($0) } == articles.map(\.id))
    }
}

/// Counts what a damaged index tells.
final class Told: @unchecked Sendable {
    private var lines: [String] = []
    private let lock = NSLock()
    var count: Int { lock.lock(); defer { lock.unlock() }; return lines.count }
    @Sendable func add(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
}
