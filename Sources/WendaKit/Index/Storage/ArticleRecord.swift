/// An article as the saved index keeps it, one record each: its metadata, text,
/// captions, references, and its paragraphs' and sentences' ranges (decoded when an
/// answer first quotes it).
enum ArticleRecord {
    /// Appends the record of `a` to `w`.
    static func encode(_ a: Article, _ w: inout BinaryWriter) {
        for s in [a.id, a.title, a.author, a.date, a.url, a.source, a.text] { w.string(s) }
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
        w.array(paragraphFields); w.array(sentenceFields)
    }

    /// One article record read back (throws when it is not one).
    static func decode(_ raw: UnsafeRawBufferPointer) throws -> Article {
        var r = BinaryReader(raw)
        let id = try r.string(), title = try r.string(), author = try r.string(), date = try r.string()
        let url = try r.string(), source = try r.string(), text = try r.string()
        let line = try r.int()
        var metadata: [String: String] = [:]
        for _ in 0..<(try r.count()) { let k = try r.string(); metadata[k] = try r.string() }
        var captions: [String] = [], references: [String] = []
        for _ in 0..<(try r.count()) { captions.append(try r.string()) }
        for _ in 0..<(try r.count()) { references.append(try r.string()) }
        let pf: [Int32] = try r.array(), sf: [Int32] = try r.array()
        guard pf.count % 5 == 0 else { throw IndexFile.LoadError.damaged }
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
