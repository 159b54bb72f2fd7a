import Foundation

// The no-answer confidence: the features an answer rests on, the logistic score over
// them (weights in `SelectionWeights`, fitted by `Benchmarks/eval/calibrate_noanswer.py`),
// and the threshold below which wenda says there is no answer.
extension AnswerEngine {
    /// What the no-answer confidence is made of: the best sentence's score, the support
    /// of its paragraph, the best paragraph's retrieval score relative to the question's
    /// score against itself (terms missing from the collection count there too), the
    /// margin between the first two paragraphs, the share of the best article's title in
    /// the question, the number of content terms; then the support of what the question
    /// asks beyond the topic (its terms not in the title), the share of the question's
    /// characters in the paragraph, an expected item missing from the best sentence, the
    /// rarest content term the paragraph lacks (IDF relative to the largest), the margin
    /// of the best sentence over the best one of another article, the best article's
    /// share of the retrieved paragraphs' scores, and the best paragraph of another
    /// article relative to the first; whether the best sentence is a near miss (see
    /// `NearMiss`: `mismatched`); last, whether it holds the asked-for item (see
    /// `holdsAskedItem`).
    /// `found`, when given, says which question terms the best paragraph holds (as the
    /// sentence loop found them), so they are not looked up again.
    func confidenceFeatures(best: Candidate, hits: [ParagraphScore], qterms: [QTerm], aq: AnalyzedQuestion,
                            candidates: [Candidate], found: ArraySlice<Bool>? = nil, mismatched: Bool = false) -> [Double] {
        let opts = index.options
        let n = index.statistics.passageCount
        let maxIDF = IndexStatistics.idf(documentFrequency: 0, passages: n)
        var selfScore = 0.0
        for t in qterms where t.kind != .character {
            let idf = t.id >= 0 ? t.idf : maxIDF
            selfScore += opts.weight(t.kind) * idf
        }
        let top = hits.first?.score ?? 0
        let second = hits.count > 1 ? hits[1].score : 0
        let par = index.paragraphs[best.paragraph]
        let a = Int(par.article)
        let qchars = Set(qterms.filter { $0.kind == .character }.map(\.id))
        let tc = titleCharacters[a]
        let th = titleCharacterIDs[a].reduce(0) { $0 + (qchars.contains($1) ? 1 : 0) }
        // Which question terms the best paragraph holds.
        let title = index.titleTermBuffer(ofArticle: a)
        var inParagraph = [Bool](repeating: false, count: qterms.count)
        if let found, found.count == qterms.count {
            inParagraph = Array(found)
        } else {
            for s in Int(par.firstSentence)..<Int(par.endSentence) {
                let st = index.termBuffer(ofSentence: s)
                for (k, t) in qterms.enumerated() where !inParagraph[k] {
                    inParagraph[k] = (t.id >= 0 && BinarySearch.contains(st, t.id)) || t.alternatives.contains { BinarySearch.contains(st, $0) }
                }
            }
        }
        var beyondAll = 0.0, beyondFound = 0.0, charAll = 0.0, charFound = 0.0, missing = 0.0
        for (k, t) in qterms.enumerated() {
            let idf = t.id >= 0 ? t.idf : maxIDF
            if t.kind == .character {
                charAll += idf
                if inParagraph[k] { charFound += idf }
                continue
            }
            if !inParagraph[k] { missing = max(missing, idf / maxIDF) }
            if t.id >= 0 && BinarySearch.contains(title, t.id) { continue }
            beyondAll += idf
            if inParagraph[k] { beyondFound += idf }
        }
        let typed = [AnswerType.date, .number, .reason].contains(aq.answerType)
        let itemMissing = typed && !hasAnswerItem(aq.answerType, best.sentence, aq.folded) ? 1.0 : 0.0
        let itemHeld = holdsAskedItem(aq, sentence: best.sentence) ? 1.0 : 0.0
        let other = candidates.first { Int(index.paragraphs[$0.paragraph].article) != a }?.score ?? 0
        // How much of the retrieved paragraphs' score the best article holds, and the best
        // paragraph of another article relative to the first.
        var sameArticle = 0.0, all = 0.0, otherTop = 0.0
        for h in hits.prefix(weights.paragraphs) {
            all += h.score
            if Int(index.paragraphs[h.paragraph].article) == a { sameArticle += h.score } else { otherTop = max(otherTop, h.score) }
        }
        return [best.score, best.support, selfScore > 0 ? top / selfScore : 0, top > 0 ? (top - second) / top : 0,
                tc.isEmpty ? 0 : Double(th) / Double(tc.count), Double(qterms.filter { $0.kind != .character }.count),
                beyondAll > 0 ? beyondFound / beyondAll : best.support, charAll > 0 ? charFound / charAll : 0,
                itemMissing, missing, best.score - other, all > 0 ? sameArticle / all : 0, top > 0 ? otherTop / top : 0,
                mismatched ? 1 : 0, itemHeld]
    }

    /// Whether sentence `s` holds exactly what the question asks for, beyond the question
    /// itself: a number with the question's measure word or unit (多少片 → 三十五万片; any
    /// number when the question names no unit), a date, or a person's name for a
    /// who-question. A reworded question whose words barely meet the sentence's is still
    /// answered by it when the asked-for item stands there.
    func holdsAskedItem(_ aq: AnalyzedQuestion, sentence s: Int) -> Bool {
        let q = aq.folded
        switch aq.answerType {
        case .number:
            guard let unit = aq.unit else { return hasAnswerItem(.number, s, q) }
            return sentenceFeatures[s].numbers.contains { Self.hasSuffix($0, unit) && !Self.occurs($0, in: q) }
        case .date:
            return hasAnswerItem(.date, s, q)
        case .person:
            let ref = index.sentences[s]
            let a = Int(index.paragraphs[Int(ref.paragraph)].article)
            let original = Array(scalars[a][Int(ref.start)..<Int(ref.end)])
            let folded = original.map { Normalizer.fold($0) }
            let tokens = Segmenter.shared.tokenize(scalars: folded)
            return AnswerSpotter.people(tokens, original: original, folded: folded).contains {
                !Self.occurs(Array(folded[$0]), in: q)
            }
        default:
            return false
        }
    }

    /// Features whose square also enters the confidence (support, characters found,
    /// retrieval ratio, title share); their weights follow the features' own.
    static let squaredFeatures = [1, 7, 2, 4]

    /// The no-answer confidence of an answer (a logit; see `SelectionWeights`): a weight
    /// for each feature (the number of content terms as ln(1 + n)), then one for the
    /// square of each of `squaredFeatures`.
    func confidence(_ f: [Double]) -> Double {
        var z = weights.confidenceBias
        let w = weights.confidenceWeights
        for k in 0..<min(w.count, f.count) { z += w[k] * (k == 5 ? log(1 + f[k]) : f[k]) }
        for (j, k) in Self.squaredFeatures.enumerated() where k < f.count && f.count + j < w.count {
            z += w[f.count + j] * f[k] * f[k]
        }
        return z
    }

    /// The confidence below which there is no answer, for the size of this collection.
    var noAnswerThreshold: Double {
        weights.noAnswerBase + weights.noAnswerSlope * log(Double(max(index.paragraphs.count, 1)))
    }
}
