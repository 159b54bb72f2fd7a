/// The options of an index: how passages are cut and terms weighed, and whether search
/// may prune.
public struct IndexOptions: Sendable, Hashable {
    /// Paragraphs longer than this (in Unicode scalars) are split into overlapping windows.
    public var maxPassageLength = 1500
    /// The target length of a window.
    public var windowLength = 700
    /// Query weight of each kind of term in passage retrieval.
    public var bigramWeight = 1.0
    public var wordWeight = 1.0
    public var characterWeight = 0.12
    /// Pivoted length normalisation: 0 ignores length, 1 divides by length / mean length.
    public var lengthSlope = 0.3
    /// A single character found in more than this share of the passages (and in more
    /// than 64) is left out of retrieval: it adds little and touches most passages. It
    /// still counts in sentence selection.
    public var maxCharacterShare = 0.2
    /// On Xapian shards, a term of the question found in more than this share of the
    /// passages, and in more than `secondaryMinimum`, is secondary: it adds its weight to
    /// the passages the question's rarer terms find, and finds none of its own (see
    /// `XapianRetriever.secondary`). wenda's own index ignores both.
    public var secondaryShare = 0.005
    public var secondaryMinimum = 500
    /// Whether search may skip postings that cannot change its result (the same result
    /// either way: off only to measure).
    public var pruning = true

    public init() {}

    /// Sets options from `name=value,…` (bigramWeight, wordWeight, characterWeight,
    /// lengthSlope, maxPassageLength, windowLength, pruning, secondaryShare,
    /// secondaryMinimum); returns the settings it did not know.
    public mutating func apply(_ spec: String) -> [String] {
        var rest: [String] = []
        for part in spec.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, let v = Double(kv[1]) else { rest.append(String(part)); continue }
            switch kv[0] {
            case "bigramWeight": bigramWeight = v
            case "wordWeight": wordWeight = v
            case "characterWeight": characterWeight = v
            case "lengthSlope": lengthSlope = v
            case "maxCharacterShare": maxCharacterShare = v
            case "pruning": pruning = v != 0
            case "secondaryShare": secondaryShare = v
            case "secondaryMinimum": secondaryMinimum = Int(v)
            case "maxPassageLength": maxPassageLength = Int(v)
            case "windowLength": windowLength = Int(v)
            default: rest.append(String(part))
            }
        }
        return rest
    }

    public func weight(_ kind: TermKind) -> Double {
        switch kind {
        case .bigram: bigramWeight
        case .word: wordWeight
        case .character: characterWeight
        }
    }
}
