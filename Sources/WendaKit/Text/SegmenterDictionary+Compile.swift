// Compiling the segmenter's dictionary: jieba's word list and HMM tables (text) into the
// compiled form `SegmenterDictionary` reads in place (`wenda segment --compile-dictionary`).
import Foundation

extension SegmenterDictionary {
    /// A Han character folded to its Simplified form (OpenCC's table); others as they are.
    static func foldHan(_ s: Unicode.Scalar) -> Unicode.Scalar {
        s.value >= 0x3400 && s.value <= 0x9FFF || s.value >= 0x20000 ? Normalizer.fold(s) : s
    }

    /// FNV-1a over the bytes of the text sources and the format version.
    public static func hashSources(dictionary: Data, hmm: Data) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        }
        mix(withUnsafeBytes(of: formatVersion.littleEndian) { Array($0) })
        mix(dictionary)
        mix([0xFF])
        mix(hmm)
        return h
    }

    /// Compiles the text sources read from files.
    public static func compile(dictionary: URL, hmm: URL) throws -> Data {
        let d = try Data(contentsOf: dictionary), h = try Data(contentsOf: hmm)
        return compile(dictionaryData: d, hmmData: h)
    }

    public static func compile(dictionaryText: String, hmmText: String) -> Data {
        compile(dictionaryData: Data(dictionaryText.utf8), hmmData: Data(hmmText.utf8))
    }

    /// Compiles jieba's dictionary text (`word freq [tag]` lines) and the HMM table
    /// (`kind from to logprob` rows) into the binary form. Deterministic.
    public static func compile(dictionaryData: Data, hmmData: Data) -> Data {
        let dictText = String(decoding: dictionaryData, as: UTF8.self)
        let hmmText = String(decoding: hmmData, as: UTF8.self)
        // Words, as jieba reads them: a later duplicate replaces the frequency, the total counts both.
        var freq: [String: Double] = [:]
        var wordClass: [String: WordClass] = [:]
        var order: [String] = []
        var total = 0.0
        for line in dictText.split(separator: "\n", omittingEmptySubsequences: true) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let w = parts.first, parts.count >= 2, let f = Double(parts[1]) else { continue }
            let word = String(w)
            if freq[word] == nil {
                order.append(word)
                if parts.count >= 3, let c = WordClass(tag: parts[2], word: word) { wordClass[word] = c }
            }
            freq[word] = f
            total += f
        }
        // Traditional words folded to Simplified ones (OpenCC's character table, one
        // character to one): the segmenter looks Traditional characters up as their
        // Simplified forms (see `bmp` below), so Traditional text is cut as its Simplified
        // twin is, with the same words. A word whose folded form the dictionary already
        // has keeps that word's frequency; two Traditional words folding alike keep the
        // larger. The total stays that of the words as written, so the other words'
        // probabilities do not move.
        var traditional: [(word: String, folded: String)] = []
        for word in order {
            let folded = String(String.UnicodeScalarView(word.unicodeScalars.map(foldHan)))
            if folded != word { traditional.append((word, folded)) }
        }
        if !traditional.isEmpty {
            var added: Set<String> = []
            for (word, folded) in traditional {
                let f = freq.removeValue(forKey: word)!
                let c = wordClass.removeValue(forKey: word)
                if freq[folded] == nil {
                    freq[folded] = f
                    added.insert(folded)
                    if let c { wordClass[folded] = c }
                } else if added.contains(folded) {
                    freq[folded] = max(freq[folded]!, f)
                }
            }
            var seen: Set<String> = []
            order = order.compactMap { w in
                let folded = String(String.UnicodeScalarView(w.unicodeScalars.map(foldHan)))
                return seen.insert(folded).inserted ? folded : nil
            }
        }
        // HMM tables.
        let stateIndex: [Substring: Int] = ["B": 0, "E": 1, "M": 2, "S": 3]
        var start = [Double](repeating: -3.14e100, count: 4)
        var trans = [Double](repeating: -.infinity, count: 16)
        var emitRows: [UInt32: [Float]] = [:]
        for line in hmmText.split(separator: "\n") where !line.hasPrefix("#") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count == 4, let from = stateIndex[f[1]], let p = Double(f[3]) else { continue }
            switch f[0] {
            case "start": start[from] = p
            case "trans": if let to = stateIndex[f[2]] { trans[from * 4 + to] = p }
            case "emit":
                guard let s = f[2].unicodeScalars.first, f[2].unicodeScalars.count == 1 else { continue }
                emitRows[s.value, default: [Float](repeating: .nan, count: 4)][from] = Float(p)
            default: continue
            }
        }
        // A Traditional character's emissions go to its Simplified form when that has none.
        for (c, row) in emitRows {
            guard let u = Unicode.Scalar(c) else { continue }
            let f = foldHan(u).value
            if f != c {
                if emitRows[f] == nil { emitRows[f] = row }
                emitRows[c] = nil
            }
        }
        // Alphabet: every character of a word or of the emission table.
        var chars = Set<UInt32>(emitRows.keys)
        for w in order { for s in w.unicodeScalars { chars.insert(s.value) } }
        let alphabet = chars.sorted()
        precondition(alphabet.count < Int(noID), "alphabet too large")
        var idOf: [UInt32: UInt16] = [:]
        for (i, c) in alphabet.enumerated() { idOf[c] = UInt16(i) }
        var bmp = [UInt16](repeating: noID, count: 65536)
        for (i, c) in alphabet.enumerated() where c < 0x10000 { bmp[Int(c)] = UInt16(i) }
        // Traditional characters read as their Simplified forms.
        for (t, simplified) in Normalizer.traditionalPairs where t < 0x10000 {
            if let id = idOf[simplified], bmp[Int(t)] == noID || alphabet[Int(bmp[Int(t)])] != t { bmp[Int(t)] = id }
        }
        var emit = [Float](repeating: .nan, count: alphabet.count * 4)
        for (c, row) in emitRows { for k in 0..<4 { emit[Int(idOf[c]!) * 4 + k] = row[k] } }
        // Trie, built breadth first over the sorted id sequences.
        let logTotal = log(max(total, 1))
        var words: [([UInt16], Float, UInt8)] = order.map { w in
            (w.unicodeScalars.map { idOf[$0.value]! }, Float(log(max(freq[w]!, 1e-300)) - logTotal),
             wordClass[w]?.rawValue ?? 0)
        }
        words.sort { $0.0.lexicographicallyPrecedes($1.0) }
        // A node: range of `words` sharing its prefix of length `depth`.
        var first: [UInt32] = []
        var label: [UInt16] = [0]
        var logp: [Float] = [1]
        var tags: [UInt8] = [0]
        var level: [(lo: Int, hi: Int)] = [(0, words.count)]
        var depth = 0
        var nextID = 1
        var root = [UInt32](repeating: 0, count: alphabet.count)
        while !level.isEmpty {
            var nextLevel: [(lo: Int, hi: Int)] = []
            for node in level {
                first.append(UInt32(nextID))
                var i = node.lo
                while i < node.hi, words[i].0.count == depth { i += 1 }
                while i < node.hi {
                    let c = words[i].0[depth]
                    var j = i
                    while j < node.hi, words[j].0[depth] == c { j += 1 }
                    label.append(c)
                    logp.append(words[i].0.count == depth + 1 ? words[i].1 : 1)
                    tags.append(words[i].0.count == depth + 1 ? words[i].2 : 0)
                    if depth == 0 { root[Int(c)] = UInt32(nextID) }
                    nextLevel.append((i, j))
                    nextID += 1
                    i = j
                }
            }
            level = nextLevel
            depth += 1
        }
        first.append(UInt32(nextID))
        // Hash of the depth-2 nodes.
        var pairKeys: [(UInt32, UInt32)] = []
        for r in Int(first[0])..<Int(first[1]) {
            for c in Int(first[r])..<Int(first[r + 1]) {
                pairKeys.append((UInt32(label[r]) << 16 | UInt32(label[c]), UInt32(c)))
            }
        }
        // One block per first character, sized to a power of two at most 3/4 full; blocks of
        // characters with the highest total word frequency first.
        var weight = [Double](repeating: 0, count: alphabet.count)
        for (ids, _, _) in words { if let c = ids.first { weight[Int(c)] += 1 } }
        for w in order { if let s = w.unicodeScalars.first, let c = idOf[s.value] { weight[Int(c)] += freq[w]! } }
        var childCount = [Int](repeating: 0, count: alphabet.count)
        for (key, _) in pairKeys { childCount[Int(key >> 16)] += 1 }
        var blocks = [UInt32](repeating: 0, count: alphabet.count * 2)
        var slots = 1  // slot 0: the empty block of characters without children
        let byWeight = (0..<alphabet.count).sorted { weight[$0] != weight[$1] ? weight[$0] > weight[$1] : $0 < $1 }
        for c in 0..<alphabet.count { blocks[2 * c + 1] = 1 }  // base 0, size 1: the empty slot
        for c in byWeight where childCount[c] > 0 {
            let size = (childCount[c] * 4 + 2) / 3 + 1
            blocks[2 * c] = UInt32(slots)
            blocks[2 * c + 1] = UInt32(size)
            slots += size
        }
        var pairs = [(key: UInt32, node: UInt32)](repeating: (0xFFFF_FFFF, 0), count: slots)
        for (key, node) in pairKeys {
            let c1 = Int(key >> 16)
            let base = Int(blocks[2 * c1]), size = blocks[2 * c1 + 1]
            var i = Tables.start(UInt16(key & 0xFFFF), size: size)
            while pairs[base + Int(i)].key != 0xFFFF_FFFF { i += 1; if i >= size { i = 0 } }
            pairs[base + Int(i)] = (key, node)
        }
        func quantised(_ i: Int) -> UInt16 {
            guard i < logp.count, logp[i] <= 0 else { return Tables.notWord }
            return UInt16(min(65534, (-Double(logp[i]) * Tables.scale).rounded()))
        }
        // Serialise.
        var out = Data()
        func pad() { while out.count % 8 != 0 { out.append(0) } }
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        func putArray<T: FixedWidthInteger>(_ a: [T]) {
            if T.self == UInt8.self { out.append(contentsOf: a as! [UInt8]) } else {
                a.withUnsafeBytes { out.append(contentsOf: $0) }  // little-endian hosts only
            }
            pad()
        }
        out.append(contentsOf: magic)
        put(formatVersion)
        put(UInt32(alphabet.count))
        put(UInt32(label.count))
        put(UInt32(slots))
        put(total.bitPattern)
        put(hashSources(dictionary: dictionaryData, hmm: hmmData))
        for v in start { put(v.bitPattern) }
        for v in trans { put(v.bitPattern) }
        precondition(out.count == headerSize)
        putArray(bmp)
        putArray(alphabet)
        putArray(root)
        putArray(emit.map(\.bitPattern))
        putArray(blocks)
        for i in 0..<first.count {
            put(first[i])
            put(i < label.count ? label[i] : UInt16(0xFFFF))
            put(quantised(i))
        }
        for (key, node) in pairs {
            let n = Int(node)
            put(key)
            put(key == 0xFFFF_FFFF ? UInt32(0) : first[n])
            put(key == 0xFFFF_FFFF ? UInt16(0) : UInt16(first[n + 1] - first[n]))
            put(key == 0xFFFF_FFFF ? Tables.notWord : quantised(n))
        }
        pad()
        tags.append(0)  // the end node
        putArray(tags)
        return out
    }
}
