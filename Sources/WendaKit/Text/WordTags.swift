import Foundation

/// Part-of-speech tags of jieba's dictionary (`word freq tag` lines of `jieba-dict.txt`)
/// that answer spans need: personal names (nr, nrt, nrfg), places (ns), organisations
/// (nt), function words (p, c, u, d, r) and verbs (v).
/// The compiled dictionary keeps no tags, so the text source is read the first time a tag
/// is asked for (names only of two characters or more: one-character "names" such as 王 or
/// 南 are mostly other words). The tags are evidence, not truth: jieba tags 明白 a name.
public enum WordTags {
    public enum Tag: UInt8, Sendable, Hashable {
        case person, place, organisation
        /// Prepositions, conjunctions, particles, adverbs, pronouns (p, c, u, d, r): they end a noun phrase.
        case function
        /// Verbs (v).
        case verb
    }

    /// The tag of a word as written in the dictionary (Simplified), if it is one of those kept.
    public static func tag(_ word: String) -> Tag? {
        var h = fnvOffset
        for b in word.utf8 { h = (h ^ UInt64(b)) &* fnvPrime }
        return table[h]
    }

    static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    /// Keyed by the FNV-1a hash of the word's UTF-8 (no string is made while reading).
    static let table: [UInt64: Tag] = {
        guard let url = SegmenterDictionary.sourceURLs()?.dictionary, let data = try? Data(contentsOf: url) else { return [:] }
        return parse(data)
    }()

    /// Reads `word freq tag` lines, keeping the names.
    static func parse(_ data: Data) -> [UInt64: Tag] {
        var out: [UInt64: Tag] = [:]
        out.reserveCapacity(100_000)
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let b = raw.bindMemory(to: UInt8.self)
            var lineStart = 0
            let n = b.count
            while lineStart < n {
                var end = lineStart
                while end < n, b[end] != 0x0A { end += 1 }
                var e = end
                while e > lineStart, b[e - 1] == 0x0D || b[e - 1] == 0x20 { e -= 1 }
                // The tag: the last field.
                var t = e
                while t > lineStart, b[t - 1] != 0x20 { t -= 1 }
                let tagLength = e - t
                var tag: Tag?
                if t > lineStart, tagLength == 1 {
                    switch b[t] {
                    case 0x70, 0x63, 0x75, 0x64, 0x72: tag = .function  // p c u d r
                    case 0x76: tag = .verb  // v
                    default: tag = nil
                    }
                } else if t > lineStart, tagLength >= 2, tagLength <= 4, b[t] == 0x6E /* n */ {
                    switch (tagLength, b[t + 1], tagLength > 2 ? b[t + 2] : 0) {
                    case (2, 0x72, _), (3, 0x72, 0x74), (4, 0x72, 0x66): tag = .person  // nr, nrt, nrfg
                    case (2, 0x73, _): tag = .place  // ns
                    case (2, 0x74, _): tag = .organisation  // nt
                    default: tag = nil
                    }
                }
                if let tag {
                    var w = lineStart
                    while w < t, b[w] != 0x20 { w += 1 }
                    // Names: two Han characters at least (6 bytes of UTF-8); other words: any.
                    if w - lineStart >= (tag == .function || tag == .verb ? 1 : 6) {
                        var h = fnvOffset
                        for k in lineStart..<w { h = (h ^ UInt64(b[k])) &* fnvPrime }
                        if out[h] == nil { out[h] = tag }
                    }
                }
                lineStart = end + 1
            }
        }
        return out
    }
}
