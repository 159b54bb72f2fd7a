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
    /// Other front-matter keys, kept as read; also `footer` (the seed format's text after
    /// its last `---`), and `origin` / `editor` from leading `文章来源：` / `编辑：` lines
    /// (those lines stay in the text too).
    public var metadata: [String: String]
    /// The cleaned text: paragraphs separated by "\n".
    public var text: String {
        didSet { marks = ScalarMarks(text) }
    }
    /// Where every 256th scalar of `text` starts, so `slice` need not walk from the start
    /// (quadratic over a long article's sentences). Not part of equality or coding.
    var marks = ScalarMarks()
    /// For each Unicode scalar of `text` (and one more for its end), the UTF-8 byte offset
    /// in the source file (for JSONL: in the decoded `text` field of its line).
    public var sourceOffsets: [Int]
    /// For each Unicode scalar of `text`, the offset just after the source bytes it was read
    /// from (after the `;` of an entity); empty when not known. See `sourceRange(of:)`.
    public var sourceEnds: [Int]
    public var paragraphs: [Paragraph]
    /// Image descriptions and captions: metadata, not body sentences.
    public var captions: [String]
    /// The reference list (参考资料, links): metadata, not body sentences.
    public var references: [String]

    public init(
        id: String, title: String, author: String = "", date: String = "", url: String = "",
        source: String, line: Int? = nil, metadata: [String: String] = [:], text: String,
        sourceOffsets: [Int], paragraphs: [Paragraph], captions: [String] = [],
        references: [String] = [], sourceEnds: [Int] = []
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
        self.marks = ScalarMarks(text)
        self.sourceOffsets = sourceOffsets
        self.sourceEnds = sourceEnds
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

extension Article {
    /// The text of a scalar range of `text`, exactly as it stands.
    public func slice(_ range: Range<Int>) -> String {
        let scalars = text.unicodeScalars
        let lower = marks.index(of: range.lowerBound, in: text)
        let upper = range.count <= ScalarMarks.stride ? scalars.index(lower, offsetBy: range.count)
            : marks.index(of: range.upperBound, in: text)
        return String(scalars[lower..<upper])
    }

    enum CodingKeys: String, CodingKey {
        case id, title, author, date, url, source, line, metadata, text, sourceOffsets, sourceEnds,
             paragraphs, captions, references
    }
}

/// The UTF-8 offsets of every `stride`th Unicode scalar of a text.
struct ScalarMarks: Sendable, Hashable {
    static let stride = 256
    var offsets: [Int] = []

    init() {}

    init(_ text: String) {
        var i = 0, o = 0
        offsets.reserveCapacity(text.utf8.count / Self.stride + 1)
        for s in text.unicodeScalars {
            if i % Self.stride == 0 { offsets.append(o) }
            o += UTF8.width(s)
            i += 1
        }
    }

    /// The index of scalar `n` of `text` (the text they were taken from).
    func index(of n: Int, in text: String) -> String.Index {
        let scalars = text.unicodeScalars
        let m = n / Self.stride
        guard m < offsets.count, m > 0 else { return scalars.index(scalars.startIndex, offsetBy: n) }
        let start = text.utf8.index(text.utf8.startIndex, offsetBy: offsets[m])
        return scalars.index(start, offsetBy: n - m * Self.stride)
    }

    // Derived from the text: no part of an article's identity.
    static func == (a: ScalarMarks, b: ScalarMarks) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}

extension Article {
    /// The source bytes a scalar range of `text` was read from: from the first scalar's
    /// start to the last one's end (tags and entities inside included).
    public func sourceRange(of range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty else {
            let o = sourceOffsets.isEmpty ? 0 : sourceOffsets[min(range.lowerBound, sourceOffsets.count - 1)]
            return o..<o
        }
        let start = sourceOffsets[range.lowerBound]
        let end = sourceEnds.count >= range.upperBound ? sourceEnds[range.upperBound - 1] : sourceOffsets[range.upperBound]
        return start..<max(start, end)
    }

    /// The text of a paragraph.
    public func text(of paragraph: Paragraph) -> String { slice(paragraph.range) }

    /// The text of a sentence.
    public func text(of sentence: Sentence) -> String { slice(sentence.range) }

    /// The paragraph (1-based) and sentence (1-based) holding a scalar offset of `text`.
    public func locate(_ offset: Int) -> (paragraph: Paragraph, sentence: Sentence)? {
        for p in paragraphs where p.range.lowerBound <= offset && offset < p.range.upperBound {
            for s in p.sentences where s.range.contains(offset) { return (p, s) }
        }
        return nil
    }

    /// Number of sentences in the article.
    public var sentenceCount: Int { paragraphs.reduce(0) { $0 + $1.sentences.count } }
}
