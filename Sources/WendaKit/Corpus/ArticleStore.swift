/// The articles of a build, each released as soon as the build is done with it (its
/// corpus JSON made and its part merged into the index), so a large corpus is not held
/// whole from the start of a build to its end. Read from several threads; no article is
/// read once it is released, nor while it is.
public final class ArticleStore: RandomAccessCollection, @unchecked Sendable {
    private let base: UnsafeMutablePointer<Article>
    public let startIndex = 0
    public let endIndex: Int

    /// A store of `articles` (the caller lets go of its own array, so that each article's
    /// memory goes when the store lets go of it).
    public init(_ articles: [Article]) {
        endIndex = articles.count
        base = .allocate(capacity: Swift.max(1, articles.count))
        articles.withUnsafeBufferPointer { b in
            if let from = b.baseAddress { base.initialize(from: from, count: b.count) }
        }
    }

    deinit {
        base.deinitialize(count: endIndex)
        base.deallocate()
    }

    public subscript(i: Int) -> Article {
        precondition(i >= 0 && i < endIndex, "article index out of range")
        return base[i]
    }

    /// Lets go of article `i` (it reads as an empty article after).
    func release(_ i: Int) {
        base[i] = Article(id: "", title: "", source: "", text: "", sourceOffsets: [], paragraphs: [])
    }
}
