import Foundation

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

    /// The tokens that lie wholly inside one of the article's sentences, kept in place (a
    /// long article's tokens are never held twice).
    static func insideSentences(_ all: consuming [Token], of article: Article) -> [Token] {
        var kept = 0
        var t = 0
        for p in article.paragraphs {
            for s in p.sentences {
                let r = s.range
                while t < all.count, all[t].start < r.lowerBound { t += 1 }
                while t < all.count, all[t].start < r.upperBound {
                    if all[t].end <= r.upperBound {
                        if kept != t { all.swapAt(kept, t) }
                        kept += 1
                    }
                    t += 1
                }
            }
        }
        all.removeLast(all.count - kept)
        return all
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
        // Put together as UTF-8 bytes: no array of strings, no characters.
        var bytes = 0
        for t in tokens { bytes += t.text.utf8.count + 1 }
        let words = String(unsafeUninitializedCapacity: max(0, bytes - 1)) { out in
            var o = 0, first = true
            for t in tokens {
                if !first { out[o] = 0x20; o += 1 }
                first = false
                var text = t.text
                text.withUTF8 { b in
                    for k in 0..<b.count { out[o + k] = b[k] }
                    o += b.count
                }
            }
            return o
        }
        let kinds = String(unsafeUninitializedCapacity: tokens.count) { out in
            var o = 0
            for t in tokens {
                out[o] = letterByte(t.kind)
                o += 1
            }
            return o
        }
        return (words, kinds)
    }

    /// `letter(kind)` as its ASCII byte.
    @inline(__always)
    static func letterByte(_ kind: Token.Kind) -> UInt8 {
        switch kind {
        case .word: 0x77
        case .latin: 0x6C
        case .number: 0x6E
        case .punctuation: 0x70
        case .other: 0x6F
        }
    }

    /// The tokens `words`/`kinds` spell within `text` (whose first scalar is at `offset`),
    /// found in order past white space; nil when they do not spell it (a word with a
    /// space inside, a mismatch): the article is then segmented again.
    static func tokens(words: String, kinds: String, in text: String, offset: Int) -> [Token]? {
        // On UTF-8 bytes: no scalar arrays, no substrings but the tokens' own.
        var words = words, text = text
        let letters = Array(kinds.utf8)
        return words.withUTF8 { w in
            text.withUTF8 { t -> [Token]? in
                var out: [Token] = []
                out.reserveCapacity(letters.count)
                var ti = 0, scalar = 0, wi = 0, k = 0
                while wi < w.count {
                    var we = wi
                    while we < w.count, w[we] != 0x20 { we += 1 }
                    if we == wi { wi += 1; continue }
                    guard k < letters.count, let kind = kind(Character(Unicode.Scalar(letters[k]))) else { return nil }
                    // White space before the word.
                    while ti < t.count {
                        let (s, n) = UnicodeText.decodeUTF8(t, ti)
                        guard s.isSpace else { break }
                        ti += n
                        scalar += 1
                    }
                    let len = we - wi
                    guard ti + len <= t.count else { return nil }
                    var scalars = 0
                    for j in 0..<len {
                        guard t[ti + j] == w[wi + j] else { return nil }
                        if w[wi + j] & 0xC0 != 0x80 { scalars += 1 }
                    }
                    let token = String(decoding: UnsafeBufferPointer(rebasing: w[wi..<we]), as: UTF8.self)
                    out.append(Token(start: offset + scalar, end: offset + scalar + scalars, text: token,
                                     norm: norm(token, kind), kind: kind))
                    ti += len
                    scalar += scalars
                    k += 1
                    wi = we + 1
                }
                return k == letters.count ? out : nil
            }
        }
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

/// The words of a list of articles, for the index, when they are known already (read back
/// from a corpus); an article without words is segmented by whoever asks.
public final class ArticleWordsSource: @unchecked Sendable {
    private let words: [ArticleWords?]

    /// Words known already (nil entries: segmented by whoever asks).
    public init(_ words: [ArticleWords?]) {
        self.words = words
    }

    /// The words of article `i`, if known.
    public func words(at i: Int) -> ArticleWords? {
        words.indices.contains(i) ? words[i] : nil
    }
}
