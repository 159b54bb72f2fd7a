/// What a term is made of. Words are what people read; character bigrams retrieve better
/// (a word the dictionary cuts otherwise is still found by its pairs of characters);
/// single characters let a one-character name still count.
public enum TermKind: UInt8, Sendable, Hashable, Codable, CaseIterable {
    /// Two adjacent Han characters, computed from the text (never from the segmenter).
    case bigram = 1
    /// One Han character.
    case character = 2
    /// A word of the segmenter: a Chinese word of two or more characters, a Latin word,
    /// or a number.
    case word = 3
}

/// One term found in a text: its kind, its normalised key, where it stands.
public struct TermOccurrence: Sendable, Hashable {
    public var kind: TermKind
    /// Characters and bigrams: their scalars packed (see `TermExtractor.code`); words: 0.
    public var code: UInt64
    /// Words: the normalised text; characters and bigrams: empty (see `text`).
    public var word: String
    /// Unicode-scalar offsets into the text the term was found in.
    public var start: Int
    public var end: Int

    /// The normalised text of the term (folded; no kind prefix).
    public var text: String { kind == .word ? word : TermExtractor.decode(code) }
}

/// Turns text into index terms: normalised segmenter words and CJK character bigrams and
/// characters computed from the folded text. English words are case-folded, lightly
/// stemmed (plurals: `EnglishText.stem`), and stop words are left out.
public enum TermExtractor {
    /// Characters and bigrams packed in an integer: kind in the top bits, then one or two scalars.
    @inline(__always)
    public static func code(_ kind: TermKind, _ a: Unicode.Scalar, _ b: Unicode.Scalar? = nil) -> UInt64 {
        UInt64(kind.rawValue) << 48 | UInt64(a.value) << 24 | UInt64(b?.value ?? 0)
    }

    public static func decode(_ code: UInt64) -> String {
        var v = String.UnicodeScalarView()
        if let a = Unicode.Scalar(UInt32((code >> 24) & 0xFF_FFFF)) { v.append(a) }
        let b = UInt32(code & 0xFF_FFFF)
        if b != 0, let s = Unicode.Scalar(b) { v.append(s) }
        return String(v)
    }

    /// The code of a character or bigram written as text (nil for other text).
    public static func code(_ kind: TermKind, text: String) -> UInt64? {
        let s = Array(text.unicodeScalars)
        switch kind {
        case .character where s.count == 1: return code(.character, s[0])
        case .bigram where s.count == 2: return code(.bigram, s[0], s[1])
        default: return nil
        }
    }

    /// Every term of `scalars[range]` (already folded), with `tokens` the segmenter's
    /// tokens of the same text. `keep` (same length as `scalars`, optional) says which
    /// positions may take part; a bigram needs both of its characters kept.
    public static func terms(
        folded scalars: [Unicode.Scalar], tokens: [Token], range: Range<Int>? = nil, keep: [Bool]? = nil
    ) -> [TermOccurrence] {
        let r = range ?? 0..<scalars.count
        var out: [TermOccurrence] = []
        out.reserveCapacity(r.count * 2)
        forEachTerm(folded: scalars, tokens: tokens[...], range: r, keep: keep) { kind, code, word, start, end in
            out.append(TermOccurrence(kind: kind, code: code, word: word, start: start, end: end))
        }
        return out
    }

    /// As `terms`, each term handed to `body` in the same order (kind, code, word, start,
    /// end) without collecting them.
    @inline(__always)
    static func forEachTerm(
        folded scalars: [Unicode.Scalar], tokens: ArraySlice<Token>, range r: Range<Int>, keep: [Bool]? = nil,
        _ body: (TermKind, UInt64, String, Int, Int) -> Void
    ) {
        func kept(_ i: Int) -> Bool { keep.map { $0[i] } ?? true }
        var hasHan = false
        var i = r.lowerBound
        while i < r.upperBound {
            let s = scalars[i]
            if UnicodeText.isHan(s) { hasHan = true }
            if UnicodeText.isHan(s), kept(i) {
                body(.character, code(.character, s), "", i, i + 1)
                if i + 1 < r.upperBound, UnicodeText.isHan(scalars[i + 1]), kept(i + 1) {
                    body(.bigram, code(.bigram, s, scalars[i + 1]), "", i, i + 2)
                }
            }
            i += 1
        }
        for t in tokens where t.start >= r.lowerBound && t.end <= r.upperBound {
            guard let word = wordTerm(t, hasHan: hasHan) else { continue }
            if let keep, !(t.start..<t.end).allSatisfy({ keep[$0] }) { continue }
            body(.word, 0, word, t.start, t.end)
        }
    }

    /// The word term a token makes (its normalised key), or nil when it makes none;
    /// `hasHan`: whether the text it stands in holds a Han character.
    @inline(__always)
    static func wordTerm(_ t: Token, hasHan: Bool) -> String? {
        switch t.kind {
        case .punctuation, .other:
            return nil
        case .word:
            // Single characters and bigrams are already there as characters/bigrams;
            // a two-character word is still a word (words read better: weigh them apart).
            if t.end - t.start < 2 { return nil }
        case .latin:
            // English function words match everything: in English text they do not take
            // part. Inside Chinese text Latin words are names and titles (《Over the
            // Rainbow》), where every word counts as written.
            if !hasHan && EnglishText.isStopWord(t.norm) { return nil }
        case .number:
            break
        }
        // The segmenter keeps Chinese words as written: fold Traditional characters here.
        let word = t.norm
        if t.kind == .word, word.unicodeScalars.contains(where: { $0.value >= 0x3400 && Normalizer.fold($0) != $0 }) {
            return Normalizer.simplified(word)
        } else if t.kind == .latin && !hasHan {
            // Plural and singular meet (GPUs, GPU) in English text; inside Chinese text a
            // Latin word is a name or title, matched as written (《Days》).
            return EnglishText.stem(word)
        }
        return word
    }

    /// Folds every scalar of `text` for matching (width, case, Traditional → Simplified).
    public static func fold(_ text: String) -> [Unicode.Scalar] {
        var out = text.scalarArray
        out.withUnsafeMutableBufferPointer { b in
            for i in b.indices {
                let f = Normalizer.fold(b[i])
                if f.value < 0x80 || UnicodeText.isHan(f) || Normalizer.hasNoCase(f) {
                    b[i] = f
                } else if f.properties.changesWhenLowercased, let l = String(f).lowercased().unicodeScalars.first {
                    b[i] = l
                } else {
                    b[i] = f
                }
            }
        }
        return out
    }
}
