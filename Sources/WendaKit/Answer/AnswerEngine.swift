import Foundation

/// Answers questions over a set of articles: analyses the question, retrieves passages
/// from the TF-IDF index, ranks the sentences of the best ones, and quotes the best
/// sentences verbatim with their citations — or says there is no answer and shows the
/// nearest passages.
public final class AnswerEngine: QuestionAnswering {
    /// The collection's index, as answering sees it (see `Retriever`).
    public let index: any Retriever
    public let weights: SelectionWeights
    /// The scalars of each article's text, for slicing quotes and spotting answer items.
    /// These per-article, per-paragraph and per-sentence tables are filled the first time
    /// an entry is asked for (`LazyTable`), so an engine over a saved index starts without
    /// going through every sentence; each keeps a bounded number of entries (`kept`).
    let scalars: LazyTable<[Unicode.Scalar]>
    /// Each paragraph's text, number and article id (global paragraph numbers of the
    /// index): what a retrieved passage shows, without reading its article again.
    let paragraphInfo: LazyTable<ParagraphInfo>
    /// Per paragraph (global numbers), for each of its sentences: letters and Han
    /// characters; dates and numbers in it (folded text); whether it gives a reason. (A
    /// paragraph's at once: scoring reads every sentence of a paragraph, one table read.)
    let paragraphFeatures: LazyTable<[SentenceFeatures]>
    /// Each article's title and text folded, one after the other (what near misses look
    /// for names in).
    let foldedArticles: LazyTable<[Unicode.Scalar]>
    /// Distinct Han characters of each article's title.
    let titleCharacters: LazyTable<[Unicode.Scalar]>
    /// Their term ids (−1 for one the collection lacks), in the same order.
    let titleCharacterIDs: LazyTable<[Int32]>
    /// Each article's blocks and section headings (see `AnswerEngine+Context`).
    let layout: LazyTable<ArticleLayout>
    /// See `synonymIDs(_:)`.
    let synonymIDs: [Int32: [Int32]]
    /// Per paragraph (global numbers): whether each of its sentences opens with a pronoun
    /// (`isPronoun`, folded), read once a paragraph rather than from the text at every
    /// sentence scored.
    let pronounOpeners: LazyTable<[Bool]>
    /// The ids of the lexicon synonyms of the question words met so far (see `withLexicon`).
    let lexiconIDs = WordCache<Int64, [Int32]>()
    /// The Han bigrams (their two scalars' values, packed) of questions so far that the
    /// collection holds (see `bigramsSeen`).
    let bigramsHeld = WordCache<UInt64, Bool>()
    /// Checks the source files of a built corpus for quotes that no longer stand there
    /// (nil: the articles were read just now, or their index was rebuilt because they changed).
    public let sourceCheck: SourceCheck?

    /// (A class: a table's entry is read for every passage shown, one reference counted
    /// rather than each of its strings.)
    final class ParagraphInfo: Sendable {
        let text: String
        /// 1-based within its article.
        let number: Int
        let docId: String
        /// Its article's title (what each retrieved passage shows, kept here so that showing
        /// it does not decode the article again for every question).
        let title: String
        /// Only the placeholder of an article whose saved record is damaged has a paragraph
        /// with no text (a reader never makes one).
        let isBlank: Bool

        init(text: String, number: Int, docId: String, title: String) {
            self.text = text
            self.number = number
            self.docId = docId
            self.title = title
            isBlank = text.unicodeScalars.allSatisfy(UnicodeText.isWhiteSpace)
        }
    }

    struct SentenceFeatures: Sendable {
        var length: Int32
        var dates: [[Unicode.Scalar]]
        var numbers: [[Unicode.Scalar]]
        var reason: Bool
    }

    public var articles: ArticleList { index.articles }

    public convenience init(articles: [Article], indexOptions: IndexOptions = IndexOptions(), weights: SelectionWeights = SelectionWeights()) {
        self.init(index: PassageIndex(articles: articles, options: indexOptions), weights: weights)
    }

    /// An engine over an index already built (or loaded: see `AnswerEngine+Persisted`).
    public init(index: any Retriever, weights: SelectionWeights = SelectionWeights(), sourceCheck: SourceCheck? = nil) {
        self.index = index
        self.sourceCheck = sourceCheck
        synonymIDs = Self.synonymIDs(index)
        let articles = index.articles
        self.weights = weights
        let kept = Self.kept(index, weights)
        let scalars = LazyTable(count: articles.count, limit: kept.articles) { a in
            let text = articles[a].text.unicodeScalars
            var out: [Unicode.Scalar] = []
            out.reserveCapacity(text.count)
            out.append(contentsOf: text)
            return out
        }
        self.scalars = scalars
        foldedArticles = LazyTable(count: articles.count, limit: kept.articles) { a in
            TermExtractor.fold(articles[a].title) + scalars[a].map(Normalizer.fold)
        }
        paragraphInfo = LazyTable(count: index.paragraphs.count, limit: kept.warmedParagraphs) { g in
            let par = index.paragraph(g)
            let article = articles[Int(par.article)]
            let p = article.paragraphs[Int(par.index)]
            let all = scalars[Int(par.article)]
            return ParagraphInfo(text: UnicodeText.string(all[p.range.clamped(to: 0..<all.count)]), number: p.number, docId: article.id,
                                 title: article.title)
        }
        paragraphFeatures = LazyTable(count: index.paragraphCount, limit: kept.warmedParagraphs) { g in
            let par = index.paragraph(g)
            let text = scalars[Int(par.article)]
            return (Int(par.firstSentence)..<Int(par.endSentence)).map { i in
                let ref = index.sentence(i)
                let s = text[Int(ref.start)..<Int(ref.end)].map { Normalizer.fold($0) }
                func texts(_ r: [Range<Int>]) -> [[Unicode.Scalar]] { r.map { Array(s[$0]) } }
                return SentenceFeatures(
                    length: Int32(s.reduce(0) { $0 + (Self.isLetter($1) ? 1 : 0) }),
                    dates: texts(AnswerSpotter.spans(.date, in: s)),
                    numbers: texts(AnswerSpotter.spans(.number, in: s)),
                    reason: !AnswerSpotter.spans(.reason, in: s).isEmpty)
            }
        }
        pronounOpeners = LazyTable(count: index.paragraphCount, limit: kept.paragraphs) { g in
            let par = index.paragraph(g)
            let text = scalars[Int(par.article)]
            return (Int(par.firstSentence)..<Int(par.endSentence)).map { s in
                Self.isPronoun(Normalizer.fold(text[Int(index.sentence(s).start)]))
            }
        }
        let titleCharacters = LazyTable(count: articles.count, limit: kept.warmedArticles) { a in
            var seen = Set<Unicode.Scalar>()
            return TermExtractor.fold(articles[a].title).filter { UnicodeText.isHan($0) && seen.insert($0).inserted }
        }
        self.titleCharacters = titleCharacters
        layout = LazyTable(count: articles.count, limit: kept.articles) { a in ArticleLayout(articles[a]) }
        titleCharacterIDs = LazyTable(count: articles.count, limit: kept.warmedArticles) { a in
            titleCharacters[a].map { index.termID(.character, String($0)) }
        }
    }

    /// Reads the corpus at `corpusPath` (a folder, an article file, or corpus JSONL) and
    /// builds the engine. Throws when the path does not exist or holds no readable article;
    /// the problems of articles that could not be read are returned.
    public static func load(corpusPath: String, indexOptions: IndexOptions = IndexOptions(),
                            weights: SelectionWeights = SelectionWeights()) throws
        -> (engine: AnswerEngine, problems: [ReadProblem])
    {
        let (index, problems) = try CorpusIndex.inMemory(corpusPath, options: indexOptions)
        return (AnswerEngine(index: index, weights: weights), problems)
    }

    public func answer(_ question: String, top: Int) -> AnswerResult {
        let clock = ContinuousClock()
        let start = clock.now
        _ = index.takeFailure()
        var result = answerUntimed(question, top: top)
        if let failure = index.takeFailure() {
            result = AnswerResult(question: question, noAnswer: true, answers: [], passages: [], elapsedMs: 0)
            result.failure = failure
        }
        let d = clock.now - start
        result.elapsedMs = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return result
    }

    // MARK: - Answering

    /// How much of a question is analysed: a longer one is a paste, not a question, and
    /// answering it must stay bounded in time.
    public static let maxQuestionScalars = 1_000

    /// The question as analysed: its first `maxQuestionScalars` scalars.
    static func bounded(_ question: String) -> String {
        guard question.unicodeScalars.count > maxQuestionScalars else { return question }
        return String(String.UnicodeScalarView(question.unicodeScalars.prefix(maxQuestionScalars)))
    }

    /// Answers in the stages the README's "How answers are chosen" tells: the question's
    /// terms, the passages they retrieve, the sentences of the best passages scored, the
    /// no-answer confidence, then the quotes.
    func answerUntimed(_ question: String, top: Int) -> AnswerResult {
        let aq = QuestionAnalyzer.analyze(Self.bounded(question))
        // 1. The question's terms (AnswerEngine+QuestionTerms).
        let (query, qterms) = questionTerms(aq)
        // 2. The passages they retrieve (see `Retriever`), shown with the answer.
        // A paragraph of a damaged article record (told once; the index is rebuilt at the
        // next start) is neither shown nor quoted: its text is not there to quote.
        let hits = index.search(query, limit: max(weights.passages, weights.paragraphs))
            .filter { !paragraphInfo[$0.paragraph].isBlank }
        let passages = hits.prefix(weights.passages).map(passageHit)
        guard !qterms.isEmpty, let topScore = hits.first?.score, topScore > 0 else {
            return AnswerResult(question: question, noAnswer: true, answers: [], passages: passages, elapsedMs: 0)
        }
        // 3. The sentences of the best paragraphs, scored, best first (AnswerEngine+SentenceScoring).
        let scored = scoreSentences(aq, qterms, hits: hits, topScore: topScore)
        // 4. A near miss: a distinctive term of the question the best sentence's paragraph
        // lacks, a near variant there (NearMiss); then the no-answer confidence
        // (AnswerEngine+Confidence).
        // (Looked for only when something reads it: an answer found, or the features sink.)
        lazy var mismatch = scored.candidates.first.map { mismatches(NearMiss.terms(original: Array(aq.text.unicodeScalars), folded: aq.folded, content: aq.content), aq, sentence: $0.sentence, hits: hits, known: qterms) } ?? []
        if LibrarySettings.featureSink != nil {
            reportFeatures(question, scored, hits: hits, qterms: qterms, aq: aq, mismatched: !mismatch.isEmpty)
        }
        guard let best = scored.candidates.first, isConfident(best, scored, hits: hits, qterms: qterms, aq: aq) else {
            return AnswerResult(question: question, noAnswer: true, answers: [], passages: passages, elapsedMs: 0)
        }
        // 5. The quotes: neighbours joined, each sentence once, cited and highlighted
        // (AnswerEngine+Quoting).
        let (answers, weaker) = quotes(scored.candidates, aq, question: question, top: top)
        var result = AnswerResult(question: question, noAnswer: false, answers: answers, passages: passages, elapsedMs: 0)
        result.weaker = weaker
        if !mismatch.isEmpty {
            // About something else: no answer, the quotes held back for those who ask for near misses.
            result.noAnswer = true
            result.nearMiss = answers
            result.answers = []
            result.mismatch = mismatch
        }
        return result
    }

    /// The features of sentence `s` (see `paragraphFeatures`).
    func sentenceFeatures(_ s: Int) -> SentenceFeatures {
        let g = Int(index.sentence(s).paragraph)
        return paragraphFeatures[g][s - Int(index.paragraph(g).firstSentence)]
    }

    /// A retrieved paragraph as the answer shows it.
    func passageHit(_ hit: ParagraphScore) -> PassageHit {
        let info = paragraphInfo[hit.paragraph]
        return PassageHit(docId: info.docId, paragraph: info.number, score: (hit.score * 10000).rounded() / 10000,
                          text: info.text, title: info.title)
    }
}
