import Foundation

/// The saved index (`index.wenda`): everything answering needs — articles (metadata, text,
/// paragraph and sentence ranges), the passage → paragraph map, per-sentence terms, the
/// term dictionary, postings and statistics — as flat little-endian arrays ("sections"),
/// read in place from a memory map: loading maps the file and checks its header, its
/// section table and the small tables (see `Section.verifiedAtLoad`), without copying or
/// decoding anything else. Articles are decoded one at a time when first asked for.
///
/// Layout: magic `WENDAIDX` · version (UInt32) · 0 (UInt32) · source fingerprint (UInt64)
/// · section count (UInt64) · table checksum (UInt64) · the section table (per section:
/// offset in the file, length in bytes, element count, first checksum block; UInt64 each)
/// · the checksum of every 64 KiB block of every section (UInt64 each) · the sections, each
/// starting at a multiple of 8 bytes.
///
/// Checksums: the table checksum covers the header, the section table and the block
/// checksums, and is verified at every load, with the blocks of the sections in
/// `Section.verifiedAtLoad`; a block of any other section is verified the first time any
/// of it is read (so a question pays for the blocks it reads, once per process, not for
/// the whole file). A damaged block of those reads as zeros and is reported once.
public enum IndexFile {
    public static let name = "index.wenda"
    public static let version: UInt32 = 6
    static let magic = Array("WENDAIDX".utf8)
    static let headerSize = 40
    static let entrySize = 32

    public enum LoadError: Error, Equatable, CustomStringConvertible {
        case missing, foreignVersion(UInt32), damaged, stale, otherOptions
        public var description: String {
            switch self {
            case .missing: "no saved index"
            case .foreignVersion(let v): "saved index is of format version \(v), not \(IndexFile.version)"
            case .damaged: "saved index is damaged"
            case .stale: "saved index is out of date"
            case .otherOptions: "saved index was built with other index options"
            }
        }
    }

    /// The sections, in file order.
    enum Section: Int, CaseIterable {
        case meta, articleIDOffsets, articleIDs, articleOffsets, articles, paragraphs, sentences
        case sentenceTermOffsets, sentenceTerms, titleTermOffsets, titleTerms
        case passageParagraph, passageFirstSentence, passageEndSentence, passageLength
        case termKinds, termKeys, termSortedCodes, termCodeIDs, termWordBytes, termWordStarts, termWordIDs
        case postingOffsets, postingPassages, postingCounts, frequencies, paragraphOrder
        case termMaxCount, termMinLength

        static let verifiedAtLoad: [Section] = [
            .articleIDOffsets, .articleOffsets, .paragraphs, .sentences, .sentenceTermOffsets, .titleTermOffsets,
            .passageParagraph, .passageFirstSentence, .passageEndSentence, .passageLength,
            .termKinds, .termKeys, .termSortedCodes, .termCodeIDs, .termWordBytes, .termWordStarts, .termWordIDs,
            .postingOffsets, .paragraphOrder,
        ]
    }

    // MARK: Writing

    /// The bytes of the file for `index`, built from sources identified by `fingerprint`.
    public static func encode(_ index: PassageIndex, fingerprint: UInt64, problems: [ReadProblem] = []) -> [UInt8] {
        var out = [UInt8]()
        try! encode(index, fingerprint: fingerprint, problems: problems) { out += $0 }
        return out
    }

    /// The bytes of the file for `index`, handed to `emit` piece by piece in file order
    /// (the sections as they are, not copied into one buffer first).
    static func encode(_ index: PassageIndex, fingerprint: UInt64, problems: [ReadProblem] = [],
                       into emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        let meta = Self.meta(index.options, problems: problems, passageCount: index.statistics.passageCount,
                             averagePassageLength: index.statistics.averagePassageLength, hasWindows: index.hasWindows,
                             articleCount: index.articles.count)
        // Articles: one record each, and their ids apart (ties and listings need only those).
        var ids: [UInt8] = [], idOffsets: [Int64] = [0]
        var records = BinaryWriter(), offsets: [Int64] = [0]
        for a in index.articles {
            ids += Array(a.id.utf8)
            idOffsets.append(Int64(ids.count))
            encodeArticle(a, &records)
            offsets.append(Int64(records.bytes.count))
        }
        let t = index.terms
        let sections: [any IndexSection] = [
            MemorySection(meta), MemorySection(idOffsets), MemorySection(ids), MemorySection(offsets),
            MemorySection(records.bytes), MemorySection(index.paragraphs), MemorySection(index.sentences),
            MemorySection(index.sentenceTermOffsets), MemorySection(index.sentenceTerms),
            MemorySection(index.titleTermOffsets), MemorySection(index.titleTerms),
            MemorySection(index.passageParagraph), MemorySection(index.passageFirstSentence),
            MemorySection(index.passageEndSentence), MemorySection(index.passageLength),
            MemorySection(t.kinds), MemorySection(t.keys), MemorySection(t.sortedCodes), MemorySection(t.codeIDs),
            MemorySection(t.wordBytes), MemorySection(t.wordStarts), MemorySection(t.wordIDs),
            MemorySection(index.postingOffsets), MemorySection(index.postingPassages), MemorySection(index.postingCounts),
            MemorySection(index.statistics.frequencies), MemorySection(index.paragraphOrder),
            MemorySection(index.termMaxCount), MemorySection(index.termMinLength),
        ]
        try assemble(sections, fingerprint: fingerprint, into: emit)
    }

    /// The checksum of the header fields after the magic and of the table region.
    static func tableChecksum(_ head: UnsafeRawBufferPointer, _ region: UnsafeRawBufferPointer) -> UInt64 {
        (Hashing.checksum(region) &* 0x9E37_79B9_7F4A_7C15) ^ Hashing.checksum(head)
    }

    static func encodeArticle(_ a: Article, _ w: inout BinaryWriter) {
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

    /// One article record (see `encodeArticle`).
    static func decodeArticle(_ raw: UnsafeRawBufferPointer) throws -> Article {
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
        guard pf.count % 5 == 0 else { throw LoadError.damaged }
        var paragraphs: [Paragraph] = []
        paragraphs.reserveCapacity(pf.count / 5)
        var si = 0
        for pi in stride(from: 0, to: pf.count, by: 5) {
            let count = Int(pf[pi + 4])
            guard count >= 0, si + 3 * count <= sf.count, 0 <= pf[pi + 2], pf[pi + 2] <= pf[pi + 3] else { throw LoadError.damaged }
            var sentences: [Sentence] = []
            sentences.reserveCapacity(count)
            for _ in 0..<count {
                guard 0 <= sf[si + 1], sf[si + 1] <= sf[si + 2] else { throw LoadError.damaged }
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

    /// Writes the file atomically (a temporary file renamed into place).
    public static func write(_ index: PassageIndex, fingerprint: UInt64, problems: [ReadProblem] = [], to url: URL) throws {
        // Written section by section as it is encoded: no copy of the whole file in memory.
        try FileIO.writeAtomically(to: url) { write in
            try encode(index, fingerprint: fingerprint, problems: problems, into: write)
        }
    }

    // MARK: Reading

    /// The fingerprint a file was saved with, from its header alone (nil: not an index).
    public static func fingerprint(at url: URL) -> UInt64? {
        guard let h = FileHandle(forReadingAtPath: url.path) else { return nil }
        defer { try? h.close() }
        guard let d = try? h.read(upToCount: headerSize), d.count == headerSize, Array(d.prefix(8)) == magic else { return nil }
        return d.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 16, as: UInt64.self) }
    }

    /// Loads a saved index, memory-mapped. Throws `LoadError` when it is missing, of
    /// another version, damaged (header, section table, or what loading reads), built
    /// from other sources than `fingerprint` says (when given) or with other options.
    /// `damaged` is told (once) when a block read later does not match its checksum.
    public static func load(_ url: URL, fingerprint expected: UInt64?, options: IndexOptions,
                            damaged: @escaping @Sendable (String) -> Void = { _ in })
        throws -> (index: PassageIndex, problems: [ReadProblem])
    {
        guard FileManager.default.fileExists(atPath: url.path), let file = MappedFile(path: url.path) else {
            throw LoadError.missing
        }
        let raw = file.bytes
        guard raw.count >= headerSize, Array(raw[0..<8]) == magic else { throw LoadError.damaged }
        let v = raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
        guard v == version else { throw LoadError.foreignVersion(v) }
        let fp = raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
        let sectionCount = Int(raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
        let sum = raw.loadUnaligned(fromByteOffset: 32, as: UInt64.self)
        guard sectionCount == Section.allCases.count, headerSize + sectionCount * entrySize <= raw.count else {
            throw LoadError.damaged
        }
        func u64(_ o: Int) -> Int { Int(truncatingIfNeeded: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)) }
        // The table, then the block checksums it points into.
        var entries: [(offset: Int, length: Int, count: Int, firstBlock: Int)] = []
        var blocks = 0
        for k in 0..<sectionCount {
            let o = headerSize + k * entrySize
            let e = (u64(o), u64(o + 8), u64(o + 16), u64(o + 24))
            guard e.1 >= 0, e.2 >= 0, e.3 == blocks else { throw LoadError.damaged }
            blocks += SectionCheck.blockCount(e.1)
            entries.append(e)
        }
        let sumsAt = headerSize + sectionCount * entrySize
        guard sumsAt + blocks * 8 <= raw.count else { throw LoadError.damaged }
        let region = UnsafeRawBufferPointer(rebasing: raw[headerSize..<(sumsAt + blocks * 8)])
        guard tableChecksum(UnsafeRawBufferPointer(rebasing: raw[8..<32]), region) == sum else { throw LoadError.damaged }
        if let expected, expected != fp { throw LoadError.stale }
        let sums = (raw.baseAddress! + sumsAt).assumingMemoryBound(to: UInt64.self)
        let report = DamageReport(damaged)
        for (k, e) in entries.enumerated() {
            guard e.offset >= sumsAt + blocks * 8, e.offset % 8 == 0, e.offset <= raw.count, e.length <= raw.count - e.offset,
                  e.length == e.count * elementSize(Section(rawValue: k)!) else { throw LoadError.damaged }
        }
        let checks = Section.allCases.map { s in
            let e = entries[s.rawValue]
            return SectionCheck(bytes: UnsafeRawBufferPointer(rebasing: raw[e.offset..<(e.offset + e.length)]),
                                sums: sums + e.firstBlock, name: "\(s)", damaged: report.tell)
        }
        func check(_ s: Section) -> SectionCheck { checks[s.rawValue] }
        func column<T: BitwiseCopyable>(_ s: Section, _: T.Type = T.self) -> Column<T> {
            let e = entries[s.rawValue]
            // A section verified whole at load needs no check on reading.
            return Column(pointer: raw.baseAddress! + e.offset, count: e.count, owner: file,
                          check: Section.verifiedAtLoad.contains(s) ? nil : check(s))
        }
        // Verified whole now: the small section read at once, and the tables whose values
        // point into other sections or the text (ranges, offsets, the term dictionary).
        // The rest (article records, term ids of sentences and titles, postings, statistics)
        // is verified a block at a time when first read: a damaged block reads as zeros,
        // which every use of those sections tolerates.
        let metaCheck = check(.meta)
        guard metaCheck.verifyAll() else { throw LoadError.damaged }
        for s in Section.verifiedAtLoad where !check(s).verifyAll() { throw LoadError.damaged }
        var r = BinaryReader(metaCheck.bytes)
        do {
            guard try r.string() == optionsKey(options) else { throw LoadError.otherOptions }
            var problems: [ReadProblem] = []
            for _ in 0..<(try r.count()) {
                let file = try r.string(), line = try r.int(), reason = try r.string()
                problems.append(ReadProblem(file: file, line: line < 0 ? nil : line, reason: reason))
            }
            let passageCount = try r.int(), average = try r.double()
            let hasWindows = try r.int() != 0
            let n = try r.int()
            let index = try PassageIndex(
                saved: file, articleCount: n, options: options,
                articleIDOffsets: column(.articleIDOffsets), articleIDs: column(.articleIDs),
                articleOffsets: column(.articleOffsets), articleRecords: column(.articles),
                paragraphs: column(.paragraphs), sentences: column(.sentences),
                sentenceTermOffsets: column(.sentenceTermOffsets), sentenceTerms: column(.sentenceTerms),
                titleTermOffsets: column(.titleTermOffsets), titleTerms: column(.titleTerms),
                passageParagraph: column(.passageParagraph), passageFirstSentence: column(.passageFirstSentence),
                passageEndSentence: column(.passageEndSentence), passageLength: column(.passageLength),
                terms: TermTable(kinds: column(.termKinds), keys: column(.termKeys), sortedCodes: column(.termSortedCodes),
                                 codeIDs: column(.termCodeIDs), wordBytes: column(.termWordBytes),
                                 wordStarts: column(.termWordStarts), wordIDs: column(.termWordIDs)),
                postingOffsets: column(.postingOffsets), postingPassages: column(.postingPassages),
                postingCounts: column(.postingCounts),
                statistics: IndexStatistics(passageCount: passageCount, averagePassageLength: average,
                                            frequencies: column(.frequencies)),
                paragraphOrder: column(.paragraphOrder), termMaxCount: column(.termMaxCount),
                termMinLength: column(.termMinLength), hasWindows: hasWindows)
            return (index, problems)
        } catch let e as LoadError {
            throw e
        } catch {
            throw LoadError.damaged
        }
    }

    /// The size of one element of a section.
    static func elementSize(_ s: Section) -> Int {
        switch s {
        case .meta, .articleIDs, .articles, .termKinds, .termWordBytes: 1
        case .articleIDOffsets, .articleOffsets, .termKeys, .termSortedCodes: 8
        case .paragraphs: MemoryLayout<PassageIndex.ParagraphRef>.stride
        case .sentences: MemoryLayout<PassageIndex.SentenceRef>.stride
        case .postingCounts, .termMaxCount: 2
        default: 4
        }
    }

    /// The options that change what is saved or how it scores, as text.
    static func optionsKey(_ o: IndexOptions) -> String {
        "maxPassageLength=\(o.maxPassageLength),windowLength=\(o.windowLength)"
    }
}

/// Tells of damage found in a saved index once, whatever the number of blocks.
final class DamageReport: @unchecked Sendable {
    private let handler: @Sendable (String) -> Void
    private var told = false
    private let lock = NSLock()
    init(_ handler: @escaping @Sendable (String) -> Void) { self.handler = handler }
    @Sendable func tell(_ section: String) {
        lock.lock()
        let first = !told
        told = true
        lock.unlock()
        if first { handler("saved index is damaged (\(section)): what it held there is left out") }
    }
}

struct BinaryWriter {
    var bytes: [UInt8] = []
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    mutating func int(_ v: Int) { u64(UInt64(bitPattern: Int64(v))) }
    mutating func double(_ v: Double) { u64(v.bitPattern) }
    mutating func string(_ s: String) { array(Array(s.utf8)) }
    mutating func array<T: BitwiseCopyable>(_ a: [T]) {
        int(a.count)
        a.withUnsafeBytes { bytes += $0 }
        while bytes.count % 8 != 0 { bytes.append(0) }
    }
}

struct BinaryReader {
    struct Truncated: Error {}
    let raw: UnsafeRawBufferPointer
    var at = 0
    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    mutating func u64() throws -> UInt64 {
        guard at + 8 <= raw.count else { throw Truncated() }
        defer { at += 8 }
        return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: at, as: UInt64.self))
    }
    mutating func int() throws -> Int { Int(Int64(bitPattern: try u64())) }
    mutating func count() throws -> Int {
        let n = try int()
        guard n >= 0, n <= raw.count else { throw Truncated() }
        return n
    }
    mutating func double() throws -> Double { Double(bitPattern: try u64()) }
    mutating func string() throws -> String {
        let n = try count()
        guard at + n <= raw.count else { throw Truncated() }
        let s = String(decoding: UnsafeRawBufferPointer(rebasing: raw[at..<(at + n)]), as: UTF8.self)
        at += (n + 7) & ~7
        return s
    }
    mutating func array<T: BitwiseCopyable>(_: T.Type = T.self) throws -> [T] {
        let n = try count()
        let size = n * MemoryLayout<T>.stride
        guard at + size <= raw.count else { throw Truncated() }
        let out = [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            if size > 0 { memcpy(buffer.baseAddress!, raw.baseAddress! + at, size) }
            initialized = n
        }
        at += (size + 7) & ~7
        return out
    }
}
