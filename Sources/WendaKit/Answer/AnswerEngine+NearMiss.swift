/// The engine's side of near misses (see `NearMiss`): which distinctive terms of the
/// question the best candidate's paragraph lacks, and what it has instead; else which
/// names of the question the collection or the best candidate's article never mentions.
extension AnswerEngine {
    /// The near misses of candidate sentence `sentence` for the question's distinctive `terms`.
    /// `known`: the question's terms, whose bigrams' ids are not looked up again.
    func mismatches(_ terms: [NearMiss.Term], _ aq: AnalyzedQuestion, sentence: Int, hits: [ParagraphScore] = [],
                    known: [QuestionTerm] = []) -> [Mismatch] {
        let ref = index.sentence(sentence)
        let par = index.paragraph(Int(ref.paragraph))
        let a = Int(par.article)
        let article = articles[a]
        let all = scalars[a]
        let question = Array(aq.text.unicodeScalars)
        if !terms.isEmpty {
            let range = article.paragraphs[Int(par.index)].range.clamped(to: 0..<all.count)
            let text = Array(all[range])
            let s = (Int(ref.start) - range.lowerBound)..<(Int(ref.end) - range.lowerBound)
            let found = NearMiss.mismatches(terms, question: question, questionFolded: aq.folded,
                                            paragraph: text, sentence: s.clamped(to: 0..<text.count),
                                            title: Array(article.title.unicodeScalars))
            if !found.isEmpty { return found }
        }
        let seen = bigramsSeen(aq.folded, known: known)
        let folded = foldedArticles[a]
        // The articles of the retrieved paragraphs, each once, when first asked for.
        lazy var retrieved: [[Unicode.Scalar]] = {
            var seenArticles: Set<Int> = [a]
            var out = [folded]
            for h in hits {
                let b = Int(index.paragraph(h.paragraph).article)
                guard seenArticles.insert(b).inserted else { continue }
                out.append(foldedArticles[b])
            }
            return out
        }()
        return NearMiss.nameMismatches(question: question, questionFolded: aq.folded, content: aq.content,
                                       title: article.title, article: folded,
                                       seen: { seen[$0] }, retrieved: { retrieved })
    }

    /// For each place of a folded text, whether the collection holds the Han bigram
    /// starting there (its document frequency, from the retriever's statistics, above 0).
    /// `known`: terms whose ids are known already (the question's own): only the bigrams
    /// they lack are looked up in the term dictionary (and made into strings for it).
    func bigramsSeen(_ folded: [Unicode.Scalar], known: [QuestionTerm] = []) -> [Bool] {
        let stats = index.statistics
        var knownIDs: [UInt64: Int32] = [:]
        knownIDs.reserveCapacity(known.count)
        for t in known where t.kind == .bigram {
            var it = t.text.unicodeScalars.makeIterator()
            if let x = it.next(), let y = it.next(), it.next() == nil { knownIDs[UInt64(x.value) << 32 | UInt64(y.value)] = t.id }
        }
        var places: [Int] = []
        var lookups: [(kind: TermKind, text: String)] = []
        var seen = [Bool](repeating: false, count: folded.count)
        for i in folded.indices.dropLast() where UnicodeText.isHan(folded[i]) && UnicodeText.isHan(folded[i + 1]) {
            let key = UInt64(folded[i].value) << 32 | UInt64(folded[i + 1].value)
            if let id = knownIDs[key] {
                seen[i] = id >= 0 && stats.documentFrequency(id) > 0
                continue
            }
            if bigramsHeld[key] != nil {
                seen[i] = true
                continue
            }
            places.append(i)
            lookups.append((.bigram, String(String.UnicodeScalarView([folded[i], folded[i + 1]]))))
        }
        guard !places.isEmpty else { return seen }
        for (i, id) in zip(places, index.termIDs(lookups)) {
            seen[i] = id >= 0 && stats.documentFrequency(id) > 0
            // Only what the collection holds is kept: a look-up that failed (a shard out of
            // reach) says "not held" and is asked again next time.
            if seen[i] { bigramsHeld[UInt64(folded[i].value) << 32 | UInt64(folded[i + 1].value)] = true }
        }
        return seen
    }
}
