import Foundation

/// A collection kept as several segments (see `SegmentList`), answered as one index: the
/// `Retriever` over all of them. Each segment is searched for the question with the
/// statistics of the whole collection — document frequencies and passage counts summed
/// over the live passages of every segment — and the best paragraphs of each merged, so
/// the answers are those of one index built from the same articles (up to ties between
/// equal scores, broken the same way: article id, then position).
///
/// Numbers: articles, paragraphs, sentences and passages are the live ones of the
/// segments, segment after segment (a deleted article's are left out: see `Gaps`). Term ids are those of the segment with the most
/// terms ("the base"), then, for a term it lacks, `termBase` of the first other segment
/// holding it plus its id there.
public final class SegmentedIndex: Retriever {
    let segments: [Segment]
    /// The segment whose term ids are the collection's.
    let base: Int
    /// Per segment: its first paragraph, sentence and passage in the collection's numbers,
    /// its first live article, and the first id of its terms the base lacks (one past the
    /// last segment's at the end).
    let paragraphBase: [Int], sentenceBase: [Int], passageBase: [Int], articleBase: [Int], termBase: [Int32]
    public let options: IndexOptions
    public let statistics: SegmentedStatistics
    public let articles: ArticleList
    public var paragraphCount: Int { paragraphBase.last ?? 0 }
    public var sentenceCount: Int { sentenceBase.last ?? 0 }
    public var passageCount: Int { passageBase.last ?? 0 }
    /// Per segment, its term ids' ids in the collection (filled when first needed), and
    /// sentences' and titles' term ids in the collection's numbers (made when asked for).
    let translation: TermTranslation
    /// The collection's order of paragraphs (made when first needed).
    let order: ParagraphOrder

    init(_ segments: [Segment], options: IndexOptions) {
        precondition(!segments.isEmpty, "a collection of no segment")
        self.segments = segments
        self.options = options
        base = segments.indices.max { segments[$0].index.termCount < segments[$1].index.termCount } ?? 0
        var g = [0], s = [0], p = [0], a = [0], t: [Int32] = []
        var next = Int32(segments[base].index.termCount)
        for (k, seg) in segments.enumerated() {
            g.append(g[k] + seg.liveParagraphs)
            s.append(s[k] + seg.liveSentences)
            p.append(p[k] + seg.livePassages)
            a.append(a[k] + seg.liveArticleCount)
            t.append(k == base ? 0 : next)
            if k != base { next += Int32(seg.index.termCount) }
        }
        t.append(next)
        paragraphBase = g; sentenceBase = s; passageBase = p; articleBase = a; termBase = t
        statistics = SegmentedStatistics(segments)
        translation = TermTranslation(segments.count)
        order = ParagraphOrder()
        articles = ArticleList(source: SegmentedArticles(segments, articleBase: a))
        statistics.collection.index = self
    }

    /// The segment holding item `i` of a numbering (`bases`: each segment's first, then the end).
    @inline(__always)
    static func segment(of i: Int, _ bases: [Int]) -> Int {
        BinarySearch.first(0, bases.count - 1) { bases[$0 + 1] <= i }
    }

    // MARK: Numbers

    public func paragraph(_ g: Int) -> ParagraphRef {
        let k = Self.segment(of: g, paragraphBase)
        let seg = segments[k]
        var ref = seg.index.paragraph(seg.paragraphGaps.local(g - paragraphBase[k]))
        let live = min(seg.liveNumber(Int(ref.article)), max(0, seg.liveArticleCount - 1))
        ref.article = Int32(articleBase[k] + live)
        ref.firstSentence = Int32(sentenceBase[k] + seg.sentenceGaps.live(Int(ref.firstSentence)))
        ref.endSentence = Int32(sentenceBase[k] + seg.sentenceGaps.live(Int(ref.endSentence)))
        return ref
    }

    public func sentence(_ s: Int) -> SentenceRef {
        let k = Self.segment(of: s, sentenceBase)
        let seg = segments[k]
        var ref = seg.index.sentence(seg.sentenceGaps.local(s - sentenceBase[k]))
        ref.paragraph = Int32(paragraphBase[k] + seg.paragraphGaps.live(Int(ref.paragraph)))
        return ref
    }

    /// The paragraph a passage belongs to.
    public func paragraph(ofPassage p: Int) -> Int {
        let k = Self.segment(of: p, passageBase)
        let seg = segments[k]
        return paragraphBase[k] + seg.paragraphGaps.live(seg.index.paragraph(ofPassage: seg.passageGaps.local(p - passageBase[k])))
    }

    public func rank(ofParagraph g: Int) -> Int32 { order.rank(g, in: self) }

    // MARK: Searching

    public func search(_ terms: [QueryTerm], limit: Int) -> [ParagraphScore] {
        guard limit > 0 else { return [] }
        let locals = segments.indices.map { localTerms(terms, in: $0) }
        let frequencies = collectionFrequencies(locals)
        var all: [ParagraphScore] = []
        for (k, seg) in segments.enumerated() where seg.livePassages > 0 && locals[k].contains(where: { $0.id >= 0 }) {
            let stats = statistics.view(locals[k], frequencies)
            for r in seg.index.search(locals[k], limit: limit, statistics: stats, deleted: seg.deletedPassages) {
                all.append(ParagraphScore(paragraph: paragraphBase[k] + seg.paragraphGaps.live(r.paragraph),
                                          passage: passageBase[k] + seg.passageGaps.live(r.passage), score: r.score))
            }
        }
        // Each segment's best, in the order one index would give: score, then the
        // collection's order of paragraphs.
        all.sort { $0.score != $1.score ? $0.score > $1.score : rank(ofParagraph: $0.paragraph) < rank(ofParagraph: $1.paragraph) }
        return Array(all.prefix(limit))
    }

    public func explain(_ terms: [QueryTerm], passage p: Int) -> ScoreExplanation {
        let k = Self.segment(of: p, passageBase)
        let locals = segments.indices.map { localTerms(terms, in: $0) }
        let stats = statistics.view(locals[k], collectionFrequencies(locals))
        let seg = segments[k]
        var e = seg.index.explain(locals[k], passage: seg.passageGaps.local(p - passageBase[k]), statistics: stats)
        e.passage = p
        e.paragraph = paragraphBase[k] + seg.paragraphGaps.live(e.paragraph)
        return e
    }

    /// Each query term's live passages in the whole collection (`locals`: the query's
    /// terms in each segment's ids).
    func collectionFrequencies(_ locals: [[QueryTerm]]) -> [Int] {
        guard let first = locals.first else { return [] }
        return first.indices.map { i in
            var df = 0
            for (k, seg) in segments.enumerated() where locals[k][i].id >= 0 { df += seg.liveFrequency(locals[k][i].id) }
            return df
        }
    }
}

/// The live articles of a collection's segments, segment after segment.
final class SegmentedArticles: ArticleSource, @unchecked Sendable {
    let segments: [Segment]
    let articleBase: [Int]
    var count: Int { articleBase.last ?? 0 }

    init(_ segments: [Segment], articleBase: [Int]) {
        self.segments = segments
        self.articleBase = articleBase
    }

    private func place(_ i: Int) -> (segment: Int, article: Int) {
        precondition(i >= 0 && i < count, "article index out of range")
        let k = SegmentedIndex.segment(of: i, articleBase)
        return (k, segments[k].article(live: i - articleBase[k]))
    }

    func article(_ i: Int) -> Article {
        let (k, a) = place(i)
        return segments[k].index.articles[a]
    }

    func id(_ i: Int) -> String {
        let (k, a) = place(i)
        return segments[k].index.articles.id(a)
    }

    func title(_ i: Int) -> String {
        let (k, a) = place(i)
        return segments[k].index.articles.title(a)
    }
}
