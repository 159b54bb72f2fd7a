import Foundation

/// The articles of a collection, as a collection: held in memory (an index built in
/// memory), or decoded from where they are kept the first time each is asked for (a
/// saved index: answering touches only the articles of the paragraphs it retrieves).
public struct ArticleList: RandomAccessCollection, Sendable {
    public typealias Index = Int
    private let storage: Storage

    enum Storage: Sendable {
        case array([Article])
        case source(any ArticleSource)
    }

    init(_ articles: [Article]) { storage = .array(articles) }
    /// The articles of `source`, decoded when asked for.
    public init(source: any ArticleSource) { storage = .source(source) }
    init(saved: SavedArticles) { storage = .source(saved) }

    public var startIndex: Int { 0 }
    public var endIndex: Int {
        switch storage {
        case .array(let a): a.count
        case .source(let s): s.count
        }
    }

    public subscript(i: Int) -> Article {
        switch storage {
        case .array(let a): a[i]
        case .source(let s): s.article(i)
        }
    }

    /// The id of article `i` (without decoding the rest of it).
    public func id(_ i: Int) -> String {
        switch storage {
        case .array(let a): a[i].id
        case .source(let s): s.id(i)
        }
    }

    /// The title of article `i` (from a saved index's title table, without decoding the
    /// rest of it).
    public func title(_ i: Int) -> String {
        switch storage {
        case .array(let a): a[i].title
        case .source(let s): s.title(i)
        }
    }
}

/// Where the articles of a collection are kept when they are not all in memory: each
/// decoded when first asked for (a saved index's records; another engine's documents).
public protocol ArticleSource: Sendable {
    var count: Int { get }
    func article(_ i: Int) -> Article
    func id(_ i: Int) -> String
    func title(_ i: Int) -> String
}

extension ArticleSource {
    /// An article's title, the article decoded (a source that keeps titles apart says so).
    public func title(_ i: Int) -> String { article(i).title }
}

/// The articles of a saved index: one record each (`ArticleRecord`), decoded on demand;
/// decoded articles are kept, a bounded number of them.
final class SavedArticles: ArticleSource, @unchecked Sendable {
    let records: ArticleBlockReader
    let idOffsets: Column<Int64>
    let ids: Column<UInt8>
    let titleOffsets: Column<Int64>
    let titles: Column<UInt8>
    var count: Int { records.offsets.count - 1 }
    /// Decoded articles, in pages of 1,024 allocated when first used; all dropped when
    /// more than `cacheLimit` are kept.
    private var pages: [[Article?]]
    private var cached = 0
    private let lock = NSLock()
    static let cacheLimit = 4096
    static let pageSize = 1024

    /// What stands in for an article whose record is damaged: its paragraphs and
    /// sentences with blank text, so nothing reads out of bounds.
    let placeholder: @Sendable (Int) -> Article
    /// An article's sentences' ranges, in order, as the index keeps them (its record
    /// leaves them out, see `ArticleRecord`).
    let sentenceRanges: @Sendable (Int) -> [Range<Int>]

    init(records: ArticleBlockReader, idOffsets: Column<Int64>, ids: Column<UInt8>,
         titleOffsets: Column<Int64>, titles: Column<UInt8>, placeholder: @escaping @Sendable (Int) -> Article,
         sentenceRanges: @escaping @Sendable (Int) -> [Range<Int>]) {
        self.sentenceRanges = sentenceRanges
        self.titleOffsets = titleOffsets
        self.titles = titles
        self.records = records
        self.idOffsets = idOffsets
        self.ids = ids
        self.placeholder = placeholder
        pages = [[Article?]](repeating: [], count: (max(0, records.offsets.count - 1) + Self.pageSize - 1) / Self.pageSize)
    }

    /// Entry `i` of a table of UTF-8 strings, or nil when its block is damaged.
    private static func text(_ i: Int, _ offsets: Column<Int64>, _ bytes: Column<UInt8>) -> String? {
        let r = Int(offsets[i])..<max(Int(offsets[i]), Int(offsets[i + 1]))
        let b = bytes.buffer(r)
        return b.count == r.count ? String(decoding: b, as: UTF8.self) : nil
    }

    func id(_ i: Int) -> String {
        precondition(i >= 0 && i < count, "article index out of range")
        let b = ids.buffer(Int(idOffsets[i])..<Int(idOffsets[i + 1]))
        return String(decoding: b, as: UTF8.self)
    }

    /// From the title table (empty when its block is damaged).
    func title(_ i: Int) -> String {
        precondition(i >= 0 && i < count, "article index out of range")
        let b = titles.buffer(Int(titleOffsets[i])..<Int(titleOffsets[i + 1]))
        return String(decoding: b, as: UTF8.self)
    }

    func article(_ i: Int) -> Article {
        precondition(i >= 0 && i < count, "article index out of range")
        let (page, slot) = i.quotientAndRemainder(dividingBy: Self.pageSize)
        // Never waits for another thread (one warming tables at low priority may hold the
        // lock): when it is busy, the article is decoded here, and kept only if it is free.
        if lock.try() {
            if !pages[page].isEmpty, let a = pages[page][slot] {
                lock.unlock()
                return a
            }
            lock.unlock()
        }
        // A record that cannot be read (only a damaged file has one) is a placeholder.
        var a = records.record(i) { r in r.flatMap { try? ArticleRecord.decode($0) { self.sentenceRanges(i) } } } ?? {
            var blank = placeholder(i)
            blank.id = id(i)
            return blank
        }()
        // The record leaves out what the id and title tables keep (an article whose id or
        // title cannot be read is a placeholder too).
        if a.id.isEmpty || a.title.isEmpty {
            if let id = Self.text(i, idOffsets, ids), let title = Self.text(i, titleOffsets, titles) {
                if a.id.isEmpty { a.id = id }
                if a.title.isEmpty { a.title = title }
            } else {
                a = placeholder(i)
                a.id = id(i)
            }
        }
        guard lock.try() else { return a }
        if cached >= Self.cacheLimit {
            for k in pages.indices { pages[k] = [] }
            cached = 0
        }
        if pages[page].isEmpty { pages[page] = [Article?](repeating: nil, count: Self.pageSize) }
        if pages[page][slot] == nil { cached += 1 }
        pages[page][slot] = a
        lock.unlock()
        return a
    }

    /// Article `i` with the paragraphs and sentences the index gives it, and blank text.
    static func placeholder(paragraphs: Column<ParagraphRef>, sentences: Column<SentenceRange>) -> @Sendable (Int) -> Article {
        { i in
            var out: [Paragraph] = []
            var length = 0
            eachParagraph(of: i, paragraphs, sentences) { ranges in
                let ss = ranges.enumerated().map { Sentence(number: $0.offset + 1, range: $0.element) }
                length = max(length, ss.last?.range.upperBound ?? 0)
                let range = (ss.first?.range.lowerBound ?? 0)..<(ss.last?.range.upperBound ?? 0)
                out.append(Paragraph(number: out.count + 1, range: range.lowerBound..<max(range.lowerBound, range.upperBound), sentences: ss))
            }
            return Article(id: "", title: "", source: "", text: String(repeating: " ", count: length), sourceOffsets: [],
                           paragraphs: out)
        }
    }

    /// The ranges of article `i`'s sentences, in order, as the index keeps them.
    static func sentenceRanges(paragraphs: Column<ParagraphRef>, sentences: Column<SentenceRange>) -> @Sendable (Int) -> [Range<Int>] {
        { i in
            var out: [Range<Int>] = []
            eachParagraph(of: i, paragraphs, sentences) { out += $0 }
            return out
        }
    }

    /// The first paragraph of article `i` (or of the next with any): paragraphs are in
    /// article order, so it is looked for from where an even spread of paragraphs over
    /// articles would put it, in steps that double, then by binary search (a few reads
    /// of the table, not a search of all of it: each read of a page not yet read costs).
    static func firstParagraph(of i: Int, _ paragraphs: Column<ParagraphRef>) -> Int {
        let n = paragraphs.count
        guard n > 0 else { return 0 }
        let before = { (g: Int) in Int(paragraphs[g].article) < i }
        let articles = max(1, Int(paragraphs[n - 1].article) + 1)
        let guess = min(n - 1, max(0, i) * n / articles)
        var lo = guess, hi = guess, step = 1
        if before(guess) {
            lo = guess + 1
            hi = lo
            while hi < n, before(hi) { lo = hi + 1; hi += step; step *= 2 }
            hi = min(hi, n)
        } else {
            while lo > 0, !before(lo - 1) { hi = lo - 1; lo -= step; step *= 2 }
            lo = max(lo, 0)
        }
        return BinarySearch.first(lo, hi) { before($0) }
    }

    /// Calls `body` with the ranges of the sentences of each of article `i`'s paragraphs.
    private static func eachParagraph(of i: Int, _ paragraphs: Column<ParagraphRef>, _ sentences: Column<SentenceRange>,
                                      _ body: ([Range<Int>]) -> Void) {
        var g = firstParagraph(of: i, paragraphs)
        while g < paragraphs.count, Int(paragraphs[g].article) == i {
            let ref = paragraphs[g]
            var ranges: [Range<Int>] = []
            for s in Int(ref.firstSentence)..<max(Int(ref.firstSentence), Int(ref.endSentence)) where s < sentences.count {
                ranges.append(Int(max(0, sentences[s].start))..<Int(max(sentences[s].start, sentences[s].end, 0)))
            }
            body(ranges)
            g += 1
        }
    }
}
