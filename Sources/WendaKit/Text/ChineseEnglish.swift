import Foundation

/// CC-CEDICT's English glosses of Chinese words (`Resources/cedict/cedict-glosses.tsv`,
/// CC BY-SA 4.0, made by `Scripts/make-cedict.py`), read on first use: the English →
/// Chinese index that turns an English question into Chinese terms, and each Chinese
/// word's glosses (words that share a gloss say much the same: 购买 and 采买 both gloss
/// "purchase").
public final class ChineseEnglish: Sendable {
    /// The bundled glosses, loaded on first use (nil when the resource is missing).
    public static let shared: ChineseEnglish? = {
        guard let url = SegmenterDictionary.resourceFolder()?.deletingLastPathComponent()
            .appendingPathComponent("cedict/cedict-glosses.tsv"),
            let data = try? Data(contentsOf: url) else { return nil }
        return ChineseEnglish(tsv: data)
    }()

    /// Chinese headword (Simplified) → its cleaned glosses, in the dictionary's order.
    let glossesOf: [String: [String]]
    /// English key (see `key(_:)`) → Chinese headwords glossed so, best first (see `rank`).
    let chineseOf: [String: [String]]
    /// The most words a key has.
    public let longestKey: Int

    /// How many Chinese words an English key keeps, best first.
    public static let translationsKept = 10

    /// Reads the glosses file: `headword<TAB>gloss|gloss|…` a line, `#` comments.
    public init(tsv: Data, dictionary: SegmenterDictionary = Segmenter.defaultDictionary) {
        var glossesOf: [String: [String]] = [:]
        // key → (headword, rank) pairs, ranked once all are read.
        var candidates: [String: [(String, Double)]] = [:]
        var longest = 1
        let text = String(decoding: tsv, as: UTF8.self)
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let word = String(line[..<tab])
            let glosses = line[line.index(after: tab)...].split(separator: "|").map(String.init)
            glossesOf[word] = glosses
            let logP = dictionary.logProbability(of: word.unicodeScalars) ?? -22
            for (position, gloss) in glosses.enumerated() {
                let words = Self.words(gloss)
                guard !words.isEmpty, words.count > 1 || !EnglishText.isStopWord(words[0]) else { continue }
                longest = max(longest, words.count)
                let rank = Self.rank(logP: logP, position: position, glosses: glosses.count)
                candidates[Self.key(words), default: []].append((word, rank))
                // "chairman of the board" is also a "chairman", below the words glossed so.
                if let of = words.firstIndex(of: "of"), of > 0 {
                    candidates[Self.key(Array(words[..<of])), default: []].append((word, rank - 3))
                }
            }
        }
        var chineseOf: [String: [String]] = [:]
        chineseOf.reserveCapacity(candidates.count)
        for (k, list) in candidates {
            chineseOf[k] = list.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(Self.translationsKept).map(\.0)
        }
        self.glossesOf = glossesOf
        self.chineseOf = chineseOf
        longestKey = longest
    }

    /// How well a headword renders a gloss: common words first (the segmenter dictionary's
    /// log-probability), then the gloss's place among the word's glosses (the first is its
    /// main sense), and a word with few senses before one with many.
    static func rank(logP: Double, position: Int, glosses: Int) -> Double {
        logP - 1.5 * Double(min(position, 6)) - 0.3 * Double(min(glosses, 10)) + (position == 0 ? 1.5 : 0)
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
        chineseOf[Self.key(words)] ?? []
    }

    /// The glosses of a Chinese word (Simplified), in the dictionary's order.
    public func glosses(of word: String) -> [String] {
        glossesOf[word] ?? []
    }
}
