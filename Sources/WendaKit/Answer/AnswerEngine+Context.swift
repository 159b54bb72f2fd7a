/// Context across paragraphs: an article's lines are paragraphs, and one source block (an
/// HTML `<p>` of `<br/>`-separated lines) may hold several. A lead-in line ("去年…的中位数，
/// 前两名都和医学有关。") is quoted with the next line of its block when only that one holds
/// the amount asked for; a section heading (a line that is a block of its own, short, not a
/// sentence) lends its words, weakly, to the paragraphs under it.
extension AnswerEngine {
    /// What context needs of an article's structure: each paragraph's block, and the
    /// heading above it (0-based paragraphs; −1: none). A section runs to the next heading.
    struct ArticleLayout: Sendable {
        var blocks: [Int32]
        var headings: [Int32]

        init(_ article: Article) {
            blocks = article.paragraphs.map { Int32(truncatingIfNeeded: $0.block) }
            headings = []
            headings.reserveCapacity(blocks.count)
            var current: Int32 = -1
            for i in article.paragraphs.indices {
                if AnswerEngine.isHeading(i, in: article) {
                    current = Int32(i)
                    headings.append(-1)
                } else {
                    headings.append(current)
                }
            }
        }
    }

    /// The longest line taken for a heading, in letters and Han characters.
    static let longestHeading = 24
    /// What a heading does not end with: a line ending so is a sentence or a lead-in.
    static let sentenceEnds: Set<Unicode.Scalar> = Set("。．.，,；;：:、".unicodeScalars)

    /// Whether paragraph `i` of `article` is a section heading: the only line of its block,
    /// one sentence, short, not ending as a sentence does, with a paragraph after it.
    static func isHeading(_ i: Int, in article: Article) -> Bool {
        let ps = article.paragraphs
        guard i + 1 < ps.count, ps[i].sentences.count == 1, ps[i + 1].block != ps[i].block,
              i == 0 || ps[i - 1].block != ps[i].block else { return false }
        let text = Array(article.slice(ps[i].range).unicodeScalars)
        var letters = 0
        for c in text where isLetter(c) { letters += 1 }
        guard letters >= 2, letters <= longestHeading else { return false }
        var e = text.count - 1
        while e >= 0, text[e].properties.isWhitespace { e -= 1 }
        return e >= 0 && !sentenceEnds.contains(text[e])
    }

    /// The first sentence of the heading above global paragraph `g` (nil: none).
    func headingSentence(ofParagraph g: Int) -> Int? {
        let par = index.paragraph(g)
        let h = Int(layout[Int(par.article)].headings[Int(par.index)])
        guard h >= 0 else { return nil }
        let hg = g - (Int(par.index) - h)
        guard hg >= 0 else { return nil }
        let hp = index.paragraph(hg)
        guard hp.article == par.article, Int(hp.index) == h, hp.endSentence > hp.firstSentence else { return nil }
        return Int(hp.firstSentence)
    }

    /// For each of the question's term ids, whether the heading above global paragraph `g`
    /// holds it (nil: no heading).
    func headingTerms(ofParagraph g: Int, _ qids: [Int32]) -> [Bool]? {
        guard let h = headingSentence(ofParagraph: g) else { return nil }
        let terms = index.termBuffer(ofSentence: h)
        let out = qids.map { $0 >= 0 && BinarySearch.contains(terms, $0) }
        return out.contains(true) ? out : nil
    }

    /// The first sentence of the line after sentence `s` when `s` ends its line and the
    /// next line stands in the same block (nil otherwise).
    func nextLineInBlock(_ s: Int) -> Int? {
        let ref = index.sentence(s)
        let g = Int(ref.paragraph)
        let par = index.paragraph(g)
        guard s + 1 == Int(par.endSentence), g + 1 < index.paragraphs.count else { return nil }
        let next = index.paragraph(g + 1)
        guard next.article == par.article, next.index == par.index + 1, next.endSentence > next.firstSentence else { return nil }
        let blocks = layout[Int(par.article)].blocks
        guard Int(next.index) < blocks.count, blocks[Int(par.index)] == blocks[Int(next.index)] else { return nil }
        return Int(next.firstSentence)
    }

    /// Whether sentence `s` leads in to the next line of its block: it ends its line
    /// mid-clause (：，), or the question asks for a date, a number or a reason that `s`
    /// lacks and the next line holds.
    func leadsIn(_ s: Int, _ aq: AnalyzedQuestion, _ questionFolded: [Unicode.Scalar]) -> Bool {
        guard weights.joinLine != 0, let n = nextLineInBlock(s) else { return false }
        let ref = index.sentence(s)
        let text = scalars[Int(index.paragraph(Int(ref.paragraph)).article)]
        var e = Int(ref.end) - 1
        while e > Int(ref.start), text[e].isSpace { e -= 1 }
        if Self.clauseEnds.contains(text[e]) { return true }
        guard [.date, .number, .reason].contains(aq.answerType) else { return false }
        return !holdsAsked(aq.answerType, s, questionFolded) && holdsAsked(aq.answerType, n, questionFolded)
    }

    /// `hasAnswerItem`, a rank not counted as an amount (前两名, 第一): a lead-in ranks, the
    /// line after it gives the figure.
    func holdsAsked(_ type: AnswerType, _ s: Int, _ questionFolded: [Unicode.Scalar]) -> Bool {
        guard type == .number else { return hasAnswerItem(type, s, questionFolded) }
        let ref = index.sentence(s)
        let text = scalars[Int(index.paragraph(Int(ref.paragraph)).article)]
        let folded = text[Int(ref.start)..<Int(ref.end)].map { Normalizer.fold($0) }
        return AnswerSpotter.numbers(folded).contains { r in
            !Self.occurs(Array(folded[r]), in: questionFolded) && !AnswerSpotter.isRank(r, folded)
        }
    }

    /// The 1-based number, within its article, of the paragraph holding sentence `s`.
    func paragraphNumber(ofSentence s: Int) -> Int {
        paragraphInfo[Int(index.sentence(s).paragraph)].number
    }
}
