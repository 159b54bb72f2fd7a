/// One article as wenda reads it: metadata, the cleaned text, and the structure
/// (paragraphs → sentences) cut from it. Every position is counted in Unicode scalars
/// of `text`; `sourceOffsets` maps each of them back to the source file.
public struct Article: Sendable, Hashable, Codable {
    /// The file name without its extension, or the `id` of a corpus JSONL line.
    public var id: String
    public var title: String
    public var author: String
    public var date: String
    public var url: String
    /// The source file, as given (e.g. `seeds/000_4c1bf5412017dcdf.txt`).
    public var source: String
    /// The 1-based line of a corpus JSONL source; nil for one-article files.
    public var line: Int?
    /// Other front-matter keys, kept as read.
    public var metadata: [String: String]
    /// The cleaned text: paragraphs separated by "\n".
    public var text: String
    /// For each Unicode scalar of `text` (and one more for its end), the UTF-8 byte offset
    /// in the source file (for JSONL: in the decoded `text` field of its line).
    public var sourceOffsets: [Int]
    public var paragraphs: [Paragraph]
    /// Image descriptions and captions: metadata, not body sentences.
    public var captions: [String]
    /// The reference list (参考资料, links): metadata, not body sentences.
    public var references: [String]

    public init(
        id: String, title: String, author: String = "", date: String = "", url: String = "",
        source: String, line: Int? = nil, metadata: [String: String] = [:], text: String,
        sourceOffsets: [Int], paragraphs: [Paragraph], captions: [String] = [],
        references: [String] = []
    ) {
        self.id = id
        self.title = title
        self.author = author
        self.date = date
        self.url = url
        self.source = source
        self.line = line
        self.metadata = metadata
        self.text = text
        self.sourceOffsets = sourceOffsets
        self.paragraphs = paragraphs
        self.captions = captions
        self.references = references
    }
}

/// A paragraph: a range of the article's text, cut into sentences.
public struct Paragraph: Sendable, Hashable, Codable {
    /// 1-based within the article.
    public var number: Int
    /// Unicode-scalar offsets into `Article.text`.
    public var range: Range<Int>
    public var sentences: [Sentence]

    public init(number: Int, range: Range<Int>, sentences: [Sentence]) {
        self.number = number
        self.range = range
        self.sentences = sentences
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

extension Article {
    /// The text of a scalar range of `text`, exactly as it stands.
    public func slice(_ range: Range<Int>) -> String {
        let scalars = text.unicodeScalars
        let lower = scalars.index(scalars.startIndex, offsetBy: range.lowerBound)
        let upper = scalars.index(lower, offsetBy: range.count)
        return String(scalars[lower..<upper])
    }
}
