import Foundation

/// The term dictionary of an index: term id → kind and text, and text → id. Kept as
/// sorted flat arrays read by binary search (no hash tables), so a saved index is read in
/// place rather than rebuilding a dictionary of every term.
struct TermTable: Sendable {
    /// Per term id: its kind (`TermKind.rawValue`).
    var kinds: Column<UInt8>
    /// Per term id: the position of its code in `sortedCodes` (characters and bigrams), or
    /// of the word in the sorted word list (words): the code or word is not kept twice.
    var keys: Column<Int32>
    /// Codes of the character and bigram terms, sorted, with their ids.
    var sortedCodes: Column<UInt64>
    var codeIDs: Column<Int32>
    /// The words, sorted by their UTF-8 bytes: word `w` is `wordBytes[wordStarts[w]..<wordStarts[w+1]]`.
    var wordBytes: Column<UInt8>
    var wordStarts: Column<Int32>
    var wordIDs: Column<Int32>

    var count: Int { kinds.count }

    init(kinds: Column<UInt8>, keys: Column<Int32>, sortedCodes: Column<UInt64>, codeIDs: Column<Int32>,
         wordBytes: Column<UInt8>, wordStarts: Column<Int32>, wordIDs: Column<Int32>) {
        self.kinds = kinds
        self.keys = keys
        self.sortedCodes = sortedCodes
        self.codeIDs = codeIDs
        self.wordBytes = wordBytes
        self.wordStarts = wordStarts
        self.wordIDs = wordIDs
    }

    /// The table of terms numbered in order (what a build makes): `kinds[i]`, and `words[i]`
    /// for words or `codes[i]` for characters and bigrams. Codes are sorted by radix, words by
    /// their bytes in one flat buffer.
    init(kinds termKinds: [TermKind], codes: [UInt64], words: [String]) {
        let n = termKinds.count
        var keys = [Int32](repeating: 0, count: n)
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
        for (position, id) in codeOrder.enumerated() { keys[Int(id)] = Int32(position) }
        // Words by their bytes (distinct words never have the same bytes): by their first
        // eight bytes (big-endian, zero-padded: the same order), then the few that share
        // them by all their bytes.
        var prefixes = [UInt64](repeating: 0, count: wordIDs.count)
        var wordOrder = Array(0..<Int32(wordIDs.count))
        flat.withUnsafeBufferPointer { b in
            flatStarts.withUnsafeBufferPointer { st in
                for w in 0..<wordIDs.count {
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
        var bytes: [UInt8] = [], starts: [Int32] = [0], ids: [Int32] = []
        bytes.reserveCapacity(flat.count)
        starts.reserveCapacity(wordOrder.count + 1)
        ids.reserveCapacity(wordOrder.count)
        for (w, o) in wordOrder.enumerated() {
            bytes += flat[flatStarts[Int(o)]..<flatStarts[Int(o) + 1]]
            starts.append(Int32(bytes.count))
            let id = wordIDs[Int(o)]
            ids.append(id)
            keys[Int(id)] = Int32(w)
        }
        self.init(kinds: Column(termKinds.map(\.rawValue)), keys: Column(keys),
                         sortedCodes: Column(sortedCodes), codeIDs: Column(codeOrder),
                         wordBytes: Column(bytes), wordStarts: Column(starts), wordIDs: Column(ids))
    }

    func kind(_ id: Int32) -> TermKind { TermKind(rawValue: kinds[Int(id)]) ?? .word }

    /// The packed code of a character or bigram term (0 for a word).
    func code(_ id: Int32) -> UInt64 {
        guard kinds[Int(id)] != TermKind.word.rawValue else { return 0 }
        let at = Int(keys[Int(id)])
        return at >= 0 && at < sortedCodes.count ? sortedCodes[at] : 0
    }

    func text(_ id: Int32) -> String {
        guard kinds[Int(id)] == TermKind.word.rawValue else { return TermExtractor.decode(code(id)) }
        let w = Int(keys[Int(id)])
        return String(decoding: wordBytes[Int(wordStarts[w])..<Int(wordStarts[w + 1])], as: UTF8.self)
    }

    func id(code: UInt64) -> Int32 {
        // (An empty buffer: a damaged section, or no codes.)
        let codes = sortedCodes.buffer(sortedCodes.startIndex..<sortedCodes.endIndex)
        let lo = BinarySearch.lowerBound(codes, code)
        return lo < codes.count && lo < codeIDs.count && codes[lo] == code ? codeIDs[lo] : -1
    }

    func id(word: String) -> Int32 {
        var word = word
        return word.withUTF8 { q -> Int32 in
            wordBytes.withUnsafeBufferPointer { all -> Int32 in
                wordStarts.withUnsafeBufferPointer { starts -> Int32 in
                    // (Empty buffers: a damaged section, or no words.)
                    guard starts.count > 1, all.count >= Int(starts[starts.count - 1]) else { return -1 }
                    func compare(_ w: Int) -> Int32 {
                        let s = Int(starts[w]), e = Int(starts[w + 1])
                        let n = min(e - s, q.count)
                        if n > 0 {
                            let c = memcmp(all.baseAddress! + s, q.baseAddress!, n)
                            if c != 0 { return c < 0 ? -1 : 1 }
                        }
                        return e - s == q.count ? 0 : (e - s < q.count ? -1 : 1)
                    }
                    let lo = BinarySearch.first(0, starts.count - 1) { compare($0) < 0 }
                    return lo < starts.count - 1 && lo < wordIDs.count && compare(lo) == 0 ? wordIDs[lo] : -1
                }
            }
        }
    }
}
