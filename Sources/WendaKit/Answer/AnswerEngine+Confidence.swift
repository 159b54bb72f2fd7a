import Foundation

// The no-answer confidence: the features an answer rests on, the logistic score over
// them (weights in `SelectionWeights`, fitted by `Benchmarks/eval/calibrate_noanswer.py`),
// and the threshold below which wenda says there is no answer.
extension AnswerEngine {
    /// The features of the no-answer confidence for `best` (see `ConfidenceFeature`, which
    /// says what each measures).
    /// `found`, when given, says which question terms the best paragraph holds (as the
    /// sentence loop found them), so they are not looked up again.
    func confidenceFeatures(best: Candidate, hits: [ParagraphScore], qterms: [QuestionTerm], aq: AnalyzedQuestion,
                            candidates: [Candidate], found: ArraySlice<Bool>? = nil, mismatched: Bool = false) -> ConfidenceFeatures {
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
        let par = index.paragraph(best.paragraph)
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
        let other = candidates.first { Int(index.paragraph($0.paragraph).article) != a }?.score ?? 0
        // How much of the retrieved paragraphs' score the best article holds, and the best
        // paragraph of another article relative to the first.
        var sameArticle = 0.0, all = 0.0, otherTop = 0.0
        for h in hits.prefix(weights.paragraphs) {
            all += h.score
            if Int(index.paragraph(h.paragraph).article) == a { sameArticle += h.score } else { otherTop = max(otherTop, h.score) }
        }
        var f = ConfidenceFeatures()
        f[.bestSentenceScore] = best.score
        f[.paragraphSupport] = best.support
        f[.retrievalRatio] = selfScore > 0 ? top / selfScore : 0
        f[.paragraphMargin] = top > 0 ? (top - second) / top : 0
        f[.titleInQuestionShare] = tc.isEmpty ? 0 : Double(th) / Double(tc.count)
        f[.contentTerms] = Double(qterms.filter { $0.kind != .character }.count)
        f[.supportBeyondTitle] = beyondAll > 0 ? beyondFound / beyondAll : best.support
        f[.questionCharactersFound] = charAll > 0 ? charFound / charAll : 0
        f[.expectedItemMissing] = itemMissing
        f[.rarestMissingTerm] = missing
        f[.marginOverOtherArticle] = best.score - other
        f[.bestArticleShare] = all > 0 ? sameArticle / all : 0
        f[.otherArticleRatio] = top > 0 ? otherTop / top : 0
        f[.nearMissFound] = mismatched ? 1 : 0
        f[.askedItemHeld] = itemHeld
        return f
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
            return sentenceFeatures(s).numbers.contains { Self.hasSuffix($0, unit) && !Self.occurs($0, in: q) }
        case .date:
            return hasAnswerItem(.date, s, q)
        case .person:
            let ref = index.sentence(s)
            let a = Int(index.paragraph(Int(ref.paragraph)).article)
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

    /// The no-answer confidence of an answer (a logit; see `ConfidenceWeights`).
    func confidence(_ f: ConfidenceFeatures) -> Double {
        weights.confidence.confidence(f)
    }

    /// Whether the best sentence answers the question: its paragraph supports it and its
    /// score is high enough, and the no-answer confidence reaches the threshold (on a
    /// collection too small for the confidence's calibration, the support alone decides).
    func isConfident(_ best: Candidate, _ scored: ScoredSentences, hits: [ParagraphScore], qterms: [QuestionTerm], aq: AnalyzedQuestion) -> Bool {
        let w = weights
        guard best.support >= w.minSupport, best.score >= w.minScore else { return false }
        if Double(index.paragraphs.count) < w.calibratedParagraphs { return best.support >= w.smallMinSupport }
        let f = confidenceFeatures(best: best, hits: hits, qterms: qterms, aq: aq, candidates: scored.candidates,
                                   found: scored.found(inParagraph: best.paragraph), mismatched: false)
        return confidence(f) >= noAnswerThreshold
    }

    /// Hands the best sentence's features to `LibrarySettings.featureSink`, when one is
    /// set (for calibration): the question, then `name=value` of each.
    func reportFeatures(_ question: String, _ scored: ScoredSentences, hits: [ParagraphScore], qterms: [QuestionTerm],
                        aq: AnalyzedQuestion, mismatched: Bool) {
        guard let best = scored.candidates.first, let sink = LibrarySettings.featureSink else { return }
        let f = confidenceFeatures(best: best, hits: hits, qterms: qterms, aq: aq, candidates: scored.candidates, mismatched: mismatched)
        sink(question.replacingOccurrences(of: "\t", with: " ") + "\t" + f.line)
    }

    /// The confidence below which there is no answer, for the size of this collection.
    var noAnswerThreshold: Double {
        weights.noAnswerBase + weights.noAnswerSlope * log(Double(max(index.paragraphs.count, 1)))
    }
}
