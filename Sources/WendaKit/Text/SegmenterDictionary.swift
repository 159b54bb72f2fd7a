import Foundation

/// The segmenter's data in its compiled form: the jieba word dictionary as a prefix trie over
/// a dense character alphabet, and the BMES hidden Markov model for unknown words.
///
/// The compiled file (`jieba.wdict`, little endian) is produced from the text sources
/// (`jieba-dict.txt`, `jieba-hmm.tsv`) by `SegmenterDictionary.compile` — run it with
/// `wenda segment --compile-dictionary OUT` — and used in place: the file is memory-mapped
/// and the segmenter reads its tables directly (no parsing, no copy). Layout, every section
/// 8-byte aligned:
///
/// ```
/// header   magic "WNDADICT", version u32, alphabet u32 (A), nodes u32 (N), pair slots u32 (H),
///          total f64, sourceHash u64, start[4] f64, trans[16] f64   (state order B E M S)
/// bmp      65,536 × u16   scalar → alphabet id (0xFFFF: not in the alphabet)
/// alphabet A × u32        the alphabet's scalars, ascending
/// root     A × u32        trie node reached from the root by that character (0: none)
/// emit     A × 4 × f32    HMM emission log-probabilities (NaN: none)
/// nodes    (N + 1) × 8    trie nodes in breadth-first order: first child u32 (children of n
///                         are first[n] ..< first[n + 1]), label u16 (alphabet id of the
///                         character leading to n), q u16 (log p = −q / 2048; 0xFFFF: not a word)
/// blocks   A × 8          per first character: base u32, size u32 of its block of `pairs`
/// pairs    H × 12         the depth-2 nodes, a copy of their record, hashed in one block per
///                         first character (blocks of frequent characters first, for locality):
///                         key u32 (id1 << 16 | id2; 0xFFFFFFFF: empty slot), first child u32,
///                         child count u16, q u16; linear probing inside the block (at most
///                         3/4 full) from ((id2 × 0x9E3779B1) mod 2³² × size) >> 32.
///                         Slot 0 is always empty (the block of characters without children).
/// tags     (N + 1) × u8   the word class of node n's word from the dictionary's tag column
///                         (see `WordClass`; 0: none), the first tag given for a word
/// ```
public struct SegmenterDictionary: Sendable {
    public static let formatVersion: UInt32 = 7
    static let magic: [UInt8] = Array("WNDADICT".utf8)
    static let noID: UInt16 = 0xFFFF
    static let headerSize = 8 + 4 * 4 + 8 + 8 + 4 * 8 + 16 * 8

    /// Sum of all dictionary frequencies.
    public let total: Double
    /// FNV-1a hash of the text sources the compiled form was made from (and the format version).
    public let sourceHash: UInt64
    let nodeCount: Int
    let start: [Double]
    let trans: [Double]
    /// Log-probability of a character the dictionary does not know as a word.
    let minLogP: Double

    public var trieNodeCount: Int { nodeCount }

    // MARK: Locating the data

    /// File name of the compiled dictionary inside the resource folder.
    public static let compiledName = "jieba.wdict"

    /// The folder holding the bundled dictionary data (compiled form and text sources):
    /// the resource bundle beside the executable (a build), else `../share/wenda/dictionary`
    /// from it (an installed copy: `make install`), else the bundle of the build.
    /// `WENDA_DICTIONARY` may name a compiled file or a folder holding one.
    public static func resourceFolder() -> URL? {
        let fm = FileManager.default
        if let exe = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            for candidate in [exe.appendingPathComponent("wenda_WendaKit.resources/Resources/dictionary"),
                              exe.deletingLastPathComponent().appendingPathComponent("share/wenda/dictionary")]
            where fm.fileExists(atPath: candidate.appendingPathComponent(compiledName).path) {
                return candidate.standardizedFileURL
            }
        }
        if let url = Bundle.module.url(forResource: "Resources", withExtension: nil) {
            return url.appendingPathComponent("dictionary")
        }
        return nil
    }

    /// Where the compiled dictionary is looked for: `chosen` (by default
    /// `LibrarySettings.dictionary`, wenda's `$WENDA_DICTIONARY`), else the bundled one.
    public static func compiledURL(chosen: String? = LibrarySettings.dictionary) -> URL? {
        if let path = chosen, !path.isEmpty {
            var isDir: ObjCBool = false
            let url = URL(fileURLWithPath: path)
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
                return url.appendingPathComponent(compiledName)
            }
            return url
        }
        return resourceFolder()?.appendingPathComponent(compiledName)
    }

    /// The text sources in the resource folder: (dictionary, HMM tables).
    public static func sourceURLs() -> (dictionary: URL, hmm: URL)? {
        guard let folder = resourceFolder() else { return nil }
        return (folder.appendingPathComponent("jieba-dict.txt"), folder.appendingPathComponent("jieba-hmm.tsv"))
    }

    /// Loads the compiled dictionary found by `compiledURL()`.
    public static func load() throws -> SegmenterDictionary {
        guard let url = compiledURL() else { throw SegmenterError.dictionaryNotFound(nil) }
        return try load(from: url)
    }

    /// Maps the compiled file into memory and uses it in place.
    public static func load(from url: URL) throws -> SegmenterDictionary {
        guard let storage = Storage(mapping: url.path) else { throw SegmenterError.dictionaryNotFound(url.path) }
        return try SegmenterDictionary(storage: storage, name: url.path)
    }

    /// An empty dictionary: every Han character becomes a word of its own.
    public static let empty: SegmenterDictionary = {
        try! SegmenterDictionary(compiled: compile(dictionaryText: "", hmmText: ""), name: "empty")
    }()

    // MARK: Reading the compiled form

    /// Reads a compiled dictionary held in memory (copied once).
    public init(compiled data: Data, name: String = "dictionary") throws {
        try self.init(storage: Storage(copying: data), name: name)
    }

    init(storage: Storage, name: String) throws {
        let bad = SegmenterError.badDictionary(name)
        let raw = UnsafeRawBufferPointer(start: storage.base, count: storage.count)
        guard raw.count >= Self.headerSize, Array(raw.prefix(8)) == Self.magic else { throw bad }
        func u32(_ o: Int) -> UInt32 { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt32.self)) }
        func u64(_ o: Int) -> UInt64 { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: UInt64.self)) }
        func f64(_ o: Int) -> Double { Double(bitPattern: u64(o)) }
        guard u32(8) == Self.formatVersion else { throw bad }
        let a = Int(u32(12)), n = Int(u32(16)), h = Int(u32(20))
        guard h > 0, a < Int(Self.noID) else { throw bad }
        var offset = Self.headerSize
        func section(_ bytes: Int) throws -> UnsafeRawPointer {
            guard offset + bytes <= raw.count else { throw bad }
            let p = storage.base + offset
            offset += (bytes + 7) & ~7
            return p
        }
        let bmp = try section(65536 * 2).assumingMemoryBound(to: UInt16.self)
        let alphabet = try section(a * 4).assumingMemoryBound(to: UInt32.self)
        let root = try section(a * 4).assumingMemoryBound(to: UInt32.self)
        let emit = try section(a * 16).assumingMemoryBound(to: Float.self)
        let blocks = try section(a * 8).assumingMemoryBound(to: UInt32.self)
        let nodes = try section((n + 1) * 8).assumingMemoryBound(to: Tables.Node.self)
        let pairs = try section(h * 12).assumingMemoryBound(to: Tables.Pair.self)
        let tags = try section(n + 1).assumingMemoryBound(to: UInt8.self)
        total = f64(24)
        sourceHash = u64(32)
        start = (0..<4).map { f64(40 + 8 * $0) }
        trans = (0..<16).map { f64(72 + 8 * $0) }
        nodeCount = n
        minLogP = -log(max(total, 1))
        tables = Tables(storage: storage, bmp: bmp, alphabet: alphabet, alphabetCount: a, root: root, emit: emit,
                        nodes: nodes, blocks: blocks, pairs: pairs, pairCount: h, tags: tags)
    }

    /// The bytes of a compiled dictionary: a read-only memory mapping, or a private copy.
    final class Storage: @unchecked Sendable {
        let base: UnsafeRawPointer
        let count: Int
        private let mapped: Bool

        init?(mapping path: String) {
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var st = stat()
            guard fstat(fd, &st) == 0, st.st_size > 0 else { return nil }
            let size = Int(st.st_size)
            guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
            base = UnsafeRawPointer(p)
            count = size
            mapped = true
        }

        init(copying data: Data) {
            let p = UnsafeMutableRawPointer.allocate(byteCount: max(data.count, 8), alignment: 16)
            data.withUnsafeBytes { if let b = $0.baseAddress { p.copyMemory(from: b, byteCount: data.count) } }
            base = UnsafeRawPointer(p)
            count = data.count
            mapped = false
        }

        deinit {
            if mapped { munmap(UnsafeMutableRawPointer(mutating: base), count) } else { base.deallocate() }
        }
    }

    /// The tables the hot loop reads without bounds checks, pointing into the storage.
    let tables: Tables

    final class Tables: @unchecked Sendable {
        /// A trie node: where its children start (they end where the next node's start), the
        /// character leading to it, and its word log-probability quantised to 1/2048. Eight
        /// bytes: a binary search over the children finds the child's own record at hand.
        struct Node { var first: UInt32; var label: UInt16; var q: UInt16 }
        static let notWord: UInt16 = 0xFFFF
        static let scale = 2048.0
        let storage: Storage
        let bmp: UnsafePointer<UInt16>
        let alphabet: UnsafePointer<UInt32>
        let alphabetCount: Int
        let root: UnsafePointer<UInt32>
        let emit: UnsafePointer<Float>
        let nodes: UnsafePointer<Node>
        /// A depth-2 node found by its two characters, with what the hot loop needs of it.
        struct Pair { var key: UInt32; var first: UInt32; var count: UInt16; var q: UInt16 }
        let pairs: UnsafePointer<Pair>
        let blocks: UnsafePointer<UInt32>
        /// Word class of each node (`WordClass` raw values).
        let tags: UnsafePointer<UInt8>
        let pairCount: Int
        /// A one-hash Bloom filter over the keys of `pairs` (256 KB): half the character pairs
        /// of running text start no word, and a clear bit says so from a table small enough to
        /// stay in cache, without probing `pairs`. Made once this dictionary has segmented
        /// `pairFilterAfter` scalars: making it reads all of `pairs` (about a millisecond),
        /// which a process segmenting one question should not pay.
        private var filterBits: UnsafeMutablePointer<UInt64>?
        private var scalarsSeen = 0
        private let filterLock = NSLock()
        static let pairFilterBits = 21
        static let pairFilterAfter = 1 << 17

        init(storage: Storage, bmp: UnsafePointer<UInt16>, alphabet: UnsafePointer<UInt32>, alphabetCount: Int,
             root: UnsafePointer<UInt32>, emit: UnsafePointer<Float>, nodes: UnsafePointer<Node>,
             blocks: UnsafePointer<UInt32>, pairs: UnsafePointer<Pair>, pairCount: Int, tags: UnsafePointer<UInt8>) {
            self.tags = tags
            self.storage = storage
            self.bmp = bmp
            self.alphabet = alphabet
            self.alphabetCount = alphabetCount
            self.root = root
            self.emit = emit
            self.nodes = nodes
            self.pairs = pairs
            self.blocks = blocks
            self.pairCount = pairCount
        }

        deinit { filterBits?.deallocate() }

        /// The pair filter for a segmentation of `count` more scalars: nil until this
        /// dictionary has segmented enough text for the filter to pay.
        func pairFilter(segmenting count: Int) -> UnsafePointer<UInt64>? {
            filterLock.lock()
            defer { filterLock.unlock() }
            if let f = filterBits { return UnsafePointer(f) }
            scalarsSeen += count
            if scalarsSeen < Tables.pairFilterAfter { return nil }
            let words = 1 << (Tables.pairFilterBits - 6)
            let bits = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
            bits.initialize(repeating: 0, count: words)
            for i in 0..<pairCount {
                let key = pairs[i].key
                if key != 0xFFFF_FFFF {
                    let bit = Tables.filterBit(key)
                    bits[bit >> 6] |= 1 << UInt64(bit & 63)
                }
            }
            filterBits = bits
            return UnsafePointer(bits)
        }

        @inline(__always) static func filterBit(_ key: UInt32) -> Int {
            Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - pairFilterBits))
        }

        /// False when no word starts with the characters `c1 c2` (true: there may be one).
        @inline(__always)
        static func mayHavePair(_ filter: UnsafePointer<UInt64>, _ c1: UInt16, _ c2: UInt16) -> Bool {
            let bit = filterBit(UInt32(c1) << 16 | UInt32(c2))
            return filter[bit >> 6] & (1 << UInt64(bit & 63)) != 0
        }

        @inline(__always)
        func child(of node: Int, _ c: UInt16) -> Int {
            let end = Int(nodes[node + 1].first)
            let lo = BinarySearch.first(Int(nodes[node].first), end) { nodes[$0].label < c }
            return lo < end && nodes[lo].label == c ? lo : 0
        }

        @inline(__always) static func start(_ c2: UInt16, size: UInt32) -> UInt32 {
            UInt32((UInt64(UInt32(c2) &* 0x9E37_79B1) &* UInt64(size)) >> 32)
        }

        /// The slot of the depth-2 node for the characters `c1 c2`, or -1.
        @inline(__always)
        func pairSlot(_ c1: UInt16, _ c2: UInt16) -> Int32 {
            let key = UInt32(c1) << 16 | UInt32(c2)
            let base = Int(blocks[2 * Int(c1)]), size = blocks[2 * Int(c1) + 1]
            var i = Tables.start(c2, size: size)
            while true {
                let k = pairs[base + Int(i)].key
                if k == key { return Int32(base + Int(i)) }
                if k == 0xFFFF_FFFF { return -1 }
                i += 1
                if i >= size { i = 0 }
            }
        }
    }

    /// Alphabet id of a scalar, or `noID`. A Traditional character has the id of its
    /// Simplified form (the compiled `bmp` table says so; beyond it, folded here).
    @inline(__always)
    func id(of v: UInt32) -> UInt16 {
        let t = tables
        if v < 0x10000 { return t.bmp[Int(v)] }
        let v = Normalizer.otherTable[v] ?? v
        let lo = BinarySearch.first(0, t.alphabetCount) { t.alphabet[$0] < v }
        return lo < t.alphabetCount && t.alphabet[lo] == v ? UInt16(lo) : Self.noID
    }

    /// The trie node of a word given as scalars, or nil when it is not in the dictionary.
    func wordNode(of word: some Sequence<Unicode.Scalar>) -> Int? {
        var node = 0
        var firstStep = true
        for s in word {
            let c = id(of: s.value)
            if c == Self.noID { return nil }
            node = firstStep ? Int(tables.root[Int(c)]) : tables.child(of: node, c)
            firstStep = false
            if node == 0 { return nil }
        }
        return firstStep || tables.nodes[node].q == Tables.notWord ? nil : node
    }

    /// Log-probability of a word given as scalars, or nil when it is not in the dictionary.
    public func logProbability(of word: some Sequence<Unicode.Scalar>) -> Double? {
        wordNode(of: word).map { -Double(tables.nodes[$0].q) / Tables.scale }
    }

    /// The word class the dictionary gives a word (nil: not a word, or no class kept).
    public func wordClass(of word: some Sequence<Unicode.Scalar>) -> WordClass? {
        wordNode(of: word).flatMap { WordClass(rawValue: tables.tags[$0]) }
    }

    /// Log-probability of the word `s[a ..< b]`, or nil (the hot-path form of `logProbability`).
    func wordLogP(_ s: UnsafeBufferPointer<UInt32>, _ a: Int, _ b: Int) -> Double? {
        guard a < b else { return nil }
        let t = tables
        var node = 0
        for k in a..<b {
            let c = id(of: s[k])
            if c == Self.noID { return nil }
            if k == a {
                node = Int(t.root[Int(c)])
            } else {
                node = t.child(of: node, c)
            }
            if node == 0 { return nil }
        }
        let q = t.nodes[node].q
        return q == Tables.notWord ? nil : -Double(q) / Tables.scale
    }
}

/// Problems of the segmenter's data.
public enum SegmenterError: LocalizedError, Equatable {
    case dictionaryNotFound(String?)
    case badDictionary(String)
    case unreadableUserDictionary(String, String)

    public var errorDescription: String? {
        switch self {
        case .dictionaryNotFound(let path?):
            return "cannot read the compiled segmenter dictionary at \(path); set WENDA_DICTIONARY or run `wenda segment --compile-dictionary`"
        case .dictionaryNotFound(nil):
            return "cannot find the segmenter dictionary; set WENDA_DICTIONARY to a compiled jieba.wdict"
        case .badDictionary(let name):
            return "\(name) is not a compiled segmenter dictionary of format \(SegmenterDictionary.formatVersion); regenerate it with `wenda segment --compile-dictionary`"
        case .unreadableUserDictionary(let path, let why):
            return "cannot read user dictionary \(path): \(why)"
        }
    }
}
