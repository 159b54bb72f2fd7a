import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension AnswerEngine {
    public static let warmLimit = 100_000
    public static let warmDelay = 0.1

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
        guard index.sentences.count <= Self.warmLimit else { return }
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
        sentenceFeatures.fillAll()
        titleCharacters.fillAll()
        titleCharacterIDs.fillAll()
    }

    /// `damaged`, after removing the damaged saved index `file`.
    static func removing(_ file: URL, _ damaged: @escaping @Sendable (String) -> Void) -> @Sendable (String) -> Void {
        { message in
            let removed = (try? FileManager.default.removeItem(at: file)) != nil
            damaged("\(file.path): \(message)" + (removed ? "; removed, to be rebuilt at the next start" : ""))
        }
    }

    /// The engine for `corpusPath`, from a saved index when there is a current one:
    /// - a folder written by `wenda build`: its `index.wenda`; missing, out of date (the
    ///   manifest changed), of another format version or damaged, it is rebuilt from the
    ///   corpus files and saved again, and `notice` is told in one line;
    /// - articles (a folder, a file, corpus JSONL): the index cached for that path in
    ///   `cache`, current when every source file has the size and time it had; else the
    ///   articles are read and indexed and the cache written (a notice only when a cached
    ///   index was there but could not be used).
    /// A saved index is read in place; a block of it found damaged when first read is
    /// left out and told to `damaged` (once), and the file
    /// is removed (the mapping stays readable), so the next start rebuilds it.
    /// Throws when the path does not exist or holds no readable article.
    public static func loadSaved(corpusPath: String, indexOptions: IndexOptions = IndexOptions(),
                                 weights: SelectionWeights = SelectionWeights(), cache: IndexCache?,
                                 notice: (String) -> Void = { _ in },
                                 damaged: @escaping @Sendable (String) -> Void = { _ in })
        throws
        -> (engine: AnswerEngine, problems: [ReadProblem])
    {
        let url = URL(fileURLWithPath: corpusPath)
        if CorpusFolder.isCorpus(url) {
            let file = url.appendingPathComponent(IndexFile.name)
            let fp = CorpusFolder.fingerprint(url)
            do {
                let (index, problems) = try IndexFile.load(file, fingerprint: fp, options: indexOptions, damaged: removing(file, damaged))
                return (AnswerEngine(index: index, weights: weights, sourceCheck: SourceCheck(corpusFolder: url)), problems)
            } catch {
                let why = (error as? IndexFile.LoadError)?.description ?? "\(error)"
                // The words each corpus file keeps: the articles are not segmented again.
                let (articles, words, problems) = try CorpusFolder.articlesAndWords(url)
                guard !articles.isEmpty else { throw CorpusError.nothingRead(corpusPath, problems) }
                let index = PassageIndex(articles: articles, options: indexOptions, words: ArticleWordsSource(words))
                var saved = "saved"
                if let fp {
                    do { try IndexFile.write(index, fingerprint: fp, problems: problems, to: file) } catch { saved = "could not save it" }
                }
                notice("\(corpusPath): \(why); index rebuilt (\(saved))")
                return (AnswerEngine(index: index, weights: weights, sourceCheck: SourceCheck(corpusFolder: url)), problems)
            }
        }
        guard let cache, let fp = IndexCache.fingerprint(corpusPath) else {
            return try load(corpusPath: corpusPath, indexOptions: indexOptions, weights: weights)
        }
        let file = cache.file(for: corpusPath)
        do {
            let (index, problems) = try IndexFile.load(file, fingerprint: fp, options: indexOptions, damaged: removing(file, damaged))
            return (AnswerEngine(index: index, weights: weights), problems)
        } catch {
            let (articles, problems) = try CorpusLoader.load([corpusPath])
            guard !articles.isEmpty else { throw CorpusError.nothingRead(corpusPath, problems) }
            let index = PassageIndex(articles: articles, options: indexOptions)
            if let e = error as? IndexFile.LoadError, e != .missing {
                notice("\(corpusPath): cached \(e.description.replacingOccurrences(of: "saved index", with: "index")); index rebuilt")
            }
            do {
                try FileIO.makePrivateFolder(file.deletingLastPathComponent())
                try IndexFile.write(index, fingerprint: fp, problems: problems, to: file)
            } catch {
                notice("index cache cannot be written (\(file.deletingLastPathComponent().path)): \(FileIO.describe(error))")
            }
            return (AnswerEngine(index: index, weights: weights), problems)
        }
    }
}
