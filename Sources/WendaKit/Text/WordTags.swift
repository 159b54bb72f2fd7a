/// The word classes of jieba's dictionary (the tag column of `jieba-dict.txt`) that answer
/// spans need: personal names (nr, nrt, nrfg), places (ns), organisations (nt), function
/// words (p, c, u, d, r) and verbs (v). The compiled dictionary keeps one per word (the
/// first tag given for it), so looking one up is a walk down the memory-mapped trie.
/// Names, places and organisations count only from two characters: one-character "names"
/// such as 王 or 南 are mostly other words. The tags are evidence, not truth: jieba tags
/// 明白 a name.
public enum WordClass: UInt8, Sendable, Hashable {
    case person = 1, place, organisation
    /// Prepositions, conjunctions, particles, adverbs, pronouns (p, c, u, d, r): they end a noun phrase.
    case function
    /// Verbs (v).
    case verb

    /// The class of a dictionary line's tag for `word`, if it is one of those kept.
    init?(tag: Substring, word: String) {
        switch tag {
        case "p", "c", "u", "d", "r": self = .function
        case "v": self = .verb
        case "nr", "nrt", "nrfg": self = .person
        case "ns": self = .place
        case "nt": self = .organisation
        default: return nil
        }
        if self != .function && self != .verb && word.unicodeScalars.count < 2 { return nil }
    }
}

/// Word classes of the default dictionary, for answer spans.
public enum WordTags {
    public typealias Tag = WordClass

    /// The class of a word as written in the dictionary (Simplified), if it is one of those kept.
    public static func tag(_ word: String) -> Tag? {
        Segmenter.defaultDictionary.wordClass(of: word.unicodeScalars)
    }
}
