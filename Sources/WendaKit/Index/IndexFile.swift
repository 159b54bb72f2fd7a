import Foundation

/// The saved index (`index.wenda`): everything answering needs — articles (metadata, text,
/// paragraph and sentence ranges), the passage → paragraph map, per-sentence terms, the
/// term dictionary, postings and statistics — as flat little-endian arrays, so loading is
/// a memory map and a copy of each array, with no segmenting and no JSON.
///
/// Layout: magic `WENDAIDX` · version (UInt32) · 0 (UInt32) · source fingerprint (UInt64)
/// · payload length (UInt64) · payload checksum (UInt64) · payload. In the payload every
/// number is 8 bytes, every array is its count then its elements padded to 8 bytes,
/// every string its UTF-8 bytes as an array.
public enum IndexFile {
    public static let name = "index.wenda"
    public static let version: UInt32 = 3
    static let magic = Array("WENDAIDX".utf8)
    static let headerSize = 40

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

    // MARK: Writing

    /// The bytes of the file for `index`, built from sources identified by `fingerprint`.
    public static func encode(_ index: PassageIndex, fingerprint: UInt64, problems: [ReadProblem] = []) -> [UInt8] {
        var w = BinaryWriter()
        w.string(optionsKey(index.options))
        w.int(problems.count)
        for p in problems { w.string(p.file); w.int(p.line ?? -1); w.string(p.reason) }
        // Articles.
        let articles = index.articles
        w.int(articles.count)
        var paragraphCounts: [Int32] = [], paragraphFields: [Int32] = [], sentenceFields: [Int32] = []
        for a in articles {
            for s in [a.id, a.title, a.author, a.date, a.url, a.source, a.text] { w.string(s) }
            w.int(a.line ?? -1)
            let meta = a.metadata.sorted { $0.key < $1.key }
            w.int(meta.count)
            for (k, v) in meta { w.string(k); w.string(v) }
            w.int(a.captions.count); for c in a.captions { w.string(c) }
            w.int(a.references.count); for r in a.references { w.string(r) }
            paragraphCounts.append(Int32(a.paragraphs.count))
            for p in a.paragraphs {
                paragraphFields += [Int32(p.number), Int32(p.block), Int32(p.range.lowerBound), Int32(p.range.upperBound),
                                    Int32(p.sentences.count)]
                for s in p.sentences {
                    sentenceFields += [Int32(s.number), Int32(s.range.lowerBound), Int32(s.range.upperBound)]
                }
            }
        }
        w.array(paragraphCounts); w.array(paragraphFields); w.array(sentenceFields)
        // The index.
        w.array(index.paragraphs); w.array(index.sentences)
        w.array(index.sentenceTermOffsets); w.array(index.sentenceTerms)
        w.array(index.titleTermOffsets); w.array(index.titleTerms)
        w.array(index.passageParagraph); w.array(index.passageFirstSentence); w.array(index.passageEndSentence)
        w.array(index.passageLength)
        let t = index.terms
        w.array(t.kinds); w.array(t.keys); w.array(t.sortedCodes); w.array(t.codeIDs)
        w.array(t.wordBytes); w.array(t.wordStarts); w.array(t.wordIDs)
        w.array(index.postingOffsets); w.array(index.postingPassages); w.array(index.postingCounts)
        w.int(index.statistics.passageCount); w.double(index.statistics.averagePassageLength)
        w.array(index.statistics.frequencies)
        w.array(index.paragraphOrder)
        w.int(index.hasWindows ? 1 : 0)

        var head = BinaryWriter()
        head.bytes += magic
        head.u32(version); head.u32(0)
        head.u64(fingerprint)
        head.u64(UInt64(w.bytes.count))
        head.u64(w.bytes.withUnsafeBytes { checksum($0) })
        return head.bytes + w.bytes
    }

    /// Writes the file atomically (a temporary file renamed into place).
    public static func write(_ index: PassageIndex, fingerprint: UInt64, problems: [ReadProblem] = [], to url: URL) throws {
        try CorpusWriter.writeAtomically(Data(encode(index, fingerprint: fingerprint, problems: problems)), to: url)
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
    /// another version, damaged, built from other sources than `fingerprint` says (when
    /// given) or with other options.
    public static func load(_ url: URL, fingerprint expected: UInt64?, options: IndexOptions)
        throws -> (index: PassageIndex, problems: [ReadProblem])
    {
        guard let data = try? Data(contentsOf: url, options: .alwaysMapped) else { throw LoadError.missing }
        return try data.withUnsafeBytes { raw in
            guard raw.count >= headerSize, Array(raw[0..<8]) == magic else { throw LoadError.damaged }
            let v = raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
            guard v == version else { throw LoadError.foreignVersion(v) }
            let fp = raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
            let length = Int(raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self))
            let sum = raw.loadUnaligned(fromByteOffset: 32, as: UInt64.self)
            guard length == raw.count - headerSize else { throw LoadError.damaged }
            if let expected, expected != fp { throw LoadError.stale }
            let payload = UnsafeRawBufferPointer(rebasing: raw[headerSize...])
            guard checksum(payload) == sum else { throw LoadError.damaged }
            var r = BinaryReader(payload)
            do {
                return try decode(&r, options: options)
            } catch let e as LoadError {
                throw e
            } catch {
                throw LoadError.damaged
            }
        }
    }

    static func decode(_ r: inout BinaryReader, options: IndexOptions) throws -> (index: PassageIndex, problems: [ReadProblem]) {
        guard try r.string() == optionsKey(options) else { throw LoadError.otherOptions }
        var problems: [ReadProblem] = []
        for _ in 0..<(try r.count()) {
            let file = try r.string(), line = try r.int(), reason = try r.string()
            problems.append(ReadProblem(file: file, line: line < 0 ? nil : line, reason: reason))
        }
        let n = try r.count()
        var heads: [(id: String, title: String, author: String, date: String, url: String, source: String, text: String,
                     line: Int?, metadata: [String: String], captions: [String], references: [String])] = []
        heads.reserveCapacity(n)
        for _ in 0..<n {
            let id = try r.string(), title = try r.string(), author = try r.string(), date = try r.string()
            let url = try r.string(), source = try r.string(), text = try r.string()
            let line = try r.int()
            var metadata: [String: String] = [:]
            for _ in 0..<(try r.count()) { let k = try r.string(); metadata[k] = try r.string() }
            var captions: [String] = [], references: [String] = []
            for _ in 0..<(try r.count()) { captions.append(try r.string()) }
            for _ in 0..<(try r.count()) { references.append(try r.string()) }
            heads.append((id, title, author, date, url, source, text, line < 0 ? nil : line, metadata, captions, references))
        }
        let paragraphCounts: [Int32] = try r.array(), pf: [Int32] = try r.array(), sf: [Int32] = try r.array()
        guard paragraphCounts.count == n else { throw LoadError.damaged }
        var articles: [Article] = []
        articles.reserveCapacity(n)
        var pi = 0, si = 0
        for a in 0..<n {
            var paragraphs: [Paragraph] = []
            for _ in 0..<Int(paragraphCounts[a]) {
                guard pi + 5 <= pf.count else { throw LoadError.damaged }
                let count = Int(pf[pi + 4])
                guard count >= 0, si + 3 * count <= sf.count, pf[pi + 2] <= pf[pi + 3] else { throw LoadError.damaged }
                var sentences: [Sentence] = []
                sentences.reserveCapacity(count)
                for _ in 0..<count {
                    guard sf[si + 1] <= sf[si + 2] else { throw LoadError.damaged }
                    sentences.append(Sentence(number: Int(sf[si]), range: Int(sf[si + 1])..<Int(sf[si + 2])))
                    si += 3
                }
                paragraphs.append(Paragraph(number: Int(pf[pi]), range: Int(pf[pi + 2])..<Int(pf[pi + 3]),
                                            sentences: sentences, block: Int(pf[pi + 1])))
                pi += 5
            }
            let h = heads[a]
            // Source offsets are not kept: answering cites scalar offsets of the text.
            articles.append(Article(id: h.id, title: h.title, author: h.author, date: h.date, url: h.url, source: h.source,
                                    line: h.line, metadata: h.metadata, text: h.text, sourceOffsets: [],
                                    paragraphs: paragraphs, captions: h.captions, references: h.references))
        }
        let paragraphs: [PassageIndex.ParagraphRef] = try r.array()
        let sentences: [PassageIndex.SentenceRef] = try r.array()
        let sto: [Int32] = try r.array(), st: [Int32] = try r.array()
        let tto: [Int32] = try r.array(), tt: [Int32] = try r.array()
        let pp: [Int32] = try r.array(), pfs: [Int32] = try r.array(), pes: [Int32] = try r.array()
        let plen: [Float] = try r.array()
        let terms = TermTable(kinds: try r.array(), keys: try r.array(), sortedCodes: try r.array(), codeIDs: try r.array(),
                              wordBytes: try r.array(), wordStarts: try r.array(), wordIDs: try r.array())
        let po: [Int32] = try r.array(), postP: [Int32] = try r.array(), postC: [UInt16] = try r.array()
        let passageCount = try r.int(), average = try r.double()
        let df: [Int32] = try r.array()
        let order: [Int32] = try r.array()
        let hasWindows = try r.int() != 0
        // Enough checks that a damaged file cannot index out of bounds.
        let t = terms.count
        guard sto.count == sentences.count + 1, tto.count == n + 1, po.count == t + 1, df.count == t,
              pp.count == passageCount, pfs.count == passageCount, pes.count == passageCount, plen.count == passageCount,
              postP.count == postC.count, Int(po.last ?? 0) == postP.count, Int(sto.last ?? 0) == st.count,
              Int(tto.last ?? 0) == tt.count, order.count == paragraphs.count, terms.keys.count == t,
              terms.wordStarts.count == terms.wordIDs.count + 1, terms.sortedCodes.count == terms.codeIDs.count,
              Int(terms.wordStarts.last ?? 0) == terms.wordBytes.count,
              !postP.contains(where: { $0 < 0 || Int($0) >= passageCount }),
              !st.contains(where: { $0 < 0 || Int($0) >= t }), !tt.contains(where: { $0 < 0 || Int($0) >= t }),
              !pp.contains(where: { $0 < 0 || Int($0) >= paragraphs.count }),
              !paragraphs.contains(where: { $0.article < 0 || Int($0.article) >= n })
        else { throw LoadError.damaged }
        let index = PassageIndex(
            articles: articles, options: options, paragraphs: paragraphs, sentences: sentences,
            sentenceTermOffsets: sto, sentenceTerms: st, titleTermOffsets: tto, titleTerms: tt,
            passageParagraph: pp, passageFirstSentence: pfs, passageEndSentence: pes, passageLength: plen,
            terms: terms, postingOffsets: po, postingPassages: postP, postingCounts: postC,
            statistics: IndexStatistics(passageCount: passageCount, averagePassageLength: average, frequencies: df),
            paragraphOrder: order, hasWindows: hasWindows)
        return (index, problems)
    }

    /// The options that change what is saved or how it scores, as text.
    static func optionsKey(_ o: IndexOptions) -> String {
        "maxPassageLength=\(o.maxPassageLength),windowLength=\(o.windowLength)"
    }

    /// A fast 64-bit checksum of the payload: four independent multiply-mix lanes over
    /// 8-byte words (so a load checks a large index in a few milliseconds), then the tail.
    static func checksum(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        let k: UInt64 = 0x100_0000_01B3
        var h0: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count), h1 = h0 &+ 1, h2 = h0 &+ 2, h3 = h0 &+ 3
        let blocks = raw.count / 32
        var i = 0
        while i < blocks {
            let o = i * 32
            h0 = (h0 ^ raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)) &* k; h0 ^= h0 >> 29
            h1 = (h1 ^ raw.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self)) &* k; h1 ^= h1 >> 29
            h2 = (h2 ^ raw.loadUnaligned(fromByteOffset: o + 16, as: UInt64.self)) &* k; h2 ^= h2 >> 29
            h3 = (h3 ^ raw.loadUnaligned(fromByteOffset: o + 24, as: UInt64.self)) &* k; h3 ^= h3 >> 29
            i += 1
        }
        var h = ((h0 &* 31 ^ h1) &* 31 ^ h2) &* 31 ^ h3
        for j in (blocks * 32)..<raw.count { h = (h ^ UInt64(raw[j])) &* k }
        return h
    }
}

/// A 64-bit FNV-1a hash (fingerprints of sources and articles).
public struct StableHasher {
    public private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325
    public init() {}
    public mutating func add(_ bytes: some Sequence<UInt8>) {
        for b in bytes { value = (value ^ UInt64(b)) &* 0x100_0000_01B3 }
    }
    public mutating func add(_ s: String) { add(s.utf8); add([0xFF]) }
    public mutating func add(_ n: Int) { withUnsafeBytes(of: n.littleEndian) { add($0) } }
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
