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
    /// words of two characters), none that is a term of the question. A word's ids are
    /// looked up once (those of the words not met before all at once) and kept.
    func withLexicon(_ terms: [QuestionTerm]) -> [QuestionTerm] {
        // Each term's ids: known, none (a term with no lexicon synonyms), or nil (to look up).
        var ids: [[Int32]?] = terms.map { q in
            guard let key = Self.lexiconKey(q) else { return [] }
            return lexiconIDs[key]
        }
        var asked: [(kind: TermKind, text: String)] = []
        var wanted: [(term: Int, from: Int)] = []
        for (k, q) in terms.enumerated() where ids[k] == nil {
            wanted.append((k, asked.count))
            for alt in Synonyms.lexicon(of: q.text) { asked.append((q.kind, alt)) }
        }
        if !wanted.isEmpty {
            let found = asked.isEmpty ? [] : index.termIDs(asked)
            for (j, w) in wanted.enumerated() {
                let to = j + 1 < wanted.count ? wanted[j + 1].from : asked.count
                let known = found[w.from..<to].filter { $0 >= 0 }
                ids[w.term] = known
                if let key = Self.lexiconKey(terms[w.term]) { lexiconIDs[key] = known }
            }
        }
        guard ids.contains(where: { $0?.isEmpty == false }) else { return terms }
        let own = Set(terms.map(\.id))
        var out = terms
        for k in out.indices {
            out[k].lexicon = (ids[k] ?? []).filter { !own.contains($0) && !out[k].alternatives.contains($0) }
        }
        return out
    }

    /// The key of a term in `lexiconIDs`: its kind and two characters (nil for a term that
    /// has no lexicon synonyms: not a bigram or word of two characters).
    static func lexiconKey(_ q: QuestionTerm) -> Int64? {
        guard q.kind == .bigram || q.kind == .word else { return nil }
        var it = q.text.unicodeScalars.makeIterator()
        guard let a = it.next(), let b = it.next(), it.next() == nil else { return nil }
        return Int64(q.kind.rawValue) << 42 | Int64(a.value) << 21 | Int64(b.value)
    }
}
