import Foundation

/// The terms of a collection of segments: one id per term across the segments (see
/// `SegmentedIndex`), each segment's ids translated to it, and the collection's
/// statistics summed over the live passages of every segment.
extension SegmentedIndex {
    /// The segment whose own ids hold collection id `t`, and its id there.
    func owner(of t: Int32) -> (segment: Int, id: Int32) {
        if Int(t) < segments[base].index.termCount { return (base, t) }
        for k in segments.indices where k != base && t >= termBase[k] && Int(t - termBase[k]) < segments[k].index.termCount {
            return (k, t - termBase[k])
        }
        return (base, -1)
    }

    /// The id in segment `k` of collection term `t` (−1 when the segment lacks it).
    func localID(_ t: Int32, in k: Int) -> Int32 {
        guard t >= 0 else { return -1 }
        let (o, id) = owner(of: t)
        guard id >= 0 else { return -1 }
        if o == k { return id }
        // A term the base has is in another segment only if that segment has it too; one
        // the base lacks is owned by the first other segment holding it.
        if k == base && o != base { return -1 }
        let key = segments[o].index.terms.key(id)
        return segments[k].index.termID(kind: key.kind.rawValue, code: key.code, word: key.word)
    }

    /// The collection's id of term `l` of segment `k`.
    func collectionID(_ l: Int32, in k: Int) -> Int32 {
        if k == base { return l }
        let key = segments[k].index.terms.key(l)
        let kind = key.kind.rawValue, code = key.code, word = key.word
        let b = segments[base].index.termID(kind: kind, code: code, word: word)
        if b >= 0 { return b }
        for j in 0..<k where j != base {
            let id = segments[j].index.termID(kind: kind, code: code, word: word)
            if id >= 0 { return termBase[j] + id }
        }
        return termBase[k] + l
    }

    /// `terms` with the ids of segment `k`.
    func localTerms(_ terms: [QueryTerm], in k: Int) -> [QueryTerm] {
        terms.map { q in
            var q = q
            q.id = localID(q.id, in: k)
            return q
        }
    }

    // MARK: Looking up

    public func termID(_ kind: TermKind, _ text: String) -> Int32 {
        let code = kind == .word ? 0 : (TermExtractor.code(kind, text: text) ?? 0)
        if kind != .word && code == 0 { return -1 }
        for k in lookupOrder {
            let id = segments[k].index.termID(kind: kind.rawValue, code: code, word: text)
            if id >= 0 { return k == base ? id : termBase[k] + id }
        }
        return -1
    }

    /// The base first, then the other segments in order (the order that gives a term its
    /// collection id).
    var lookupOrder: [Int] { [base] + segments.indices.filter { $0 != base } }

    public func queryTerms(_ occurrences: [TermOccurrence]) -> [QueryTerm] {
        let order = lookupOrder
        return PassageIndex.queryTerms(occurrences, options) { o in
            for k in order {
                let id = segments[k].index.termID(o)
                if id >= 0 { return k == base ? id : termBase[k] + id }
            }
            return -1
        }
    }

    /// The text of collection term `t`.
    public func termText(_ t: Int32) -> String {
        let (k, id) = owner(of: t)
        return id >= 0 ? segments[k].index.termText(id) : ""
    }

    public func termBuffer(ofSentence s: Int) -> UnsafeBufferPointer<Int32> {
        let k = Self.segment(of: s, sentenceBase)
        let at = segments[k].sentenceGaps.local(s - sentenceBase[k])
        let local = segments[k].index.termBuffer(ofSentence: at)
        if k == base { return local }
        return translation.buffer(segment: k, item: at, kind: .sentence, local) { self.collectionID($0, in: k) }
    }

    public func titleTermBuffer(ofArticle a: Int) -> UnsafeBufferPointer<Int32> {
        let k = Self.segment(of: a, articleBase)
        let local = segments[k].article(live: a - articleBase[k])
        let buffer = segments[k].index.titleTermBuffer(ofArticle: local)
        if k == base { return buffer }
        return translation.buffer(segment: k, item: local, kind: .title, buffer) { self.collectionID($0, in: k) }
    }
}

/// Term ids of a segment's sentences and titles in the collection's ids, made when first
/// asked for and kept as long as the index (callers hold the buffers).
final class TermTranslation: @unchecked Sendable {
    enum Kind { case sentence, title }
    private let lock = NSLock()
    /// Per segment: each of its terms' collection id, or −2 not yet known.
    private var ids: [[Int32]]
    private var made: [Int: UnsafeMutableBufferPointer<Int32>] = [:]
    private let segmentCount: Int

    init(_ segments: Int) {
        segmentCount = segments
        ids = Array(repeating: [], count: segments)
    }

    deinit { for b in made.values { b.deallocate() } }

    /// `local` (sorted term ids of segment `segment`) in the collection's ids, sorted.
    func buffer(segment: Int, item: Int, kind: Kind, _ local: UnsafeBufferPointer<Int32>,
                translate: (Int32) -> Int32) -> UnsafeBufferPointer<Int32> {
        let key = (item * segmentCount + segment) * 2 + (kind == .title ? 1 : 0)
        lock.lock()
        defer { lock.unlock() }
        if let b = made[key] { return UnsafeBufferPointer(b) }
        let out = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(1, local.count))
        for (i, l) in local.enumerated() {
            if ids[segment].count <= Int(l) { ids[segment] += [Int32](repeating: -2, count: Int(l) + 1 - ids[segment].count) }
            if ids[segment][Int(l)] == -2 { ids[segment][Int(l)] = translate(l) }
            out[i] = ids[segment][Int(l)]
        }
        var filled = UnsafeMutableBufferPointer(rebasing: out[0..<local.count])
        filled.sort()
        made[key] = out
        return UnsafeBufferPointer(filled)
    }
}

/// The statistics of a collection of segments: passages and their mean length over the
/// live passages of every segment, a term's document frequency summed over them.
public struct SegmentedStatistics: CollectionStatistics, @unchecked Sendable {
    public let passageCount: Int
    public let averagePassageLength: Double
    /// The collection (set once it is made: it looks a term up in every segment).
    let collection = WeakCollection()

    init(_ segments: [Segment]) {
        passageCount = segments.reduce(0) { $0 + $1.livePassages }
        let total = segments.reduce(0.0) { $0 + $1.liveLength }
        // As one index works it out (`MergedParts.averagePassageLength`): lengths are
        // whole numbers, so the sums are exact whatever the order.
        averagePassageLength = passageCount == 0 ? 1 : max(1, total / Double(passageCount))
    }

    public func documentFrequency(_ term: Int32) -> Int {
        guard let c = collection.index, term >= 0 else { return 0 }
        var df = 0
        for (k, seg) in c.segments.enumerated() { df += seg.liveFrequency(c.localID(term, in: k)) }
        return df
    }

    final class WeakCollection: @unchecked Sendable {
        weak var index: SegmentedIndex?
    }

    /// The statistics a segment's search scores with: the collection's, with the query's
    /// terms known by the segment's ids (`local`) and their collection frequencies.
    func view(_ local: [QueryTerm], _ frequencies: [Int]) -> View {
        var df: [Int32: Int] = [:]
        for (q, f) in zip(local, frequencies) where q.id >= 0 { df[q.id] = f }
        return View(passageCount: passageCount, averagePassageLength: averagePassageLength, frequencies: df)
    }

    struct View: CollectionStatistics {
        let passageCount: Int
        let averagePassageLength: Double
        let frequencies: [Int32: Int]
        func documentFrequency(_ term: Int32) -> Int { frequencies[term] ?? 0 }
    }
}
