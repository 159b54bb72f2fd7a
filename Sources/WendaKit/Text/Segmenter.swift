/// The Chinese word segmenter. (Interim: one token per Han character and per run of
/// letters or digits, until the dictionary segmenter lands.)
public final class Segmenter: Sendable {
    public static let shared = Segmenter()

    public init() {}

    /// Every token of `text` but white space, in order, with offsets in Unicode scalars.
    public func tokenize(_ text: String) -> [Token] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [Token] = []
        var i = 0
        func isAlnum(_ s: Unicode.Scalar) -> Bool {
            let f = Normalizer.fold(s)
            return (f.value < 0x80 && (f.properties.isAlphabetic || ("0"..."9").contains(f)))
        }
        while i < scalars.count {
            let s = scalars[i]
            if s.properties.isWhitespace { i += 1; continue }
            var j = i + 1
            let kind: Token.Kind
            if isAlnum(s) {
                while j < scalars.count, isAlnum(scalars[j]) || scalars[j] == "." && j + 1 < scalars.count && isAlnum(scalars[j + 1]) { j += 1 }
                kind = ("0"..."9").contains(Normalizer.fold(s)) ? .number : .latin
            } else if s.properties.isIdeographic {
                kind = .word
            } else if [.connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol].contains(s.properties.generalCategory) {
                kind = .punctuation
            } else {
                kind = .other
            }
            let t = String(String.UnicodeScalarView(scalars[i..<j]))
            tokens.append(Token(start: i, end: j, text: t, norm: Normalizer.fold(t), kind: kind))
            i = j
        }
        return tokens
    }

    /// The words of `text` as they stand, punctuation included, for SIGHAN-style output.
    public func cut(_ text: String) -> [String] {
        tokenize(text).map(\.text)
    }
}
