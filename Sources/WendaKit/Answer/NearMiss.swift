/// Near misses: a distinctive term of the question — a number with its unit or counter
/// (20号线, 2040年), a model (FV 4232), a name, a place — that the quoted sentence and its
/// paragraph lack while a near variant stands there (19号线, 1999年, FV 603, another name
/// of the same kind). Such a quote answers about something else: the answer is "no
/// answer" unless near misses are asked for, and then it is framed as one.

/// What a question asked for and what the quoted passage holds instead.
public struct Mismatch: Sendable, Hashable, Codable {
    /// As written in the question.
    public var asked: String
    /// As written in the article.
    public var found: String

    public init(asked: String, found: String) {
        self.asked = asked
        self.found = found
    }
}

enum NearMiss {
    /// A distinctive term of the question.
    struct Term {
        enum Kind: Equatable { case number, latinName, hanName, modifier }
        var kind: Kind
        /// Where it stands in the question (scalar offsets).
        var range: Range<Int>
        /// Folded text (a name) or the number's value.
        var folded: [Unicode.Scalar]
        var value: Double?
        /// A number's unit or counter (号, 年, km) and the Latin word before it (fv, line), folded.
        var unit: [Unicode.Scalar] = []
        var prefix: [Unicode.Scalar] = []
        /// A Han word's neighbours in the question (台积电 _ 厂), folded: a passage with
        /// other text between them holds a near variant (台积电高雄厂). A modifier's are the
        /// word before it (with 的) and the noun it modifies (斯坦福大学的 _ 小组).
        var left: [Unicode.Scalar] = []
        var right: [Unicode.Scalar] = []
    }

    /// A number standing in a text: its place, value, unit and prefix.
    struct NumberItem {
        var range: Range<Int>
        var value: Double
        var unit: [Unicode.Scalar]
        var prefix: [Unicode.Scalar]
    }

    // MARK: The question's distinctive terms

    /// The distinctive terms of a question: numbers with a unit or a Latin word before them,
    /// Latin names, Han words the dictionary tags as a person, place or organisation, and
    /// other Han nouns between two words of the question (`content` says which characters
    /// are the question's content, not its question words).
    static func terms(original: [Unicode.Scalar], folded: [Unicode.Scalar], content: [Bool]? = nil) -> [Term] {
        var out: [Term] = []
        for n in numbers(folded) where !n.unit.isEmpty || !n.prefix.isEmpty {
            // The prefix belongs to what was asked (FV 4232), the unit too (20号线's 号).
            let from = n.prefix.isEmpty ? n.range.lowerBound : prefixStart(folded, n.range.lowerBound)
            let to = n.unit.isEmpty ? n.range.upperBound : unitEnd(folded, n.range.upperBound)
            out.append(Term(kind: .number, range: from..<to, folded: Array(folded[n.range]), value: n.value,
                            unit: n.unit, prefix: n.prefix))
        }
        for r in latinNames(original) where !out.contains(where: { $0.range.overlaps(r) }) {
            out.append(Term(kind: .latinName, range: r, folded: Array(folded[r])))
        }
        let tokens = Segmenter.shared.tokenize(scalars: folded)
        func isContent(_ t: Token) -> Bool {
            (t.kind == .word || t.kind == .latin) && (t.start..<t.end).allSatisfy { content?[$0] ?? true }
                && WordTags.tag(t.norm) != .function
        }
        for (k, t) in tokens.enumerated() where t.kind == .word && t.end - t.start >= 2 && k > 0 && k + 1 < tokens.count {
            guard !out.contains(where: { $0.range.overlaps(t.start..<t.end) }), isContent(t), isRare(t.norm.unicodeScalars),
                  WordTags.tag(t.norm) != .verb, tokens[k - 1].end == t.start, tokens[k + 1].start == t.end,
                  isContent(tokens[k - 1]), isContent(tokens[k + 1]) else { continue }
            out.append(Term(kind: .hanName, range: t.start..<t.end, folded: Array(folded[t.start..<t.end]),
                            left: Array(tokens[k - 1].norm.unicodeScalars), right: Array(tokens[k + 1].norm.unicodeScalars)))
        }
        return out + modifiers(tokens, folded: folded, content: content).filter { m in !out.contains { $0.range.overlaps(m.range) } }
    }

    /// What each distinctive term of the question missing from `paragraph` (and the
    /// article's title) has there instead: its near variant, in the quoted sentence
    /// (`sentence`, a range of `paragraph`) when it stands there, else in the paragraph.
    static func mismatches(_ terms: [Term], question: [Unicode.Scalar], questionFolded: [Unicode.Scalar],
                           paragraph: [Unicode.Scalar], sentence: Range<Int>, title: [Unicode.Scalar]) -> [Mismatch] {
        guard !terms.isEmpty else { return [] }
        let pf = paragraph.map(Normalizer.fold)
        let tf = title.map(Normalizer.fold)
        lazy var paragraphNumbers = numbers(pf)
        lazy var titleNumbers = numbers(tf)
        var out: [Mismatch] = []
        func text(_ s: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(s)) }
        let asked = { (t: Term) in text(question[t.range]).trimmingCharacters(in: .whitespaces) }
        for t in terms {
            switch t.kind {
            case .number:
                guard let v = t.value, !paragraphNumbers.contains(where: { same($0, v, t.unit) }),
                      !titleNumbers.contains(where: { same($0, v, t.unit) }) else { continue }
                // A variant: another number with the same unit, or after the same Latin word.
                let variants = paragraphNumbers.filter { n in
                    !same(n, v, t.unit) && ((!t.unit.isEmpty && n.unit == t.unit) || (!t.prefix.isEmpty && n.prefix == t.prefix))
                }
                guard let n = variants.first(where: { sentence.contains($0.range.lowerBound) }) ?? variants.first else { continue }
                let from = n.prefix.isEmpty || t.prefix.isEmpty ? n.range.lowerBound : prefixStart(pf, n.range.lowerBound)
                let to = n.unit.isEmpty || t.unit.isEmpty ? n.range.upperBound : unitEnd(pf, n.range.upperBound)
                out.append(Mismatch(asked: asked(t), found: text(paragraph[from..<to])))
            case .latinName:
                // An English question over a Chinese paragraph: the article writes a name in
                // Chinese (大卫·休伯尔 for David Hubel), so its Latin spelling being absent
                // says nothing.
                guard !(QuestionAnalyzer.isEnglish(questionFolded) && mostlyHan(paragraph)) else { continue }
                guard !AnswerEngine.occurs(t.folded, in: pf), !AnswerEngine.occurs(t.folded, in: tf) else { continue }
                // A variant: a name in the sentence (else the paragraph) sharing no word with the question.
                let names = latinNames(Array(paragraph[sentence])).map { ($0.lowerBound + sentence.lowerBound)..<($0.upperBound + sentence.lowerBound) }
                    + latinNames(paragraph)
                let words = Set(latinWords(questionFolded))
                guard let r = names.first(where: { r in !latinWords(Array(pf[r])).contains { words.contains($0) } }) else { continue }
                out.append(Mismatch(asked: asked(t), found: text(paragraph[r])))
            case .hanName:
                guard !AnswerEngine.occurs(t.folded, in: pf), !AnswerEngine.occurs(t.folded, in: tf) else { continue }
                // Between the same neighbours, another rare word: 台积电高雄厂 for 台积电熊本厂.
                guard let r = between(t, pf, questionFolded, sentence: sentence) else { continue }
                out.append(Mismatch(asked: asked(t), found: text(paragraph[r])))
            case .modifier:
                guard !AnswerEngine.occurs(t.folded, in: pf), !AnswerEngine.occurs(t.folded, in: tf),
                      let r = otherModifier(t, pf, questionFolded, sentence: sentence) else { continue }
                out.append(Mismatch(asked: asked(t), found: text(paragraph[r])))
            }
        }
        return out
    }

    /// Whether Han characters outnumber Latin letters in `s`: a Chinese paragraph.
    static func mostlyHan(_ s: [Unicode.Scalar]) -> Bool {
        var han = 0, latin = 0
        for c in s { if UnicodeText.isHan(c) { han += 1 } else if isLatinLetter(c) { latin += 1 } }
        return han > latin
    }

    /// Where text other than `t` stands between `t`'s neighbours in `pf` (a folded
    /// paragraph): a name-like word — rare or unknown to the dictionary, no particle or
    /// pronoun in it — up to two characters longer than `t`, not in the question; in the
    /// quoted sentence first.
    static func between(_ t: Term, _ pf: [Unicode.Scalar], _ question: [Unicode.Scalar], sentence: Range<Int>) -> Range<Int>? {
        guard !t.left.isEmpty, !t.right.isEmpty else { return nil }
        var found: Range<Int>?
        var i = 0
        while i + t.left.count < pf.count {
            defer { i += 1 }
            guard AnswerSpotter.starts(pf, i, t.left) else { continue }
            let from = i + t.left.count
            var to = from
            while to < pf.count, to - from <= t.folded.count + 2, !AnswerSpotter.starts(pf, to, t.right) {
                guard UnicodeText.isHan(pf[to]) || isLatinLetter(pf[to]) || AnswerSpotter.isDigit(pf[to]) else { to = pf.count; break }
                to += 1
            }
            guard to < pf.count, to > from, to - from <= t.folded.count + 2 else { continue }
            let y = Array(pf[from..<to])
            guard y.count >= 2, y != t.folded, !AnswerEngine.occurs(y, in: question), isRare(y),
                  !y.contains(where: notInNames.contains) else { continue }
            if sentence.contains(from) { return from..<to }
            if found == nil { found = from..<to }
        }
        return found
    }

    /// Below this log-probability a dictionary word is rare enough to name one thing
    /// (熊本, a name): about 300 in the dictionary's 60 million words. Common nouns asked
    /// about (城市, 长度, 英文名) are far above it.
    static let rareLogProbability = -12.0

    /// Whether a word (folded) is one the dictionary lacks (a name it does not know: 高雄)
    /// or a rare one.
    static func isRare(_ word: some Collection<Unicode.Scalar>) -> Bool {
        guard word.allSatisfy(UnicodeText.isHan) else { return false }
        guard let p = Segmenter.defaultDictionary.logProbability(of: word) else { return true }
        return p < rareLogProbability
    }

    // MARK: Numbers

    /// Whether number `n` is `v` (with unit `unit`): the same value, or the same year
    /// written with two digits (08年 for 2008年).
    static func same(_ n: NumberItem, _ v: Double, _ unit: [Unicode.Scalar]) -> Bool {
        if n.value == v { return true }
        guard unit == ["年"], n.unit == unit else { return false }
        let (short, long) = n.value < 100 ? (n.value, v) : (v, n.value)
        return short < 100 && long >= 1000 && long.truncatingRemainder(dividingBy: 100) == short
    }

    /// Where the Latin word before a number (and one space or hyphen) starts.
    static func prefixStart(_ s: [Unicode.Scalar], _ i: Int) -> Int {
        var j = i
        if j > 0, s[j - 1] == " " || s[j - 1] == "-" { j -= 1 }
        while j > 0, isLatinLetter(s[j - 1]) { j -= 1 }
        return j
    }

    /// Where a number's unit ends (two Han characters at most: 号线, 公里; or a Latin word).
    static func unitEnd(_ s: [Unicode.Scalar], _ i: Int) -> Int {
        var j = i
        if j < s.count, s[j] == " " { j += 1 }
        if j < s.count, UnicodeText.isHan(s[j]) {
            let word = AnswerSpotter.unitWordScalars.first { AnswerSpotter.starts(s, j, $0) }
            return j + (word?.count ?? (j + 1 < s.count && s[j] == "号" && s[j + 1] == "线" ? 2 : 1))
        }
        while j < s.count, isLatinLetter(s[j]) || s[j] == "%" { j += 1 }
        return j
    }

    /// The numbers of a folded text — digits (with . and ,) or Han numerals worth 10 or
    /// more, times 万/亿 — with the unit after each (its first Han character, a Latin
    /// word, or %) and the Latin word before it.
    static func numbers(_ s: [Unicode.Scalar]) -> [NumberItem] {
        var out: [NumberItem] = []
        var i = 0
        while i < s.count {
            let digits = AnswerSpotter.isDigit(s[i])
            guard digits || AnswerSpotter.isHanNumeral(s[i]),
                  i == 0 || !(AnswerSpotter.isDigit(s[i - 1]) || AnswerSpotter.isHanNumeral(s[i - 1])) else { i += 1; continue }
            guard let e = AnswerSpotter.numberRun(s, i) else { i += 1; continue }
            var value = digits ? Double(String(String.UnicodeScalarView(s[i..<e].filter { $0 != "," }.map(asciiDigit)))) : hanValue(s[i..<e])
            var end = e
            while end < s.count, s[end] == "万" || s[end] == "亿", let v = value {
                value = v * (s[end] == "万" ? 1e4 : 1e8)
                end += 1
            }
            // Han numerals alone are words as often as numbers (一些, 十分): only from 10.
            if let v = value, digits || (e - i >= 2 && v >= 10) {
                var unit: [Unicode.Scalar] = []
                var j = end
                if j < s.count, s[j] == " ", let w = latinUnits.first(where: { AnswerSpotter.starts(s, j + 1, $0) }),
                   !(j + 1 + w.count < s.count && isLatinLetter(s[j + 1 + w.count])) {
                    j += 1
                }
                if j < s.count, UnicodeText.isHan(s[j]), !Self.notUnits.contains(s[j]) {
                    unit = [s[j]]
                } else if j < s.count, s[j] == "%" || s[j] == "％" {
                    unit = ["%"]
                } else if j == end || s[j - 1] == " " {
                    var k = j
                    while k < s.count, isLatinLetter(s[k]) { k += 1 }
                    if k > j { unit = Array(s[j..<k]) }
                }
                var prefix: [Unicode.Scalar] = []
                let p = prefixStart(s, i)
                if p < i { prefix = Array(s[p..<i]).filter(isLatinLetter) }
                out.append(NumberItem(range: i..<end, value: v, unit: unit, prefix: prefix))
            }
            i = max(end, i + 1)
        }
        return out
    }

    /// Latin units that may follow a number after a space (20 km, 3.2 percent).
    static let latinUnits: [[Unicode.Scalar]] = (AnswerSpotter.unitWords.filter { $0.unicodeScalars.allSatisfy(isLatinLetter) }
        + ["percent", "million", "billion", "thousand", "miles", "mile", "meters", "metres", "years", "year"]).map { Array($0.unicodeScalars) }

    /// Particles, pronouns and adverbs: text holding one is a phrase (的他, 此处为, 原本转),
    /// not a name.
    static let notInNames: Set<Unicode.Scalar> = Set("的了之以为于在是和与及或共被把将其他她它这那此并而也都就还又再原先各每该已曾所从向对".unicodeScalars)

    /// Characters after a number that are not its unit (particles, question words).
    static let notUnits: Set<Unicode.Scalar> = Set("的是了和与或及在到至之多余几".unicodeScalars)

    static func asciiDigit(_ c: Unicode.Scalar) -> Unicode.Scalar {
        c.value >= 0xFF10 && c.value <= 0xFF19 ? Unicode.Scalar(c.value - 0xFF10 + 0x30)! : c
    }

    /// The value of Han numerals: digit by digit (二〇四〇) or positional (三十五, 一百二十).
    static func hanValue(_ s: ArraySlice<Unicode.Scalar>) -> Double? {
        func digit(_ c: Unicode.Scalar) -> Double? {
            switch c {
            case "〇", "零": 0
            case "一": 1
            case "二", "两": 2
            case "三": 3
            case "四": 4
            case "五": 5
            case "六": 6
            case "七": 7
            case "八": 8
            case "九": 9
            default: nil
            }
        }
        if s.allSatisfy({ digit($0) != nil }) { return s.reduce(0) { $0 * 10 + digit($1)! } }
        var total = 0.0, current = 0.0
        for c in s {
            if let d = digit(c) { current = d; continue }
            let m: Double = c == "十" ? 10 : c == "百" ? 100 : c == "千" ? 1000 : 0
            guard m > 0 else { return nil }
            total += (current == 0 ? 1 : current) * m
            current = 0
        }
        return total + current
    }

    // MARK: Names

    static func isLatinLetter(_ c: Unicode.Scalar) -> Bool {
        let v = c.value | 0x20
        return c.isASCII && v >= 0x61 && v <= 0x7A
    }

    /// Words a capital letter does not make a name: question and auxiliary words, days and months.
    static let notNames: Set<String> = [
        "how", "what", "who", "whom", "whose", "when", "where", "which", "why", "did", "does", "do", "is", "are", "was",
        "were", "will", "would", "can", "could", "has", "have", "had", "the", "a", "an", "in", "on", "at", "of", "for",
        "and", "or", "to", "by", "from", "with", "i", "it", "its", "this", "that", "these", "those", "there", "they",
        "he", "she", "we", "you", "his", "her", "their", "our", "mr", "mrs", "ms", "dr",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]

    /// Names written in Latin letters: runs of capitalised words that are not acronyms
    /// (Whole Foods, GreenBasket, Meta).
    static func latinNames(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var words: [Range<Int>] = []
        var i = 0
        while i < s.count {
            guard isLatinLetter(s[i]), i == 0 || !(isLatinLetter(s[i - 1]) || AnswerSpotter.isDigit(s[i - 1])) else { i += 1; continue }
            var e = i
            while e < s.count, isLatinLetter(s[e]) || (e > i && s[e] == "'" && e + 1 < s.count && isLatinLetter(s[e + 1])) { e += 1 }
            // A model's letters are read with its number (FV 4232), not as a name.
            var k = e
            if k < s.count, s[k] == " " || s[k] == "-" { k += 1 }
            let beforeNumber = k < s.count && AnswerSpotter.isDigit(s[k])
            let word = String(String.UnicodeScalarView(s[i..<e].map(Normalizer.fold)))
            // Capitalised, not an acronym (GPU, NLP, GPUs are things, not names).
            let upper = s[i..<e].filter { $0.properties.isUppercase }.count
            let acronym = upper >= 2 && s[i..<e].dropLast(s[e - 1] == "s" ? 1 : 0).allSatisfy { $0.properties.isUppercase }
            let capital = s[i].properties.isUppercase && !acronym && e - i >= 2
            if !beforeNumber, !notNames.contains(word), capital {
                words.append(i..<e)
            }
            i = e
        }
        // Neighbouring name words (one space apart) make one name.
        for w in words {
            if let last = out.last, last.upperBound + 1 == w.lowerBound, s[last.upperBound] == " " {
                out[out.count - 1] = last.lowerBound..<w.upperBound
            } else {
                out.append(w)
            }
        }
        return out
    }

    /// The Latin words of a folded text.
    static func latinWords(_ s: [Unicode.Scalar]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < s.count {
            guard isLatinLetter(s[i]) else { i += 1; continue }
            var e = i
            while e < s.count, isLatinLetter(s[e]) { e += 1 }
            out.append(String(String.UnicodeScalarView(s[i..<e])))
            i = e
        }
        return out
    }
}
