import WendaKit

/// What the shell answers from: an engine, and the articles it quotes (for `/open`,
/// completion of titles and the banner).
struct ShellBackend {
    var engine: any QuestionAnswering
    var articles: [Article]
    /// The corpus as given on the command line.
    var corpus: String

    var passageCount: Int { articles.reduce(0) { $0 + $1.paragraphs.count } }

    func article(id: String) -> Article? { articles.first { $0.id == id } }

    /// The article titled `text`: exactly, else by folded prefix, else by folded substring
    /// (only when one article fits); or the candidates when several do.
    func articles(titled text: String) -> [Article] {
        let t = text.trimmingCharacters(in: .whitespaces)
        let exact = articles.filter { $0.title == t || $0.id == t }
        if !exact.isEmpty { return exact }
        let folded = Normalizer.fold(t)
        let prefix = articles.filter { Normalizer.fold($0.title).hasPrefix(folded) }
        if !prefix.isEmpty { return prefix }
        return articles.filter { Normalizer.fold($0.title).contains(folded) }
    }
}

extension ShellBackend {
    /// The answering engine over `corpus`; articles that could not be read are reported
    /// through `problem`, one line each.
    static func load(corpus: String, problem: (ReadProblem) -> Void = { _ in }) throws -> ShellBackend {
        let (engine, problems) = try AnswerEngine.loadSaved(corpusPath: corpus, notice: { StandardError.line("wenda: \($0)") })
        problems.forEach(problem)
        return ShellBackend(engine: engine, articles: Array(engine.articles), corpus: corpus)
    }
}
