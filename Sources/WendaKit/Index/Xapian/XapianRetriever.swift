import Foundation

/// The `Retriever` over a collection on Xapian shards, local or remote: answering asks it
/// what it asks wenda's own index, and selects, highlights and cites exactly as it does
/// there.
///
/// A question's terms are looked up across the shards (their document frequencies
/// merged: the same statistics whichever shard a passage lives on), each weighed as
/// wenda weighs it (`ScoreFunction`: query weight × idf); Xapian ranks the passages by
/// the sum of those weights times 1 + ln(count), which is wenda's score before its length
/// norm, and wenda divides by the norm of each passage it fetched. Since the norm is at
/// least that of the shortest passage, a passage Xapian ranked lower cannot score above
/// the limit-th paragraph once that bound is passed: the candidates are fetched page by
/// page until it is, so the best paragraphs are those wenda's own index finds (up to
/// ties) among the passages holding one of the question's rarer terms: on a large
/// collection its commonest terms only add weight (`secondary`). Their articles are then
/// fetched in one exchange with each shard.
public final class XapianRetriever: Retriever, @unchecked Sendable {
    public let options: IndexOptions
    public let statistics: ShardStatistics
    public let articles: ArticleList
    let collection: ShardCollection
    /// The shards, as the stub lists them.
    public var shards: [ShardAddress] { collection.connection.addresses }

    init(collection: ShardCollection, options: IndexOptions) {
        self.collection = collection
        self.options = options
        statistics = ShardStatistics(collection)
        articles = ArticleList(source: ShardArticles(collection))
    }

    /// Whether `path` names a collection on shards: a folder `wenda build --engine xapian`
    /// wrote, or a Xapian stub file (`.stub`).
    public static func isShardCorpus(_ path: String) -> Bool {
        let url = URL(fileURLWithPath: path)
        if ShardBuilder.isShardFolder(url) { return true }
        var isDir: ObjCBool = false
        return url.pathExtension == "stub" && FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
    }

    /// Opens the shards `path` names (see `isShardCorpus`): each shard within `timeout`,
    /// checked to be a shard a wenda build wrote with the passage options of `options`
    /// (those a build cuts by), its catalogue read. Throws one error naming the shard that
    /// failed.
    public static func open(_ path: String, options: IndexOptions = IndexOptions(), timeout: Duration) throws -> XapianRetriever {
        let url = URL(fileURLWithPath: path)
        let stub = ShardBuilder.isShardFolder(url) ? url.appendingPathComponent(ShardBuilder.stubName) : url
        let text: String
        do {
            text = try String(contentsOf: stub, encoding: .utf8)
        } catch {
            throw ShardError.stub(stub.path, 0, FileIO.describe(error))
        }
        let addresses = try ShardAddress.parse(stub: text, file: stub.path)
        let connection = try ShardConnection(addresses, timeout: timeout)
        var options = options
        // Passages were cut when the shards were built: answering reads them as they are.
        let first = connection.settings[0]
        options.maxPassageLength = first.maxPassageLength
        options.windowLength = first.windowLength
        var catalogues: [[UInt8]] = []
        for (k, s) in connection.settings.enumerated() {
            guard s.cutsLike(options) else {
                throw ShardError.foreign(addresses[k].description, "built with other passage options than \(addresses[0]); build the shards together")
            }
            catalogues.append(try connection.run(shard: k) { db throws(XapianError) in try db.metadataBytes(ShardCatalogue.key) })
        }
        let numbering: ShardNumbering
        do {
            numbering = try ShardNumbering(catalogues: catalogues)
        } catch {
            throw ShardError.foreign(addresses.count == 1 ? addresses[0].description : "the shards", "a catalogue cannot be read; build the shards again")
        }
        return XapianRetriever(collection: ShardCollection(connection: connection, numbering: numbering), options: options)
    }

    public var paragraphCount: Int { collection.numbering.paragraphCount }
    public var sentenceCount: Int { collection.numbering.sentenceCount }
    public var passageCount: Int { collection.numbering.passages }

    // MARK: Terms

    /// The word key a shard holds (canonical composition, as a build writes it).
    static func key(_ kind: TermKind, _ text: String) -> String {
        ShardTerm.key(kind, kind == .word ? text.precomposedStringWithCanonicalMapping : text)
    }

    public func termID(_ kind: TermKind, _ text: String) -> Int32 {
        termIDs([(kind, text)])[0]
    }

    /// One exchange for every term a question will look up, so that what follows asks
    /// nothing: without it, its terms, their synonyms, lexicon candidates and near-miss
    /// bigrams were each an exchange (two round trips with every shard) in turn.
    public func prefetch(_ terms: () -> [(kind: TermKind, text: String)]) {
        _ = termIDs(terms())
    }

    public func termIDs(_ terms: [(kind: TermKind, text: String)]) -> [Int32] {
        let keys = terms.map { Self.key($0.kind, $0.text) }
        do {
            return try collection.locked { try collection.terms.resolve(keys, collection.connection) }
        } catch {
            collection.fail(error)
            return keys.map { _ in -1 }
        }
    }

    public func queryTerms(_ occurrences: [TermOccurrence]) -> [QueryTerm] {
        let ids = termIDs(occurrences.map { ($0.kind, $0.text) })
        var out: [QueryTerm] = []
        // As wenda's own index: a term of the collection by its id, one it lacks by its kind and text.
        var atID: [Int32: Int] = [:], atText: [String: Int] = [:]
        for (o, id) in zip(occurrences, ids) {
            let w = options.weight(o.kind)
            if id >= 0 {
                if let i = atID[id] { out[i].weight += w; continue }
                atID[id] = out.count
            } else {
                let k = "\(o.kind.rawValue)\(o.text)"
                if let i = atText[k] { out[i].weight += w; continue }
                atText[k] = out.count
            }
            out.append(QueryTerm(id: id, kind: o.kind, text: o.text, weight: w))
        }
        return out
    }

    // MARK: Searching

    public func search(_ terms: [QueryTerm], limit: Int) -> [ParagraphScore] {
        guard limit > 0 else { return [] }
        do {
            return try collection.locked {
                let hits = try best(terms, limit: limit)
                // What answering reads next: the articles of these paragraphs.
                try collection.fetch(hits.map { collection.numbering.article(ofParagraph: $0.paragraph) })
                return hits
            }
        } catch {
            collection.fail(error)
            return []
        }
    }

    /// The question's terms that count, with their weights (their frequencies asked first).
    private func weighted(_ terms: [QueryTerm]) throws -> (ScoreFunction, [ScoreFunction.WeightedTerm]) {
        let known = terms.filter { $0.id >= 0 }
        _ = try collection.terms.resolve(known.map { collection.terms.key($0.id) }, collection.connection)
        let score = ScoreFunction(options, statistics)
        return (score, score.weights(terms, termCount: collection.terms.count, statistics))
    }

    /// The best `limit` paragraphs (the best window of each), ties by rank.
    private func best(_ terms: [QueryTerm], limit: Int) throws -> [ParagraphScore] {
        let (score, weighted) = try weighted(terms)
        guard !weighted.isEmpty, passageCount > 0 else { return [] }
        let query = weighted.map { (term: collection.terms.key($0.id), factor: $0.weight) }
        let secondary = Self.secondary(weighted.map { statistics.documentFrequency($0.id) }, passages: passageCount, options)
        let numbering = collection.numbering
        let shardCount = numbering.shardStart.count - 1
        // No passage's norm is below that of the shortest (when the norm grows with length).
        let leastNorm = score.hasBounds ? score.norm(Float(numbering.minLength)) : nil
        var best: [Int: ParagraphScore] = [:]
        // Xapian 1.4 reads every posting of these queries whatever the page: glass bounds a
        // term's wdf by the largest wdf in the whole shard (or the term's collection
        // frequency, when smaller), so its upper bounds on the weights skip nothing. A page
        // of 8 × limit costs a shard little more than one of 4 × limit, and each page after
        // the first is another pass over all the postings: at 4 × limit, 54 of 298
        // questions over 20,000 generated passages on 4 shards needed a second, at 8 × limit 4.
        var first = 0, page = max(64, 8 * limit)
        func ranked() -> [ParagraphScore] {
            best.values.sorted { x, y in
                x.score != y.score ? x.score > y.score
                    : numbering.rank(ofParagraph: x.paragraph) < numbering.rank(ofParagraph: y.paragraph)
            }
        }
        while true {
            // One exchange with each shard: the passages' keys come with the matches.
            let results = try collection.connection.run { db throws(XapianError) in
                try db.search(query, optional: secondary, weighting: .logTF, first: first, limit: page,
                              keySlot: ShardArticle.passageSlot)
            }
            for i in 0..<results.count {
                let docid = results.docid(i)
                let sum = results.weight(i)
                guard let (a, p) = results.withKey(i, { key -> (Int, (id: Range<Int>, paragraph: Int, length: Int))? in
                          guard let p = try? ShardArticle.passageInPlace(key),
                                let a = numbering.article(id: UnsafeRawBufferPointer(rebasing: key[p.id]), shard: Int(docid - 1) % shardCount)
                          else { return nil }
                          return (a, p)
                      }),
                      p.paragraph < Int(numbering.paragraphStart[a + 1] - numbering.paragraphStart[a]) else { continue }
                let g = Int(numbering.paragraphStart[a]) + p.paragraph
                let s = sum / score.norm(Float(p.length))
                // The best window of a paragraph; of equal ones, the first.
                if let b = best[g], b.score > s || (b.score == s && b.passage < Int(docid)) { continue }
                best[g] = ParagraphScore(paragraph: g, passage: Int(docid), score: s)
            }
            if results.count < page { return Array(ranked().prefix(limit)) }
            if let leastNorm, best.count >= limit {
                let top = ranked().prefix(limit)
                if top.last!.score > results.weight(results.count - 1) / leastNorm { return Array(top) }
            }
            first += page
            page *= 4
        }
    }

    /// Which of a question's terms (by their document frequencies) are secondary: found in
    /// more than `secondaryShare` of the passages and more than `secondaryMinimum`. They
    /// find no passage of their own; they add their weight to the passages the others
    /// find (Xapian's AND_MAYBE), their postings only looked up there. Xapian 1.4 skips
    /// nothing of an OR of these terms (glass bounds every term's wdf by the largest in
    /// the shard), so the common terms' long postings were each read, weighed and merged
    /// in full. A passage holding none of the rarer terms is not found, and such a passage
    /// is seldom among the best (CMRC train with the split made at 0.5% of its passages:
    /// R@1, top-1 and top-3 within 0.003 of wenda's own index; see the README, "Beyond one
    /// machine"). When every term is common, the rarest stays primary.
    static func secondary(_ frequencies: [Int], passages: Int, _ options: IndexOptions) -> Set<Int> {
        let bar = max(options.secondaryShare * Double(passages), Double(options.secondaryMinimum))
        var out = Set(frequencies.indices.filter { Double(frequencies[$0]) > bar })
        if out.count == frequencies.count, let rarest = frequencies.indices.min(by: { frequencies[$0] < frequencies[$1] }) {
            out.remove(rarest)
        }
        return out
    }

    public func explain(_ terms: [QueryTerm], passage p: Int) -> ScoreExplanation {
        do {
            return try collection.locked {
                let (score, weighted) = try weighted(terms)
                let docid = UInt32(p)
                let keys = weighted.map { collection.terms.key($0.id) }
                let (data, wdfs) = try collection.connection.run { db throws(XapianError) in
                    (try db.valueBytes(docid, slot: ShardArticle.passageSlot), try db.wdfs(docid, keys))
                }
                let numbering = collection.numbering
                let passage = try data.withUnsafeBytes { try ShardArticle.passage($0) }
                let shardCount = numbering.shardStart.count - 1
                let a = numbering.article(id: passage.id, shard: Int(docid - 1) % shardCount) ?? 0
                var counts: [Int32: UInt16] = [:]
                for (t, c) in zip(weighted, wdfs) where c > 0 { counts[t.id] = UInt16(clamping: c) }
                return score.explain(terms, weighted, passage: p, paragraph: Int(numbering.paragraphStart[a]) + passage.paragraph,
                                     length: Float(passage.length)) { counts[$0] }
            }
        } catch {
            collection.fail(error)
            return ScoreExplanation(passage: p, paragraph: 0, score: 0, lengthNorm: 1, terms: [])
        }
    }

    // MARK: Paragraphs and sentences

    public func paragraph(_ g: Int) -> ParagraphRef {
        let n = collection.numbering
        let a = n.article(ofParagraph: g)
        return ParagraphRef(article: Int32(a), index: Int32(g) - n.paragraphStart[a], firstSentence: n.sentenceStart[g],
                            endSentence: n.sentenceStart[g + 1])
    }

    public func sentence(_ s: Int) -> SentenceRef {
        let n = collection.numbering
        let g = n.paragraph(ofSentence: s)
        let a = n.article(ofParagraph: g)
        let index = s - Int(n.sentenceStart[g])
        let range = collection.sentenceRange(ofArticle: a, paragraph: g - Int(n.paragraphStart[a]), sentence: index)
        return SentenceRef(paragraph: Int32(g), index: Int32(index), start: Int32(range.lowerBound), end: Int32(range.upperBound))
    }

    public func termBuffer(ofSentence s: Int) -> UnsafeBufferPointer<Int32> {
        let n = collection.numbering
        let g = n.paragraph(ofSentence: s)
        do {
            let all = try collection.sentenceTerms(ofParagraph: g)
            let i = s - Int(n.sentenceStart[g])
            return i < all.count ? all[i] : UnsafeBufferPointer(start: nil, count: 0)
        } catch {
            collection.fail(error)
            return UnsafeBufferPointer(start: nil, count: 0)
        }
    }

    public func titleTermBuffer(ofArticle a: Int) -> UnsafeBufferPointer<Int32> {
        do {
            return try collection.titleTerms(ofArticle: a)
        } catch {
            collection.fail(error)
            return UnsafeBufferPointer(start: nil, count: 0)
        }
    }

    public func rank(ofParagraph g: Int) -> Int32 { collection.numbering.rank(ofParagraph: g) }

    public func takeFailure() -> String? { collection.takeFailure() }
}

/// The statistics of a collection on shards: passages and their mean length from the
/// shards' catalogues, each term's document frequency across all shards (as Xapian merges
/// them), asked when the term is first weighed.
public struct ShardStatistics: CollectionStatistics {
    let collection: ShardCollection
    public let passageCount: Int
    public let averagePassageLength: Double

    init(_ collection: ShardCollection) {
        self.collection = collection
        let n = collection.numbering
        passageCount = n.passages
        // As wenda's own index: 1 at least.
        averagePassageLength = n.passages == 0 ? 1 : max(1, Double(n.totalLength) / Double(n.passages))
    }

    public func documentFrequency(_ term: Int32) -> Int {
        collection.locked {
            if let f = collection.terms.frequency(term) { return f }
            guard term >= 0, Int(term) < collection.terms.count else { return 0 }
            do {
                _ = try collection.terms.resolve([collection.terms.key(term)], collection.connection)
            } catch {
                collection.fail(error)
            }
            return collection.terms.frequency(term) ?? 0
        }
    }
}

/// The articles of a collection on shards: ids and titles from the catalogues, the rest
/// fetched when first asked for.
final class ShardArticles: ArticleSource, @unchecked Sendable {
    let collection: ShardCollection

    init(_ collection: ShardCollection) { self.collection = collection }

    var count: Int { collection.numbering.articleCount }
    func id(_ i: Int) -> String { collection.numbering.id(i) }
    func title(_ i: Int) -> String { collection.numbering.title(i) }

    func article(_ i: Int) -> Article {
        do {
            return try collection.article(i).article
        } catch {
            collection.fail(error)
            return collection.placeholder(i)
        }
    }
}
