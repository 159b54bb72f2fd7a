/// What one article adds to the index once its terms are numbered: its sentences' and
/// title's distinct sorted term ids, and its passages (whole paragraphs, or windows of
/// long ones) with their terms and counts, coded small until the postings are made.
struct ArticlePart: Sendable {
    var ranges: [Range<Int32>] = []
    var sentenceTerms: [Int32] = []
    /// Per sentence: the end of its terms in `sentenceTerms`.
    var sentenceTermEnds: [Int32] = []
    var titleTerms: [Int32] = []
    var passageParagraph: [Int32] = [], passageFirstSentence: [Int32] = [], passageEndSentence: [Int32] = []
    var passageTermIds: [Int32] = []
    var passageTermCounts: [UInt16] = []
    /// Per passage: the end of its terms in `passageTermBytes`.
    var passageTermEnds: [Int32] = []
    /// Each passage's terms (in `passageTermIds`, `passageTermCounts` while the part is
    /// made) coded small: per term, the difference from the passage's previous term id
    /// (zigzag varint), then its count (varint).
    var passageTermBytes: [UInt8] = []
    var lengths: [Float] = []
}

extension ArticlePart {
    /// The part of `article`, whose local terms are `terms`, numbered by `map` (local index →
    /// term id).
    init(_ article: Article, _ terms: LocalTerms, _ map: [Int32], _ options: IndexOptions) {
        self = map.withUnsafeBufferPointer { map in
            terms.occurrences.withUnsafeBufferPointer { occurrences in
                terms.offsets.withUnsafeBufferPointer { offsets in
                    Self.make(article, terms, map, occurrences, offsets, options)
                }
            }
        }
    }

    /// (Everything in local variables, no closures capturing them: no exclusivity checks.)
    private static func make(
        _ article: Article, _ terms: LocalTerms, _ map: UnsafeBufferPointer<Int32>,
        _ occurrences: UnsafeBufferPointer<Int32>, _ offsets: UnsafeBufferPointer<Int32>, _ options: IndexOptions
    ) -> ArticlePart {
        var part = ArticlePart()
        part.ranges = terms.ranges
        var distinct: [Int32] = []
        // Per local term: the last sentence (stamp) it was seen in.
        var seen = [Int32](repeating: -1, count: terms.kinds.count)
        let sentenceCount = terms.ranges.count
        for si in 0...sentenceCount {
            // The sentences, then the title (or the first sentence, standing in for a missing title).
            appendDistinctSorted(Int(offsets[si])..<Int(offsets[si + 1]), Int32(si), map, occurrences, &seen, &distinct,
                                 to: &part, title: si == sentenceCount)
        }

        cutPassages(article, terms.ranges, options, into: &part)
        // Each passage's terms, counted by local index. (Local terms are distinct terms
        // unless a word had to be put in canonical composition.)
        let aliased = !terms.normalizedKeys.isEmpty
        var count = [Int32](repeating: 0, count: terms.kinds.count)
        var touched: [Int32] = []
        for p in part.passageParagraph.indices {
            var len = 0
            for s in Int(part.passageFirstSentence[p])..<Int(part.passageEndSentence[p]) {
                for k in Int(offsets[s])..<Int(offsets[s + 1]) {
                    let l = Int(occurrences[k])
                    if count[l] == 0 { touched.append(Int32(l)) }
                    count[l] += 1
                }
                len += Int(offsets[s + 1] - offsets[s])
            }
            // (Postings list passages in order whatever the order of a passage's terms.)
            if aliased {
                // Two local terms may be one term (words equal only in canonical
                // composition): counted together.
                var merged: [Int32: Int] = [:]
                var order: [Int32] = []
                for l in touched {
                    let t = map[Int(l)]
                    if merged[t] == nil { order.append(t) }
                    merged[t, default: 0] += Int(count[Int(l)])
                    count[Int(l)] = 0
                }
                for t in order {
                    part.passageTermIds.append(t)
                    part.passageTermCounts.append(UInt16(min(merged[t]!, Int(UInt16.max))))
                }
            } else {
                for l in touched {
                    part.passageTermIds.append(map[Int(l)])
                    part.passageTermCounts.append(UInt16(min(Int(count[Int(l)]), Int(UInt16.max))))
                    count[Int(l)] = 0
                }
            }
            touched.removeAll(keepingCapacity: true)
            var previous: Int32 = 0
            for k in part.passageTermIds.indices {
                let t = part.passageTermIds[k]
                CodedTerms.append(t, after: previous, count: part.passageTermCounts[k], to: &part.passageTermBytes)
                previous = t
            }
            part.passageTermIds.removeAll(keepingCapacity: true)
            part.passageTermCounts.removeAll(keepingCapacity: true)
            part.passageTermEnds.append(Int32(part.passageTermBytes.count))
            part.lengths.append(Float(len))
        }
        // The passages' terms are kept until the postings are made: without room to grow.
        part.passageTermIds = []
        part.passageTermCounts = []
        part.passageTermBytes = exactCopy(part.passageTermBytes)
        part.passageTermEnds = exactCopy(part.passageTermEnds)
        return part
    }

    /// The article's passages, in sentence numbers within the article: each paragraph whole,
    /// or, when longer than `maxPassageLength` scalars, windows of about `windowLength`
    /// overlapping by a third (`ranges`: each sentence's range).
    private static func cutPassages(_ article: Article, _ ranges: [Range<Int32>], _ options: IndexOptions, into part: inout ArticlePart) {
        var first = 0
        for (p, paragraph) in article.paragraphs.enumerated() {
            let end = first + paragraph.sentences.count
            defer { first = end }
            guard first < end else { continue }
            let length = Int(ranges[end - 1].upperBound - ranges[first].lowerBound)
            if length <= options.maxPassageLength || end - first == 1 {
                part.passageParagraph.append(Int32(p))
                part.passageFirstSentence.append(Int32(first))
                part.passageEndSentence.append(Int32(end))
                continue
            }
            var s = first
            while s < end {
                var e = s + 1
                while e < end, Int(ranges[e].upperBound - ranges[s].lowerBound) <= options.windowLength { e += 1 }
                part.passageParagraph.append(Int32(p))
                part.passageFirstSentence.append(Int32(s))
                part.passageEndSentence.append(Int32(e))
                if e >= end { break }
                // Overlap: the next window starts a third of the way back into this one.
                let back = max(1, (e - s) / 3)
                s = max(s + 1, e - back)
            }
        }
    }

    /// Appends the distinct global ids of `occurrences[range]`, sorted, to the part's
    /// sentence terms (or its title terms).
    @inline(__always)
    private static func appendDistinctSorted(
        _ range: Range<Int>, _ stamp: Int32, _ map: UnsafeBufferPointer<Int32>, _ occurrences: UnsafeBufferPointer<Int32>,
        _ seen: inout [Int32], _ distinct: inout [Int32], to part: inout ArticlePart, title: Bool
    ) {
        distinct.removeAll(keepingCapacity: true)
        seen.withUnsafeMutableBufferPointer { seen in
            for k in range {
                let l = Int(occurrences[k])
                if seen[l] != stamp { seen[l] = stamp; distinct.append(map[l]) }
            }
        }
        distinct.withUnsafeMutableBufferPointer { d in
            if d.count <= 32 {
                // Insertion sort for short runs.
                var i = 1
                while i < d.count {
                    let x = d[i]
                    var j = i
                    while j > 0, d[j - 1] > x { d[j] = d[j - 1]; j -= 1 }
                    d[j] = x
                    i += 1
                }
            } else {
                d.sort()
            }
        }
        // (Two local terms may be one term: words equal only in canonical composition.)
        var last: Int32 = -1
        if title {
            for t in distinct where t != last { part.titleTerms.append(t); last = t }
        } else {
            for t in distinct where t != last { part.sentenceTerms.append(t); last = t }
            part.sentenceTermEnds.append(Int32(part.sentenceTerms.count))
        }
    }

    /// A copy of `array` with no spare capacity.
    static func exactCopy<T: BitwiseCopyable>(_ array: [T]) -> [T] {
        array.withUnsafeBufferPointer { source in
            [T](unsafeUninitializedCapacity: source.count) { buffer, count in
                if let from = source.baseAddress, let to = buffer.baseAddress { to.initialize(from: from, count: source.count) }
                count = source.count
            }
        }
    }
}
