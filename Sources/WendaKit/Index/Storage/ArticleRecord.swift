/// An article as the saved index keeps it, one record each: its metadata, text,
/// captions, references, and its paragraphs' and sentences' ranges (decoded when an
/// answer first quotes it). A saved index keeps ids, titles and sentences' ranges in
/// columns of their own (`IndexColumns`): its records leave out the id and title (empty
/// strings: the reader takes them from their tables), and the sentences' ranges (an
/// empty list of sentence fields) when they are the column's, numbered 1, 2, … in each
/// paragraph.
enum ArticleRecord {
    /// Appends the record of `a` to `w`; given `kept` (each sentence's range, in order, as
    /// a saved index keeps it), without what the index keeps apart.
    static func encode(_ a: Article, _ w: inout BinaryWriter, kept: [Range<Int32>]? = nil) {
        let apart = kept != nil
        for s in [apart ? "" : a.id, apart ? "" : a.title, a.author, a.date, a.url, a.source, a.text] { w.string(s) }
        w.int(a.line ?? -1)
        let meta = a.metadata.sorted { $0.key < $1.key }
        w.int(meta.count)
        for (k, v) in meta { w.string(k); w.string(v) }
        w.int(a.captions.count); for c in a.captions { w.string(c) }
        w.int(a.references.count); for r in a.references { w.string(r) }
        var paragraphFields: [Int32] = [], sentenceFields: [Int32] = []
        for p in a.paragraphs {
            paragraphFields += [Int32(p.number), Int32(p.block), Int32(p.range.lowerBound), Int32(p.range.upperBound),
                                Int32(p.sentences.count)]
            for s in p.sentences {
                sentenceFields += [Int32(s.number), Int32(s.range.lowerBound), Int32(s.range.upperBound)]
            }
        }
        if let kept, Self.numberedInOrder(a, kept) { sentenceFields = [] }
        w.array(paragraphFields); w.array(sentenceFields)
    }

    /// Whether `a`'s sentences are numbered 1, 2, … in each paragraph and their ranges are `kept`.
    private static func numberedInOrder(_ a: Article, _ kept: [Range<Int32>]) -> Bool {
        var k = 0
        for p in a.paragraphs {
            for (j, s) in p.sentences.enumerated() {
                guard k < kept.count, s.number == j + 1, Int(kept[k].lowerBound) == s.range.lowerBound,
                      Int(kept[k].upperBound) == s.range.upperBound else { return false }
                k += 1
            }
        }
        return k == kept.count
    }

    /// One article record read back (throws when it is not one); `kept` gives its
    /// sentences' ranges, in order, when the record leaves them out.
    static func decode(_ raw: UnsafeRawBufferPointer, kept: (() -> [Range<Int>])? = nil) throws -> Article {
        var r = BinaryReader(raw)
        let id = try r.string(), title = try r.string(), author = try r.string(), date = try r.string()
        let url = try r.string(), source = try r.string(), text = try r.string()
        let line = try r.int()
        var metadata: [String: String] = [:]
        for _ in 0..<(try r.count()) { let k = try r.string(); metadata[k] = try r.string() }
        var captions: [String] = [], references: [String] = []
        for _ in 0..<(try r.count()) { captions.append(try r.string()) }
        for _ in 0..<(try r.count()) { references.append(try r.string()) }
        let pf: [Int32] = try r.array()
        var sf: [Int32] = try r.array()
        guard pf.count % 5 == 0 else { throw IndexFile.LoadError.damaged }
        let sentenceCount = stride(from: 4, to: pf.count, by: 5).reduce(0) { $0 + Int(pf[$1]) }
        if sf.isEmpty, sentenceCount > 0 {
            // Left out: numbered 1, 2, … in each paragraph, ranged as the index keeps them.
            guard let ranges = kept?(), ranges.count == sentenceCount else { throw IndexFile.LoadError.damaged }
            sf.reserveCapacity(3 * sentenceCount)
            var k = 0
            for pi in stride(from: 0, to: pf.count, by: 5) {
                for j in 0..<max(0, Int(pf[pi + 4])) {
                    sf += [Int32(j + 1), Int32(ranges[k].lowerBound), Int32(ranges[k].upperBound)]
                    k += 1
                }
            }
        }
        var paragraphs: [Paragraph] = []
        paragraphs.reserveCapacity(pf.count / 5)
        var si = 0
        for pi in stride(from: 0, to: pf.count, by: 5) {
            let count = Int(pf[pi + 4])
            guard count >= 0, si + 3 * count <= sf.count, 0 <= pf[pi + 2], pf[pi + 2] <= pf[pi + 3] else { throw IndexFile.LoadError.damaged }
            var sentences: [Sentence] = []
            sentences.reserveCapacity(count)
            for _ in 0..<count {
                guard 0 <= sf[si + 1], sf[si + 1] <= sf[si + 2] else { throw IndexFile.LoadError.damaged }
                sentences.append(Sentence(number: Int(sf[si]), range: Int(sf[si + 1])..<Int(sf[si + 2])))
                si += 3
            }
            paragraphs.append(Paragraph(number: Int(pf[pi]), range: Int(pf[pi + 2])..<Int(pf[pi + 3]),
                                        sentences: sentences, block: Int(pf[pi + 1])))
        }
        // Source offsets are not kept: answering cites scalar offsets of the text.
        return Article(id: id, title: title, author: author, date: date, url: url, source: source,
                       line: line < 0 ? nil : line, metadata: metadata, text: text, sourceOffsets: [],
                       paragraphs: paragraphs, captions: captions, references: references)
    }
}
