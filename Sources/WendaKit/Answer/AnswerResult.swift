import Foundation

/// The answer to one question: wenda's output contract (the README's "JSON output").
/// Encoded as one JSON line by `jsonLine()`; printed for people by the executable.
public struct AnswerResult: Sendable, Hashable, Codable {
    public var question: String
    public var noAnswer: Bool
    /// Quoted sentences in rank order; the first is the best single sentence.
    public var answers: [QuotedSentence]
    /// Retrieved passages in rank order (the nearest ones when there is no answer).
    public var passages: [PassageHit]
    public var elapsedMs: Double
    /// What could not be read of the collection while answering (a remote shard that did
    /// not answer), in one line: the result is then no answer at all, and is not to be
    /// shown or kept as one. Not part of the JSON contract.
    public var failure: String? = nil
    /// A distinctive term of the question the quoted passage lacks, and the near variant it
    /// holds instead (see `NearMiss`): the answer is about something else. Written in JSON
    /// only when there is one.
    public var mismatch: [Mismatch] = []
    /// The quotes of a near miss, held back while `noAnswer` is true (`showingNearMisses()`
    /// gives them). Not part of the JSON contract.
    public var nearMiss: [QuotedSentence] = []
    /// Further quotes below `QuoteSelection.cutOff` of the first: not given with the answer,
    /// shown when more are asked for (the shell's `/more`). Not part of the JSON contract.
    public var weaker: [QuotedSentence] = []

    public init(question: String, noAnswer: Bool, answers: [QuotedSentence], passages: [PassageHit], elapsedMs: Double) {
        self.question = question
        self.noAnswer = noAnswer
        self.answers = answers
        self.passages = passages
        self.elapsedMs = elapsedMs
    }

    /// The answer as shown when near misses are asked for: a near miss's quotes given,
    /// `noAnswer` false, `mismatch` kept to frame it.
    public func showingNearMisses() -> AnswerResult {
        guard noAnswer, !mismatch.isEmpty, !nearMiss.isEmpty else { return self }
        var r = self
        r.noAnswer = false
        r.answers = nearMiss
        r.nearMiss = []
        return r
    }

    enum CodingKeys: String, CodingKey {
        case question
        case noAnswer = "no_answer"
        case answers, passages, mismatch
        case elapsedMs = "elapsed_ms"
    }

    /// Reads answers recorded before `mismatch` existed as well.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(question: try c.decode(String.self, forKey: .question), noAnswer: try c.decode(Bool.self, forKey: .noAnswer),
                  answers: try c.decode([QuotedSentence].self, forKey: .answers),
                  passages: try c.decode([PassageHit].self, forKey: .passages),
                  elapsedMs: try c.decode(Double.self, forKey: .elapsedMs))
        mismatch = try c.decodeIfPresent([Mismatch].self, forKey: .mismatch) ?? []
    }

    /// `mismatch` only when there is one.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(question, forKey: .question)
        try c.encode(noAnswer, forKey: .noAnswer)
        try c.encode(answers, forKey: .answers)
        try c.encode(passages, forKey: .passages)
        try c.encode(elapsedMs, forKey: .elapsedMs)
        if !mismatch.isEmpty { try c.encode(mismatch, forKey: .mismatch) }
    }
}

/// A sentence quoted verbatim from an article, with where it came from.
public struct QuotedSentence: Sendable, Hashable, Codable {
    /// The sentence exactly as it stands in the article's cleaned text.
    public var text: String
    /// How well the sentence answers, relative to the best quote of the answer: 1 for the
    /// best, less for weaker ones (0…1).
    public var score: Double
    /// Answer spans within `text`, as [start, end) Unicode-scalar offsets.
    public var highlight: [[Int]]
    public var citation: Citation
    /// A weaker quote given in support of the first, not as an answer of its own
    /// (see `QuoteSelection`).
    public var supporting: Bool

    public init(text: String, score: Double, highlight: [[Int]], citation: Citation, supporting: Bool = false) {
        self.text = text
        self.score = score
        self.highlight = highlight
        self.citation = citation
        self.supporting = supporting
    }

    enum CodingKeys: String, CodingKey { case text, score, highlight, citation, supporting }

    /// Reads quotes recorded before `supporting` existed as well.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(text: try c.decode(String.self, forKey: .text), score: try c.decode(Double.self, forKey: .score),
                  highlight: try c.decode([[Int]].self, forKey: .highlight), citation: try c.decode(Citation.self, forKey: .citation),
                  supporting: try c.decodeIfPresent(Bool.self, forKey: .supporting) ?? false)
    }
}

/// Where a quoted sentence stands.
public struct Citation: Sendable, Hashable, Codable {
    public var docId: String
    public var title: String
    public var author: String
    public var date: String
    public var source: String
    /// The article's web address (`og:url`, canonical link, a corpus line's `url`); empty
    /// when it has none.
    public var url: String
    /// The page of a PDF the paragraph stands on; nil for other articles.
    public var page: Int?
    /// 1-based.
    public var paragraph: Int
    /// 1-based within the paragraph: the first sentence quoted.
    public var sentence: Int
    /// The last sentence quoted (1-based; `sentence` when one sentence is quoted, larger
    /// when a neighbour is joined to it), within `paragraphEnd` when there is one.
    public var sentenceEnd: Int
    /// The paragraph of the last sentence quoted when the quote runs on into the next
    /// line of the same block (a lead-in and the line with the figure); nil otherwise.
    public var paragraphEnd: Int?
    /// Unicode-scalar offsets into the article's cleaned text.
    public var start: Int
    public var end: Int
    /// The source file has changed since the corpus was built: the quote may no longer
    /// stand there (see `SourceCheck`).
    public var stale: Bool

    public init(docId: String, title: String, author: String, date: String, source: String, url: String = "",
                page: Int? = nil, paragraph: Int, sentence: Int, sentenceEnd: Int? = nil, paragraphEnd: Int? = nil,
                start: Int, end: Int, stale: Bool = false) {
        self.docId = docId
        self.title = title
        self.author = author
        self.date = date
        self.source = source
        self.url = url
        self.page = page
        self.paragraph = paragraph
        self.sentence = sentence
        self.paragraphEnd = paragraphEnd.flatMap { $0 > paragraph ? $0 : nil }
        self.sentenceEnd = self.paragraphEnd != nil ? (sentenceEnd ?? 1) : max(sentence, sentenceEnd ?? sentence)
        self.start = start
        self.end = end
        self.stale = stale
    }

    /// Which sentences are quoted: `sentence 1`, `sentences 1–2` for a quote joined with
    /// its neighbour, `sentence 2 to ¶19 sentence 1` for one that runs on into the next line.
    public var sentences: String {
        if let p = paragraphEnd { return "sentence \(sentence) to ¶\(p) sentence \(sentenceEnd)" }
        return sentenceEnd > sentence ? "sentences \(sentence)–\(sentenceEnd)" : "sentence \(sentence)"
    }

    enum CodingKeys: String, CodingKey {
        case docId = "doc_id"
        case sentenceEnd = "sentence_end"
        case paragraphEnd = "paragraph_end"
        case title, author, date, source, url, page, paragraph, sentence, start, end, stale
    }

    /// Reads answers recorded before `sentence_end`, `stale`, `url` and `page` existed as well.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let sentence = try c.decode(Int.self, forKey: .sentence)
        self.init(docId: try c.decode(String.self, forKey: .docId), title: try c.decode(String.self, forKey: .title),
                  author: try c.decode(String.self, forKey: .author), date: try c.decode(String.self, forKey: .date),
                  source: try c.decode(String.self, forKey: .source),
                  url: try c.decodeIfPresent(String.self, forKey: .url) ?? "",
                  page: try c.decodeIfPresent(Int.self, forKey: .page),
                  paragraph: try c.decode(Int.self, forKey: .paragraph),
                  sentence: sentence, sentenceEnd: try c.decodeIfPresent(Int.self, forKey: .sentenceEnd),
                  paragraphEnd: try c.decodeIfPresent(Int.self, forKey: .paragraphEnd),
                  start: try c.decode(Int.self, forKey: .start), end: try c.decode(Int.self, forKey: .end),
                  stale: try c.decodeIfPresent(Bool.self, forKey: .stale) ?? false)
    }

    /// `url`, `page` and `paragraph_end` only when there.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(docId, forKey: .docId)
        try c.encode(title, forKey: .title)
        try c.encode(author, forKey: .author)
        try c.encode(date, forKey: .date)
        try c.encode(source, forKey: .source)
        if !url.isEmpty { try c.encode(url, forKey: .url) }
        try c.encodeIfPresent(page, forKey: .page)
        try c.encode(paragraph, forKey: .paragraph)
        try c.encode(sentence, forKey: .sentence)
        try c.encode(sentenceEnd, forKey: .sentenceEnd)
        try c.encodeIfPresent(paragraphEnd, forKey: .paragraphEnd)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(stale, forKey: .stale)
    }
}

/// A retrieved passage.
public struct PassageHit: Sendable, Hashable, Codable {
    public var docId: String
    public var paragraph: Int
    public var score: Double
    public var text: String
    /// Its article's title, for people (not part of the JSON contract; empty when unknown).
    public var title: String = ""

    public init(docId: String, paragraph: Int, score: Double, text: String, title: String = "") {
        self.docId = docId
        self.paragraph = paragraph
        self.score = score
        self.text = text
        self.title = title
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

extension AnswerResult {
    /// One JSON line of the `--json` contract (keys sorted, slashes not escaped), without a
    /// line end: the one encoding `ask`, piped runs, the shell and transcripts share.
    /// Written by `JSONWriter`: the bytes `JSONEncoder` (`.sortedKeys`,
    /// `.withoutEscapingSlashes`) makes of this value, a test checks.
    public func jsonLine() -> String { jsonLine(adding: []) }

    /// A member a command adds to the contract's object (`explain`, `id`): its key and
    /// how its value is written.
    public typealias ExtraMember = (key: StaticString, write: (inout JSONWriter) -> Void)

    /// `jsonLine()` with `extra` members put among the contract's keys in sorted order
    /// (as `JSONEncoder` with `.sortedKeys` would).
    public func jsonLine(adding extra: [ExtraMember]) -> String {
        var w = JSONWriter(capacity: 512 + 256 * (answers.count + passages.count))
        var pending = extra.sorted { $0.key.description < $1.key.description }[...]
        var first = true
        func member(_ key: StaticString, _ write: (inout JSONWriter) -> Void) {
            while let e = pending.first, e.key.description < key.description {
                pending.removeFirst()
                member(e.key, e.write)
            }
            if !first { w.raw(",") }
            first = false
            w.key(key)
            write(&w)
        }
        w.raw("{")
        member("answers") { w in
            w.raw("[")
            for (i, a) in answers.enumerated() {
                if i > 0 { w.raw(",") }
                a.writeJSON(&w)
            }
            w.raw("]")
        }
        member("elapsed_ms") { $0.double(elapsedMs) }
        if !mismatch.isEmpty {
            member("mismatch") { w in
                w.raw("[")
                for (i, m) in mismatch.enumerated() {
                    if i > 0 { w.raw(",") }
                    w.raw("{"); w.key("asked"); w.string(m.asked); w.raw(","); w.key("found"); w.string(m.found); w.raw("}")
                }
                w.raw("]")
            }
        }
        member("no_answer") { $0.bool(noAnswer) }
        member("passages") { w in
            w.raw("[")
            for (i, p) in passages.enumerated() {
                if i > 0 { w.raw(",") }
                p.writeJSON(&w)
            }
            w.raw("]")
        }
        member("question") { $0.string(question) }
        while let e = pending.popFirst() { member(e.key, e.write) }
        w.raw("}")
        // As `JSONEncoder` does, a value it cannot encode (a NaN score) makes no line.
        return w.failed ? "{}" : w.text
    }
}

extension QuotedSentence {
    /// This quote as a JSON object (keys sorted).
    public func writeJSON(_ w: inout JSONWriter) {
        w.raw("{")
        w.key("citation"); citation.writeJSON(&w)
        w.raw(","); w.key("highlight"); w.raw("[")
        for (i, span) in highlight.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("[")
            for (k, v) in span.enumerated() {
                if k > 0 { w.raw(",") }
                w.int(v)
            }
            w.raw("]")
        }
        w.raw("]")
        w.field("score", score)
        w.field("supporting", supporting)
        w.field("text", text)
        w.raw("}")
    }
}

extension Citation {
    /// This citation as a JSON object (keys sorted; `url` and `page` only when there).
    public func writeJSON(_ w: inout JSONWriter) {
        w.raw("{")
        w.key("author"); w.string(author)
        w.field("date", date)
        w.field("doc_id", docId)
        w.field("end", end)
        w.field("page", ifPresent: page)
        w.field("paragraph", paragraph)
        w.field("paragraph_end", ifPresent: paragraphEnd)
        w.field("sentence", sentence)
        w.field("sentence_end", sentenceEnd)
        w.field("source", source)
        w.field("stale", stale)
        w.field("start", start)
        w.field("title", title)
        if !url.isEmpty { w.field("url", url) }
        w.raw("}")
    }
}

extension PassageHit {
    /// This passage as a JSON object (keys sorted; the title is not part of the contract).
    public func writeJSON(_ w: inout JSONWriter) {
        w.raw("{")
        w.key("doc_id"); w.string(docId)
        w.field("paragraph", paragraph)
        w.field("score", score)
        w.field("text", text)
        w.raw("}")
    }
}
