import CStemmer
import Foundation

/// English words for matching: stop words that must not drive retrieval, and Snowball's
/// English stemmer (libstemmer, the one PostgreSQL and Xapian use) so that the forms of a
/// word meet: acquire, acquired, acquires; university, universities. Words are given
/// folded (lower case).
public enum EnglishText {
    /// Function words and question words: they match everything, so they match nothing.
    public static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "if", "then", "than", "so", "of", "in", "on", "at", "to", "from", "by",
        "for", "with", "about", "into", "onto", "over", "under", "as", "is", "are", "was", "were", "be", "been",
        "being", "am", "do", "does", "did", "done", "have", "has", "had", "having", "it", "its", "it's", "this",
        "that", "these", "those", "there", "here", "he", "she", "they", "them", "his", "her", "hers", "their",
        "theirs", "we", "us", "our", "you", "your", "i", "me", "my", "not", "no", "can", "could", "will",
        "would", "shall", "should", "may", "might", "must", "what", "which", "who", "whom", "whose", "when",
        "where", "why", "how", "many", "much", "any", "some", "all", "each", "also", "very", "just", "only",
        "s", "t", "up", "out", "such", "both", "either", "neither", "own", "same", "too", "whether", "while",
        "during", "per", "via", "get", "got", "thus",
    ]

    public static func isStopWord(_ folded: String) -> Bool { stopWords.contains(folded) }

    /// The stem of a word for matching: Snowball's English stemmer after the plural
    /// stemmer below (which also meets short plurals Snowball keeps apart: gpus, cpus).
    /// Anything not plain ASCII letters (digits, accents, Levels.fyi) is left as it is.
    public static func stem(_ folded: String) -> String {
        let plural = pluralStem(folded)
        guard plural.utf8.count > 2, plural.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return plural }
        return Snowball.english.stem(plural)
    }

    /// A light stemmer (Harman's S-stemmer, plurals only): gpus → gpu, universities →
    /// university, classes → class, boxes → box. Words of three letters or fewer, and
    /// anything not plain ASCII letters (digits, accents), are left as they are.
    public static func pluralStem(_ folded: String) -> String {
        let w = Array(folded.utf8)
        guard w.count > 3, w.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return folded }
        func ends(_ s: String) -> Bool { w.count > s.utf8.count && w.suffix(s.utf8.count).elementsEqual(s.utf8) }
        func cut(_ n: Int, _ add: String = "") -> String { String(decoding: w.dropLast(n), as: UTF8.self) + add }
        if ends("ies"), !ends("eies"), !ends("aies") { return cut(3, "y") }
        if ends("sses") || ends("shes") || ends("ches") || ends("xes") || ends("zzes") { return cut(2) }
        if ends("es"), !ends("aes"), !ends("ees"), !ends("oes") { return cut(1) }
        // -us is a singular (status, virus) except in short plurals (gpus, cpus).
        if ends("s"), !(ends("us") && w.count > 4), !ends("ss"), !ends("is") { return cut(1) }
        return folded
    }

}

/// One Snowball stemmer, shared: libstemmer's stemmer keeps state between calls, so calls
/// take turns; the stems already made are remembered (a collection's words repeat).
final class Snowball: @unchecked Sendable {
    static let english = Snowball(language: "english")

    private let stemmer: OpaquePointer?
    private let lock = NSLock()
    private var known: [String: String] = [:]

    init(language: String) {
        stemmer = sb_stemmer_new(language, "UTF_8")
    }

    deinit { if let stemmer { sb_stemmer_delete(stemmer) } }

    /// The stem of a lower-case ASCII word (the word itself when the library is missing).
    func stem(_ word: String) -> String {
        guard let stemmer else { return word }
        lock.lock()
        defer { lock.unlock() }
        if let s = known[word] { return s }
        var bytes = Array(word.utf8)
        let out: String = bytes.withUnsafeMutableBufferPointer { b in
            guard let p = sb_stemmer_stem(stemmer, b.baseAddress, Int32(b.count)) else { return word }
            let n = Int(sb_stemmer_length(stemmer))
            return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
        }
        if known.count < 200_000 { known[word] = out }
        return out
    }
}

