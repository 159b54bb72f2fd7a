import Foundation

// The no-answer confidence's features and weights, each by name: what an answer rests on
// (measured in `AnswerEngine+Confidence`), and the logistic model over them (weights in
// `SelectionWeights.confidence`, fitted by `Benchmarks/eval/calibrate_noanswer.py`).

/// One feature of the no-answer confidence, named for what it measures. The names are the
/// `--weights` keys of the features' weights, and what `WENDA_FEATURES` prints.
public enum ConfidenceFeature: Int, CaseIterable, Sendable {
    /// The best sentence's score.
    case bestSentenceScore
    /// The IDF-weighted share of the question's content terms found in the best
    /// sentence's paragraph (its support).
    case paragraphSupport
    /// The best paragraph's retrieval score relative to the question's score against
    /// itself (terms missing from the collection count there too).
    case retrievalRatio
    /// The margin between the first two retrieved paragraphs, relative to the first.
    case paragraphMargin
    /// The share of the best article's title (its characters) found in the question.
    case titleInQuestionShare
    /// The number of the question's content terms (enters the confidence as ln(1 + n)).
    case contentTerms
    /// The support of what the question asks beyond the topic: the IDF-weighted share of
    /// its content terms not in the title that the paragraph holds.
    case supportBeyondTitle
    /// The IDF-weighted share of the question's characters found in the paragraph.
    case questionCharactersFound
    /// An item of the expected answer type (date, number, reason) missing from the best
    /// sentence (1 or 0).
    case expectedItemMissing
    /// The rarest content term the paragraph lacks: its IDF relative to the largest.
    case rarestMissingTerm
    /// The best sentence's score over the best one of another article.
    case marginOverOtherArticle
    /// The best article's share of the retrieved paragraphs' scores.
    case bestArticleShare
    /// The best paragraph of another article relative to the first.
    case otherArticleRatio
    /// The best sentence is a near miss (see `NearMiss`), 1 or 0; at the decision always
    /// 0, since a near miss is no answer by itself.
    case nearMissFound
    /// The best sentence holds the asked-for item (see `AnswerEngine.holdsAskedItem`), 1 or 0.
    case askedItemHeld

    /// The feature's name (its `--weights` key).
    public var name: String { String(describing: self) }

    /// Features whose square also enters the confidence, in the order they are summed;
    /// the weight of a square is named after its feature with `Squared`.
    public static let squared: [ConfidenceFeature] = [.paragraphSupport, .questionCharactersFound, .retrievalRatio, .titleInQuestionShare]

    /// The value of the feature as the confidence weighs it.
    func term(_ x: Double) -> Double { self == .contentTerms ? log(1 + x) : x }
}

/// The values of the no-answer features for one answer.
public struct ConfidenceFeatures: Sendable, Hashable {
    var values = [Double](repeating: 0, count: ConfidenceFeature.allCases.count)

    public init() {}

    public subscript(_ f: ConfidenceFeature) -> Double {
        get { values[f.rawValue] }
        set { values[f.rawValue] = newValue }
    }

    /// `name=value` of every feature, tab-separated (for calibration).
    public var line: String {
        ConfidenceFeature.allCases.map { "\($0.name)=" + String(format: "%.5f", self[$0]) }.joined(separator: "\t")
    }
}

/// The weights of the no-answer confidence: a bias, a weight for each feature, and one for
/// the square of each of `ConfidenceFeature.squared`.
public struct ConfidenceWeights: Sendable, Hashable {
    public var bias: Double
    var linear: [Double]
    var squares: [Double]

    /// Weights by feature; a feature not named weighs 0.
    public init(bias: Double, _ linear: [ConfidenceFeature: Double], squared: [ConfidenceFeature: Double]) {
        self.bias = bias
        self.linear = ConfidenceFeature.allCases.map { linear[$0] ?? 0 }
        self.squares = ConfidenceFeature.squared.map { squared[$0] ?? 0 }
        precondition(squared.keys.allSatisfy(ConfidenceFeature.squared.contains), "a square that does not enter the confidence")
    }

    /// The weight of a feature.
    public subscript(_ f: ConfidenceFeature) -> Double {
        get { linear[f.rawValue] }
        set { linear[f.rawValue] = newValue }
    }

    /// The weight of a feature's square (0 for one that is not in `ConfidenceFeature.squared`).
    public subscript(squared f: ConfidenceFeature) -> Double {
        get { ConfidenceFeature.squared.firstIndex(of: f).map { squares[$0] } ?? 0 }
        set { if let j = ConfidenceFeature.squared.firstIndex(of: f) { squares[j] = newValue } }
    }

    /// The logit: the bias, each feature's weighted term, then each square's, in that order.
    public func confidence(_ f: ConfidenceFeatures) -> Double {
        var z = bias
        for feature in ConfidenceFeature.allCases { z += self[feature] * feature.term(f[feature]) }
        for (j, feature) in ConfidenceFeature.squared.enumerated() { z += squares[j] * f[feature] * f[feature] }
        return z
    }

    /// The `--weights` keys: each feature's name, and `nameSquared` for a square.
    static var keys: [String: WritableKeyPath<ConfidenceWeights, Double>] {
        var out: [String: WritableKeyPath<ConfidenceWeights, Double>] = ["confidenceBias": \.bias]
        for f in ConfidenceFeature.allCases { out[f.name] = \.[f] }
        for f in ConfidenceFeature.squared { out[f.name + "Squared"] = \.[squared: f] }
        return out
    }
}
