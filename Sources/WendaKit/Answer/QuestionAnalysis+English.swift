/// English question forms (who, when, where, how many…) and organisation questions
/// (哪所大学, which company): the expected answer type, the question words, the unit asked for.
extension QuestionAnalyzer {
    /// Chinese forms that ask for an organisation; tried before the other types (哪所 has no
    /// type of its own, and 什么机构 would otherwise read as a definition).
    static let organisationPatterns: [[Unicode.Scalar]] = [
        "哪所", "哪家", "哪个机构", "什么机构", "哪个组织", "什么组织", "哪个公司", "什么公司", "哪个单位", "什么单位", "哪个部门",
        "什么部门", "哪个大学", "哪所大学", "哪个学校", "哪个团体", "什么团体", "哪支", "哪个球队", "哪个俱乐部", "哪个政党",
    ].map { Array($0.unicodeScalars) }

    /// Nouns that make "which X" / "what X" ask for an organisation, a place or a date.
    /// (Stemmed, as the words they are compared with.)
    static let englishOrganisationNouns: Set<String> = Set([
        "university", "college", "company", "organization", "organisation", "institution", "institute", "agency", "group",
        "team", "party", "school", "lab", "laboratory", "firm", "bank", "foundation", "club", "department", "ministry",
        "corporation", "airline", "carrier", "agency", "investor", "manufacturer", "maker", "retailer", "startup", "business",
    ].map(EnglishText.stem))
    static let englishPlaceNouns: Set<String> = Set([
        "country", "city", "state", "province", "place", "region", "town", "village", "continent", "county", "island",
        "area", "location",
    ].map(EnglishText.stem))
    static let englishDateNouns: Set<String> = Set(["year", "date", "day", "month", "century", "decade", "time"].map(EnglishText.stem))
    static let englishMeasures: Set<String> = ["many", "much", "long", "old", "far", "big", "large", "tall", "high", "often", "deep", "wide", "heavy"]

    /// Words an English question opens with.
    static let englishOpeners: Set<String> = [
        "what", "who", "whom", "whose", "when", "where", "which", "why", "how", "is", "are", "was", "were", "do", "does",
        "did", "can", "could", "has", "have", "had", "will", "would", "should", "in", "on", "at", "for", "from", "by",
        "with", "during", "after", "before", "name", "list", "tell", "give",
    ]

    /// Whether `folded` is an English question: Latin letters and no Han character, or
    /// English words around a Chinese name copied from an article ("When did 蒋巨峰 resign?"):
    /// it opens with an English question word (not a Latin title followed by a Chinese
    /// question: "This Is Where I Came In是什么？") and has more Latin letters than Han characters.
    static func isEnglish(_ folded: [Unicode.Scalar]) -> Bool {
        var latin = 0, han = 0
        for s in folded {
            if UnicodeText.isHan(s) { han += 1 } else if s.isASCII && s.properties.isAlphabetic { latin += 1 }
        }
        guard latin > 0 else { return false }
        if han == 0 { return true }
        guard latin > han, let first = folded.firstIndex(where: { !$0.properties.isWhitespace }),
              folded[first].isASCII, folded[first].properties.isAlphabetic,
              let opener = AnswerSpotter.latinWords(folded).first, englishOpeners.contains(opener.0) else { return false }
        return true
    }

    /// The type of an organisation question in Chinese, if it is one.
    static func organisationType(_ folded: [Unicode.Scalar]) -> AnswerType? {
        organisationPatterns.contains { AnswerEngine.occurs($0, in: folded) } ? .organisation : nil
    }

    /// Analyses an English question (one without Han characters): its type, the ranges of
    /// its question words (left out of matching), and for "how many X" the unit X (stemmed).
    static func english(_ folded: [Unicode.Scalar]) -> (type: AnswerType, words: [Range<Int>], unit: [Unicode.Scalar]?)? {
        guard isEnglish(folded) else { return nil }
        // Words: runs of letters (and digits, apostrophes inside), with their ranges.
        var words: [(String, Range<Int>)] = []
        var i = 0
        while i < folded.count {
            guard folded[i].properties.isAlphabetic || folded[i].properties.numericType != nil else { i += 1; continue }
            var j = i
            while j < folded.count, folded[j].properties.isAlphabetic || folded[j].properties.numericType != nil
                || (folded[j] == "'" && j + 1 < folded.count && folded[j + 1].properties.isAlphabetic) { j += 1 }
            words.append((String(String.UnicodeScalarView(folded[i..<j])), i..<j))
            i = j
        }
        func word(_ k: Int) -> String { k < words.count ? words[k].0 : "" }
        /// The first noun after word k that is not a stop word (the X of "which X").
        func noun(after k: Int) -> Int? {
            var n = k + 1
            while n < words.count, EnglishText.isStopWord(words[n].0) { n += 1 }
            return n < words.count ? n : nil
        }
        for (k, (w, r)) in words.enumerated() {
            switch w {
            case "how":
                if englishMeasures.contains(word(k + 1)) {
                    var unit: [Unicode.Scalar]?
                    if word(k + 1) == "many" || word(k + 1) == "much", let n = noun(after: k + 1), n == k + 2 {
                        unit = Array(EnglishText.stem(words[n].0).unicodeScalars)
                    }
                    // "How much" about money (how much money, how much will they pay): an amount of money.
                    if word(k + 1) == "much", unit.map({ AnswerSpotter.moneyWords.contains(String(String.UnicodeScalarView($0))) }) ?? true,
                       words.contains(where: { AnswerSpotter.moneyWords.contains(EnglishText.stem($0.0)) }) {
                        unit = AnswerSpotter.moneyUnit
                    }
                    return (.number, [r.lowerBound..<words[k + 1].1.upperBound], unit)
                }
                return (.method, [r], nil)
            case "when": return (.date, [r], nil)
            case "who", "whom", "whose": return (.person, [r], nil)
            case "where": return (.place, [r], nil)
            case "why": return (.reason, [r], nil)
            case "which", "what":
                if let n = noun(after: k), n == k + 1 || (n == k + 2 && word(k + 1) == "the") {
                    let x = EnglishText.stem(words[n].0)
                    if englishDateNouns.contains(x) { return (.date, [r], nil) }
                    if englishPlaceNouns.contains(x) { return (.place, [r], nil) }
                    if englishOrganisationNouns.contains(x) { return (.organisation, [r], nil) }
                    if ["person", "man", "woman", "people"].map(EnglishText.stem).contains(x) { return (.person, [r], nil) }
                }
                return (w == "what" && ["is", "are", "was", "were", "does", "do"].contains(word(k + 1)) ? .definition : .other, [r], nil)
            case "define", "meaning": return (.definition, [r], nil)
            default: continue
            }
        }
        return nil
    }
}

extension AnalyzedQuestion {
    /// An English question (Latin letters, no Han character).
    public var isEnglish: Bool { QuestionAnalyzer.isEnglish(folded) }
}
