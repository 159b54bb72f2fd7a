/// Near misses of a modifier: the question asks of one kind of a thing (斯坦福大学的机器人小组)
/// and the quoted sentence speaks of another kind of it, between the same words
/// (斯坦福大学的自然语言处理小组). The modifier asked (机器人) is in neither the paragraph nor
/// the title, another one stands where it would; the passage is about something else.
extension NearMiss {
    /// The modifiers of a question: a noun of two or more characters standing right before
    /// another noun (the thing it modifies), after a third word (or a third word and 的),
    /// the three content words of the question with no numeral in them (the number's rule
    /// tells 第一 from 第二). `tokens` are the segmenter's tokens of `folded`.
    static func modifiers(_ tokens: [Token], folded: [Unicode.Scalar], content: [Bool]?) -> [Term] {
        func noun(_ k: Int) -> Bool {
            guard tokens.indices.contains(k) else { return false }
            let t = tokens[k]
            let r = t.start..<t.end
            guard t.kind == .word, r.count >= 2,
                  r.allSatisfy({ UnicodeText.isHan(folded[$0]) && !AnswerSpotter.isHanNumeral(folded[$0]) && (content?[$0] ?? true) })
            else { return false }
            let tag = WordTags.tag(t.norm)
            return tag != .function && tag != .verb
        }
        var out: [Term] = []
        for k in tokens.indices where noun(k) && noun(k + 1) && tokens[k].end == tokens[k + 1].start {
            // The word before: right before it, or before a 的 right before it.
            var from: Int?
            if noun(k - 1), tokens[k - 1].end == tokens[k].start {
                from = tokens[k - 1].start
            } else if k >= 2, tokens[k - 1].norm == "的", tokens[k - 1].end == tokens[k].start, noun(k - 2),
                      tokens[k - 2].end == tokens[k - 1].start {
                from = tokens[k - 2].start
            }
            guard let from else { continue }
            let m = tokens[k], h = tokens[k + 1]
            out.append(Term(kind: .modifier, range: m.start..<h.end, folded: Array(folded[m.start..<m.end]),
                            left: Array(folded[from..<m.start]), right: Array(folded[h.start..<h.end])))
        }
        return out
    }

    /// Where another modifier stands between the modifier `t`'s neighbours in the quoted
    /// sentence (`sentence`, a range of the folded paragraph `pf`): Han text of two
    /// characters or more, up to four longer than the one asked, with no particle, pronoun
    /// or numeral in it, not in the question. The range runs to the end of the noun
    /// modified (自然语言处理小组).
    static func otherModifier(_ t: Term, _ pf: [Unicode.Scalar], _ question: [Unicode.Scalar], sentence: Range<Int>) -> Range<Int>? {
        guard !t.left.isEmpty, !t.right.isEmpty else { return nil }
        for i in sentence where AnswerSpotter.starts(pf, i, t.right) {
            var s = i - 2
            while s >= sentence.lowerBound + t.left.count, i - s <= t.folded.count + 4 {
                let y = pf[s..<i]
                guard y.allSatisfy({ UnicodeText.isHan($0) && !notInNames.contains($0) && !AnswerSpotter.isHanNumeral($0) }) else { break }
                if AnswerSpotter.starts(pf, s - t.left.count, t.left) {
                    if !AnswerEngine.occurs(Array(y), in: question) { return s..<(i + t.right.count) }
                    break
                }
                s -= 1
            }
        }
        return nil
    }
}
