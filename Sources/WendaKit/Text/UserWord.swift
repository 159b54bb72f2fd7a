import Foundation

/// A word added to the segmenter's dictionary, as a line of a jieba user dictionary:
/// `word [freq] [tag]`. Without a frequency the word gets one just high enough to be cut whole.
public struct UserWord: Sendable, Hashable {
    public var word: String
    public var frequency: Double?
    public var tag: String?

    public init(_ word: String, frequency: Double? = nil, tag: String? = nil) {
        self.word = word
        self.frequency = frequency
        self.tag = tag
    }

    /// Parses a user dictionary: one entry a line, blank lines and `#` comments skipped.
    public static func parse(_ text: String) -> [UserWord] {
        var out: [UserWord] = []
        for raw in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            var parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            var word = UserWord(parts.removeFirst())
            if word.word.hasPrefix("\u{FEFF}") { word.word.removeFirst() }
            if let f = parts.first, let v = Double(f) { word.frequency = v; parts.removeFirst() }
            if let t = parts.first { word.tag = t }
            if !word.word.isEmpty { out.append(word) }
        }
        return out
    }

    public static func read(from url: URL) throws -> [UserWord] {
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) {
            throw SegmenterError.unreadableUserDictionary(url.path, "no such file")
        }
        if isDir.boolValue { throw SegmenterError.unreadableUserDictionary(url.path, "is a directory") }
        do {
            let data = try Data(contentsOf: url)
            guard let text = String(data: data, encoding: .utf8) else {
                throw SegmenterError.unreadableUserDictionary(url.path, "not UTF-8 text")
            }
            return parse(text)
        } catch let e as SegmenterError {
            throw e
        } catch {
            throw SegmenterError.unreadableUserDictionary(url.path, (error as NSError).localizedDescription)
        }
    }
}

/// The user's words as a small trie over scalar values, consulted beside the compiled one.
struct UserWords: Sendable {
    private var children: [[UInt32: Int32]] = [[:]]
    private var logp: [Double] = [1]

    var isEmpty: Bool { children.count == 1 }

    /// Words carry the route's bonus for each multi-character piece they replace, so that a
    /// user word wins over the dictionary words it would otherwise be cut into.
    init(_ words: [UserWord], dictionary: SegmenterDictionary, wordBonus: Double) {
        guard !words.isEmpty else { return }
        let plain = Segmenter(dictionary: dictionary, hmm: false, wordBonus: wordBonus)
        let logTotal = log(max(dictionary.total, 1))
        for w in words {
            let scalars = Array(w.word.unicodeScalars)
            let pieces = plain.spans(scalars)
            let bonus = wordBonus * Double(max(1, pieces.filter { $0.end - $0.start > 1 }.count))
            var p: Double
            if let f = w.frequency, f > 0 {
                p = log(f) - logTotal
            } else {
                // jieba's suggest_freq: beat the product of the pieces it is cut into now.
                var product = 0.0
                for sp in pieces {
                    product += dictionary.logProbability(of: scalars[sp.start..<sp.end]) ?? dictionary.minLogP
                }
                let existing = dictionary.logProbability(of: scalars) ?? dictionary.minLogP
                p = max(log(exp(product) * dictionary.total + 1) - logTotal, existing)
            }
            if scalars.count > 1 { p += bonus }
            insert(scalars.map(\.value), p)
        }
    }

    private mutating func insert(_ codes: [UInt32], _ p: Double) {
        var node = 0
        for c in codes {
            if let next = children[node][c] {
                node = Int(next)
            } else {
                children.append([:])
                logp.append(1)
                children[node][c] = Int32(children.count - 1)
                node = children.count - 1
            }
        }
        logp[node] = p
    }

    /// Calls `body(length, logp)` for every user word starting at `i` and ending by `end`.
    @inline(__always)
    func forEachWord(_ s: UnsafeBufferPointer<UInt32>, _ i: Int, _ end: Int, _ body: (Int, Double) -> Void) {
        var node = 0
        var j = i
        while j < end, let next = children[node][s[j]] {
            node = Int(next)
            j += 1
            if logp[node] <= 0 { body(j - i, logp[node]) }
        }
    }
}
