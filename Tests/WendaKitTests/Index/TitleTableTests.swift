import Foundation
import Testing
@testable import WendaKit

/// A saved index keeps every article's title in a table of its own: the shell completes
/// and finds titles from it without decoding a single article.
@Suite struct TitleTableTests {
    @Test func titlesComeFromTheTableWithoutDecodingArticles() throws {
        let articles = try IndexFileTests.articles()
        let dir = IndexFileTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CorpusIndex.build(articles, to: dir)
        let (index, _) = try IndexFile.load(IndexFileTests.segmentFile(dir), fingerprint: nil,
                                            options: IndexOptions(), damaged: { _ in })
        #expect(index.articles.count == articles.count)
        for (i, a) in articles.enumerated() {
            #expect(index.articles.title(i) == a.title)
            #expect(index.articles.id(i) == a.id)
        }
        // The title table is its own section; the article records are not what was read.
        #expect(index.columns.articleTitles.count == articles.reduce(0) { $0 + $1.title.utf8.count })
        #expect(ArticleList(articles).title(1) == articles[1].title)
    }
}
