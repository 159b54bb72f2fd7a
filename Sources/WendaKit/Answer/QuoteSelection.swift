/// Which of the ranked sentences an answer quotes and how sure each is: a quote's score
/// relative to the best one, fewer quotes when the others are weak, weaker ones marked as
/// supporting, and a supporting quote highlighted only where it shows the kind of answer
/// asked for next to the question's words.
enum QuoteSelection {
    /// Below this share of the best quote's score a further quote is not given: on CMRC
    /// 2018 train it leaves out 15% of the further quotes, and the answer of 0.17% of the
    /// questions that only a later quote held (Benchmarks/eval/ANSWER-QUALITY.md).
    static let cutOff = 0.6
    /// Below this share a further quote is marked as supporting.
    static let supporting = 0.85
    /// How far (in characters) a supporting quote's highlight may stand from a word the
    /// question and the quote share.
    static let highlightReach = 8

    /// `score` relative to `best` (0…1, four decimals).
    static func relative(_ score: Double, best: Double) -> Double {
        guard best > 0 else { return score >= best ? 1 : 0 }
        return (min(1, max(0, score / best)) * 10000).rounded() / 10000
    }

    /// Whether a supporting quote keeps highlight `span` of `folded` (its scalars, folded):
    /// the span is an item of the type asked (a date, a number, a person, a place, an
    /// organisation) and stands near a word the question shares with the quote.
    static func deserves(_ span: Range<Int>, in folded: [Unicode.Scalar], original: [Unicode.Scalar], _ aq: AnalyzedQuestion) -> Bool {
        guard span.lowerBound >= 0, span.upperBound <= folded.count, isOfType(span, folded, original, aq.answerType) else { return false }
        return nearQuestion(span, folded, aq)
    }

    static func isOfType(_ span: Range<Int>, _ folded: [Unicode.Scalar], _ original: [Unicode.Scalar], _ type: AnswerType) -> Bool {
        switch type {
        case .date, .number:
            return AnswerSpotter.spans(type, in: folded).contains { $0.overlaps(span) }
                || NearMiss.numbers(folded).contains { $0.range.overlaps(span) }
        case .person, .place, .organisation:
            let want: WordClass = type == .person ? .person : type == .place ? .place : .organisation
            let tokens = Segmenter.shared.tokenize(scalars: Array(folded[span]))
            if tokens.contains(where: { WordTags.tag($0.norm) == want }) { return true }
            // A name in Latin letters (Eric Horvitz, Harbor Securities).
            return NearMiss.latinNames(Array(original[span])).contains { $0.count * 2 >= span.count }
        default:
            return false
        }
    }

    /// Whether a word of the question (two Han characters, or a Latin word of three
    /// letters or more) stands in `folded` within `highlightReach` of `span`, outside it.
    static func nearQuestion(_ span: Range<Int>, _ folded: [Unicode.Scalar], _ aq: AnalyzedQuestion) -> Bool {
        let q = aq.folded
        var pieces: [[Unicode.Scalar]] = []
        var i = 0
        while i < q.count {
            if NearMiss.isLatinLetter(q[i]) {
                var e = i
                while e < q.count, NearMiss.isLatinLetter(q[e]) { e += 1 }
                let w = Array(q[i..<e])
                if w.count >= 3, !EnglishText.isStopWord(String(String.UnicodeScalarView(w))), aq.content[i] { pieces.append(w) }
                i = e
                continue
            }
            if i + 1 < q.count, UnicodeText.isHan(q[i]), UnicodeText.isHan(q[i + 1]), aq.content[i], aq.content[i + 1] {
                pieces.append([q[i], q[i + 1]])
            }
            i += 1
        }
        let lo = max(0, span.lowerBound - highlightReach), hi = min(folded.count, span.upperBound + highlightReach)
        for p in pieces where p.count <= hi - lo {
            for k in lo...(hi - p.count) where !(k..<(k + p.count)).overlaps(span) {
                if AnswerSpotter.starts(folded, k, p) { return true }
            }
        }
        return false
    }
}
