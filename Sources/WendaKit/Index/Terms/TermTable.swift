import Foundation

/// The term dictionary of an index: term id → kind and text, and text → id, read in place
/// from the saved file. The keys are sorted (the characters' and bigrams' packed codes,
/// then the words by their UTF-8 bytes) and kept in blocks of `blockSize`, as tantivy's
/// sstable keeps them: a block's first code in its header and the others as varint gaps
/// from the one before, or each word as the length it shares with the word before and the
/// rest of its bytes. A look-up finds the block by binary search over the blocks' first
/// keys and reads that block alone. A key's id is bit-packed beside (`sortedIDs`), and an
/// id's key position is one field of its record in the term info store
/// (`TermInfoStore`), so neither is kept at full width.
struct TermTable: Sendable {
    static let blockSize = 128

    /// One block of keys. The blocks end with one more, whose `first` is the number of
    /// codes, `position` the number of keys and `data` where the bytes end.
    struct KeyBlock: BitwiseCopyable, Sendable {
        /// Its first code (in a block of codes; 0 in one of words), where its bytes start
        /// in `keyBytes`, and the position of its first key.
        var first: UInt64
        var data: UInt32, position: Int32
    }

    let infos: TermInfoStore
    let keyBlocks: Column<KeyBlock>
    let keyBytes: Column<UInt8>
    /// The id of each key, in key order, bit-packed (`idWidth` bits each; 8 bytes of padding).
    let sortedIDs: Column<UInt8>

    var count: Int { infos.count }
    /// Keys that are codes: positions `0..<codeCount` (the words after).
    var codeCount: Int { keyBlocks.isEmpty ? 0 : Int(keyBlocks[keyBlocks.count - 1].first) }
    private var keyCount: Int { keyBlocks.isEmpty ? 0 : Int(keyBlocks[keyBlocks.count - 1].position) }
    private var codeBlocks: Int { (codeCount + Self.blockSize - 1) / Self.blockSize }
    private var idWidth: Int { Self.width(count) }

    static func width(_ count: Int) -> Int { max(1, 64 - UInt64(max(count - 1, 0)).leadingZeroBitCount) }

    init(infos: TermInfoStore, keyBlocks: Column<KeyBlock>, keyBytes: Column<UInt8>, sortedIDs: Column<UInt8>) {
        self.infos = infos
        self.keyBlocks = keyBlocks
        self.keyBytes = keyBytes
        self.sortedIDs = sortedIDs
    }

    // MARK: Reading

    func kind(_ id: Int32) -> TermKind {
        let p = infos.key(Int(id))
        guard p >= 0, p < codeCount else { return .word }
        return TermKind(rawValue: UInt8(truncatingIfNeeded: code(atPosition: p) >> 48)) ?? .word
    }

    /// The packed code of a character or bigram term (0 for a word).
    func code(_ id: Int32) -> UInt64 {
        let p = infos.key(Int(id))
        return p >= 0 && p < codeCount ? code(atPosition: p) : 0
    }

    func text(_ id: Int32) -> String {
        let p = infos.key(Int(id))
        guard p >= 0, p < keyCount else { return "" }
        if p < codeCount { return TermExtractor.decode(code(atPosition: p)) }
        return word(atPosition: p)
    }

    /// Term `id`'s kind, its code (0 for a word) and its word ("" for a code), its key
    /// read once (what another segment looks the term up by).
    func key(_ id: Int32) -> (kind: TermKind, code: UInt64, word: String) {
        let p = infos.key(Int(id))
        guard p >= 0, p < keyCount else { return (.word, 0, "") }
        guard p < codeCount else { return (.word, 0, word(atPosition: p)) }
        let c = code(atPosition: p)
        return (TermKind(rawValue: UInt8(truncatingIfNeeded: c >> 48)) ?? .word, c, "")
    }

    private func word(atPosition p: Int) -> String {
        var word: [UInt8] = []
        _ = scanWords(block: codeBlocks + (p - codeCount) / Self.blockSize) { at, w in
            if at == p { word = Array(w) }
            return at < p
        }
        return String(decoding: word, as: UTF8.self)
    }

    func id(code: UInt64) -> Int32 {
        let n = codeBlocks
        guard n > 0 else { return -1 }
        // The last block whose first code is not above `code`.
        let b = BinarySearch.first(0, n) { keyBlocks[$0].first <= code } - 1
        guard b >= 0, let (bytes, block) = blockBytes(b) else { return -1 }
        var c = block.first, i = 0, at = Int(block.position)
        let end = min(codeCount, at + Self.blockSize)
        while c < code, at + 1 < end {
            c &+= CodedTerms.varint(bytes, &i)
            at += 1
        }
        return c == code ? sortedID(at) : -1
    }

    func id(word: String) -> Int32 {
        var word = word
        return word.withUTF8 { q -> Int32 in
            let n = keyBlocks.count - 1 - codeBlocks
            guard n > 0 else { return -1 }
            // The last word block whose first word is not above `q`.
            let b = BinarySearch.first(0, n) { k in
                guard let (bytes, _) = blockBytes(codeBlocks + k) else { return false }
                var i = 0
                _ = CodedTerms.varint(bytes, &i)
                let len = Int(CodedTerms.varint(bytes, &i))
                return Self.compare(UnsafeBufferPointer(rebasing: bytes[i..<(i + len)]), q) <= 0
            } - 1
            guard b >= 0 else { return -1 }
            var found: Int32 = -1
            _ = scanWords(block: codeBlocks + b) { at, w in
                let c = Self.compare(w, q)
                if c == 0 { found = sortedID(at) }
                return c < 0
            }
            return found
        }
    }

    /// The bytes of key block `b` and its header (nil when damaged).
    private func blockBytes(_ b: Int) -> (UnsafeBufferPointer<UInt8>, KeyBlock)? {
        guard b >= 0, b + 1 < keyBlocks.count else { return nil }
        let block = keyBlocks[b], lo = Int(block.data), hi = Int(keyBlocks[b + 1].data)
        let bytes = keyBytes.buffer(lo..<hi)
        guard bytes.count == hi - lo else { return nil }
        return (bytes, block)
    }

    private func code(atPosition p: Int) -> UInt64 {
        guard let (bytes, block) = blockBytes(p / Self.blockSize) else { return 0 }
        var c = block.first, i = 0
        for _ in Int(block.position)..<p { c &+= CodedTerms.varint(bytes, &i) }
        return c
    }

    /// Hands each word of word block `b` to `visit` with its position, in order, while
    /// `visit` returns true. Returns false when the block is damaged.
    private func scanWords(block b: Int, _ visit: (Int, UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        guard let (bytes, block) = blockBytes(b) else { return false }
        var word: [UInt8] = []
        var i = 0, at = Int(block.position)
        while i < bytes.count {
            let shared = Int(CodedTerms.varint(bytes, &i)), len = Int(CodedTerms.varint(bytes, &i))
            guard shared <= word.count, i + len <= bytes.count else { return false }
            word.removeSubrange(shared...)
            word += bytes[i..<(i + len)]
            i += len
            let more = word.withUnsafeBufferPointer { visit(at, $0) }
            if !more { break }
            at += 1
        }
        return true
    }

    private func sortedID(_ p: Int) -> Int32 {
        let w = idWidth, bit = p * w
        let b = sortedIDs.buffer((bit >> 3)..<((bit >> 3) + 8))
        guard b.count == 8 else { return -1 }
        return Int32(truncatingIfNeeded: BitWriter.read(b.baseAddress!, bit: bit & 7, width: w))
    }

    /// memcmp order, a prefix first.
    private static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        let n = min(a.count, b.count)
        if n > 0 {
            let c = memcmp(a.baseAddress!, b.baseAddress!, n)
            if c != 0 { return c < 0 ? -1 : 1 }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}

/// The sorted keys of a build's terms (what `TermTable` reads), and each id's position
/// among them.
struct SortedTermKeys {
    var blocks: [TermTable.KeyBlock] = []
    var bytes: [UInt8] = []
    var sortedIDs: [UInt8] = []
    /// Per id: the position of its key.
    var positions: [Int32]

    /// The keys of terms numbered in order (what a build makes): `kinds[i]`, and `words[i]`
    /// for words or `codes[i]` for characters and bigrams. Codes are sorted by radix, words by
    /// their bytes in one flat buffer.
    init(kinds termKinds: [TermKind], codes: [UInt64], words: [String]) {
        let n = termKinds.count
        positions = [Int32](repeating: 0, count: n)
        var codeOrder: [Int32] = []
        var wordIDs: [Int32] = []
        var flat: [UInt8] = [], flatStarts: [Int] = [0]
        for i in 0..<n {
            if termKinds[i] == .word {
                wordIDs.append(Int32(i))
                var w = words[i]
                w.withUTF8 { flat.append(contentsOf: $0) }
                flatStarts.append(flat.count)
            } else {
                codeOrder.append(Int32(i))
            }
        }
        // Codes sorted by radix (they are distinct), their ids carried along.
        var sortedCodes = codeOrder.map { codes[Int($0)] }
        RadixSort.sort(&sortedCodes, &codeOrder)
        let wordOrder = Self.sortedWords(flat, flatStarts)
        var order = codeOrder
        order.reserveCapacity(n)
        for o in wordOrder { order.append(wordIDs[Int(o)]) }
        for (p, id) in order.enumerated() { positions[Int(id)] = Int32(p) }
        // The codes in blocks: the first in the header, then the gaps.
        let size = TermTable.blockSize
        for lo in stride(from: 0, to: sortedCodes.count, by: size) {
            blocks.append(.init(first: sortedCodes[lo], data: UInt32(bytes.count), position: Int32(lo)))
            for k in (lo + 1)..<min(sortedCodes.count, lo + size) {
                CodedTerms.appendVarint(sortedCodes[k] - sortedCodes[k - 1], to: &bytes)
            }
        }
        // The words in blocks: each the length it shares with the one before, and the rest.
        for lo in stride(from: 0, to: wordOrder.count, by: size) {
            blocks.append(.init(first: 0, data: UInt32(bytes.count), position: Int32(codeOrder.count + lo)))
            var previous = 0..<0
            for k in lo..<min(wordOrder.count, lo + size) {
                let o = Int(wordOrder[k]), w = flatStarts[o]..<flatStarts[o + 1]
                var shared = 0
                if k > lo {
                    while shared < min(w.count, previous.count), flat[w.lowerBound + shared] == flat[previous.lowerBound + shared] {
                        shared += 1
                    }
                }
                CodedTerms.appendVarint(UInt64(shared), to: &bytes)
                CodedTerms.appendVarint(UInt64(w.count - shared), to: &bytes)
                bytes += flat[(w.lowerBound + shared)..<w.upperBound]
                previous = w
            }
        }
        precondition(bytes.count <= Int(UInt32.max), "the term keys take more than 4 GiB")
        blocks.append(.init(first: UInt64(codeOrder.count), data: UInt32(bytes.count), position: Int32(n)))
        var writer = BitWriter()
        let w = TermTable.width(n)
        for id in order { writer.put(UInt64(id), w, into: &sortedIDs) }
        writer.flush(into: &sortedIDs)
        sortedIDs += [UInt8](repeating: 0, count: 8)
    }

    /// The order of the words `flat[starts[w]..<starts[w + 1]]` by their bytes (distinct
    /// words never have the same bytes): by their first eight bytes (big-endian,
    /// zero-padded: the same order), then the few that share them by all their bytes.
    private static func sortedWords(_ flat: [UInt8], _ flatStarts: [Int]) -> [Int32] {
        let count = flatStarts.count - 1
        var prefixes = [UInt64](repeating: 0, count: count)
        var wordOrder = Array(0..<Int32(count))
        flat.withUnsafeBufferPointer { b in
            flatStarts.withUnsafeBufferPointer { st in
                for w in 0..<count {
                    var p: UInt64 = 0
                    let s = st[w], e = min(st[w + 1], s + 8)
                    for k in s..<e { p |= UInt64(b[k]) << UInt64(56 - 8 * (k - s)) }
                    prefixes[w] = p
                }
                RadixSort.sort(&prefixes, &wordOrder)
                let base = b.baseAddress
                var i = 0
                while i < prefixes.count {
                    var j = i + 1
                    while j < prefixes.count, prefixes[j] == prefixes[i] { j += 1 }
                    if j - i > 1 {
                        wordOrder[i..<j].sort { x, y in
                            let xs = st[Int(x)], xn = st[Int(x) + 1] - xs, ys = st[Int(y)], yn = st[Int(y) + 1] - ys
                            let c = min(xn, yn) == 0 ? 0 : memcmp(base! + xs, base! + ys, min(xn, yn))
                            return c != 0 ? c < 0 : xn < yn
                        }
                    }
                    i = j
                }
            }
        }
        return wordOrder
    }
}
