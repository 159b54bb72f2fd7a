/// A sentence's range of its article's text (Unicode scalars), as saved: 8 bytes a
/// sentence. Its paragraph and its place there are not saved with it: paragraphs list
/// their sentences (consecutive numbers), so they follow from the paragraph table, found
/// from the paragraph of the first sentence of its run (`IndexColumns.sentenceParagraphBases`).
struct SentenceRange: Sendable, Hashable, BitwiseCopyable {
    var start: Int32
    var end: Int32
}

extension IndexColumns {
    /// Sentence `s` (below the number of sentences) with its paragraph and its place in it:
    /// the last paragraph of its run's whose first sentence is `s` or before (a binary
    /// search over the paragraphs from its run's first sentence's to the next run's).
    @inline(__always)
    func sentence(_ s: Int) -> SentenceRef {
        let r = sentences[s]
        let run = s / SentenceTermCoding.run
        let last = paragraphs.count - 1
        let lo = min(max(0, Int(sentenceParagraphBases[run])), last)
        let hi = run + 1 < sentenceParagraphBases.count ? min(max(lo, Int(sentenceParagraphBases[run + 1])), last) : last
        // The first paragraph after `s`'s, less one.
        let p = max(lo, BinarySearch.first(lo + 1, hi + 1) { Int(paragraphs[$0].firstSentence) <= s } - 1)
        return SentenceRef(paragraph: Int32(p), index: Int32(truncatingIfNeeded: s) &- paragraphs[p].firstSentence,
                           start: r.start, end: r.end)
    }
}
