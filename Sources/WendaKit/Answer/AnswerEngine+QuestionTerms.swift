import Foundation

// The question's terms: what a question is searched with (its words, bigrams and
// characters with their IDF), which of them stand next to the question word, and the
// terms that say the same (synonyms, lexicon candidates).
extension AnswerEngine {
    /// A term of the question as answering weighs it: the term as the retriever knows it
    /// (`QueryTerm`: id, kind, text, query weight) and what only answer selection uses.
    /// Those stay out of `QueryTerm`, which every retriever (the saved index, segments,
    /// Xapian shards) takes and returns: synonyms, the relation asked about and the IDF as
    /// answering counts it are not the engine's to know.
    struct QuestionTerm {
        var term: QueryTerm
        var idf: Double
        /// Stands right next to the question word (the relation asked about: 何时去世 → 去世).
        var nearQuestionWord = false
        /// Ids of terms that say the same (去世 → 逝世, 过世, 卒…).
        var alternatives: [Int32] = []
        /// Ids of candidate synonyms from the lexicon (购买 → 采买), counted below an exact
        /// match (see `Synonyms+CEDICT`).
        var lexicon: [Int32] = []

        /// The term's id in the collection (−1: the collection lacks it).
        var id: Int32 { term.id }
        var kind: TermKind { term.kind }
        var text: String { term.text }
    }

    /// A term by its kind and text (what stands next to a question word).
    struct NearKey: Hashable {
        var kind: TermKind
        var text: String
    }

    /// The ids of the terms that say the same as `text` (see `Synonyms`), those the
    /// collection has.
    func alternativeIDs(_ text: String) -> [Int32] {
        Self.alternativeIDs(text, index)
    }

    static func alternativeIDs(_ text: String, _ index: any Retriever) -> [Int32] {
        Synonyms.alternatives(of: text).compactMap { alt in
            let kind: TermKind = alt.unicodeScalars.count == 1 ? .character : .bigram
            let id = index.termID(kind, alt)
            return id >= 0 ? id : nil
        }
    }

    /// `alternativeIDs` of every bigram and word of the collection that has alternatives,
    /// by its id: a question's terms look theirs up by id, their text not hashed.
    static func synonymIDs(_ index: any Retriever) -> [Int32: [Int32]] {
        // Every id looked up at once (one exchange with remote shards), then read here.
        var asked: [(kind: TermKind, text: String)] = []
        for word in Synonyms.table.keys {
            asked += [(.bigram, word), (.word, word)]
            for alt in Synonyms.alternatives(of: word) { asked.append((alt.unicodeScalars.count == 1 ? .character : .bigram, alt)) }
        }
        var known: [String: Int32] = [:]
        for (t, id) in zip(asked, index.termIDs(asked)) { known["\(t.kind.rawValue)\(t.text)"] = id }
        func id(_ kind: TermKind, _ text: String) -> Int32 { known["\(kind.rawValue)\(text)"] ?? index.termID(kind, text) }
        var out: [Int32: [Int32]] = [:]
        for word in Synonyms.table.keys {
            for kind in [TermKind.bigram, .word] {
                let w = id(kind, word)
                if w >= 0 {
                    out[w] = Synonyms.alternatives(of: word).compactMap { alt in
                        let a = id(alt.unicodeScalars.count == 1 ? .character : .bigram, alt)
                        return a >= 0 ? a : nil
                    }
                }
            }
        }
        return out
    }

    /// The question's terms, and what the retriever is asked with: each term's `QueryTerm`
    /// (for an English question read as Chinese, every form of each concept).
    func questionTerms(_ aq: AnalyzedQuestion) -> (query: [QueryTerm], terms: [QuestionTerm]) {
        let tokens = Segmenter.shared.tokenize(aq.text)
        let occ = TermExtractor.terms(folded: aq.folded, tokens: tokens, keep: aq.content)
        index.prefetch { Self.lookups(aq, occ) }
        let query = index.queryTerms(occ)
        let stats = index.statistics
        // Terms touching a question word (a particle such as 的/是/了 may stand between).
        // (A few at most: a list compared term by term, nothing hashed.)
        var near: [NearKey] = []
        for o in occ where o.kind != .character {
            for r in aq.questionWords {
                var a = o.end, b = o.start
                while a < r.lowerBound, !aq.content[a] { a += 1 }
                while b > r.upperBound, !aq.content[b - 1] { b -= 1 }
                if a == r.lowerBound || b == r.upperBound {
                    let key = NearKey(kind: o.kind, text: o.text)
                    if !near.contains(key) { near.append(key) }
                }
            }
        }
        let terms = query.map { q in
            QuestionTerm(term: q,
                         idf: q.id >= 0 ? stats.idf(q.id) : IndexStatistics.idf(documentFrequency: 0, passages: stats.passageCount),
                         nearQuestionWord: !near.isEmpty && near.contains { $0.kind == q.kind && $0.text == q.text },
                         alternatives: q.kind == .character ? [] : q.id >= 0 ? synonymIDs[q.id] ?? [] : alternativeIDs(q.text))
        }
        // An English question over Chinese articles: its concepts in Chinese (AnswerEngine+English).
        if aq.isEnglish, let chinese = chineseReading(aq, english: (query, terms)) { return chinese }
        return (query, weights.synonym != 0 ? withLexicon(terms) : terms)
    }

    /// Which passages a question retrieves and why (for `--explain`).
    public func explain(_ question: String, limit: Int = 3) -> [ScoreExplanation] {
        let aq = QuestionAnalyzer.analyze(question)
        let (query, _) = questionTerms(aq)
        return index.search(query, limit: limit).map { index.explain(query, passage: $0.passage) }
    }
}
