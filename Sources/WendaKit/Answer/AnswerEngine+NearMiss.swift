/// The engine's side of near misses (see `NearMiss`): which distinctive terms of the
/// question the best candidate's paragraph lacks, and what it has instead.
extension AnswerEngine {
    /// The near misses of candidate sentence `sentence` for the question's distinctive `terms`.
    func mismatches(_ terms: [NearMiss.Term], _ aq: AnalyzedQuestion, sentence: Int) -> [Mismatch] {
        guard !terms.isEmpty else { return [] }
        let ref = index.sentences[sentence]
        let par = index.paragraphs[Int(ref.paragraph)]
        let a = Int(par.article)
        let article = articles[a]
        let all = scalars[a]
        let range = article.paragraphs[Int(par.index)].range.clamped(to: 0..<all.count)
        let text = Array(all[range])
        let s = (Int(ref.start) - range.lowerBound)..<(Int(ref.end) - range.lowerBound)
        return NearMiss.mismatches(terms, question: Array(aq.text.unicodeScalars), questionFolded: aq.folded,
                                   paragraph: text, sentence: s.clamped(to: 0..<text.count),
                                   title: Array(article.title.unicodeScalars))
    }
}
