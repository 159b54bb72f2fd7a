import Foundation

/// The saved index (`index.wenda`): the columns of `IndexLayout` — articles (metadata,
/// text, paragraph and sentence ranges), the passage → paragraph map, per-sentence terms,
/// the term dictionary, postings and statistics — as flat little-endian arrays
/// ("sections"), read in place from a memory map: loading maps the file and checks its
/// header, its section table and the small tables (`verifiedAtLoad`), without copying or
/// decoding anything else. Articles are decoded one at a time when first asked for.
///
/// Layout: magic `WENDAIDX` · version (UInt32) · 0 (UInt32) · source fingerprint (UInt64)
/// · section count (UInt64) · table checksum (UInt64) · the section table (per section:
/// offset in the file, length in bytes, element count, first checksum block; UInt64 each)
/// · the checksum of every 64 KiB block of every section (UInt64 each) · the sections, each
/// starting at a multiple of 8 bytes.
///
/// Checksums: the table checksum covers the header, the section table and the block
/// checksums, and is verified at every load, with the blocks of the sections verified at
/// load; a block of any other section is verified the first time any of it is read (so a
/// question pays for the blocks it reads, once per process, not for the whole file). A
/// damaged block of those reads as zeros and is reported once.
public enum IndexFile {
    public static let name = "index.wenda"
    public static let version: UInt32 = 13
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

    // MARK: Writing

    /// The bytes of the file for `index`, built from sources identified by `fingerprint`.
    public static func encode(_ index: PassageIndex, fingerprint: UInt64, problems: [ReadProblem] = []) -> [UInt8] {
        var out = [UInt8]()
        try! assemble(index.sections(problems: problems), fingerprint: fingerprint) { out += $0 }
        return out
    }

    /// Writes the file for `index` atomically (a temporary file renamed into place),
    /// section by section as it is encoded: no copy of the whole file in memory.
    public static func write(_ index: PassageIndex, fingerprint: UInt64, problems: [ReadProblem] = [], to url: URL) throws {
        try write(index.sections(problems: problems), fingerprint: fingerprint, to: url)
    }

    /// Writes the file for `sections` (in layout order) atomically.
    static func write(_ sections: [any IndexSection], fingerprint: UInt64, to url: URL) throws {
        try FileIO.writeAtomically(to: url) { emit in try assemble(sections, fingerprint: fingerprint, into: emit) }
    }

    /// The file for `sections` (in layout order), built from sources identified by
    /// `fingerprint`, handed to `emit` piece by piece: header, section table, block
    /// checksums, then the sections, each padded to a multiple of 8 bytes.
    static func assemble(_ sections: [any IndexSection], fingerprint: UInt64,
                         into emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        precondition(sections.count == IndexLayout.columns.count)
        var blockSums: [UInt64] = []
        var table: [UInt64] = []
        let totalBlocks = sections.reduce(0) { $0 + SectionCheck.blockCount($1.byteCount) }
        var at = headerSize + sections.count * entrySize + totalBlocks * 8
        for s in sections {
            table += [UInt64(at), UInt64(s.byteCount), UInt64(s.count), UInt64(blockSums.count)]
            blockSums += s.blockSums()
            at += (s.byteCount + 7) & ~7
        }
        var head = BinaryWriter()
        head.bytes += magic
        head.u32(version); head.u32(0); head.u64(fingerprint); head.u64(UInt64(sections.count))
        var region = BinaryWriter()
        for v in table { region.u64(v) }
        for v in blockSums { region.u64(v) }
        let sum = region.bytes.withUnsafeBytes { r in
            head.bytes[magic.count...].withUnsafeBytes { h in tableChecksum(h, r) }
        }
        head.u64(sum)
        try head.bytes.withUnsafeBytes(emit)
        try region.bytes.withUnsafeBytes(emit)
        var written = head.bytes.count + region.bytes.count
        let zeros = [UInt8](repeating: 0, count: 8)
        for s in sections {
            try s.emit(emit)
            written += s.byteCount
            let pad = (8 - written % 8) % 8
            if pad > 0 { try zeros.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0[0..<pad])) } }
            written += pad
        }
    }

    /// The checksum of the header fields after the magic and of the table region.
    static func tableChecksum(_ head: UnsafeRawBufferPointer, _ region: UnsafeRawBufferPointer) -> UInt64 {
        (Hashing.checksum(region) &* 0x9E37_79B9_7F4A_7C15) ^ Hashing.checksum(head)
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
        let layout = IndexLayout.columns
        guard sectionCount == layout.count, headerSize + sectionCount * entrySize <= raw.count else {
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
        for (e, column) in zip(entries, layout) {
            guard e.offset >= sumsAt + blocks * 8, e.offset % 8 == 0, e.offset <= raw.count, e.length <= raw.count - e.offset,
                  e.length == e.count * column.elementSize else { throw LoadError.damaged }
        }
        // Each column read in place. Verified whole now: the small tables read at once, and
        // those whose values point into other sections or the text (ranges, offsets, the
        // term dictionary). The rest (article records, term ids of sentences and titles,
        // postings, statistics) is verified a block at a time when first read: a damaged
        // block reads as zeros, which every use of those sections tolerates.
        var columns = IndexColumns()
        for (e, column) in zip(entries, layout) {
            let check = SectionCheck(bytes: UnsafeRawBufferPointer(rebasing: raw[e.offset..<(e.offset + e.length)]),
                                     sums: sums + e.firstBlock, name: column.name, damaged: report.tell)
            guard !column.verifiedAtLoad || check.verifyAll() else { throw LoadError.damaged }
            column.map(file, at: raw.baseAddress! + e.offset, count: e.count, check: column.verifiedAtLoad ? nil : check,
                       into: &columns)
        }
        let meta: IndexMeta
        do {
            meta = try columns.meta.withUnsafeBufferPointer { try IndexMeta(UnsafeRawBufferPointer($0)) }
        } catch {
            throw LoadError.damaged
        }
        guard meta.optionsKey == IndexMeta.optionsKey(options) else { throw LoadError.otherOptions }
        guard columns.agree(meta) else { throw LoadError.damaged }
        return (PassageIndex(saved: columns, meta: meta, options: options), meta.problems)
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
