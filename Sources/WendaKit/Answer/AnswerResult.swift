/// The answer to one question: wenda's output contract (design §3). Encoded as one JSON
/// line by `--json`; rendered for people by `AnswerRenderer`.
public struct AnswerResult: Sendable, Hashable, Codable {
    public var question: String
    public var noAnswer: Bool
    /// Quoted sentences in rank order; the first is the best single sentence.
    public var answers: [QuotedSentence]
    /// Retrieved passages in rank order (the nearest ones when there is no answer).
    public var passages: [PassageHit]
    public var elapsedMs: Double

    public init(question: String, noAnswer: Bool, answers: [QuotedSentence], passages: [PassageHit], elapsedMs: Double) {
        self.question = question
        self.noAnswer = noAnswer
        self.answers = answers
        self.passages = passages
        self.elapsedMs = elapsedMs
    }

    enum CodingKeys: String, CodingKey {
        case question
        case noAnswer = "no_answer"
        case answers, passages
        case elapsedMs = "elapsed_ms"
    }
}

/// A sentence quoted verbatim from an article, with where it came from.
public struct QuotedSentence: Sendable, Hashable, Codable {
    /// The sentence exactly as it stands in the article's cleaned text.
    public var text: String
    public var score: Double
    /// Answer spans within `text`, as [start, end) Unicode-scalar offsets.
    public var highlight: [[Int]]
    public var citation: Citation

    public init(text: String, score: Double, highlight: [[Int]], citation: Citation) {
        self.text = text
        self.score = score
        self.highlight = highlight
        self.citation = citation
    }
}

/// Where a quoted sentence stands.
public struct Citation: Sendable, Hashable, Codable {
    public var docId: String
    public var title: String
    public var author: String
    public var date: String
    public var source: String
    /// 1-based.
    public var paragraph: Int
    /// 1-based within the paragraph.
    public var sentence: Int
    /// Unicode-scalar offsets into the article's cleaned text.
    public var start: Int
    public var end: Int

    public init(docId: String, title: String, author: String, date: String, source: String,
                paragraph: Int, sentence: Int, start: Int, end: Int) {
        self.docId = docId
        self.title = title
        self.author = author
        self.date = date
        self.source = source
        self.paragraph = paragraph
        self.sentence = sentence
        self.start = start
        self.end = end
    }

    enum CodingKeys: String, CodingKey {
        case docId = "doc_id"
        case title, author, date, source, paragraph, sentence, start, end
    }
}

/// A retrieved passage.
public struct PassageHit: Sendable, Hashable, Codable {
    public var docId: String
    public var paragraph: Int
    public var score: Double
    public var text: String

    public init(docId: String, paragraph: Int, score: Double, text: String) {
        self.docId = docId
        self.paragraph = paragraph
        self.score = score
        self.text = text
    }

    enum CodingKeys: String, CodingKey {
        case docId = "doc_id"
        case paragraph, score, text
    }
}

/// Anything that answers questions: the engine, or a stand-in in tests.
public protocol QuestionAnswering: Sendable {
    /// Answers `question`, quoting up to `top` sentences.
    func answer(_ question: String, top: Int) -> AnswerResult
}
