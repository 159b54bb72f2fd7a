/// The highlight's last resort: the clauses of the quote that add to what the question
/// says. When neither an item of the expected type nor an alignment on the question word
/// is found (what a paraphrased definition, reason or method question gets), the answer
/// is what the sentence says beyond the question: its sentence sharing most of the
/// question's characters, less the clauses at either end made mostly of the question's
/// own words (the topic restated), is highlighted rather than nothing. Not so for a
/// question asking for a date, a number or a name: a sentence without one has no answer
/// to mark. An item one of a list is highlighted with the whole list (see `wholeList`).
extension AnswerSpotter {
    /// Where a quote of several sentences is cut into sentences.
    static let sentenceEnds: Set<Unicode.Scalar> = Set("。！？!?；;\n".unicodeScalars)
    /// Where a sentence is cut into clauses.
    static let clauseBreaks: Set<Unicode.Scalar> = Set("，,。；;！!？?、：:\n".unicodeScalars)
    /// A clause whose letters are less than this share new (not the question's) restates
    /// the question.
    static let newShare = 0.3

    /// Answer types whose answer is a phrase or a clause, not an item a spotter finds: a
    /// question asking for a date, a number or a name gets no highlight from a sentence
    /// without one.
    static let clauseTypes: Set<AnswerType> = [.definition, .reason, .method, .other]

    /// The clauses of `s` (folded) that say what the question does not, or nil for an
    /// English question, a sentence without Chinese, or a question asking for an item.
    static func newClauses(_ hq: HighlightQuestion, _ s: [Unicode.Scalar]) -> Range<Int>? {
        guard !hq.english, clauseTypes.contains(hq.aq.answerType), s.contains(where: UnicodeText.isHan) else { return nil }
        let asked = hq.contentCharacters
        func isLetter(_ c: Unicode.Scalar) -> Bool {
            if UnicodeText.isHan(c) { return true }
            // ASCII, and the ideographic comma and full stop, told without a property look-up.
            if c.isASCII { return (c.value | 0x20 >= 0x61 && c.value | 0x20 <= 0x7A) || (c.value >= 0x30 && c.value <= 0x39) }
            if c == "、" || c == "。" { return false }
            return c.properties.isAlphabetic || c.properties.numericType != nil
        }
        // (Han characters end no sentence or clause: not hashed.)
        func isSentenceEnd(_ c: Unicode.Scalar) -> Bool { !UnicodeText.isHan(c) && sentenceEnds.contains(c) }
        func isClauseBreak(_ c: Unicode.Scalar) -> Bool { !UnicodeText.isHan(c) && clauseBreaks.contains(c) }
        // The sentence sharing most characters with the question (the first of equals).
        var sentence = 0..<s.count, mostShared = -1
        var start = 0
        for i in 0...s.count where i == s.count || isSentenceEnd(s[i]) {
            let r = start..<min(s.count, i + 1)
            start = i + 1
            guard !r.isEmpty else { continue }
            let shared = s[r].reduce(0) { $0 + (asked.contains($1) ? 1 : 0) }
            if shared > mostShared { sentence = r; mostShared = shared }
        }
        // Its clauses that are not mostly the question's words: from the first to the last.
        var first: Int?, last: Int?
        var a = sentence.lowerBound
        for i in sentence.lowerBound...sentence.upperBound where i == sentence.upperBound || isClauseBreak(s[i]) {
            let r = a..<i
            a = i + 1
            var letters = 0, new = 0
            for c in s[r] where isLetter(c) {
                letters += 1
                if !asked.contains(c) { new += 1 }
            }
            guard letters > 0, Double(new) >= newShare * Double(letters) else { continue }
            if first == nil { first = r.lowerBound }
            last = r.upperBound
        }
        var x = first ?? sentence.lowerBound, y = last ?? sentence.upperBound
        while x < y, isBreak(s[x]) || s[x] == " " { x += 1 }
        while y > x, isBreak(s[y - 1]) || s[y - 1] == " " { y -= 1 }
        return y > x ? x..<y : nil
    }

    /// Breaks that end a clause (an enumeration comma does not).
    static let hardBreaks: Set<Unicode.Scalar> = Set("，,。；;！!？?：:\n".unicodeScalars)

    /// Words that join the last items of a list (广东省、福建省和海南省).
    static let listJoiners: [[Unicode.Scalar]] = ["、", "和", "及", "与", "或", "以及"].map { Array($0.unicodeScalars) }

    /// An item that is one of a list (温哥华、西雅图和多伦多): the whole list. Other items
    /// found of the same kind, joined to it by 、 和 及…, are taken in; where an item not
    /// found still stands beyond an enumeration comma, the list runs to the clause's end
    /// on that side. Not when that runs longer than an aligned span may.
    static func wholeList(_ r: Range<Int>, _ items: [Range<Int>], _ s: [Unicode.Scalar]) -> Range<Int> {
        func enumerated(_ i: Int) -> Bool { i >= 0 && i < s.count && s[i] == "、" }
        guard enumerated(r.lowerBound - 1) || enumerated(r.upperBound) else { return r }
        var x = r.lowerBound, y = r.upperBound
        func joiner(endingAt e: Int) -> Int? { listJoiners.first { e - $0.count >= 0 && starts(s, e - $0.count, $0) }?.count }
        func joiner(at b: Int) -> Int? { listJoiners.first { starts(s, b, $0) }?.count }
        var moved = true
        while moved {
            moved = false
            if let j = joiner(endingAt: x), let p = items.first(where: { $0.upperBound == x - j }) { x = p.lowerBound; moved = true }
            if let j = joiner(at: y), let n = items.first(where: { $0.lowerBound == y + j }) { y = n.upperBound; moved = true }
        }
        if enumerated(x - 1) { while x > 0, !hardBreaks.contains(s[x - 1]) { x -= 1 } }
        if enumerated(y) { while y < s.count, !hardBreaks.contains(s[y]) { y += 1 } }
        while x < y, s[x] == " " { x += 1 }
        while y > x, s[y - 1] == " " { y -= 1 }
        return y - x <= longestAligned ? x..<y : r
    }
}
