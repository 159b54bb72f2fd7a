import Foundation

// Quoting, the last stage of answering: the best sentences quoted verbatim, a neighbour
// joined when the answer runs across, each sentence quoted once, with its citation and
// the highlighted answer span; further quotes weighed against the first (`QuoteSelection`).
extension AnswerEngine {
    /// The quotes of an answer from `candidates` (best first): at most `top`, those too
    /// weak to give kept apart for the shell's /more.
    func quotes(_ candidates: [Candidate], _ aq: AnalyzedQuestion, question: String, top: Int)
        -> (answers: [QuotedSentence], weaker: [QuotedSentence])
    {
        let w = weights
        let questionFolded = aq.folded
        // The score of a sentence among the candidates (the last one listed, should it be
        // listed twice); looked up for the few quoted ones only.
        func scoreOf(_ sentence: Int) -> Double? {
            candidates.last { $0.sentence == sentence }?.score
        }
        // Each sentence quoted once: what an earlier quote already covers (a neighbour
        // joined to it) is left out of the later ones.
        var quotedSpans: [ClosedRange<Int>] = []
        let hq = AnswerSpotter.HighlightQuestion(aq)
        var answers: [QuotedSentence] = []
        let bestScore = candidates.first?.score ?? 0
        // Quotes too weak to give (candidates come best first): kept for the shell's /more.
        var weaker: [QuotedSentence] = []
        // Whether the question asks for a list's items: told once, not for every candidate.
        let itemsAsked = Self.asksForItems(question)
        // Whether each article quoted has changed in its source file: one `stat` an
        // article an answer, however many of its sentences are quoted.
        var stale: [(article: Int, stale: Bool)] = []
        for c in candidates {
            if answers.count + weaker.count >= max(1, top) { break }
            let relative = QuoteSelection.relative(c.score, best: bestScore)
            var from = c.sentence, to = c.sentence
            if joinsNext(c.sentence, aq, questionFolded) || leadsIn(c.sentence, aq, questionFolded) {
                to += 1
            } else if w.joinMargin > 0 {
                let prev = scoreOf(c.sentence - 1).flatMap { index.sentence(c.sentence - 1).paragraph == index.sentence(c.sentence).paragraph ? $0 : nil }
                let next = scoreOf(c.sentence + 1).flatMap { index.sentence(c.sentence + 1).paragraph == index.sentence(c.sentence).paragraph ? $0 : nil }
                let p = prev ?? -.infinity, n = next ?? -.infinity
                if max(p, n) >= c.score - w.joinMargin { if n >= p { to += 1 } else { from -= 1 } }
            }
            // A list asked for: its lead-in and items together.
            if itemsAsked, let list = listQuote(c.sentence, question: question) { from = list.lowerBound; to = list.upperBound }
            // Sentences already quoted are left out of this quote; nothing left, no quote.
            func covered(_ i: Int) -> Bool { quotedSpans.contains { $0.contains(i) } }
            while from <= to, covered(from) { from += 1 }
            while to >= from, covered(to) { to -= 1 }
            if from > to || (from...to).contains(where: covered) { continue }
            quotedSpans.append(from...to)
            let q = quote(c, from: from, to: to, hq, relative: relative, supporting: !answers.isEmpty && relative < QuoteSelection.supporting, aq,
                          stale: &stale)
            if !answers.isEmpty && relative < QuoteSelection.cutOff { weaker.append(q) } else { answers.append(q) }
        }
        return (answers, weaker)
    }

    static let connectives: [[Unicode.Scalar]] = ["但", "而", "并", "因此", "所以", "其中", "此外", "同时", "后来", "之后", "随后", "然而", "不过", "故", "即"].map { Array($0.unicodeScalars) }
    static let clauseEnds: Set<Unicode.Scalar> = Set("：:，,、".unicodeScalars)
    static let semicolons: Set<Unicode.Scalar> = Set("；;".unicodeScalars)

    /// Whether the answer clearly runs on into the next sentence of the same paragraph:
    /// the sentence is very short, stops mid-clause, the next one continues it (a pronoun,
    /// a connective), or only the next one holds an item of the expected type.
    func joinsNext(_ s: Int, _ aq: AnalyzedQuestion, _ questionFolded: [Unicode.Scalar]) -> Bool {
        let ref = index.sentence(s)
        let par = index.paragraph(Int(ref.paragraph))
        guard s + 1 < Int(par.endSentence) else { return false }
        let w = weights
        let text = scalars[Int(par.article)]
        if Double(sentenceFeatures(s).length) < w.joinShort { return true }
        if w.joinClause != 0 {
            var e = Int(ref.end) - 1
            while e > Int(ref.start), text[e].isSpace { e -= 1 }
            if Self.clauseEnds.contains(text[e]) { return true }
            // A semicolon: the sentence is one item of a list that runs on.
            if w.joinSemicolon != 0, Self.semicolons.contains(text[e]) { return true }
        }
        let next = index.sentence(s + 1)
        var b = Int(next.start)
        while b < Int(next.end), text[b].isSpace { b += 1 }
        if w.joinPronoun != 0, b < Int(next.end) {
            if Self.isPronoun(Normalizer.fold(text[b])) { return true }
            if Self.connectives.contains(where: { c in b + c.count <= Int(next.end) && text[b..<(b + c.count)].lazy.map(Normalizer.fold).elementsEqual(c) }) { return true }
        }
        if w.joinType != 0, [.date, .number, .reason].contains(aq.answerType),
           !hasAnswerItem(aq.answerType, s, questionFolded), hasAnswerItem(aq.answerType, s + 1, questionFolded) {
            return true
        }
        return false
    }

    /// Quotes sentences `from`…`to` around candidate `c` (one paragraph, or a line and the
    /// next line of its block), scored `relative` to the best quote.
    func quote(_ c: Candidate, from: Int, to: Int, _ hq: AnswerSpotter.HighlightQuestion,
               relative: Double, supporting: Bool, _ aq: AnalyzedQuestion,
               stale: inout [(article: Int, stale: Bool)]) -> QuotedSentence {
        let ref = index.sentence(from)
        let par = index.paragraph(Int(ref.paragraph))
        let a = Int(par.article)
        let article = articles[a]
        let isStale: Bool
        if let known = stale.first(where: { $0.article == a }) {
            isStale = known.stale
        } else {
            isStale = sourceCheck?.isStale(article) ?? false
            stale.append((a, isStale))
        }
        let range = Int(ref.start)..<Int(index.sentence(to).end)
        let s = Array(scalars[a][range])
        var highlight: [[Int]] = []
        let folded = s.map { Normalizer.fold($0) }
        if let r = AnswerSpotter.highlight(hq, original: s, folded: folded),
           !supporting || QuoteSelection.deserves(r, in: folded, original: s, aq) {
            highlight = [[r.lowerBound, r.upperBound]]
        }
        let citation = Citation(
            docId: article.id, title: article.title, author: article.author, date: article.date, source: article.source,
            url: article.url, page: article.page(ofParagraph: article.paragraphs[Int(par.index)].number),
            paragraph: article.paragraphs[Int(par.index)].number, sentence: Int(ref.index) + 1,
            sentenceEnd: Int(index.sentence(to).index) + 1, paragraphEnd: paragraphNumber(ofSentence: to),
            start: range.lowerBound, end: range.upperBound,
            stale: isStale)
        return QuotedSentence(text: UnicodeText.string(s), score: relative, highlight: highlight, citation: citation,
                              supporting: supporting)
    }
}
