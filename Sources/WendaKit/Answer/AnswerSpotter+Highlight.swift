/// The answer span of a quoted sentence: the item of the expected type the question lacks
/// (a date, a number with its unit, a person, a place, an organisation, a noun phrase
/// ending in the noun the question asks for: 哪所大学 → …大学), nearest to the words the
/// question and the sentence share; failing that, the words of the sentence that stand
/// where the question has its question word (aligned on the question's words around it);
/// failing both, the clauses of the sentence that add to the question (see `newClauses`).
extension AnswerSpotter {
    /// What highlighting needs of a question, found once for all the sentences quoted for
    /// it: where its answer would stand and the words around that place, whether it is
    /// English, the noun it asks for, its content characters.
    final class HighlightQuestion {
        let aq: AnalyzedQuestion
        let english: Bool
        /// The question word standing where the answer would (see `answerSlot`).
        let slot: Range<Int>?
        /// The question before the slot (link characters dropped from its end) and after
        /// it (a trailing particle or break, leading link characters dropped).
        let left: [Unicode.Scalar]
        let right: [Unicode.Scalar]
        /// The slot asks for a list (有哪些).
        let list: Bool
        /// "Which X": the noun X (see `headNoun`), for types other than dates and numbers.
        lazy var head: [Unicode.Scalar]? = aq.answerType != .date && aq.answerType != .number ? AnswerSpotter.headNoun(aq, slot: slot) : nil
        /// The content words of an English question, stemmed (see `englishNearness`).
        lazy var englishStems: Set<String> = AnswerSpotter.englishQuestionStems(aq)
        /// The question's content letters and Han characters.
        lazy var contentCharacters = ScalarSet(zip(aq.folded, aq.content).filter {
            $0.1 && (UnicodeText.isHan($0.0) || $0.0.properties.isAlphabetic)
        }.map(\.0))

        init(_ aq: AnalyzedQuestion) {
            self.aq = aq
            let q = aq.folded
            english = !q.contains(where: UnicodeText.isHan)
            let slot = AnswerSpotter.answerSlot(aq)
            self.slot = slot
            guard let slot else {
                left = []; right = []; list = false
                return
            }
            var left = Array(q[..<slot.lowerBound])
            while let c = left.last, linkCharacters.contains(c) { left.removeLast() }
            var right = Array(q[slot.upperBound...])
            while let c = right.last, isBreak(c) || isParticleWord(CollectionOfOne(c)) || c == "?" { right.removeLast() }
            while let c = right.first, linkCharacters.contains(c) { right.removeFirst() }
            self.left = left
            self.right = right
            list = q[slot].elementsEqual("哪些".unicodeScalars)
        }
    }

    /// The span to highlight in `original` (the quoted text; `folded` is it folded for
    /// matching, scalar for scalar), or nil when nothing fits.
    public static func highlight(_ aq: AnalyzedQuestion, original: [Unicode.Scalar], folded: [Unicode.Scalar]) -> Range<Int>? {
        highlight(HighlightQuestion(aq), original: original, folded: folded)
    }

    static func highlight(_ hq: HighlightQuestion, original: [Unicode.Scalar], folded: [Unicode.Scalar]) -> Range<Int>? {
        guard !folded.isEmpty else { return nil }
        let aq = hq.aq
        let q = aq.folded
        let aligned = alignedSpan(hq, folded)
        // Words only when names or the noun asked for are looked for (not for dates, numbers).
        lazy var tokens = Segmenter.shared.tokenize(scalars: folded)
        // English spotters for an English sentence (an English question over Chinese text
        // takes the Chinese ones).
        let english = hq.english && !folded.contains(where: UnicodeText.isHan)
        var candidates: [Range<Int>] = []
        switch aq.answerType {
        case .date: candidates = english ? englishDates(folded) : dates(folded)
        case .number:
            candidates = english ? englishNumbers(folded, unit: aq.unit) : numbers(folded)
            // A rank (前两名, 第一) is no amount, unless the question speaks of ranks (第几,
            // 前几, 排名, 多少任).
            if !english, !q.contains(where: { rankWords.contains($0) }) {
                let amounts = candidates.filter { !isRank($0, folded) }
                if !amounts.isEmpty { candidates = amounts }
            }
        case .reason:
            // What follows a reason marker (因为, 由于, 为了…), to the clause's end.
            if let m = markers(causeMarkers, in: folded).first {
                var y = m.upperBound
                while y < folded.count, !isBreak(folded[y]) { y += 1 }
                if y > m.upperBound, y - m.upperBound <= longestAligned { return m.upperBound..<y }
            }
        case .person:
            candidates = english ? englishNames(original, folded: folded)
                : people(tokens, original: original, folded: folded) + organisations(tokens, original: original, folded: folded)
        case .place:
            if english { candidates = englishPlaces(original, folded: folded) }
            if candidates.isEmpty { candidates = places(tokens, original: original, folded: folded) }
        case .organisation:
            candidates = organisations(tokens, original: original, folded: folded)
            if english, candidates.isEmpty { candidates = englishNames(original, folded: folded) }
        default: break
        }
        // "Which X": phrases ending in X come first (哪个村 → 狮峰村, not another place).
        if aq.answerType != .date, aq.answerType != .number, let head = hq.head,
           head.allSatisfy(\.isASCII) || AnswerEngine.occurs(head, in: folded) {
            // (A Chinese X that the sentence lacks ends none of its words: not segmented for it.)
            let headed = phrases(endingWith: head, tokens, folded).filter { !AnswerEngine.occurs(Array(folded[$0]), in: q) }
            if !headed.isEmpty { candidates = headed }
        }
        candidates = candidates.filter { r in
            !r.isEmpty && !AnswerEngine.occurs(Array(folded[r]), in: q)
        }
        // A candidate inside another is part of a longer name (帕西诺 in 艾尔·帕西诺).
        candidates = candidates.filter { r in !candidates.contains { $0 != r && $0.contains(r.lowerBound) && $0.upperBound >= r.upperBound && $0.count > r.count } }
        let asksAmount = english && aq.answerType == .number && aq.unit == nil
        if !candidates.isEmpty {
            let qchars = hq.contentCharacters
            func near(_ r: Range<Int>) -> Int {
                var n = 0
                for i in max(0, r.lowerBound - 8)..<min(folded.count, r.upperBound + 8) where !r.contains(i) && qchars.contains(folded[i]) { n += 1 }
                if let unit = aq.unit, AnswerEngine.hasSuffix(folded[r], unit) || englishUnit(folded, r, unit)
                    || (folded[r.upperBound - 1] == "次" && AnswerEngine.hasSuffix(folded[r.dropLast()], unit)) { n += 100 }
                if let a = aligned, r.overlaps(a) { n += 50 }
                // In English, the question's words standing by (run by chief executive X).
                if english { n += 3 * englishNearness(hq.englishStems, folded, r) }
                // "How much": an amount of money, a magnitude or a share before a bare count.
                if asksAmount, folded[r].contains(where: { "$€£¥%".unicodeScalars.contains($0) })
                    || latinWords(Array(folded[r])).contains(where: { magnitudes.contains($0.0) }) { n += 20 }
                return n
            }
            var best: Range<Int>?
            var bestNear = -1
            for r in candidates {
                let n = near(r)
                if n > bestNear { best = r; bestNear = n }
            }
            // A short aligned span holding the item is the fuller answer (爱琴海沿岸的希腊城邦).
            if let best, let a = aligned, a.count <= preferAligned, aq.answerType != .date, aq.answerType != .number, a.contains(best.lowerBound), a.upperBound >= best.upperBound { return a }
            // (A date or a number is the answer exactly, not the list it stands in.)
            if aq.answerType == .date || aq.answerType == .number { return best }
            return best.map { wholeList($0, candidates, folded) }
        }
        return aligned ?? newClauses(hq, folded)
    }

    /// Characters of a question about ranks (第几, 前几名, 排名, 第几任, 第几届).
    static let rankWords: Set<Unicode.Scalar> = Set("第前排名任届".unicodeScalars)
    /// Characters before a number that make it a rank (前三, 后两名).
    static let rankMarks: Set<Unicode.Scalar> = ["前", "后"]

    /// Whether the number at `r` of `s` is a rank: 第十, 前两名.
    static func isRank(_ r: Range<Int>, _ s: [Unicode.Scalar]) -> Bool {
        s[r.lowerBound] == "第" || (r.lowerBound > 0 && rankMarks.contains(s[r.lowerBound - 1]))
    }

    // MARK: Alignment on the question word

    /// Characters that a question puts between its words and the question word without
    /// their being part of the answer (是谁, 的是什么, 位于哪里, 被谁, 由谁…).
    static let linkCharacters: Set<Unicode.Scalar> = Set("的是了在被由为于将把".unicodeScalars)
    /// Question words that are particles, not the place of the answer.
    static let particleWords: Set<String> = ["吗", "呢", "啊", "呀", "吧", "请问", "是否"]
    static let particleWordScalars: [[Unicode.Scalar]] = particleWords.map { Array($0.unicodeScalars) }

    /// Whether `w` is one of `particleWords` (compared as scalars, no string made).
    static func isParticleWord(_ w: some Collection<Unicode.Scalar>) -> Bool {
        particleWordScalars.contains { $0.elementsEqual(w) }
    }
    static let longestAligned = 60
    /// An aligned span this short, holding the typed name, is quoted whole (not so for dates
    /// and numbers: those are the answer exactly).
    static let preferAligned = 12

    /// The question word that stands where the answer would (the first that is not a particle).
    static func answerSlot(_ aq: AnalyzedQuestion) -> Range<Int>? {
        guard let r = aq.questionWords.first(where: { r in
            !isParticleWord(aq.folded[r])
        }) else {
            // No question word and no 吗 (X的字号是？): what is asked stands at the end.
            guard aq.questionWords.isEmpty, !aq.folded.isEmpty else { return nil }
            var e = aq.folded.count
            while e > 0, isBreak(aq.folded[e - 1]) || aq.folded[e - 1] == "?" || aq.folded[e - 1] == " " { e -= 1 }
            return e..<e
        }
        // 称为什么 is "called what": the question word is 什么, 为 belongs to the verb.
        if r.lowerBound > 0, namingVerbs.contains(aq.folded[r.lowerBound - 1]),
           aq.folded[r].elementsEqual("为什么".unicodeScalars) {
            return (r.lowerBound + 1)..<r.upperBound
        }
        return r
    }

    /// Words that open a reason (the reason follows them).
    static let causeMarkers: [String] = ["因为", "由于", "为了", "以便", "原因是", "是因"]

    static let namingVerbs: Set<Unicode.Scalar> = Set("称名叫作译意".unicodeScalars)

    static func isBreak(_ c: Unicode.Scalar) -> Bool {
        // CJK ideographs, most of what is asked about, are letters: no property look-up.
        if c.value >= 0x4E00 && c.value <= 0x9FFF { return false }
        return CharClass.isPunctuation(c.value) || c.isSpace && c != " "
    }

    /// Where the question reads "L <question word> R", the sentence's text between its
    /// match of L's end and of R's start; with one side found, from it to the clause's end
    /// (or from the clause's start to it). Matches are of two characters at least.
    static func alignedSpan(_ hq: HighlightQuestion, _ s: [Unicode.Scalar]) -> Range<Int>? {
        guard hq.slot != nil else { return nil }
        let left = hq.left, right = hq.right
        // A list (有哪些) runs on over commas to the end of the sentence's clause.
        let list = hq.list
        func clauseEnd(_ c: Unicode.Scalar) -> Bool { list ? "。；;！!？?".unicodeScalars.contains(c) || c == "\n" : isBreak(c) }
        var a: Int?
        // L's end; failing that, L without its last one or two characters, the verb the
        // sentence words otherwise (原名叫什么 / 原名周彦琛, 有哪些 / 包括).
        var dropped = false
        // (Every suffix of L ends in L's last character, every prefix of R starts with R's
        // first: a match can only end, or start, where the sentence has that character.
        // Those places, in order, are tried alone; the first match is the one a scan of
        // the whole sentence finds first.)
        var places: [Int] = []
        search: for drop in 0...2 where left.count - drop >= 2 {
            let l = left[..<(left.count - drop)]
            let last = l[l.endIndex - 1]
            places.removeAll(keepingCapacity: true)
            for j in s.indices where s[j] == last { places.append(j) }
            if places.isEmpty { continue }
            for k in stride(from: l.count, through: 2, by: -1) {
                let sub = l[(l.count - k)...]
                if sub.contains(where: isBreak) { continue }
                for j in places where j + 1 >= k && matches(sub, s, at: j + 1 - k) {
                    a = j + 1; dropped = drop > 0; break search
                }
            }
        }
        var b: Int?, bLength = 0
        if right.count >= 2 {
            let from = a ?? 0, first = right[0]
            places.removeAll(keepingCapacity: true)
            if from >= 0 { for i in from..<max(from, s.count) where s[i] == first { places.append(i) } }
            right: for k in stride(from: right.count, through: 2, by: -1) where !places.isEmpty {
                let sub = right[..<k]
                if sub.contains(where: isBreak) { continue }
                for i in places where i + k <= s.count && matches(sub, s, at: i) { b = i; bLength = k; break right }
            }
        }
        // What stands between the match and the answer: link characters, a parenthesis
        // (the name in another language), a verb the question worded otherwise.
        func skipLinks(_ from: Int, before limit: Int?, verb: Bool) -> Int {
            var verb = verb
            var i = from
            var moved = true
            while moved, i < s.count, limit.map({ i < $0 }) ?? true {
                moved = false
                if linkCharacters.contains(s[i]) || s[i] == " " { i += 1; moved = true; continue }
                if let close = brackets[s[i]], let e = s[i...].firstIndex(of: close), e - i <= 40 {
                    i = e + 1
                    while i < s.count, s[i] == "，" || s[i] == "," || s[i] == " " { i += 1 }
                    moved = true
                    continue
                }
                if verb, let t = Segmenter.shared.tokenize(scalars: Array(s[i..<min(s.count, i + 4)])).first,
                   t.start == 0, t.end < 4, WordTags.tag(t.norm) == .verb {
                    i += t.end
                    moved = true
                    verb = false
                }
            }
            return i
        }
        if let a0 = a { a = skipLinks(a0, before: b, verb: dropped) }
        var x: Int, y: Int
        if let a, let b, b > a {
            x = a; y = b
        } else if let a {
            x = a; y = a
            while y < s.count, !clauseEnd(s[y]) { y += 1 }
        } else if let b, left.count < 2 {
            // 什么是X: the question word first, so the answer follows X (X是…).
            x = skipLinks(b + bLength, before: nil, verb: true); y = x
            while y < s.count, !clauseEnd(s[y]) { y += 1 }
        } else if let b {
            x = b; y = b
            while x > 0, !isBreak(s[x - 1]) { x -= 1 }
            while y > x, linkCharacters.contains(s[y - 1]) { y -= 1 }
        } else {
            return nil
        }
        while x < y, isBreak(s[x]) || s[x] == " " { x += 1 }
        while y > x, isBreak(s[y - 1]) || s[y - 1] == " " { y -= 1 }
        guard y > x, y - x <= longestAligned else { return nil }
        return x..<y
    }

    static let brackets: [Unicode.Scalar: Unicode.Scalar] = ["（": "）", "(": ")"]

    /// Whether `needle` stands in `hay` at `i` (which leaves room for it).
    @inline(__always)
    static func matches(_ needle: ArraySlice<Unicode.Scalar>, _ hay: [Unicode.Scalar], at i: Int) -> Bool {
        let n0 = needle.startIndex
        for k in 0..<needle.count where hay[i + k] != needle[n0 + k] { return false }
        return true
    }

    // MARK: The noun asked for

    /// Question words that ask "which X" (哪所大学, 什么比赛, which university).
    static let determinerWords: Set<String> = ["什么", "哪", "哪个", "哪些", "哪一", "哪种", "何种", "which", "what"]
    static let determinerWordScalars: [[Unicode.Scalar]] = determinerWords.map { Array($0.unicodeScalars) }
    /// Measure words between 哪 and its noun (哪所大学, 哪家公司).
    static let measureCharacters: Set<Unicode.Scalar> = Set("个所家座位种条部本项支名只间届次场类样一".unicodeScalars)

    /// The noun after a "which" question word, folded: 哪所大学 → 大学.
    static func headNoun(_ aq: AnalyzedQuestion, slot: Range<Int>?) -> [Unicode.Scalar]? {
        guard let slot, determinerWordScalars.contains(where: { $0.elementsEqual(aq.folded[slot]) }) else { return nil }
        let q = aq.folded
        var i = slot.upperBound
        while i < q.count, measureCharacters.contains(q[i]) { i += 1 }
        guard i < q.count else { return nil }
        let tokens = Segmenter.shared.tokenize(scalars: Array(q[i...]))
        guard let t = tokens.first, t.start == 0, t.kind == .word || t.kind == .latin else { return nil }
        let w = Array(q[(i + t.start)..<(i + t.end)])
        // A verb or a function word right after 什么 is no noun: keep to known nominal heads.
        if t.kind == .latin { return EnglishText.stopWords.contains(t.norm) ? nil : EnglishText.stem(t.norm).unicodeScalars.map { $0 } }
        return w.count >= 1 && !linkCharacters.contains(w[0]) ? w : nil
    }

    /// Noun phrases of the sentence that end in `head` (or in a word ending in it).
    static func phrases(endingWith head: [Unicode.Scalar], _ tokens: [Token], _ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        let latinHead = head.allSatisfy { $0.isASCII }
        for (k, t) in tokens.enumerated() {
            let w = s[t.start..<t.end]
            if latinHead {
                guard t.kind == .latin, EnglishText.stem(t.norm).unicodeScalars.elementsEqual(head) else { continue }
            } else {
                guard t.kind == .word, AnswerEngine.hasSuffix(w, head) else { continue }
            }
            let start = phraseStart(tokens, k, s, named: w.count > head.count)
            if start < t.start || w.count > head.count { out.append(start..<t.end) }
        }
        return out
    }

    /// Words that end a noun phrase on its left (…在 | 斯坦福大学).
    static let phraseBreakers: Set<String> = ["的", "在", "和", "与", "及", "是", "了", "由", "被", "把", "对", "向", "从", "为",
                                              "将", "于", "到", "其", "这", "那", "该", "以", "并", "而", "或", "也", "都", "就",
                                              "又", "还", "所", "有", "中", "上", "下", "个", "位", "名", "只"]
    static let longestPhrase = 12

    /// Where the noun phrase ending with token `k` starts: adjacent Chinese words before it
    /// (no punctuation, no function word), at most `longestPhrase` characters in all.
    static func phraseStart(_ tokens: [Token], _ k: Int, _ s: [Unicode.Scalar], named: Bool = true) -> Int {
        var named = named
        var start = tokens[k].start
        var j = k - 1
        while j >= 0 {
            let t = tokens[j]
            guard t.end == tokens[j + 1].start, t.kind == .word || (t.kind == .latin && tokens[k].kind == .latin),
                  !phraseBreakers.contains(t.norm), tokens[k].end - t.start <= longestPhrase else { break }
            // Function words end the phrase; so does a verb once the phrase is a name of its
            // own (作为 | 斯坦福大学), not before (自然语言处理小组).
            let tag = WordTags.tag(t.norm)
            if tag == .function || (tag == .verb && named) { break }
            if tag != .verb, t.end - t.start >= 2 { named = true }
            if t.kind == .word, t.end - t.start == 1, s[t.start].properties.numericType != nil { break }
            start = t.start
            j -= 1
        }
        return start
    }

    // MARK: Names

    static let placeSuffixes: Set<Unicode.Scalar> = Set("省市县区镇乡村州国岛山河江湖海洲湾港洋峡郡".unicodeScalars)
    static let organisationSuffixes: [String] = [
        "大学", "学院", "中学", "小学", "学校", "公司", "集团", "委员会", "医院", "研究院", "研究所", "研究中心", "实验室", "中心",
        "协会", "学会", "基金会", "银行", "政府", "组织", "联盟", "俱乐部", "球队", "党", "法院", "小组", "部", "局", "署", "社",
        "队", "会", "厂", "台", "馆", "所",
    ]
    static let organisationSuffixScalars: [[Unicode.Scalar]] = organisationSuffixes.map { Array($0.unicodeScalars) }

    /// People: words the dictionary tags as names, names written with a middle dot
    /// (艾尔·帕西诺), and Latin names of two or more capitalised words (Eric Horvitz).
    static func people(_ tokens: [Token], original: [Unicode.Scalar], folded: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for t in tokens where t.kind == .word && t.end - t.start >= 2 && WordTags.tag(t.norm) == .person {
            out.append(extendTransliterated(t.start..<t.end, folded))
        }
        out += dotNames(folded, tokens).map { extendTransliterated($0, folded) }
        out += capitalisedNames(original, minimumWords: 2)
        return out.sorted { $0.lowerBound < $1.lowerBound }
    }

    static let dots: Set<Unicode.Scalar> = ["·", "•", "‧", "・", "."]

    /// Characters of transliterated foreign names (伊戈尔·斯维亚托斯拉维奇): a name made of
    /// them runs on over its neighbours made of them, across middle dots.
    static let transliteration: Set<Unicode.Scalar> = Set(("阿埃艾爱安昂奥巴芭拜班邦保鲍贝本比彼毕宾波伯博布查达戴丹道德迪蒂丁东杜多厄恩法菲费芬弗福盖甘戈哥格古哈海汉豪赫亨胡华霍基吉加贾杰金卡凯坎康柯科克肯库奎拉莱兰朗劳勒雷蕾里理"
        + "利莉丽连列林琳卢鲁伦罗洛马玛迈麦曼梅蒙米密明莫墨姆穆纳娜奈内尼妮涅诺欧帕佩彭皮珀普奇齐恰乔切琴萨塞桑瑟森沙莎史舍施斯丝松苏索塔泰坦汤唐特提托瓦威维温沃乌西希夏谢辛休雅亚扬耶伊尤于约赞泽扎詹兹佐"
        + "尔夫汀茨廷瑞琼珊薇娅黛露茜").unicodeScalars)

    /// A person's name extended over adjacent transliteration characters and dots, when it
    /// is itself written in them (斯蒂芬 → 斯蒂芬妮·梅尔).
    static func extendTransliterated(_ r: Range<Int>, _ s: [Unicode.Scalar]) -> Range<Int> {
        guard s[r].allSatisfy({ transliteration.contains($0) || dots.contains($0) }) else { return r }
        var a = r.lowerBound, b = r.upperBound
        func name(_ c: Unicode.Scalar) -> Bool { transliteration.contains(c) }
        while a > 0, name(s[a - 1]) || (dots.contains(s[a - 1]) && s[a - 1] != "." && a >= 2 && name(s[a - 2])), r.upperBound - a < 16 { a -= 1 }
        while b < s.count, name(s[b]) || (dots.contains(s[b]) && s[b] != "." && b + 1 < s.count && name(s[b + 1])), b - a < 16 { b += 1 }
        return a..<b
    }

    /// Transliterated names: Han runs joined by middle dots, each side at most five characters.
    static func dotNames(_ s: [Unicode.Scalar], _ tokens: [Token]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < s.count {
            guard dots.contains(s[i]), s[i] != ".", i > 0, UnicodeText.isHan(s[i - 1]), i + 1 < s.count, UnicodeText.isHan(s[i + 1]) else { i += 1; continue }
            // The left part: the word before the dot (two one-character words: both).
            var a = i
            if let k = tokens.firstIndex(where: { $0.end == i && $0.kind == .word }) {
                a = tokens[k].start
                if tokens[k].end - tokens[k].start == 1, k > 0, tokens[k - 1].kind == .word, tokens[k - 1].end == a,
                   tokens[k - 1].end - tokens[k - 1].start == 1, !phraseBreakers.contains(tokens[k - 1].norm) { a = tokens[k - 1].start }
            }
            var e = i + 1
            while true {
                // Each part after a dot: its word (one-character words joined, up to four).
                var f = e
                if let k = tokens.firstIndex(where: { $0.start == e && $0.kind == .word }) {
                    f = tokens[k].end
                    var n = k + 1
                    while tokens[n - 1].end - tokens[n - 1].start == 1, n < tokens.count, tokens[n].start == f, tokens[n].kind == .word,
                          tokens[n].end - tokens[n].start == 1, f - e < 4, !phraseBreakers.contains(tokens[n].norm) {
                        f = tokens[n].end
                        n += 1
                    }
                } else {
                    while f < s.count, UnicodeText.isHan(s[f]), f - e < 5 { f += 1 }
                }
                e = f
                if e + 1 < s.count, dots.contains(s[e]), s[e] != ".", UnicodeText.isHan(s[e + 1]) { e += 1 } else { break }
            }
            out.append(a..<e)
            i = e
        }
        return out
    }

    /// Runs of capitalised Latin words (Eric Horvitz, National Science Foundation).
    static func capitalisedNames(_ s: [Unicode.Scalar], minimumWords: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        // ASCII and CJK ideographs (nearly every scalar of a sentence) told without a
        // property look-up: the same answers the properties give.
        @inline(__always) func isUpper(_ c: Unicode.Scalar) -> Bool {
            let v = c.value
            if v < 0x80 { return v >= 0x41 && v <= 0x5A }
            if v >= 0x4E00 && v <= 0x9FFF { return false }
            return c.properties.isUppercase
        }
        @inline(__always) func isLetter(_ c: Unicode.Scalar) -> Bool {
            let v = c.value
            if v < 0x80 { let l = v | 0x20; return l >= 0x61 && l <= 0x7A }
            return !UnicodeText.isHan(c) && c.properties.isAlphabetic
        }
        while i < s.count {
            guard isUpper(s[i]), i == 0 || !isLetter(s[i - 1]) else { i += 1; continue }
            var words = 0
            var end = i
            var j = i
            while j < s.count, isUpper(s[j]) {
                var k = j + 1
                while k < s.count, isLetter(s[k]) || s[k] == "'" || s[k] == "-" { k += 1 }
                // An all-capital word of three letters or more is an acronym, not a name.
                guard k - j < 3 || s[(j + 1)..<k].contains(where: { $0.properties.isLowercase }) else { break }
                words += 1
                end = k
                if k + 1 < s.count, s[k] == " " || s[k] == ".", isUpper(s[k + 1]) { j = k + 1 }
                else if k + 2 < s.count, s[k] == ".", s[k + 1] == " ", isUpper(s[k + 2]) { j = k + 2 }
                else { break }
            }
            if words >= minimumWords { out.append(i..<end) }
            i = max(end, i + 1)
        }
        return out
    }

    /// Places: words the dictionary tags as places or ending in a place suffix (省, 市, 县,
    /// 国…), neighbours joined (日本宫城县栗原市).
    static func places(_ tokens: [Token], original: [Unicode.Scalar], folded s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for (k, t) in tokens.enumerated() where t.kind == .word {
            var t = t
            if t.end - t.start == 1 {
                // A suffix written apart joins the word before it (狮峰 村).
                guard placeSuffixes.contains(s[t.start]), k > 0, tokens[k - 1].kind == .word, tokens[k - 1].end == t.start,
                      WordTags.tag(tokens[k - 1].norm) != .function, !phraseBreakers.contains(tokens[k - 1].norm) else { continue }
                t.start = tokens[k - 1].start
            } else {
                guard WordTags.tag(t.norm) == .place || placeSuffixes.contains(s[t.end - 1]) else { continue }
            }
            if let last = out.last, last.upperBound > t.start { out[out.count - 1] = last.lowerBound..<t.end; continue }
            if let last = out.last, last.upperBound == t.start { out[out.count - 1] = last.lowerBound..<t.end } else { out.append(t.start..<t.end) }
        }
        out += capitalisedNames(original, minimumWords: 1)
        return out
    }

    /// Organisations: words the dictionary tags so, and noun phrases ending in 大学, 公司,
    /// 委员会, 基金会… (美国国家科学基金会).
    static func organisations(_ tokens: [Token], original: [Unicode.Scalar], folded s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for (k, t) in tokens.enumerated() where t.kind == .word {
            let w = s[t.start..<t.end]
            let tagged = w.count >= 2 && WordTags.tag(t.norm) == .organisation
            let suffix = organisationSuffixScalars.first { AnswerEngine.hasSuffix(w, $0) }
            guard tagged || suffix != nil else { continue }
            let start = phraseStart(tokens, k, s, named: tagged || w.count > (suffix?.count ?? 0))
            // A bare suffix word with nothing before it (会, 部) names nothing.
            if start == t.start, !tagged, w.count <= (suffix?.count ?? 0) { continue }
            out.append(start..<t.end)
        }
        // Latin names with an organisation noun in them (Stanford University).
        for r in capitalisedNames(original, minimumWords: 2) {
            let words = latinWords(Array(s[r])).map { EnglishText.stem($0.0) }
            if words.contains(where: { QuestionAnalyzer.englishOrganisationNouns.contains($0) }) { out.append(r) }
        }
        return out
    }
}
