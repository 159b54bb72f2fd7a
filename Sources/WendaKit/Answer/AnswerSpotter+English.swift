/// Dates and amounts written in English (folded, lower-case text): "April 23, 2024",
/// "23 April 2024", "in 2023", "68 GPUs", "$140 million", "70 percent".
extension AnswerSpotter {
    static let months: [String] = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                                   "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                                   "sept", "oct", "nov", "dec"]
    static let magnitudes: Set<String> = ["hundred", "thousand", "million", "billion", "trillion", "percent", "per cent"]
    static let numberWords: Set<String> = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                                           "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred", "dozen"]

    /// Latin words of `s` with their ranges (letters, digits, and . , inside numbers).
    static func latinWords(_ s: [Unicode.Scalar]) -> [(String, Range<Int>)] {
        var out: [(String, Range<Int>)] = []
        var i = 0
        func isWordScalar(_ c: Unicode.Scalar) -> Bool { c.isASCII && (c.properties.isAlphabetic || digits.contains(c)) }
        while i < s.count {
            guard isWordScalar(s[i]) else { i += 1; continue }
            var j = i
            while j < s.count, isWordScalar(s[j]) || ((s[j] == "." || s[j] == ",") && j + 1 < s.count && digits.contains(s[j + 1]) && j > i && digits.contains(s[j - 1])) { j += 1 }
            out.append((String(String.UnicodeScalarView(s[i..<j])), i..<j))
            i = j
        }
        return out
    }

    static func isYear(_ w: String) -> Bool {
        guard w.count == 4, let v = Int(w) else { return false }
        return v >= 1000 && v <= 2199
    }

    static func isDay(_ w: String) -> Bool {
        let d = w.hasSuffix("st") || w.hasSuffix("nd") || w.hasSuffix("rd") || w.hasSuffix("th") ? String(w.dropLast(2)) : w
        guard let v = Int(d) else { return false }
        return v >= 1 && v <= 31
    }

    /// English dates: month with day and/or year, or a year standing alone.
    static func englishDates(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        let w = latinWords(s)
        guard !w.isEmpty else { return [] }
        var out: [Range<Int>] = []
        var k = 0
        // Words follow each other when only spaces and a comma stand between them.
        func adjacent(_ a: Int, _ b: Int) -> Bool {
            guard b < w.count else { return false }
            return s[w[a].1.upperBound..<w[b].1.lowerBound].allSatisfy { $0 == " " || $0 == "," }
                && w[b].1.lowerBound - w[a].1.upperBound <= 2
        }
        while k < w.count {
            let word = w[k].0
            if months.contains(word), word != "may" || (k + 1 < w.count && adjacent(k, k + 1) && (isDay(w[k + 1].0) || isYear(w[k + 1].0))) {
                var start = k, end = k
                if k > 0, adjacent(k - 1, k), isDay(w[k - 1].0) { start = k - 1 }
                if adjacent(end, end + 1), isDay(w[end + 1].0), !isYear(w[end + 1].0) { end += 1 }
                if adjacent(end, end + 1), isYear(w[end + 1].0) { end += 1 }
                if end > start || start < k || months.contains(word) && word.count > 3 {
                    out.append(w[start].1.lowerBound..<w[end].1.upperBound)
                }
                k = end + 1
                continue
            }
            if isYear(word) {
                out.append(w[k].1)
            }
            k += 1
        }
        return out
    }

    /// English amounts: a number (digits or a number word), a magnitude (million,
    /// percent), and the noun counted when it is the unit asked for (68 GPUs); a currency
    /// sign before.
    static func englishNumbers(_ s: [Unicode.Scalar], unit: [Unicode.Scalar]?) -> [Range<Int>] {
        let w = latinWords(s)
        var out: [Range<Int>] = []
        var k = 0
        while k < w.count {
            let word = w[k].0
            guard word.unicodeScalars.allSatisfy({ digits.contains($0) || $0 == "." || $0 == "," }) || numberWords.contains(word) else { k += 1; continue }
            var start = w[k].1.lowerBound
            if start > 0, "$€£¥".unicodeScalars.contains(s[start - 1]) { start -= 1 }
            var end = w[k].1.upperBound
            var j = k + 1
            func next() -> Bool { j < w.count && w[j].1.lowerBound == end + 1 && s[end] == " " }
            while next(), magnitudes.contains(w[j].0) { end = w[j].1.upperBound; j += 1 }
            if end < s.count, s[end] == "%" { end += 1 }
            // The noun counted, when it is the one asked for (68 GPUs for "how many GPUs").
            if next(), let unit, EnglishText.stem(w[j].0).unicodeScalars.elementsEqual(unit) {
                end = w[j].1.upperBound
                j += 1
            }
            out.append(start..<end)
            k = j
        }
        return out
    }

    /// Whether the span ends in the English unit asked for (68 GPUs for "how many GPUs").
    static func englishUnit(_ s: [Unicode.Scalar], _ r: Range<Int>, _ unit: [Unicode.Scalar]) -> Bool {
        if unit == moneyUnit { return isMoney(s, r) }
        guard let last = latinWords(Array(s[r])).last else { return false }
        return EnglishText.stem(last.0).unicodeScalars.elementsEqual(unit)
    }
}

/// What an English question asks for, in an English sentence: a person or organisation
/// standing by the words of the role asked ("Who runs Northwind?" → the name by "run by
/// chief executive"), a place (a name after in, at, from…), an amount of money.
extension AnswerSpotter {
    static let weekdays: Set<String> = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    /// Words before a place name.
    static let placePrepositions: Set<String> = ["in", "at", "from", "near", "to", "across", "outside", "inside"]
    /// Words that make "how much" ask for money (stemmed): how much money, how much will they pay…
    static let moneyWords: Set<String> = Set([
        "money", "cash", "revenue", "profit", "income", "funding", "capital", "pay", "paid", "cost", "spend", "spent",
        "save", "invest", "worth", "price", "earn", "raise", "charge", "fund", "budget", "salary", "fee", "dollar",
        "lifeline", "value", "valuation", "sell", "sold", "buy", "bought",
    ].map(EnglishText.stem))
    static let currencyWords: Set<String> = ["dollars", "dollar", "euros", "euro", "pounds", "yuan", "yen", "rupees", "usd"]

    /// The unit "money" that `QuestionAnalyzer` gives a "how much" question about money.
    static let moneyUnit: [Unicode.Scalar] = Array("money".unicodeScalars)

    /// Whether the span is an amount of money ($15 million, 3 billion dollars).
    static func isMoney(_ s: [Unicode.Scalar], _ r: Range<Int>) -> Bool {
        s[r].contains { "$€£¥".unicodeScalars.contains($0) }
            || latinWords(Array(s[r.lowerBound..<min(s.count, r.upperBound + 9)])).contains { currencyWords.contains($0.0) }
    }

    /// Capitalised names of an English sentence that can be people or organisations: runs
    /// of capitalised words (one word when it is not the sentence's first), weekdays and
    /// months left out.
    static func englishNames(_ original: [Unicode.Scalar], folded: [Unicode.Scalar]) -> [Range<Int>] {
        capitalisedNames(original, minimumWords: 1).filter { r in
            let words = latinWords(Array(folded[r])).map(\.0)
            guard let first = words.first else { return false }
            if words.count == 1 && (weekdays.contains(first) || months.contains(first) || EnglishText.isStopWord(first)) { return false }
            // The sentence's first word is capitalised anyway: one word there names nothing sure.
            if words.count == 1 && !original[..<r.lowerBound].contains(where: { $0.properties.isAlphabetic }) { return false }
            return true
        }
    }

    /// Places of an English sentence: capitalised names after a place preposition (in
    /// Portland, Oregon; at the Dubai Air Show), a following ", State" joined.
    static func englishPlaces(_ original: [Unicode.Scalar], folded: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        let words = latinWords(folded)
        for r in englishNames(original, folded: folded) {
            guard let k = words.firstIndex(where: { $0.1.lowerBound == r.lowerBound }), k > 0 else { continue }
            var p = k - 1
            if words[p].0 == "the", p > 0 { p -= 1 }
            guard placePrepositions.contains(words[p].0) else { continue }
            var end = r.upperBound
            // "Portland, Oregon": a capitalised name after a comma belongs to the place.
            if end + 2 < original.count, original[end] == ",", original[end + 1] == " ",
               let next = englishNames(original, folded: folded).first(where: { $0.lowerBound == end + 2 }) {
                end = next.upperBound
            }
            out.append(r.lowerBound..<end)
        }
        return out
    }

    /// How near a span stands to the question's content words in an English sentence: each
    /// content word of the question (stemmed) among the five words on either side counts,
    /// the nearer the more.
    static func englishNearness(_ questionStems: Set<String>, _ folded: [Unicode.Scalar], _ r: Range<Int>) -> Int {
        let words = latinWords(folded)
        guard let first = words.firstIndex(where: { $0.1.upperBound > r.lowerBound }) else { return 0 }
        let last = words.lastIndex(where: { $0.1.lowerBound < r.upperBound }) ?? first
        var n = 0
        for (k, w) in words.enumerated() where (k < first && first - k <= 5) || (k > last && k - last <= 5) {
            if questionStems.contains(EnglishText.stem(w.0)) { n += 6 - (k < first ? first - k : k - last) }
        }
        return n
    }

    /// The content words of an English question, stemmed.
    static func englishQuestionStems(_ aq: AnalyzedQuestion) -> Set<String> {
        Set(latinWords(aq.folded).filter { w in aq.content[w.1.lowerBound] && !EnglishText.isStopWord(w.0) }.map { EnglishText.stem($0.0) })
    }
}
