import Foundation
import WendaKit

/// What the shell answers from: an engine, and the articles it quotes (for `/open`,
/// completion of titles and the banner). The articles of a saved index are decoded only
/// when something asks for them: starting the shell reads none, and the titles come
/// from the index's title table the first time `/open` or completion needs them.
struct ShellBackend {
    var engine: any QuestionAnswering
    /// The number of articles and of paragraphs.
    let count: Int
    let paragraphCount: Int
    /// The corpus as given on the command line.
    var corpus: String
    /// What chose it ("WENDA_CORPUS", "--corpus"…), when known.
    var origin: String?
    /// The check of a built corpus's source files (see `SourceCheck`).
    var sourceCheck: SourceCheck?
    private let lookup: ArticleLookup

    init(engine: any QuestionAnswering, articles: [Article], corpus: String) {
        self.engine = engine
        self.corpus = corpus
        count = articles.count
        paragraphCount = articles.reduce(0) { $0 + $1.paragraphs.count }
        lookup = ArticleLookup(count: articles.count, article: { articles[$0] }, id: { articles[$0].id },
                               title: { articles[$0].title })
    }

    init(engine: AnswerEngine, corpus: String) {
        let articles = engine.articles
        self.engine = engine
        self.corpus = corpus
        sourceCheck = engine.sourceCheck
        count = articles.count
        paragraphCount = engine.index.paragraphs.count
        lookup = ArticleLookup(count: articles.count, article: { articles[$0] }, id: { articles.id($0) },
                               title: { articles.title($0) })
    }

    /// "2 articles, 5 paragraphs from PATH".
    var summary: String {
        "\(Plural.count(count, "article")), \(Plural.count(paragraphCount, "paragraph")) from \(corpus)"
    }

    /// Every article's title, in article order.
    var titles: [String] { lookup.titles }

    func article(id: String) -> Article? { lookup.index(of: id).map(lookup.article) }

    /// The title of the article `id`, if it is loaded.
    func title(id: String) -> String? { lookup.index(of: id).map { lookup.title($0) } }

    /// The article titled `text`: exactly, else by folded prefix, else by folded substring
    /// (only when one article fits); or the candidates when several do.
    func articles(titled text: String) -> [Article] {
        let t = text.trimmingCharacters(in: .whitespaces)
        let titles = lookup.titles
        let all = titles.indices
        func matching(_ p: (Int) -> Bool) -> [Article] { all.filter(p).map(lookup.article) }
        let exact = matching { titles[$0] == t || lookup.id($0) == t }
        if !exact.isEmpty { return exact }
        let folded = Normalizer.fold(t)
        let prefix = matching { Normalizer.fold(titles[$0]).hasPrefix(folded) }
        if !prefix.isEmpty { return prefix }
        return matching { Normalizer.fold(titles[$0]).contains(folded) }
    }
}

/// Articles by position, with an id → position table and the titles built on first use.
final class ArticleLookup: @unchecked Sendable {
    let count: Int
    let article: (Int) -> Article
    let id: (Int) -> String
    let title: (Int) -> String
    private let lock = NSLock()
    private var positions: [String: Int]?
    private var cachedTitles: [String]?

    init(count: Int, article: @escaping (Int) -> Article, id: @escaping (Int) -> String, title: @escaping (Int) -> String) {
        self.count = count
        self.article = article
        self.id = id
        self.title = title
    }

    /// The position of the (first) article `id`.
    func index(of id: String) -> Int? {
        lock.withLock {
            if positions == nil {
                var p: [String: Int] = [:]
                p.reserveCapacity(count)
                for i in 0..<count where p[self.id(i)] == nil { p[self.id(i)] = i }
                positions = p
            }
            return positions![id]
        }
    }

    var titles: [String] {
        lock.withLock {
            if let t = cachedTitles { return t }
            let t = (0..<count).map { title($0) }
            cachedTitles = t
            return t
        }
    }
}

extension ShellBackend {
    /// The answering engine over `corpus` (see `EngineLoader`; articles that could not be
    /// read are said on stderr, one line each).
    static func load(corpus: CorpusChoice) throws(WendaError) -> ShellBackend {
        var backend = ShellBackend(engine: try EngineLoader.load(corpus, warmAfter: nil), corpus: corpus.path)
        backend.origin = corpus.originText
        return backend
    }

    /// The same for a path given as --corpus would give it.
    static func load(corpus path: String) throws -> ShellBackend {
        try load(corpus: CorpusChoice(path: path, origin: .option))
    }
}
