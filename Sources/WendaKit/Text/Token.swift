/// A token of a text: where it stands (Unicode-scalar offsets into the text segmented),
/// what it says there, and its normalised form for matching (width and case folded).
public struct Token: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// A Chinese word (one or more Han characters).
        case word
        /// A Latin-script word or a mixed token such as `GPU` or `Levels.fyi`.
        case latin
        /// A number, with what belongs to it (`1.4亿`, `2023年`, `70%`, `１９９５`).
        case number
        /// Punctuation and symbols.
        case punctuation
        /// Anything else that is not white space (emoji, other scripts).
        case other
    }

    public var start: Int
    public var end: Int
    /// The token as it stands in the text.
    public var text: String
    /// Width-folded, case-folded form for matching; never shown to the user.
    public var norm: String
    public var kind: Kind

    public init(start: Int, end: Int, text: String, norm: String, kind: Kind) {
        self.start = start
        self.end = end
        self.text = text
        self.norm = norm
        self.kind = kind
    }
}
