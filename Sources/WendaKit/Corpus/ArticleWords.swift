/// The segmenter's words of an article, computed once by a build: they make the `words`
/// of its corpus file and the word terms of the index, and an unchanged article's words
/// are read back from its corpus file rather than segmented again.
public struct ArticleWords: Sendable, Hashable {
    /// The tokens of `Article.text` that lie inside a sentence, in order (offsets in
    /// Unicode scalars of the text). The whole text is segmented at once.
    public var tokens: [Token]
    /// The tokens of the title, trimmed of white space (offsets in its scalars).
    public var titleTokens: [Token]

    public init(tokens: [Token], titleTokens: [Token]) {
        self.tokens = tokens
        self.titleTokens = titleTokens
    }

    /// Segments an article: its text once, and its title.
    public init(_ article: Article, segmenter: Segmenter = .shared) {
        tokens = Self.insideSentences(segmenter.tokenize(article.text), of: article)
        titleTokens = segmenter.tokenize(Self.title(of: article))
    }

    /// The title as the index reads it: trimmed of white space.
    public static func title(of article: Article) -> String {
        article.title.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The tokens that lie wholly inside one of the article's sentences.
    static func insideSentences(_ all: [Token], of article: Article) -> [Token] {
        var kept: [Token] = []
        kept.reserveCapacity(all.count)
        var t = 0
        for p in article.paragraphs {
            for s in p.sentences {
                let r = s.range
                while t < all.count, all[t].start < r.lowerBound { t += 1 }
                while t < all.count, all[t].start < r.upperBound {
                    if all[t].end <= r.upperBound { kept.append(all[t]) }
                    t += 1
                }
            }
        }
        return kept
    }

    /// The tokens of each sentence, in article order (a slice of `tokens` each).
    func bySentence(_ article: Article) -> [ArraySlice<Token>] {
        var out: [ArraySlice<Token>] = []
        var t = 0
        for p in article.paragraphs {
            for s in p.sentences {
                while t < tokens.count, tokens[t].start < s.range.lowerBound { t += 1 }
                var e = t
                while e < tokens.count, tokens[e].start < s.range.upperBound { e += 1 }
                out.append(tokens[t..<e])
                t = e
            }
        }
        return out
    }

    // MARK: As the corpus file keeps them

    /// One letter a token kind, as the corpus file's `kinds` spell them.
    static func letter(_ kind: Token.Kind) -> Character {
        switch kind {
        case .word: "w"
        case .latin: "l"
        case .number: "n"
        case .punctuation: "p"
        case .other: "o"
        }
    }

    static func kind(_ letter: Character) -> Token.Kind? {
        switch letter {
        case "w": .word
        case "l": .latin
        case "n": .number
        case "p": .punctuation
        case "o": .other
        default: nil
        }
    }

    /// `words` and `kinds` of a run of tokens: their texts joined by one space, and one
    /// kind letter each.
    static func spelled(_ tokens: some Collection<Token>) -> (words: String, kinds: String) {
        (tokens.map(\.text).joined(separator: " "), String(tokens.map { letter($0.kind) }))
    }

    /// The tokens `words`/`kinds` spell within `text` (whose first scalar is at `offset`),
    /// found in order past white space; nil when they do not spell it (a word with a
    /// space inside, a mismatch): the article is then segmented again.
    static func tokens(words: String, kinds: String, in text: String, offset: Int) -> [Token]? {
        let list = words.split(separator: " ")
        guard list.count == kinds.count else { return nil }
        let scalars = Array(text.unicodeScalars)
        var out: [Token] = []
        out.reserveCapacity(list.count)
        var at = 0
        for (word, letter) in zip(list, kinds) {
            guard let kind = kind(letter) else { return nil }
            while at < scalars.count, scalars[at].properties.isWhitespace { at += 1 }
            let start = at
            for w in word.unicodeScalars {
                guard at < scalars.count, scalars[at] == w else { return nil }
                at += 1
            }
            let text = String(word)
            out.append(Token(start: offset + start, end: offset + at, text: text, norm: norm(text, kind), kind: kind))
        }
        return out
    }

    /// The matching form of a token, as the segmenter makes it: the text folded when it
    /// holds capitals, full-width forms, an ideographic space, or (outside Chinese words and
    /// punctuation) any non-ASCII scalar.
    static func norm(_ text: String, _ kind: Token.Kind) -> String {
        for s in text.unicodeScalars {
            let v = s.value
            if (v >= 0x41 && v <= 0x5A) || (v >= 0xFF01 && v <= 0xFF5E) || v == 0x3000
                || (v >= 0x80 && kind != .word && kind != .punctuation) {
                return Normalizer.fold(text)
            }
        }
        return text
    }
}
