import Foundation

/// What one article becomes in a shard, and how it is read back: one document per
/// passage (wenda's own terms with their counts as Xapian terms and wdf; its key names
/// the article, the paragraph and the passage's length), and one article document whose
/// key holds all that answering and `/open` read of the article: its record (text,
/// metadata, paragraphs, sentences), its title's terms, and, paragraph by paragraph, the
/// distinct terms of each sentence. The passages are cut and their terms counted by the
/// same code as wenda's own index (`LocalTerms`, `ArticlePart`), so a passage holds the
/// same terms, counts and length on either engine.
struct ShardArticle {
    /// A passage document: its terms (Xapian names) with their counts, and its key.
    struct Passage {
        var terms: [(key: String, wdf: Int)]
        var data: [UInt8]
        var length: Int
    }

    var passages: [Passage] = []
    /// The article document's key.
    var record: [UInt8] = []
    /// The terms of its title (Xapian names), held by the article document as `T` terms.
    var titleKeys: [String] = []
    /// What the shard's catalogue keeps of it.
    var entry: ShardCatalogue.Entry

    static let format = 1

    /// The value slots of the documents' keys: what a question reads of each. A search
    /// returns each match's key with the match (Xapian's remote protocol sends it as the
    /// match's sort key), where reading a document's data from a remote shard takes an
    /// exchange per document. Passages and articles have slots of their own, so that
    /// ranking passages reads a stream of small keys, not one the records fill.
    static let passageSlot: UInt32 = 0
    static let recordSlot: UInt32 = 1

    /// The documents of `article`, whose words are `words`.
    init(_ article: Article, words: ArticleWords, hash: String, options: IndexOptions) {
        let local = LocalTerms.of(article, words: words)
        // The article's distinct terms, numbered in order of first appearance: words equal
        // once put in canonical composition are one term, as in wenda's own index.
        // (Keyed by their bytes: the names are built here, and String's own hashing would
        // normalise each of an article's thousand terms again.)
        var vocabulary: [String] = []
        var numbers: [ShardTermTable.Bytes: Int32] = [:]
        var map: [Int32] = []
        map.reserveCapacity(local.kinds.count)
        var normalized = local.normalizedKeys.makeIterator()
        var nextNormalized = normalized.next()
        for k in local.kinds.indices {
            let text: String
            if local.kinds[k] == .word {
                if let n = nextNormalized, Int(n.local) == k {
                    text = n.key
                    nextNormalized = normalized.next()
                } else {
                    text = local.words[k]
                }
            } else {
                text = TermExtractor.decode(local.codes[k])
            }
            let key = ShardTerm.key(local.kinds[k], text)
            let bytes = ShardTermTable.Bytes(key)
            if let d = numbers[bytes] {
                map.append(d)
            } else {
                numbers[bytes] = Int32(vocabulary.count)
                map.append(Int32(vocabulary.count))
                vocabulary.append(key)
            }
        }
        let part = ArticlePart(article, local, map, options)

        var w = PackedWriter()
        w.varint(Self.format)
        var record = BinaryWriter()
        ArticleRecord.encode(article, &record)
        w.run(record.bytes)
        titleKeys = part.titleTerms.map { vocabulary[Int($0)] }
        w.varint(titleKeys.count)
        for t in titleKeys { w.string(t) }
        // Paragraph by paragraph: its distinct terms, then each sentence's as indices into
        // them (ascending, by difference).
        w.varint(article.paragraphs.count)
        var si = 0
        var sentenceCounts: [Int32] = []
        for paragraph in article.paragraphs {
            let sentences = si..<(si + paragraph.sentences.count)
            si = sentences.upperBound
            sentenceCounts.append(Int32(paragraph.sentences.count))
            var ids = Set<Int32>()
            for s in sentences {
                let lo = s == 0 ? 0 : Int(part.sentenceTermEnds[s - 1])
                ids.formUnion(part.sentenceTerms[lo..<Int(part.sentenceTermEnds[s])])
            }
            let sorted = ids.sorted()
            var position: [Int32: Int] = [:]
            for (i, t) in sorted.enumerated() { position[t] = i }
            var p = PackedWriter()
            p.varint(sorted.count)
            for t in sorted { p.string(vocabulary[Int(t)]) }
            p.varint(sentences.count)
            for s in sentences {
                let lo = s == 0 ? 0 : Int(part.sentenceTermEnds[s - 1])
                let terms = part.sentenceTerms[lo..<Int(part.sentenceTermEnds[s])]
                p.varint(terms.count)
                var previous = 0
                for t in terms {
                    let i = position[t]!
                    p.varint(i - previous)
                    previous = i
                }
            }
            w.run(p.bytes)
        }
        self.record = w.bytes

        var length = 0, minLength = Int.max
        var passages: [Passage] = []
        part.passageTermBytes.withUnsafeBufferPointer { bytes in
            var at = 0
            for k in part.passageParagraph.indices {
                var terms: [(key: String, wdf: Int)] = []
                var previous: Int32 = 0
                while at < Int(part.passageTermEnds[k]) {
                    let t = CodedTerms.nextTerm(bytes, &at, after: previous)
                    let count = Int(CodedTerms.varint(bytes, &at))
                    previous = t
                    let key = vocabulary[Int(t)]
                    if ShardTerm.fits(key) { terms.append((key, count)) }
                }
                let n = Int(part.lengths[k])
                length += n
                minLength = min(minLength, n)
                var d = PackedWriter()
                d.varint(Self.format)
                d.string(article.id)
                d.varint(Int(part.passageParagraph[k]))
                d.varint(n)
                passages.append(Passage(terms: terms, data: d.bytes, length: n))
            }
        }
        self.passages = passages
        entry = ShardCatalogue.Entry(id: article.id, title: article.title, source: article.source, hash: hash,
                                     sentenceCounts: sentenceCounts, passages: passages.count, length: length,
                                     minLength: passages.isEmpty ? 0 : minLength)
    }

    /// What a passage document's key says: its article, its paragraph (0-based within
    /// the article) and its length in terms.
    static func passage(_ data: UnsafeRawBufferPointer) throws -> (id: String, paragraph: Int, length: Int) {
        let p = try passageInPlace(data)
        return (String(decoding: UnsafeRawBufferPointer(rebasing: data[p.id]), as: UTF8.self), p.paragraph, p.length)
    }

    /// The same, the article's id left in place: its range of `data`.
    static func passageInPlace(_ data: UnsafeRawBufferPointer) throws -> (id: Range<Int>, paragraph: Int, length: Int) {
        var r = PackedReader(data)
        guard try r.varint() == format else { throw PackedReader.Truncated() }
        return (try r.runRange(), try r.varint(), try r.varint())
    }
}

/// An article document read back (its key): the article, where its title's terms and
/// each paragraph's sentence terms are in the key (read in place when answering first
/// asks for them: a term's name becomes a String only if it is new to the process).
struct FetchedArticle: Sendable {
    var article: Article
    let data: [UInt8]
    /// Each title term's name: its range of `data`.
    let titleRanges: [Range<Int>]
    /// Per paragraph: its range of `data`.
    let paragraphRanges: [Range<Int>]

    init(data: [UInt8]) throws {
        self.data = data
        var article: Article?
        var titles: [Range<Int>] = []
        var ranges: [Range<Int>] = []
        try data.withUnsafeBytes { raw in
            var r = PackedReader(raw)
            guard try r.varint() == ShardArticle.format else { throw PackedReader.Truncated() }
            article = try ArticleRecord.decode(try r.run())
            let n = try r.varint()
            for _ in 0..<n { titles.append(try r.runRange()) }
            let paragraphs = try r.varint()
            for _ in 0..<paragraphs { ranges.append(try r.runRange()) }
        }
        guard let article, article.paragraphs.count == ranges.count else { throw PackedReader.Truncated() }
        self.article = article
        titleRanges = titles
        paragraphRanges = ranges
    }

    /// The ids `id` gives the title's terms (each named in place), in order.
    func titleTerms(_ id: (UnsafeRawBufferPointer) -> Int32) -> [Int32] {
        data.withUnsafeBytes { all in titleRanges.map { id(UnsafeRawBufferPointer(rebasing: all[$0])) } }
    }

    /// The terms of each sentence of paragraph `p` as the ids `ids` gives them (given the
    /// paragraph's bytes and where in them each of its distinct terms is named, in the
    /// order the key lists them, once the whole paragraph has been read): `body` gets each
    /// sentence's in turn, ascending.
    func sentenceTerms(ofParagraph p: Int, _ ids: (UnsafeRawBufferPointer, [Range<Int>]) -> [Int32],
                       _ body: (UnsafeBufferPointer<Int32>) -> Void) throws {
        try data.withUnsafeBytes { all in
            let paragraph = UnsafeRawBufferPointer(rebasing: all[paragraphRanges[p]])
            var r = PackedReader(paragraph)
            let n = try r.varint()
            guard n <= paragraph.count else { throw PackedReader.Truncated() }
            var names: [Range<Int>] = []
            names.reserveCapacity(n)
            for _ in 0..<n { names.append(try r.runRange()) }
            // Each sentence's indices (ascending, by difference), flat; where each ends.
            let start = r.at
            var total = 0
            let sentences = try r.varint()
            for _ in 0..<sentences {
                var previous = 0
                let count = try r.varint()
                total += count
                for _ in 0..<count {
                    previous += try r.varint()
                    guard previous < n else { throw PackedReader.Truncated() }
                }
            }
            let numbers = ids(paragraph, names)
            r.at = start
            var scratch: [Int32] = []
            scratch.reserveCapacity(min(total, n))
            for _ in 0..<(try r.varint()) {
                scratch.removeAll(keepingCapacity: true)
                var previous = 0
                for _ in 0..<(try r.varint()) {
                    previous += try r.varint()
                    scratch.append(numbers[previous])
                }
                scratch.sort()
                scratch.withUnsafeBufferPointer(body)
            }
        }
    }
}
