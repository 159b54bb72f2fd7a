import Foundation

/// Builds an index, the one way an index is made: numbers the terms of the articles
/// (their local terms found elsewhere, on every core) in article order, puts the
/// articles' parts together, sorts the postings, and hands every column of
/// `IndexLayout` on. The large columns grow in a sink: memory (an index to answer from
/// at once), or temporary files beside the saved index, so that a build of a large
/// corpus writes its index as it makes it, never holding it whole.
struct IndexBuilder {
    /// Where the large columns grow while they are made.
    enum Sink {
        case memory
        /// Temporary files in this folder (each unlinked as soon as it is made).
        case files(URL)

        func growing<T: BitwiseCopyable>() throws -> Growing<T> {
            switch self {
            case .memory: Growing()
            case .files(let folder): Growing(sink: try SectionSink(directory: folder, elementSize: MemoryLayout<T>.stride))
            }
        }
    }

    let options: IndexOptions
    let sink: Sink
    /// The postings are sorted a batch of terms at a time, each batch of at most
    /// this many postings (see `postings`).
    var postingBudget = Int.max
    /// Each article's content hash, in article order (none: 0 each, an article no later
    /// build recognises).
    var hashes: [UInt64] = []

    /// The sections of the index of `articles` (in layout order) and its meta: `local`
    /// gives each article's local terms, in article order; `release` is told each article
    /// the build is done with (its record made and its part merged).
    func build<C: RandomAccessCollection<Article> & Sendable>(
        _ articles: C, local: LocalTermsSource, problems: [ReadProblem] = [], release: ((Int) -> Void)? = nil
    ) throws -> (sections: [any IndexSection], meta: IndexMeta) where C.Index == Int {
        var m = try MergedParts(articles, sink: sink)
        let (kinds, termCodes, termWords) = Self.number(articles, options, local) { part, a in
            m.add(part, articles[a], a, hash: a < hashes.count ? hashes[a] : 0)
            release?(a)
        }
        // The terms' keys are sorted on a thread of its own while the postings are made.
        let table = ResultBox<SortedTermKeys>()
        let tableDone = Parallel.start { [kinds, termCodes, termWords] in
            table.set(.success(SortedTermKeys(kinds: kinds, codes: termCodes, words: termWords)))
        }
        // (Waited for once, also when something below throws.)
        var tableWaited = false
        defer { if !tableWaited { tableDone.wait() } }
        let postingBytes: Growing<UInt8> = try sink.growing()
        let p = try Self.postings(termCount: kinds.count, &m, budget: postingBudget, bytes: postingBytes)
        let meta = IndexMeta(options: options, problems: problems, passageCount: m.passageParagraph.count,
                             averagePassageLength: m.averagePassageLength, hasWindows: m.hasWindows, articleCount: articles.count)
        var out = BuiltSections()
        out.set(\.meta, meta.bytes)
        // The articles, their paragraphs, sentences and titles' terms, and the passages: as
        // merged (the groups of `IndexLayout`).
        out.set(\.articleIDOffsets, m.articleIDOffsets); out.set(\.articleIDs, m.articleIDs)
        out.set(\.articleHashes, m.articleHashes)
        out.set(\.articleTitleOffsets, m.articleTitleOffsets); out.set(\.articleTitles, m.articleTitles)
        m.articleRecords.finish()
        out.set(\.articleOffsets, m.articleRecords.offsets); out.set(\.articleBlocks, m.articleRecords.blocks)
        out.set(\.articleDictionary, m.articleRecords.dictionary); try out.set(\.articleRecords, m.articleRecords.data)
        out.set(\.paragraphs, m.paragraphs); try out.set(\.sentences, m.sentences)
        out.set(\.sentenceParagraphBases, m.sentenceParagraphBases)
        out.set(\.sentenceTermBases, m.sentenceTermBases); try out.set(\.sentenceTermOffsets, m.sentenceTermOffsets)
        try out.set(\.sentenceTerms, m.sentenceTerms)
        out.set(\.titleTermOffsets, m.titleTermOffsets); out.set(\.titleTerms, m.titleTerms)
        out.set(\.passageParagraph, m.passageParagraph); out.set(\.passageFirstSentence, m.passageFirstSentence)
        out.set(\.passageEndSentence, m.passageEndSentence); out.set(\.passageLength, m.passageLength)
        // The postings and their blocks' skip data, the collection's order of paragraphs.
        try out.set(\.postings, postingBytes)
        out.set(\.postingSkips, p.skips)
        out.set(\.paragraphOrder, m.paragraphOrder())
        tableDone.wait()
        tableWaited = true
        // The term dictionary, and each term's record.
        let keys = try table.get()
        out.set(\.termKeyBlocks, keys.blocks); out.set(\.termKeyBytes, keys.bytes); out.set(\.termSortedIDs, keys.sortedIDs)
        let infos = TermInfoStore(count: kinds.count, postingsEnd: p.offsets[kinds.count], skipsEnd: p.firstBlock[kinds.count]) { f, t in
            switch f {
            case .postings: UInt64(p.offsets[t])
            case .frequency: UInt64(p.frequencies[t])
            case .skips: UInt64(p.firstBlock[t])
            case .maxCount: UInt64(p.maxCount[t])
            case .boundOrPassage: p.single[t] >= 0 ? UInt64(p.single[t]) : UInt64(p.minLength[t])
            case .key: UInt64(keys.positions[t])
            }
        }
        out.set(\.termInfoBlocks, infos.blocks); out.set(\.termInfos, infos.bytes)
        return (out.inLayoutOrder(), meta)
    }

    /// Numbers the terms of every article (`local` gives each article's terms, in order),
    /// handing each article's part to `merge` in article order; returns the terms in the
    /// order of their ids.
    private static func number<C: RandomAccessCollection<Article> & Sendable>(
        _ articles: C, _ options: IndexOptions, _ local: LocalTermsSource, merge: (ArticlePart, Int) -> Void
    ) -> (kinds: [TermKind], codes: [UInt64], words: [String]) where C.Index == Int {
        var codeIDs = CodeTable(capacity: 1 << 15)
        var wordIDs = WordTable(capacity: 1 << 15)
        var kinds: [TermKind] = []
        var termCodes: [UInt64] = []
        var termWords: [String] = []
        // Segmenting and finding each article's terms are most of the work: done on every
        // core, article by article, while the terms are numbered here in article order (so
        // ids do not depend on timing), one lookup per distinct term of an article. Each
        // article numbered, its sentences' and passages' terms are found on every core too.
        let numbered = Handover<(LocalTerms, [Int32])>(articles.count)
        let parts = Handover<ArticlePart>(articles.count)
        let partsDone = Parallel.start {
            Parallel.forEach(articles.count, ownThreads: true) { a in
                let (terms, map) = numbered.take(a)
                parts.put(ArticlePart(articles[a], terms, map, options), at: a)
            }
        }
        // The articles' parts put together, in order, as they come, between numberings
        // (each part's sentences released at once).
        var nextPart = 0
        // Per local term, the slot of the tables where it is looked for first, read for the
        // whole article before its terms are numbered: the tables are larger than the
        // caches, and these loads' misses overlap where the look-ups' would come one by one.
        var firstSlots: [UInt64] = []
        for a in articles.indices {
            let terms = local.take(a)
            var map: [Int32] = []
            map.reserveCapacity(terms.kinds.count)
            codeIDs.reserve(terms.kinds.count)
            if firstSlots.count < terms.kinds.count { firstSlots = [UInt64](repeating: 0, count: terms.kinds.count * 2) }
            firstSlots.withUnsafeMutableBufferPointer { out in
                terms.codes.withUnsafeBufferPointer { codeIDs.first($0, into: out) }
                terms.hashes.withUnsafeBufferPointer { wordIDs.first($0, into: out) }
            }
            var normalized = terms.normalizedKeys.makeIterator()
            var nextNormalized = normalized.next()
            for k in terms.kinds.indices {
                let kind = terms.kinds[k]
                let next = Int32(kinds.count)
                if kind == .word {
                    // Words are one term when equal as strings: compared by their bytes,
                    // in canonical composition when they are not already.
                    var key: String
                    if let n = nextNormalized, Int(n.local) == k {
                        key = n.key
                        nextNormalized = normalized.next()
                    } else {
                        key = terms.words[k]
                    }
                    let found = key.withUTF8 { wordIDs.find($0, hash: terms.hashes[k], orInsert: next) }
                    if found.inserted { kinds.append(kind); termCodes.append(0); termWords.append(terms.words[k]) }
                    map.append(found.value)
                } else {
                    let found = codeIDs.find(terms.codes[k], orInsert: next, first: firstSlots[k])
                    if found.inserted { kinds.append(kind); termCodes.append(terms.codes[k]); termWords.append("") }
                    map.append(found.value)
                }
            }
            numbered.put((terms, map), at: a)
            while nextPart < a, let part = parts.takeIfReady(nextPart) {
                merge(part, nextPart)
                nextPart += 1
            }
        }
        while nextPart < articles.count {
            merge(parts.take(nextPart), nextPart)
            nextPart += 1
        }
        local.finish()
        partsDone.wait()
        return (kinds, termCodes, termWords)
    }
}

/// The sections a build made, by the column of `IndexColumns` each is.
struct BuiltSections {
    private var sections: [PartialKeyPath<IndexColumns>: any IndexSection] = [:]

    mutating func set<T: BitwiseCopyable>(_ path: WritableKeyPath<IndexColumns, Column<T>>, _ column: Column<T>) {
        sections[path] = MemorySection(column)
    }

    mutating func set<T: BitwiseCopyable>(_ path: WritableKeyPath<IndexColumns, Column<T>>, _ array: [T]) {
        sections[path] = MemorySection(array)
    }

    /// A column that grew in the sink (its temporary file finished).
    mutating func set<T: BitwiseCopyable>(_ path: WritableKeyPath<IndexColumns, Column<T>>, _ g: Growing<T>) throws {
        sections[path] = try g.section()
    }

    /// Every section, in the order of `IndexLayout.columns` (each must have been made).
    func inLayoutOrder() -> [any IndexSection] {
        IndexLayout.columns.map { entry in
            guard let s = sections[entry.key] else { preconditionFailure("the build made no section \(entry.name)") }
            return s
        }
    }
}

extension IndexBuilder {
    /// Builds the index of `articles` (their local terms taken from `local`, in article
    /// order) and saves it to `url` as `IndexFile.write` saves the same index built in
    /// memory, byte for byte, without holding it: the large columns go to temporary files
    /// beside `url` as they are made, and the postings are sorted a batch of terms at
    /// a time, each batch within `postingBudget` postings. (Memory then grows with the
    /// corpus only by what is kept per paragraph, passage and term.) Each article is
    /// released once its record is made and its part merged (its corpus JSON was made before
    /// its words were fed to the index). `fingerprint` is asked for when the file is about
    /// to be written.
    static func write(articles: ArticleStore, options: IndexOptions, local: LocalTermsSource, fingerprint: () throws -> UInt64,
                      problems: [ReadProblem] = [], to url: URL, postingBudget: Int = 64 << 20) throws {
        try write(articles: articles, hashes: [], options: options, local: local, fingerprint: fingerprint, problems: problems,
                  to: url, postingBudget: postingBudget, release: { articles.release($0) })
    }

    /// `write(articles:…)` for any collection of articles, with their content hashes
    /// (`hashes`, in article order), `release` told each article the build is done with.
    @discardableResult
    static func write<C: RandomAccessCollection<Article> & Sendable>(
        articles: C, hashes: [UInt64], options: IndexOptions, local: LocalTermsSource, fingerprint: () throws -> UInt64,
        problems: [ReadProblem] = [], to url: URL, postingBudget: Int = 64 << 20, release: ((Int) -> Void)?
    ) throws -> IndexMeta where C.Index == Int {
        let builder = IndexBuilder(options: options, sink: .files(url.deletingLastPathComponent()), postingBudget: postingBudget,
                                   hashes: hashes)
        let built = try builder.build(articles, local: local, problems: problems, release: release)
        try IndexFile.write(built.sections, fingerprint: try fingerprint(), to: url)
        return built.meta
    }
}
