import Foundation

/// CC-CEDICT's English glosses of Chinese words (`Resources/cedict/`, CC BY-SA 4.0, made by
/// `Scripts/make-cedict.py`): the English → Chinese index that turns an English question
/// into Chinese terms (`cedict-english.tsv`: a stemmed gloss, the Chinese words glossed so,
/// best first), and each Chinese word's glosses (`cedict-glosses.tsv`; words that share a
/// gloss say much the same: 购买 and 采买 both gloss "purchase"). Both files are sorted by
/// key and read in place: a look-up finds its line by halves, nothing is parsed up front.
public final class ChineseEnglish: Sendable {
    /// The bundled files, read on first use (nil when they are missing).
    public static let shared: ChineseEnglish? = {
        guard let folder = SegmenterDictionary.resourceFolder()?.deletingLastPathComponent().appendingPathComponent("cedict")
        else { return nil }
        return ChineseEnglish(folder: folder)
    }()

    let english: SortedLines
    let glosses: SortedLines
    /// Candidate synonyms (`cedict-synonyms.tsv`; empty when the file is missing).
    let synonymLines: SortedLines
    /// The most words a key has.
    public let longestKey: Int
    /// Synonyms looked up so far, by word (questions ask of the same words again and again;
    /// a search of the sorted lines took a twentieth of answering).
    private let synonymCache = WordCache<String, [String]>()

    /// The files of `folder`; nil when one is missing.
    public init?(folder: URL) {
        guard let e = try? Data(contentsOf: folder.appendingPathComponent("cedict-english.tsv")),
              let g = try? Data(contentsOf: folder.appendingPathComponent("cedict-glosses.tsv")) else { return nil }
        english = SortedLines(Array(e))
        glosses = SortedLines(Array(g))
        synonymLines = SortedLines((try? Data(contentsOf: folder.appendingPathComponent("cedict-synonyms.tsv"))).map { Array($0) } ?? [])
        // "# longest N" among the leading comment lines.
        var longest = 5
        for line in String(decoding: e.prefix(1024), as: UTF8.self).split(separator: "\n") where line.hasPrefix("# longest ") {
            longest = Int(line.dropFirst("# longest ".count)) ?? longest
        }
        longestKey = longest
    }

    /// The lower-case words of an English text (letters, digits, inner `'`, `-`, `.`).
    public static func words(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        for s in text.lowercased().unicodeScalars {
            if s.properties.isAlphabetic || ("0"..."9").contains(s) || ((s == "'" || s == "-" || s == ".") && !current.isEmpty) {
                current.unicodeScalars.append(s)
            } else if !current.isEmpty {
                out.append(current.trimmingCharacters(in: CharacterSet(charactersIn: "'-.")))
                current = ""
            }
        }
        if !current.isEmpty { out.append(current.trimmingCharacters(in: CharacterSet(charactersIn: "'-."))) }
        return out.filter { !$0.isEmpty }
    }

    /// The key of an English phrase: its words stemmed (see `EnglishText.stem`), joined by
    /// spaces, so "purchases" finds the gloss "purchase".
    public static func key(_ words: [String]) -> String {
        words.map { EnglishText.stem($0) }.joined(separator: " ")
    }

    /// Chinese words glossed by the English phrase `words` (lower case), best first.
    public func chinese(for words: [String]) -> [String] {
        guard let v = english.value(Self.key(words)) else { return [] }
        return v.split(separator: " ").map(String.init)
    }

    /// Two-character words sharing one of the first glosses of the two-character word
    /// `word` (购买 → 采买, 采购…): candidate synonyms, made by `Scripts/make-cedict.py`.
    public func synonyms(of word: String) -> [String] {
        if let known = synonymCache[word] { return known }
        let found = synonymLines.value(word).map { $0.split(separator: " ").map(String.init) } ?? []
        synonymCache[word] = found
        return found
    }

    /// The glosses of a Chinese word (Simplified), in the dictionary's order.
    public func glosses(of word: String) -> [String] {
        guard let v = glosses.value(word) else { return [] }
        return v.split(separator: "|").map(String.init)
    }
}

/// Lines `key<TAB>value` sorted by the key's bytes, searched by halves in place.
struct SortedLines: Sendable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The value of the line whose key is `key`, if there is one.
    func value(_ key: String) -> String? {
        let k = Array(key.utf8)
        guard !k.isEmpty else { return nil }
        return bytes.withUnsafeBufferPointer { b -> String? in
            let n = b.count
            func lineStart(_ i: Int) -> Int {
                var s = i
                while s > 0, b[s - 1] != 0x0A { s -= 1 }
                return s
            }
            func lineEnd(_ s: Int) -> Int {
                var e = s
                while e < n, b[e] != 0x0A { e += 1 }
                return e
            }
            /// The line's key against `k`: −1 below, 0 equal, 1 above.
            func compare(_ s: Int) -> Int {
                var i = s, j = 0
                while i < n, b[i] != 0x09, b[i] != 0x0A, j < k.count {
                    if b[i] != k[j] { return b[i] < k[j] ? -1 : 1 }
                    i += 1; j += 1
                }
                let lineKeyEnded = i >= n || b[i] == 0x09 || b[i] == 0x0A
                if lineKeyEnded && j == k.count { return 0 }
                return lineKeyEnded ? -1 : 1
            }
            var lo = 0, hi = n
            while lo < hi {
                let s = lineStart((lo + hi) / 2)
                let c = compare(s)
                if c == 0 {
                    var v = s
                    while v < n, b[v] != 0x09 { v += 1 }
                    let e = lineEnd(s)
                    guard v < e else { return nil }
                    return String(decoding: UnsafeBufferPointer(rebasing: b[(v + 1)..<e]), as: UTF8.self)
                }
                if c < 0 { lo = lineEnd(s) + 1 } else { hi = s }
            }
            return nil
        }
    }
}

/// Words looked up and what was found, kept up to a bound (then forgotten all at once).
final class WordCache<Key: Hashable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var found: [Key: Value] = [:]
    let limit = 50_000

    subscript(word: Key) -> Value? {
        get { lock.withLock { found[word] } }
        set {
            lock.withLock {
                if found.count >= limit { found.removeAll(keepingCapacity: true) }
                found[word] = newValue
            }
        }
    }
}
