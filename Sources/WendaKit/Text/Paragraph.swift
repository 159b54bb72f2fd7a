/// A paragraph of a text cut into sentences (what `SentenceSplitter` makes, and an
/// article is made of): a range of the text, and its sentences' ranges.
public struct Paragraph: Sendable, Hashable, Codable {
    /// 1-based within the article.
    public var number: Int
    /// Unicode-scalar offsets into `Article.text`.
    public var range: Range<Int>
    public var sentences: [Sentence]
    /// 1-based number of the source block (`<p>`, `<blockquote>`, heading, blank-line
    /// separated text) the paragraph stands in: paragraphs are lines, and one HTML `<p>`
    /// may hold many `<br/>`-separated lines. Group by it for longer passages.
    public var block: Int

    public init(number: Int, range: Range<Int>, sentences: [Sentence], block: Int? = nil) {
        self.number = number
        self.range = range
        self.sentences = sentences
        self.block = block ?? number
    }
}

/// A sentence: a range of the article's text, trimmed of surrounding white space.
public struct Sentence: Sendable, Hashable, Codable {
    /// 1-based within its paragraph.
    public var number: Int
    /// Unicode-scalar offsets into `Article.text`.
    public var range: Range<Int>

    public init(number: Int, range: Range<Int>) {
        self.number = number
        self.range = range
    }
}
