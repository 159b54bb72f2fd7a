import Foundation
@testable import WendaKit

/// The test fixtures and the package, located from this file (works from any clone).
enum Fixtures {
    /// Tests/WendaKitTests/Corpus/Fixtures.swift → the package root.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The fixture articles folder, as a path relative to the package root.
    static let articlesPath = "Tests/WendaKitTests/Fixtures/articles"

    static func url(_ name: String) -> URL {
        packageRoot.appendingPathComponent(articlesPath).appendingPathComponent(name)
    }

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: url(name))
    }

    /// The articles and problems of one fixture file, recorded under its relative path.
    static func read(_ name: String) -> (articles: [Article], problems: [ReadProblem]) {
        ArticleReader.read(articlesPath + "/" + name, at: url(name))
    }

    static func article(_ name: String) throws -> Article {
        let r = read(name)
        guard let a = r.articles.first, r.problems.isEmpty else {
            throw FixtureError(description: "\(name): \(r.problems)")
        }
        return a
    }

    struct FixtureError: Error, CustomStringConvertible { var description: String }

    /// Small saved web pages (and other articles) written for the extraction tests.
    static let pagesPath = "Tests/WendaKitTests/Fixtures/pages"

    static func page(_ name: String) throws -> (article: Article, dropped: [DroppedText], source: Data) {
        let url = packageRoot.appendingPathComponent(pagesPath).appendingPathComponent(name)
        let r = ArticleReader.readShowingDropped(pagesPath + "/" + name, at: url)
        guard let first = r.articles.first, r.problems.isEmpty else {
            throw FixtureError(description: "\(name): \(r.problems)")
        }
        return (first.article, first.dropped, try Data(contentsOf: url))
    }

    static let seedPath = "seeds/000_4c1bf5412017dcdf.txt"

    static func seed() throws -> Article {
        let r = ArticleReader.read(seedPath, at: packageRoot.appendingPathComponent(seedPath))
        guard let a = r.articles.first, r.problems.isEmpty else {
            throw FixtureError(description: "seed: \(r.problems)")
        }
        return a
    }
}

extension Article {
    var sentenceTexts: [String] { paragraphs.flatMap(\.sentences).map { text(of: $0) } }
    var paragraphTexts: [String] { paragraphs.map { text(of: $0) } }
}
