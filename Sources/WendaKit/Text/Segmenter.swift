// The Chinese word segmenter (jieba's algorithm: dictionary routes by dynamic
// programming, the HMM for unknown words), and the token spans it makes.
import Foundation

/// A token's place in the text, without its strings: Unicode-scalar offsets and kind.
public struct TokenSpan: Sendable, Hashable {
    public var start: Int
    public var end: Int
    public var kind: Token.Kind

    public init(start: Int, end: Int, kind: Token.Kind) {
        self.start = start
        self.end = end
        self.kind = kind
    }
}

/// The Chinese word segmenter, in the manner of jieba: a prefix dictionary gives every
/// candidate word (a DAG over the characters), dynamic programming picks the route of
/// maximum probability, and a BMES hidden Markov model (Viterbi) groups runs of characters
/// the dictionary does not join (names such as 李飞飞). Latin words, numbers (ASCII and
/// full-width digits, Chinese numerals written with ○) and mixed tokens (`GPU`, `C++`,
/// `Levels.fyi`) come out whole; numbers keep their unit (`2023年`, `70%`, `1.4亿`).
public final class Segmenter: Sendable {
    /// The bundled dictionary (or `$WENDA_DICTIONARY`), loaded on first use.
    public static let shared: Segmenter = Segmenter()

    /// The default dictionary, loaded once; `.empty` when it cannot be found.
    public static let defaultDictionary: SegmenterDictionary = (try? SegmenterDictionary.load()) ?? .empty

    public let dictionary: SegmenterDictionary
    let user: UserWords
    /// Whether the hidden Markov model joins unknown words.
    public let useHMM: Bool
    /// Log-probability bonus for each word of two or more characters on a route. jieba's
    /// dictionary is coarser than the common segmentation standards (PKU, MSR split 国有企业,
    /// 检察机关); a bonus makes the route prefer two dictionary words to one compound.
    /// 0 reproduces jieba's routes.
    public let wordBonus: Double
    public static let defaultWordBonus = 3.0

    /// A segmenter over the default dictionary.
    public convenience init() {
        self.init(dictionary: Segmenter.defaultDictionary)
    }

    /// A segmenter over `dictionary` with extra words (`UserWord`s, as from a user dictionary file).
    public init(dictionary: SegmenterDictionary, userWords: [UserWord] = [], hmm: Bool = true,
                wordBonus: Double = Segmenter.defaultWordBonus) {
        self.dictionary = dictionary
        self.useHMM = hmm
        self.wordBonus = wordBonus
        self.user = UserWords(userWords, dictionary: dictionary, wordBonus: wordBonus)
        var h = StableHasher()
        h.add(Int(bitPattern: UInt(dictionary.sourceHash)))
        h.add(hmm ? 1 : 0)
        h.add(Int(bitPattern: UInt(wordBonus.bitPattern)))
        for w in userWords { h.add(w.word); h.add(w.frequency.map { Int(bitPattern: UInt($0.bitPattern)) } ?? -1); h.add(w.tag ?? "") }
        fingerprint = h.value
    }

    /// A hash of everything that decides how this segmenter cuts text (the dictionary's
    /// sources, the user words, the settings): words kept from a build with another
    /// fingerprint are segmented again.
    public let fingerprint: UInt64

    /// A segmenter over the default dictionary plus the words of a user dictionary file
    /// (jieba's format: `word [freq] [tag]` a line).
    public convenience init(userDictionary: URL, hmm: Bool = true) throws {
        let words = try UserWord.read(from: userDictionary)
        self.init(dictionary: Segmenter.defaultDictionary, userWords: words, hmm: hmm)
    }

    // MARK: Public entry points

    /// Every token of `text` but white space, in order, with offsets in Unicode scalars.
    public func tokenize(_ text: String) -> [Token] {
        tokenize(scalars: text.scalarArray)
    }

    /// Tokens of a text already split into scalars (offsets index `scalars`).
    public func tokenize(scalars: [Unicode.Scalar]) -> [Token] {
        let spans = self.spans(scalars)
        var tokens: [Token] = []
        tokens.reserveCapacity(spans.count)
        scalars.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: UInt32.self) { codes in
                for sp in spans {
                    var plain = true
                    var bytes = 0
                    for k in sp.start..<sp.end {
                        let v = codes[k]
                        if (v >= 0x41 && v <= 0x5A) || (v >= 0xFF01 && v <= 0xFF5E) || v == 0x3000 || (v >= 0x80 && sp.kind != .word && sp.kind != .punctuation) {
                            plain = false
                        }
                        bytes += UnicodeText.utf8Count(v)
                    }
                    let text = String(unsafeUninitializedCapacity: bytes) { out in
                        var o = 0
                        for k in sp.start..<sp.end {
                            o += UnicodeText.encodeUTF8(codes[k], into: out.baseAddress! + o)
                        }
                        return o
                    }
                    tokens.append(Token(start: sp.start, end: sp.end, text: text, norm: plain ? text : Normalizer.fold(text), kind: sp.kind))
                }
            }
        }
        return tokens
    }

    /// The words of `text` as they stand, punctuation included, for SIGHAN-style output.
    public func cut(_ text: String) -> [String] {
        tokenize(text).map(\.text)
    }

    /// The fast path: token spans of `scalars` (no strings made).
    public func spans(_ scalars: [Unicode.Scalar]) -> [TokenSpan] {
        var out: [TokenSpan] = []
        out.reserveCapacity(scalars.count / 2 + 1)
        scalars.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: UInt32.self) { codes in
                var scratch = Scratch()
                scratch.pairFilter = dictionary.tables.pairFilter(segmenting: codes.count)
                scan(codes, into: &out, scratch: &scratch)
            }
        }
        return out
    }

    /// The fast path over raw scalar values.
    public func spans(codes: UnsafeBufferPointer<UInt32>, into out: inout [TokenSpan]) {
        var scratch = Scratch()
        scratch.pairFilter = dictionary.tables.pairFilter(segmenting: codes.count)
        scan(codes, into: &out, scratch: &scratch)
    }

    // MARK: Scanning

    struct Scratch {
        var ids: [UInt16] = []
        var best: [Double] = []
        var next: [Int32] = []
        var pairSlot: [Int32] = []
        /// Per position of a Han run: bit `l` set when the `l` characters from it make a
        /// dictionary word (l < 64), gathered by the route search for the HMM's stretches.
        var lengths: [UInt64] = []
        /// The dictionary's pair filter, when it has one (see `Tables.pairFilter`).
        var pairFilter: UnsafePointer<UInt64>? = nil
        var viterbi: [Double] = []
        var back: [UInt8] = []
        var emission: [Double] = []
        var states: [UInt8] = []
    }

    func scan(_ s: UnsafeBufferPointer<UInt32>, into out: inout [TokenSpan], scratch: inout Scratch) {
        let n = s.count
        var i = 0
        while i < n {
            let v = s[i]
            if v < 0x80 {
                if UnicodeText.isWhiteSpace(v) { i += 1; continue }
                if CharClass.isDigit(v) { i = scanNumber(s, i, into: &out); continue }
                if CharClass.isASCIILetter(v) { i = scanLatin(s, i, into: &out); continue }
                if (v == 0x2D || v == 0x2B), i + 1 < n, CharClass.isDigit(s[i + 1]),
                   i == 0 || !CharClass.isAlnum(s[i - 1]) {
                    i = scanNumber(s, i, into: &out); continue
                }
                i = scanSymbol(s, i, into: &out)
                continue
            }
            if UnicodeText.isHan(v) || (CharClass.isNumeralZero(v) && CharClass.zeroStandsInNumeral(s, i)) {
                var j = i + 1
                while j < n {
                    let w = s[j]
                    if UnicodeText.isHan(w) || (CharClass.isNumeralZero(w) && CharClass.zeroStandsInNumeral(s, j)) { j += 1 } else { break }
                }
                segmentHan(s, i, j, into: &out, scratch: &scratch)
                i = j
                continue
            }
            if CharClass.isDigit(v) { i = scanNumber(s, i, into: &out); continue }
            if (v >= 0x3001 && v <= 0x303F) || (v >= 0xFF01 && v <= 0xFF0F) || (v >= 0xFF1A && v <= 0xFF20) || (v >= 0x2010 && v <= 0x2027) {
                if v != 0xFF0D { i = scanSymbol(s, i, into: &out); continue }
            }
            if v == 0xFF0D, i + 1 < n, CharClass.isDigit(s[i + 1]), i == 0 || !CharClass.isAlnum(s[i - 1]) {
                i = scanNumber(s, i, into: &out); continue
            }
            // White space, and the zero-width space and byte-order mark: invisible, no token.
            if UnicodeText.isWhiteSpace(v) || v == 0x200B || v == 0xFEFF { i += 1; continue }
            if CharClass.isLetter(v) { i = scanLatin(s, i, into: &out); continue }
            i = scanSymbol(s, i, into: &out)
        }
    }

    /// Latin (or other alphabetic script) word with digits, inner connectors and a `++`/`#` tail.
    func scanLatin(_ s: UnsafeBufferPointer<UInt32>, _ i: Int, into out: inout [TokenSpan]) -> Int {
        let n = s.count
        var j = i + 1
        while j < n {
            let w = s[j]
            if CharClass.isAlnum(w) || CharClass.isCombining(w) { j += 1; continue }
            if CharClass.isInnerConnector(w), j + 1 < n, CharClass.isAlnum(s[j + 1]) { j += 2; continue }
            break
        }
        // C++, C#, F#: a tail of + or # not followed by a letter or digit.
        if j < n, s[j] == 0x2B || s[j] == 0x23 || s[j] == 0xFF0B || s[j] == 0xFF03 {
            var k = j
            while k < n, s[k] == s[j], k - j < 2 { k += 1 }
            if k >= n || !CharClass.isAlnum(s[k]) { j = k }
        }
        out.append(TokenSpan(start: i, end: j, kind: .latin))
        return j
    }

    /// A number: digits with inner `.`/`,`/`:`/`/`, a leading sign, and its unit (`%`, `万`,
    /// `亿`, `年`, `月`, `日`, …). Digits followed by letters make a mixed token (`4G`, `3D`).
    func scanNumber(_ s: UnsafeBufferPointer<UInt32>, _ i: Int, into out: inout [TokenSpan]) -> Int {
        let n = s.count
        var j = i
        if !CharClass.isDigit(s[j]) { j += 1 }  // sign
        while j < n {
            let w = s[j]
            if CharClass.isDigit(w) { j += 1; continue }
            if CharClass.isNumberConnector(w), j + 1 < n, CharClass.isDigit(s[j + 1]) { j += 2; continue }
            break
        }
        if j < n, CharClass.isLetter(s[j]) || (s[j] == 0x5F) {
            // mixed alphanumeric token
            var k = j
            while k < n {
                let w = s[k]
                if CharClass.isAlnum(w) || CharClass.isCombining(w) { k += 1; continue }
                if CharClass.isInnerConnector(w), k + 1 < n, CharClass.isAlnum(s[k + 1]) { k += 2; continue }
                break
            }
            out.append(TokenSpan(start: i, end: k, kind: .latin))
            return k
        }
        j = Units.join(s, j)
        out.append(TokenSpan(start: i, end: j, kind: .number))
        return j
    }

    /// One punctuation mark or symbol (runs of — and … are kept together), with any
    /// combining marks, variation selectors and zero-width-joined parts that belong to it.
    func scanSymbol(_ s: UnsafeBufferPointer<UInt32>, _ i: Int, into out: inout [TokenSpan]) -> Int {
        let n = s.count
        let v = s[i]
        var j = i + 1
        if v == 0x2014 || v == 0x2026 || v == 0x2500 {
            while j < n, s[j] == v { j += 1 }
        }
        var emoji = false
        while j < n {
            let w = s[j]
            if w == 0x200D, j + 1 < n { j += 2; emoji = true; continue }
            if (w >= 0xFE00 && w <= 0xFE0F) || (w >= 0x1F3FB && w <= 0x1F3FF) || (w >= 0xE0020 && w <= 0xE007F) || CharClass.isCombining(w) {
                j += 1; emoji = true; continue
            }
            if v >= 0x1F1E6 && v <= 0x1F1FF && w >= 0x1F1E6 && w <= 0x1F1FF && j == i + 1 { j += 1; continue }
            break
        }
        let kind: Token.Kind = (!emoji && CharClass.isPunctuation(v)) ? .punctuation : .other
        out.append(TokenSpan(start: i, end: j, kind: kind))
        return j
    }

    // MARK: Han runs

    /// Segments the Han run `a ..< b`, taking out Chinese numerals written with ○ first.
    func segmentHan(_ s: UnsafeBufferPointer<UInt32>, _ a: Int, _ b: Int, into out: inout [TokenSpan], scratch: inout Scratch) {
        var from = a
        var i = a
        while i < b {
            if CharClass.isNumeralZero(s[i]) {
                var lo = i
                while lo > from, CharClass.isChineseNumeral(s[lo - 1]) { lo -= 1 }
                var hi = i + 1
                while hi < b, CharClass.isChineseNumeral(s[hi]) { hi += 1 }
                if hi - lo >= 2 {
                    if lo > from { segmentWords(s, from, lo, into: &out, scratch: &scratch) }
                    let end = min(Units.join(s, hi, dateOnly: true), b)
                    out.append(TokenSpan(start: lo, end: end, kind: .number))
                    from = end
                    i = end
                    continue
                }
                i = hi
                continue
            }
            i += 1
        }
        if from < b { segmentWords(s, from, b, into: &out, scratch: &scratch) }
    }

    /// Dictionary route of maximum probability over `a ..< b`, unknown stretches to the HMM.
    func segmentWords(_ s: UnsafeBufferPointer<UInt32>, _ a: Int, _ b: Int, into out: inout [TokenSpan], scratch: inout Scratch) {
        let n = b - a
        if n == 1 { out.append(TokenSpan(start: a, end: b, kind: .word)); return }
        let d = dictionary
        if scratch.ids.count < n + 1 {
            let cap = max(n + 1, 256)
            scratch.ids = [UInt16](repeating: 0, count: cap)
            scratch.best = [Double](repeating: 0, count: cap)
            scratch.next = [Int32](repeating: 0, count: cap)
            scratch.pairSlot = [Int32](repeating: -1, count: cap)
            scratch.lengths = [UInt64](repeating: 0, count: cap)
        }
        let noID = SegmenterDictionary.noID
        let minLogP = d.minLogP
        let hasUser = !user.isEmpty
        let wordBonus = self.wordBonus
        let t = d.tables
        let root = t.root, nodes = t.nodes
        let notWord = SegmenterDictionary.Tables.notWord
        let unscale = -1.0 / SegmenterDictionary.Tables.scale
        let filter = scratch.pairFilter
        scratch.ids.withUnsafeMutableBufferPointer { ids in
        scratch.best.withUnsafeMutableBufferPointer { best in
        scratch.next.withUnsafeMutableBufferPointer { next in
        scratch.pairSlot.withUnsafeMutableBufferPointer { pairSlot in
        scratch.lengths.withUnsafeMutableBufferPointer { lengths in
            for k in 0..<n { ids[k] = d.id(of: s[a + k]) }
            // All two-character probes first: independent loads the CPU can overlap.
            if let filter {
                for k in 0..<(n - 1) {
                    let c1 = ids[k], c2 = ids[k + 1]
                    pairSlot[k] = c1 == noID || c2 == noID || !SegmenterDictionary.Tables.mayHavePair(filter, c1, c2)
                        ? -1 : t.pairSlot(c1, c2)
                }
            } else {
                for k in 0..<(n - 1) {
                    let c1 = ids[k], c2 = ids[k + 1]
                    pairSlot[k] = (c1 == noID || c2 == noID) ? -1 : t.pairSlot(c1, c2)
                }
            }
            best[n] = 0
            var i = n - 1
            while i >= 0 {
                var bp = minLogP + best[i + 1]
                var be = i + 1
                var found: UInt64 = 0
                let c = ids[i]
                if c != noID {
                    let r = Int(root[Int(c)])
                    if r != 0 {
                        let rec = nodes[r]
                        if rec.q != notWord {
                            let v = Double(rec.q) * unscale + best[i + 1]
                            if v >= bp { bp = v; be = i + 1 }
                            found = 2
                        }
                        var j = i + 1
                        if j < n, pairSlot[i] >= 0 {
                            // The second character from the probe above, then binary searches.
                            let e = t.pairs[Int(pairSlot[i])]
                            var q = e.q, first = Int(e.first), end = Int(e.first) + Int(e.count)
                            while true {
                                if q != notWord {
                                    let v = Double(q) * unscale + best[j + 1] + wordBonus
                                    if v >= bp { bp = v; be = j + 1 }
                                    let length = j + 1 - i
                                    if length < 64 { found |= 1 << UInt64(length) }
                                }
                                j += 1
                                if j >= n || first >= end { break }
                                let cj = ids[j]
                                if cj == noID { break }
                                let lo = BinarySearch.first(first, end) { nodes[$0].label < cj }
                                if lo >= end || nodes[lo].label != cj { break }
                                q = nodes[lo].q
                                first = Int(nodes[lo].first)
                                end = Int(nodes[lo + 1].first)
                            }
                        }
                    }
                }
                if hasUser {
                    user.forEachWord(s, a + i, b) { len, p in
                        let v = p + best[i + len]
                        if v >= bp { bp = v; be = i + len }
                    }
                }
                best[i] = bp
                next[i] = Int32(be)
                lengths[i] = found
                i -= 1
            }
        }}}}}
        // Walk the route; stretches of single characters go to the HMM.
        var x = 0
        var bufStart = -1
        while x < n {
            let y = Int(scratch.next[x])
            if y - x == 1 {
                if bufStart < 0 { bufStart = x }
            } else {
                if bufStart >= 0 { flushSingles(s, a, bufStart, x, into: &out, scratch: &scratch); bufStart = -1 }
                out.append(TokenSpan(start: a + x, end: a + y, kind: .word))
            }
            x = y
        }
        if bufStart >= 0 { flushSingles(s, a, bufStart, n, into: &out, scratch: &scratch) }
    }

    /// The stretch `base + x ..< base + y` of single characters on the route: one word when
    /// the dictionary has it (as the route search recorded), else the HMM's words.
    func flushSingles(_ s: UnsafeBufferPointer<UInt32>, _ base: Int, _ x: Int, _ y: Int, into out: inout [TokenSpan],
                      scratch: inout Scratch) {
        let a = base + x, b = base + y
        if b - a == 1 || !useHMM {
            for k in a..<b { out.append(TokenSpan(start: k, end: k + 1, kind: .word)) }
            return
        }
        let known = y - x < 64 ? scratch.lengths[x] & (1 << UInt64(y - x)) != 0 : isWord(s, a, b)
        if known {
            for k in a..<b { out.append(TokenSpan(start: k, end: k + 1, kind: .word)) }
            return
        }
        hmmCut(s, a, b, into: &out, scratch: &scratch)
    }

    func isWord(_ s: UnsafeBufferPointer<UInt32>, _ a: Int, _ b: Int) -> Bool {
        dictionary.wordLogP(s, a, b) != nil
    }
}

extension String {
    /// The Unicode scalars of the string as an array: counted, then decoded, from its
    /// UTF-8 bytes (`Array(unicodeScalars)` decodes them twice, once to count).
    var scalarArray: [Unicode.Scalar] {
        var s = self
        return s.withUTF8 { b -> [Unicode.Scalar] in
            var n = 0
            for c in b where c & 0xC0 != 0x80 { n += 1 }
            return [Unicode.Scalar](unsafeUninitializedCapacity: n) { out, count in
                var i = 0, k = 0
                while i < b.count, k < n {
                    let b0 = UInt32(b[i])
                    var v: UInt32
                    if b0 < 0x80 {
                        v = b0; i += 1
                    } else if b0 < 0xE0 {
                        v = (b0 & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F); i += 2
                    } else if b0 < 0xF0 {
                        v = (b0 & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F); i += 3
                    } else {
                        v = (b0 & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6
                            | UInt32(b[i + 3] & 0x3F)
                        i += 4
                    }
                    // (A String's UTF-8 is valid: every value decoded is a scalar.)
                    out.baseAddress!.advanced(by: k).initialize(to: Unicode.Scalar(v) ?? "\u{FFFD}")
                    k += 1
                }
                count = k
            }
        }
    }
}
