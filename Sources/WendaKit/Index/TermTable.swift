import Foundation

/// The term dictionary of an index: term id → kind and text, and text → id. Kept as
/// sorted flat arrays read by binary search (no hash tables), so a saved index is read in
/// place rather than rebuilding a dictionary of every term.
struct TermTable: Sendable {
    /// Per term id: its kind (`TermKind.rawValue`).
    var kinds: Column<UInt8>
    /// Per term id: characters and bigrams their packed code; words the position of the
    /// word in the sorted word list.
    var keys: Column<UInt64>
    /// Codes of the character and bigram terms, sorted, with their ids.
    var sortedCodes: Column<UInt64>
    var codeIDs: Column<Int32>
    /// The words, sorted by their UTF-8 bytes: word `w` is `wordBytes[wordStarts[w]..<wordStarts[w+1]]`.
    var wordBytes: Column<UInt8>
    var wordStarts: Column<Int32>
    var wordIDs: Column<Int32>

    var count: Int { kinds.count }

    init(kinds: Column<UInt8>, keys: Column<UInt64>, sortedCodes: Column<UInt64>, codeIDs: Column<Int32>,
         wordBytes: Column<UInt8>, wordStarts: Column<Int32>, wordIDs: Column<Int32>) {
        self.kinds = kinds
        self.keys = keys
        self.sortedCodes = sortedCodes
        self.codeIDs = codeIDs
        self.wordBytes = wordBytes
        self.wordStarts = wordStarts
        self.wordIDs = wordIDs
    }

    /// The table of terms numbered in order: `kinds[i]`, and `words[i]` for words or
    /// `codes[i]` for characters and bigrams.
    init(kinds termKinds: [TermKind], codes: [UInt64], words: [String]) {
        let n = termKinds.count
        var keys = codes
        var codeOrder: [Int32] = []
        var wordOrder: [(bytes: [UInt8], id: Int32)] = []
        for i in 0..<n {
            if termKinds[i] == .word { wordOrder.append((Array(words[i].utf8), Int32(i))) } else { codeOrder.append(Int32(i)) }
        }
        codeOrder.sort { codes[Int($0)] < codes[Int($1)] }
        wordOrder.sort { $0.bytes.lexicographicallyPrecedes($1.bytes) }
        var bytes: [UInt8] = [], starts: [Int32] = [0], ids: [Int32] = []
        for (w, entry) in wordOrder.enumerated() {
            bytes += entry.bytes
            starts.append(Int32(bytes.count))
            ids.append(entry.id)
            keys[Int(entry.id)] = UInt64(w)
        }
        self.init(kinds: Column(termKinds.map(\.rawValue)), keys: Column(keys),
                  sortedCodes: Column(codeOrder.map { codes[Int($0)] }), codeIDs: Column(codeOrder),
                  wordBytes: Column(bytes), wordStarts: Column(starts), wordIDs: Column(ids))
    }

    func kind(_ id: Int32) -> TermKind { TermKind(rawValue: kinds[Int(id)]) ?? .word }

    func text(_ id: Int32) -> String {
        let key = keys[Int(id)]
        guard kinds[Int(id)] == TermKind.word.rawValue else { return TermExtractor.decode(key) }
        let w = Int(key)
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
