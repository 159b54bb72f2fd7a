/// The weights of answer-sentence selection (tuned on CMRC 2018 train with general rules;
/// `Benchmarks/eval/ANSWER-QUALITY.md` says how and what each moved).
public struct SelectionWeights: Sendable, Hashable {
    /// Paragraphs whose sentences are considered.
    public var paragraphs = 10
    /// Passages returned (for recall@20).
    public var passages = 20
    /// Factor applied to a question term that is in the article's title (the topic).
    public var titleDiscount = 0.02
    /// IDF-weighted coverage of the question's bigrams, characters and words.
    public var bigram = 0.68
    public var character = 0.68
    public var word = 0.4
    /// The sentence holds an item of the expected answer type that the question lacks.
    public var answerType = 0.2
    /// …and a number with the unit the question asks for (多少米 → 4589米).
    public var unitMatch = 0.2
    /// The paragraph's first sentence; a sentence opening with a pronoun.
    public var first = 0.1
    public var pronoun = -0.03
    /// The paragraph's retrieval score relative to the best one.
    public var paragraphScore = 1.2
    /// Share of the article's title found in the question.
    public var titleInQuestion = 1.0
    /// Factor for the question terms right next to the question word (the relation asked about).
    public var relation = 1.5
    /// A sentence of fewer than 8 characters.
    public var short = 0.0
    /// Times ln(length / 30 characters).
    public var length = 0.0
    /// Below this IDF-weighted share of the question's content terms found in the best
    /// paragraph, the answer is "no answer".
    public var minSupport = 0.0
    /// …or below this score of the best sentence. Both calibrated on CMRC 2018 (trial
    /// questions asked against the train corpus); this one is on the scale of the weights
    /// above, so measure it again when they change.
    public var minScore = 0.0
    /// The no-answer confidence: a logistic combination of the named features of
    /// `AnswerEngine.confidenceFeatures` and of the squares of `ConfidenceFeature.squared`,
    /// fitted on CMRC 2018 train only, articles held out of the corpus as the unanswerable
    /// questions (Benchmarks/eval/calibrate_noanswer.py). The best sentence's score and the
    /// number of content terms are left out of the fit (weight 0); so is a near miss, at
    /// the decision always 0 (a near miss is no answer by itself, see `NearMiss`).
    public var confidence = ConfidenceWeights(bias: -4.9874, [
        .bestSentenceScore: 0, .paragraphSupport: 1.4224, .retrievalRatio: 0.7837, .paragraphMargin: 0.3422,
        .titleInQuestionShare: -0.0524, .contentTerms: 0, .supportBeyondTitle: 0.0253,
        .questionCharactersFound: 0.9745, .expectedItemMissing: -0.2703, .rarestMissingTerm: 0.1492,
        .marginOverOtherArticle: 1.3610, .bestArticleShare: -0.1374, .otherArticleRatio: -0.0852,
        .nearMissFound: -1.6117, .askedItemHeld: -0.2170,
    ], squared: [
        .paragraphSupport: 0.8526, .questionCharactersFound: 1.1599, .retrievalRatio: -0.0450, .titleInQuestionShare: 1.8438,
    ])
    /// Below `noAnswerBase + noAnswerSlope × ln(paragraphs)` the answer is "no answer":
    /// the threshold that rejects 2.6% of answerable train questions, at a quarter, a half
    /// and all of the train corpus, fitted against the collection's size.
    public var noAnswerBase = -1.0610
    public var noAnswerSlope = -0.0755
    /// The confidence was calibrated on collections of 600 paragraphs and more; below
    /// that, "no answer" falls back to the support of the best paragraph alone.
    public var calibratedParagraphs = 600.0
    public var smallMinSupport = 0.25
    /// Quoting the next sentence too when the answer runs across: the chosen sentence is
    /// shorter than this many characters, …
    public var joinShort = 12.0
    /// …ends mid-clause (：，), or the next one opens with a pronoun or a connective (1 = on).
    public var joinClause = 1.0
    public var joinPronoun = 1.0
    /// …or ends with a semicolon, one item of a list that runs on (1 = on).
    public var joinSemicolon = 1.0
    /// …or lacks an item of the expected type that the next sentence has (1 = on).
    public var joinType = 1.0
    /// …or a neighbour (before or after) scores within this margin of it (0 = off).
    public var joinMargin = 0.4
    /// A question term found not in a sentence but in the heading of its section counts
    /// this much of its weight (see `AnswerEngine+Context`).
    public var heading = 0.3
    /// A question term matched only by a lexicon synonym (CC-CEDICT: words sharing a
    /// gloss) counts this much of its weight, in the score and in the support (0 = off).
    public var synonym = 0.5
    /// Quoting the next line of the same block too (a lead-in and the line with the
    /// figure; see `AnswerEngine+Context`) (1 = on).
    public var joinLine = 1.0

    public init() {}

    /// The `--weights` keys: the selection weights', then the confidence's (`ConfidenceWeights.keys`).
    nonisolated(unsafe) static let keys: [String: WritableKeyPath<SelectionWeights, Double>] = {
        var out = selectionKeys
        let confidence: WritableKeyPath<SelectionWeights, ConfidenceWeights> = \.confidence
        for (name, path) in ConfidenceWeights.keys {
            precondition(out[name] == nil, "a confidence weight named like a selection weight: \(name)")
            out[name] = confidence.appending(path: path)
        }
        return out
    }()

    nonisolated(unsafe) static let selectionKeys: [String: WritableKeyPath<SelectionWeights, Double>] = [
        "titleDiscount": \.titleDiscount, "bigram": \.bigram, "character": \.character, "word": \.word,
        "answerType": \.answerType, "unitMatch": \.unitMatch, "first": \.first, "pronoun": \.pronoun,
        "paragraphScore": \.paragraphScore, "titleInQuestion": \.titleInQuestion, "relation": \.relation, "short": \.short, "length": \.length,
        "minSupport": \.minSupport, "minScore": \.minScore,
        "joinShort": \.joinShort, "joinClause": \.joinClause, "joinPronoun": \.joinPronoun, "joinType": \.joinType, "noAnswerBase": \.noAnswerBase, "noAnswerSlope": \.noAnswerSlope, "joinMargin": \.joinMargin,
        "joinSemicolon": \.joinSemicolon, "joinLine": \.joinLine, "heading": \.heading, "synonym": \.synonym,
    ]

    /// Sets weights from `name=value,name=value` (for measuring other settings).
    public mutating func apply(_ spec: String) throws {
        for part in spec.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard kv.count == 2, let v = Double(kv[1]) else { throw AnswerError.badWeights(String(part)) }
            if kv[0] == "paragraphs" { paragraphs = Int(v); continue }
            if kv[0] == "passages" { passages = Int(v); continue }
            guard let k = Self.keys[kv[0]] else { throw AnswerError.badWeights(String(part)) }
            self[keyPath: k] = v
        }
    }
}

import Foundation

/// Errors of the answering area.
public enum AnswerError: LocalizedError, Sendable {
    case badWeights(String)
    case emptyCorpus(String)

    public var errorDescription: String? {
        switch self {
        case .badWeights(let s): return "\(s): not a weight setting (name=value)"
        case .emptyCorpus(let p): return "\(p): no readable articles"
        }
    }
}
