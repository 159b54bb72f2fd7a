// An engine over a saved index: opened (or built) through `CorpusIndex`, and its
// per-sentence tables warmed ahead of the questions.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension AnswerEngine {
    public static let warmLimit = 100_000
    public static let warmDelay = 0.1

    /// Whether `warm` fills the tables of `index` (a collection of up to `warmLimit` sentences).
    static func warms(_ index: any Retriever) -> Bool { index.sentenceCount <= warmLimit }

    /// Fills the engine's per-sentence tables ahead of the questions (they are otherwise
    /// filled as retrieval first reaches each sentence). Meant for a background thread
    /// while the first questions are being read.
    /// Only a collection of up to `warmLimit` sentences is filled ahead: above that, filling
    /// every entry would cost far more time and memory than the questions of a run use.
    /// Warming starts after `delay` (`warmDelay` for a one-question `ask`, answered and
    /// gone by then, so it never pays for it); a run of many questions starts it at once
    /// and gets the tables filled on the other core while it answers.
    /// Warming yields to answering: on Linux it runs under the idle scheduling policy (only
    /// on processor time nothing else wants), so it never delays a question on a busy
    /// machine; the thread's policy is restored after.
    public func warm(after delay: Double = warmDelay) {
        guard Self.warms(index) else { return }
        #if os(Linux)
        let idlePolicy: Int32 = 5  // SCHED_IDLE
        var policy: Int32 = 0, param = sched_param(), idle = sched_param()
        let lowered = pthread_getschedparam(pthread_self(), &policy, &param) == 0
            && pthread_setschedparam(pthread_self(), idlePolicy, &idle) == 0
        defer { if lowered { _ = pthread_setschedparam(pthread_self(), policy, &param) } }
        #endif
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        // Paragraphs first: a retrieved passage needs its paragraph's text before any of
        // its sentences' features (and filling it decodes the article they are read from).
        paragraphInfo.fillAll()
        paragraphFeatures.fillAll()
        titleCharacters.fillAll()
        titleCharacterIDs.fillAll()
    }

    /// The engine for `corpusPath`, from its saved index when there is a current one, else
    /// built and saved (see `CorpusIndex.open`). A block of a saved index found damaged
    /// when first read is told to `damaged` (once).
    /// Throws when the path does not exist or holds no readable article.
    public static func loadSaved(corpusPath: String, indexOptions: IndexOptions = IndexOptions(),
                                 weights: SelectionWeights = SelectionWeights(), cache: IndexCache?,
                                 notice: (String) -> Void = { _ in },
                                 damaged: @escaping @Sendable (String) -> Void = { _ in })
        throws
        -> (engine: AnswerEngine, problems: [ReadProblem])
    {
        let (index, problems) = try CorpusIndex.retriever(corpusPath, options: indexOptions, cache: cache, notice: notice,
                                                           damaged: damaged)
        // A corpus folder's sources are checked for changes since it was built.
        let url = URL(fileURLWithPath: corpusPath)
        let check = CorpusFolder.isCorpus(url) ? SourceCheck(corpusFolder: url) : nil
        return (AnswerEngine(index: index, weights: weights, sourceCheck: check), problems)
    }
}

extension AnswerEngine {
    /// Articles and paragraphs the engine's tables keep at most (see `LazyTable`), enough
    /// for many questions: a question reads its best passages' paragraphs
    /// (`max(weights.passages, weights.paragraphs)`, 20 by default) and their articles.
    public static let articlesKept = 4_096
    public static let paragraphsKept = 16_384

    /// The bounds of the tables over `index`. The tables `warm` fills keep every entry of
    /// a collection it warms (at most `warmLimit` sentences, so at most that many
    /// paragraphs or articles): bounded below that, warming would forget what it filled.
    static func kept(_ index: any Retriever, _ weights: SelectionWeights)
        -> (articles: Int, paragraphs: Int, warmedArticles: Int, warmedParagraphs: Int)
    {
        let question = 2 * max(weights.passages, weights.paragraphs)
        let articles = max(articlesKept, question), paragraphs = max(paragraphsKept, question)
        let warmed = warms(index)
        return (articles, paragraphs, warmed ? max(articles, index.articles.count) : articles,
                warmed ? max(paragraphs, index.paragraphCount) : paragraphs)
    }
}
