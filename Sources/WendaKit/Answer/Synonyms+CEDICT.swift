/// Candidate synonyms from a licensed lexicon: two-character words that share a gloss in
/// CC-CEDICT (购买 and 采买 both gloss "purchase"; `Resources/cedict`, CC BY-SA 4.0). They
/// widen what a question matches (a reworded question: 计划购买 / 目标要采买), weighted
/// below an exact match (`SelectionWeights.synonym`), and their share of the support never
/// exceeds what exact matches give, so a synonym alone never answers.
extension Synonyms {
    /// The lexicon's candidate synonyms of `word` (two characters) that the hand-made
    /// groups do not already give.
    static func lexicon(of word: String) -> [String] {
        guard word.unicodeScalars.count == 2, let ce = ChineseEnglish.shared else { return [] }
        let hand = alternatives(of: word)
        return ce.synonyms(of: word).filter { !hand.contains($0) && $0 != word }
    }
}

extension AnswerEngine {
    /// `terms` with the ids of their lexicon synonyms that the collection has (bigrams and
    /// words of two characters; all looked up at once), none that is a term of the question.
    func withLexicon(_ terms: [QuestionTerm]) -> [QuestionTerm] {
        var asked: [(kind: TermKind, text: String)] = []
        var wanted: [[Int]] = []
        for q in terms {
            var at: [Int] = []
            if q.kind == .bigram || q.kind == .word {
                for alt in Synonyms.lexicon(of: q.text) {
                    at.append(asked.count)
                    asked.append((q.kind, alt))
                }
            }
            wanted.append(at)
        }
        guard !asked.isEmpty else { return terms }
        let ids = index.termIDs(asked)
        let own = Set(terms.map(\.id))
        var out = terms
        for k in out.indices {
            out[k].lexicon = wanted[k].map { ids[$0] }.filter { $0 >= 0 && !own.contains($0) && !out[k].alternatives.contains($0) }
        }
        return out
    }
}
