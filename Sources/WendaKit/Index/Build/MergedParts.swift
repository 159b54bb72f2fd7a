import Foundation

/// The articles' parts put together, in article order, as a build numbers them: the
/// articles' records and ids, the paragraphs, the sentences and their terms, the titles'
/// terms, and the passages with their coded terms. The large ones grow in the build's
/// sink (memory, or temporary files beside the saved index).
struct MergedParts {
    var articleIDs: [UInt8] = [], articleIDOffsets: [Int64] = [0]
    var articleHashes: [UInt64] = []
    var articleTitles: [UInt8] = [], articleTitleOffsets: [Int64] = [0]
    /// The articles' ids again, as strings (for the collection's order of paragraphs).
    var idStrings: [String] = []
    /// The articles' records, compressed in blocks as they come (`ArticleBlockWriter`).
    var articleRecords: ArticleBlockWriter
    var paragraphs: [ParagraphRef] = []
    var sentences: Growing<SentenceRange>
    /// The paragraph of each run's first sentence (`IndexColumns.sentenceParagraphBases`).
    var sentenceParagraphBases: [Int32] = []
    /// Each sentence's terms coded (`SentenceTermCoding`), and where every
    /// `SentenceTermCoding.stride`th sentence's bytes start: from the start of its run of
    /// sentences, whose starts are the bases.
    var sentenceTermBases: [Int64] = []
    var sentenceTermOffsets: Growing<UInt32>
    var sentenceTerms: Growing<UInt8>
    /// Each title's terms coded as a sentence's are, and where each title's bytes end.
    var titleTermOffsets: [Int32] = [0]
    var titleTerms: [UInt8] = []
    var passageParagraph: [Int32] = [], passageFirstSentence: [Int32] = [], passageEndSentence: [Int32] = []
    var passageLength: [Float] = []
    /// Every passage's terms (`CodedTerms`), one passage after another, and where each
    /// passage's end.
    var passageTerms: Growing<UInt8>
    var passageTermEnds: [Int64] = []
    private var record = BinaryWriter()
    private var coded: [UInt8] = []

    /// Whether any paragraph was cut into windows (has more than one passage).
    var hasWindows: Bool { passageParagraph.count != Set(passageParagraph).count }

    /// The mean passage length (1 at least).
    var averagePassageLength: Double {
        let total = passageLength.reduce(0.0) { $0 + Double($1) }
        return passageLength.isEmpty ? 1 : max(1, total / Double(passageLength.count))
    }

    init(_ articles: some RandomAccessCollection<Article>, sink: IndexBuilder.Sink) throws {
        switch sink {
        case .memory:
            // A sentence's coded terms take about 1.5 bytes each, and it has no more than its
            // text has characters, bigrams and words: room for two bytes a scalar is asked
            // for once, so the array is seldom copied to grow, and what is not used is never
            // touched.
            let scalars = articles.reduce(0) { $0 + $1.text.unicodeScalars.count }
            let sentenceCount = articles.reduce(0) { $0 + $1.sentenceCount }
            sentences = Growing(capacity: sentenceCount)
            sentenceTermOffsets = Growing(capacity: sentenceCount / SentenceTermCoding.stride + 1)
            sentenceTerms = Growing(capacity: 2 * scalars)
        case .files:
            sentences = try sink.growing()
            sentenceTermOffsets = try sink.growing()
            sentenceTerms = try sink.growing()
        }
        articleRecords = ArticleBlockWriter(data: try sink.growing())
        passageTerms = try sink.growing()
        paragraphs.reserveCapacity(articles.reduce(0) { $0 + $1.paragraphs.count })
        titleTermOffsets.reserveCapacity(articles.count + 1)
        articleIDOffsets.reserveCapacity(articles.count + 1)
        articleTitleOffsets.reserveCapacity(articles.count + 1)
        idStrings.reserveCapacity(articles.count)
    }

    /// Puts article `a`'s part after those of the articles before it.
    mutating func add(_ part: ArticlePart, _ article: Article, _ a: Int, hash: UInt64) {
        articleHashes.append(hash)
        record.bytes.removeAll(keepingCapacity: true)
        ArticleRecord.encode(article, &record, kept: part.ranges)
        articleRecords.add(record.bytes)
        articleIDs += Array(article.id.utf8)
        articleIDOffsets.append(Int64(articleIDs.count))
        idStrings.append(article.id)
        articleTitles += Array(article.title.utf8)
        articleTitleOffsets.append(Int64(articleTitles.count))

        let firstParagraph = Int32(paragraphs.count), firstSentence = Int32(sentences.count)
        // Each sentence's terms coded, after those of the sentences before.
        let termBase = Int64(sentenceTerms.count)
        coded.removeAll(keepingCapacity: true)
        var si = 0
        for (p, paragraph) in article.paragraphs.enumerated() {
            let first = Int32(sentences.count)
            for _ in paragraph.sentences.indices {
                let r = part.ranges[si]
                if sentences.count % SentenceTermCoding.run == 0 { sentenceParagraphBases.append(Int32(paragraphs.count)) }
                if sentences.count % SentenceTermCoding.stride == 0 { sentenceTermStarts(at: termBase + Int64(coded.count)) }
                sentences.append(SentenceRange(start: r.lowerBound, end: r.upperBound))
                let lo = si == 0 ? 0 : Int(part.sentenceTermEnds[si - 1])
                part.sentenceTerms.withUnsafeBufferPointer {
                    SentenceTermCoding.encode(UnsafeBufferPointer(rebasing: $0[lo..<Int(part.sentenceTermEnds[si])]), into: &coded)
                }
                si += 1
            }
            paragraphs.append(ParagraphRef(article: Int32(a), index: Int32(p), firstSentence: first,
                                           endSentence: Int32(sentences.count)))
        }
        sentenceTerms.append(contentsOf: coded)
        part.titleTerms.withUnsafeBufferPointer { SentenceTermCoding.encode($0, into: &titleTerms) }
        precondition(titleTerms.count <= Int(Int32.max), "titles' terms over 2 GiB")
        titleTermOffsets.append(Int32(titleTerms.count))
        for k in part.passageParagraph.indices {
            passageParagraph.append(firstParagraph + part.passageParagraph[k])
            passageFirstSentence.append(firstSentence + part.passageFirstSentence[k])
            passageEndSentence.append(firstSentence + part.passageEndSentence[k])
        }
        passageLength += part.lengths
        let base = Int64(passageTerms.count)
        passageTerms.append(contentsOf: part.passageTermBytes)
        for e in part.passageTermEnds { passageTermEnds.append(base + Int64(e)) }
    }

    /// The next sentence's coded terms (the first of its group) start at `at` (a run's
    /// first sentence's start is its base).
    private mutating func sentenceTermStarts(at: Int64) {
        if sentenceTermOffsets.count % (SentenceTermCoding.run / SentenceTermCoding.stride) == 0 { sentenceTermBases.append(at) }
        let offset = at - sentenceTermBases[sentenceTermBases.count - 1]
        precondition(offset <= Int64(UInt32.max), "a run of \(SentenceTermCoding.run) sentences' terms over 4 GiB")
        sentenceTermOffsets.append(UInt32(offset))
    }

    /// Each paragraph's rank when sorted by its article's id, then position.
    func paragraphOrder() -> [Int32] {
        var order = Array(0..<paragraphs.count)
        order.sort { x, y in
            let ax = idStrings[Int(paragraphs[x].article)], ay = idStrings[Int(paragraphs[y].article)]
            return ax != ay ? ax < ay : x < y
        }
        var rank = [Int32](repeating: 0, count: paragraphs.count)
        for (r, g) in order.enumerated() { rank[g] = Int32(r) }
        return rank
    }
}
