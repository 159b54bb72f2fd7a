/// One article as wenda reads it: metadata, the cleaned text, and the structure
/// (paragraphs → sentences) cut from it. Every position is counted in Unicode scalars
/// of `text`; `sourceOffsets` maps each of them back to the source file.
public struct Article: Sendable, Hashable, Codable {
    /// The file name without its extension, or the `id` of a corpus JSONL line.
    public var id: String
    public var title: String
    public var author: String
    public var date: String
    public var url: String
    /// The source file, as given (e.g. `seeds/000_4c1bf5412017dcdf.txt`).
    public var source: String
    /// The 1-based line of a corpus JSONL source; nil for one-article files.
    public var line: Int?
    /// Other front-matter keys, kept as read; also `footer` (the seed format's text after
    /// its last `---`), and `origin` / `editor` from leading `文章来源：` / `编辑：` lines
    /// (those lines stay in the text too).
    public var metadata: [String: String]
    /// The cleaned text: paragraphs separated by "\n".
    public var text: String {
        didSet {
            let old = SourceMap.Offsets(oldValue)
            let starts = sourceMap.starts(old), ends = sourceMap.ends(old)
            marks = ScalarMarks(text)
            sourceMap = SourceMap(starts: starts, ends: ends, text: text)
        }
    }
    /// Where every 256th scalar of `text` starts, so `slice` need not walk from the start
    /// (quadratic over a long article's sentences). Not part of equality or coding.
    var marks = ScalarMarks()
    /// Where each Unicode scalar of `text` was read in the source file, kept compact (see
    /// `SourceMap`); `sourceOffsets` and `sourceEnds` spell it out.
    public private(set) var sourceMap: SourceMap
    public var paragraphs: [Paragraph]
    /// Image descriptions and captions: metadata, not body sentences.
    public var captions: [String]
    /// The reference list (参考资料, links): metadata, not body sentences.
    public var references: [String]

    public init(
        id: String, title: String, author: String = "", date: String = "", url: String = "",
        source: String, line: Int? = nil, metadata: [String: String] = [:], text: String,
        sourceOffsets: [Int], paragraphs: [Paragraph], captions: [String] = [],
        references: [String] = [], sourceEnds: [Int] = []
    ) {
        self.id = id
        self.title = title
        self.author = author
        self.date = date
        self.url = url
        self.source = source
        self.line = line
        self.metadata = metadata
        self.text = text
        self.marks = ScalarMarks(text)
        self.sourceMap = SourceMap(starts: sourceOffsets, ends: sourceEnds, text: text)
        self.paragraphs = paragraphs
        self.captions = captions
        self.references = references
    }
}

extension Article {
    /// The text of a scalar range of `text`, exactly as it stands.
    public func slice(_ range: Range<Int>) -> String {
        let scalars = text.unicodeScalars
        let lower = marks.index(of: range.lowerBound, in: text)
        let upper = range.count <= ScalarMarks.stride ? scalars.index(lower, offsetBy: range.count)
            : marks.index(of: range.upperBound, in: text)
        return String(scalars[lower..<upper])
    }

    /// For each Unicode scalar of `text` (and one more for its end), the UTF-8 byte offset
    /// in the source file (for JSONL: in the decoded `text` field of its line). Spelt out
    /// from `sourceMap` at each call: bind it once to read it in a loop.
    public var sourceOffsets: [Int] { sourceMap.starts(SourceMap.Offsets(text, marks: marks)) }

    /// For each Unicode scalar of `text`, the offset just after the source bytes it was read
    /// from (after the `;` of an entity); empty when not known. See `sourceRange(of:)`.
    public var sourceEnds: [Int] { sourceMap.ends(SourceMap.Offsets(text, marks: marks)) }

    enum CodingKeys: String, CodingKey {
        case id, title, author, date, url, source, line, metadata, text, sourceOffsets, sourceEnds,
             paragraphs, captions, references
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try c.decode(String.self, forKey: .id), title: try c.decode(String.self, forKey: .title),
                  author: try c.decode(String.self, forKey: .author), date: try c.decode(String.self, forKey: .date),
                  url: try c.decode(String.self, forKey: .url), source: try c.decode(String.self, forKey: .source),
                  line: try c.decodeIfPresent(Int.self, forKey: .line),
                  metadata: try c.decode([String: String].self, forKey: .metadata), text: try c.decode(String.self, forKey: .text),
                  sourceOffsets: try c.decode([Int].self, forKey: .sourceOffsets),
                  paragraphs: try c.decode([Paragraph].self, forKey: .paragraphs),
                  captions: try c.decode([String].self, forKey: .captions),
                  references: try c.decode([String].self, forKey: .references),
                  sourceEnds: try c.decode([Int].self, forKey: .sourceEnds))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encode(author, forKey: .author)
        try c.encode(date, forKey: .date)
        try c.encode(url, forKey: .url)
        try c.encode(source, forKey: .source)
        try c.encodeIfPresent(line, forKey: .line)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(text, forKey: .text)
        try c.encode(sourceOffsets, forKey: .sourceOffsets)
        try c.encode(sourceEnds, forKey: .sourceEnds)
        try c.encode(paragraphs, forKey: .paragraphs)
        try c.encode(captions, forKey: .captions)
        try c.encode(references, forKey: .references)
    }
}

/// The UTF-8 offsets of every `stride`th Unicode scalar of a text.
struct ScalarMarks: Sendable, Hashable {
    static let stride = 256
    var offsets: [Int] = []

    init() {}

    init(_ text: String) {
        var i = 0, o = 0
        offsets.reserveCapacity(text.utf8.count / Self.stride + 1)
        for s in text.unicodeScalars {
            if i % Self.stride == 0 { offsets.append(o) }
            o += UTF8.width(s)
            i += 1
        }
    }

    /// The index of scalar `n` of `text` (the text they were taken from).
    func index(of n: Int, in text: String) -> String.Index {
        let scalars = text.unicodeScalars
        let m = n / Self.stride
        guard m < offsets.count, m > 0 else { return scalars.index(scalars.startIndex, offsetBy: n) }
        let start = text.utf8.index(text.utf8.startIndex, offsetBy: offsets[m])
        return scalars.index(start, offsetBy: n - m * Self.stride)
    }

    // Derived from the text: no part of an article's identity.
    static func == (a: ScalarMarks, b: ScalarMarks) -> Bool { true }
    func hash(into hasher: inout Hasher) {}
}

extension Article {
    /// The source bytes a scalar range of `text` was read from: from the first scalar's
    /// start to the last one's end (tags and entities inside included).
    public func sourceRange(of range: Range<Int>) -> Range<Int> {
        sourceRange(of: range, SourceMap.Offsets(text, marks: marks))
    }

    func sourceRange(of range: Range<Int>, _ u: SourceMap.Offsets) -> Range<Int> {
        let map = sourceMap
        guard !range.isEmpty else {
            let o = map.startCount == 0 ? 0 : map.start(min(range.lowerBound, map.startCount - 1), u)
            return o..<o
        }
        let start = map.start(range.lowerBound, u)
        let end = map.endCount >= range.upperBound ? map.end(range.upperBound - 1, u) : map.start(range.upperBound, u)
        return start..<max(start, end)
    }

    /// The source ranges of many scalar ranges of `text` (each as `sourceRange(of:)`
    /// gives it), with one pass over the text rather than a walk for each.
    public func sourceRanges(of ranges: [Range<Int>]) -> [Range<Int>] {
        guard ranges.count > 1 else { return ranges.map { sourceRange(of: $0) } }
        // A table of every offset costs 4 bytes a scalar: for a text of megabytes, each is
        // found from the nearest mark instead (a walk of at most 255 scalars).
        let u = text.utf8.count > 1 << 22 ? SourceMap.Offsets(text, marks: marks) : SourceMap.Offsets(text, marks: marks).tabulated()
        return ranges.map { sourceRange(of: $0, u) }
    }

    /// The text of a paragraph.
    public func text(of paragraph: Paragraph) -> String { slice(paragraph.range) }

    /// The text of a sentence.
    public func text(of sentence: Sentence) -> String { slice(sentence.range) }

    /// The paragraph (1-based) and sentence (1-based) holding a scalar offset of `text`.
    public func locate(_ offset: Int) -> (paragraph: Paragraph, sentence: Sentence)? {
        for p in paragraphs where p.range.lowerBound <= offset && offset < p.range.upperBound {
            for s in p.sentences where s.range.contains(offset) { return (p, s) }
        }
        return nil
    }

    /// Number of sentences in the article.
    public var sentenceCount: Int { paragraphs.reduce(0) { $0 + $1.sentences.count } }
}

/// The source offsets of an article's scalars (`Article.sourceOffsets`, one more for the
/// end, and `Article.sourceEnds`), kept as runs: within a run each offset either stands
/// still or advances with the UTF-8 width of the text's scalars, so text read as it
/// stands (a JSONL field, a plain text file, the text between two HTML tags) costs one
/// run, not 16 bytes a scalar. Where runs would take more room than the offsets (a
/// GB18030 file, whose bytes do not advance with UTF-8), the offsets are kept as they
/// are, 4 bytes each. Every offset reads back exactly; equal offsets over an equal text
/// give an equal map.
public struct SourceMap: Sendable, Hashable {
    /// How many start offsets (`Article.sourceOffsets.count`) and end offsets it holds.
    public private(set) var startCount = 0
    public private(set) var endCount = 0
    private var storage = Storage.runs([])

    enum Storage: Sendable, Hashable {
        /// Three integers a run: its first scalar `at << 2 | modes` (bit 0: starts advance,
        /// bit 1: ends advance), then its start and its end: the offset itself when it
        /// stands still, else the offset less the UTF-8 offset of the scalar in the text
        /// (of the next scalar, for an end).
        case runs([Int])
        /// Every start offset, then every end offset.
        case dense([UInt32])
    }

    public init() {}

    /// The map of `starts` and `ends` over `text` (the text they are the offsets of).
    public init(starts: [Int], ends: [Int], text: String) {
        startCount = starts.count
        endCount = ends.count
        let n = max(starts.count, ends.count)
        guard n > 0 else { return }
        var runs: [Int] = []
        // The run being made: where it starts, its length, its values and modes.
        var at = 0, length = 0
        var s0 = 0, e0 = 0, u0 = 0, v0 = 0
        var sAdvances = true, eAdvances = true
        func close() { runs += [at << 2 | (sAdvances ? 1 : 0) | (eAdvances ? 2 : 0), sAdvances ? s0 - u0 : s0, eAdvances ? e0 - v0 : e0] }
        var scalars = text.unicodeScalars.makeIterator()
        var u = 0
        var next = scalars.next()
        for i in 0..<n {
            let v = next.map { u + UTF8.width($0) } ?? u
            let s = i < starts.count ? starts[i] : nil, e = i < ends.count ? ends[i] : nil
            if length == 1 {
                // The second offset of a run chooses its modes.
                let sa = s.map { $0 - u == s0 - u0 } ?? true, ss = s.map { $0 == s0 } ?? true
                let ea = e.map { $0 - v == e0 - v0 } ?? true, es = e.map { $0 == e0 } ?? true
                if (sa || ss) && (ea || es) {
                    sAdvances = sa
                    eAdvances = ea
                    length = 2
                } else {
                    close()
                    length = 0
                }
            } else if length > 1 {
                let sOK = s.map { sAdvances ? $0 - u == s0 - u0 : $0 == s0 } ?? true
                let eOK = e.map { eAdvances ? $0 - v == e0 - v0 : $0 == e0 } ?? true
                if sOK && eOK { length += 1 } else { close(); length = 0 }
            }
            if length == 0 {
                at = i
                length = 1
                s0 = s ?? 0; e0 = e ?? 0; u0 = u; v0 = v
                sAdvances = true; eAdvances = true
            }
            u = v
            next = scalars.next()
        }
        close()
        let denseSize = (starts.count + ends.count) * MemoryLayout<UInt32>.stride
        if runs.count * MemoryLayout<Int>.stride > denseSize,
           starts.allSatisfy({ $0 >= 0 && $0 <= Int(UInt32.max) }), ends.allSatisfy({ $0 >= 0 && $0 <= Int(UInt32.max) }) {
            storage = .dense((starts + ends).map { UInt32($0) })
        } else {
            storage = .runs(runs)
        }
    }

    /// The UTF-8 offsets of a text's scalars, found from its `ScalarMarks` (past the
    /// text's end: its length), or read from a table of them all.
    struct Offsets {
        let text: String
        let marks: ScalarMarks
        /// The UTF-8 offset of every scalar and of the end, when made (`tabulated`).
        var table: [UInt32] = []

        init(_ text: String, marks: ScalarMarks? = nil) {
            self.text = text
            self.marks = marks ?? ScalarMarks(text)
        }

        /// With a table of every offset, for many look-ups in one text (one pass over its
        /// bytes, 4 bytes a scalar while it is kept).
        func tabulated() -> Offsets {
            var out = self
            var text = text
            guard text.utf8.count < Int(UInt32.max) else { return out }
            text.withUTF8 { bytes in
                out.table.reserveCapacity(bytes.count + 1)
                for (o, b) in bytes.enumerated() where b & 0xC0 != 0x80 { out.table.append(UInt32(o)) }
                out.table.append(UInt32(bytes.count))
            }
            return out
        }

        func callAsFunction(_ n: Int) -> Int {
            if !table.isEmpty { return Int(table[min(n, table.count - 1)]) }
            let m = min(n / ScalarMarks.stride, marks.offsets.count - 1)
            guard m >= 0 else { return text.utf8.count }
            let start = marks.offsets[m], steps = n - m * ScalarMarks.stride
            // Scalar by scalar from the mark, each as wide as its lead byte says.
            if let o = text.utf8.withContiguousStorageIfAvailable({ bytes -> Int in
                var o = start, k = 0
                while k < steps, o < bytes.count {
                    let b = bytes[o]
                    o += UnicodeText.utf8Length(lead: b)
                    k += 1
                }
                return min(o, bytes.count)
            }) { return o }
            let scalars = text.unicodeScalars
            var i = text.utf8.index(text.utf8.startIndex, offsetBy: start)
            var o = start, k = 0
            while k < steps, i < scalars.endIndex {
                o += UTF8.width(scalars[i])
                scalars.formIndex(after: &i)
                k += 1
            }
            return o
        }
    }

    /// The run holding scalar `i`: its first scalar and modes, start and end.
    private func run(_ i: Int, _ runs: [Int]) -> (at: Int, modes: Int, start: Int, end: Int) {
        var lo = 0, hi = runs.count / 3
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if runs[3 * mid] >> 2 <= i { lo = mid } else { hi = mid }
        }
        return (runs[3 * lo] >> 2, runs[3 * lo] & 3, runs[3 * lo + 1], runs[3 * lo + 2])
    }

    /// The start offset of scalar `i` (`i < startCount`).
    func start(_ i: Int, _ u: Offsets) -> Int {
        precondition(i >= 0 && i < startCount, "source offset out of range")
        switch storage {
        case .dense(let d): return Int(d[i])
        case .runs(let runs):
            let r = run(i, runs)
            return r.modes & 1 != 0 ? r.start + u(i) : r.start
        }
    }

    /// The end offset of scalar `i` (`i < endCount`).
    func end(_ i: Int, _ u: Offsets) -> Int {
        precondition(i >= 0 && i < endCount, "source offset out of range")
        switch storage {
        case .dense(let d): return Int(d[startCount + i])
        case .runs(let runs):
            let r = run(i, runs)
            return r.modes & 2 != 0 ? r.end + u(i + 1) : r.end
        }
    }

    /// Every start offset (`end == false`) or every end offset, in one pass over the text.
    private func all(ends: Bool, _ u: Offsets) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(ends ? endCount : startCount)
        forEach(ends: ends, u) { out.append($0) }
        return out
    }

    /// Hands every start offset (`end == false`) or every end offset to `body`, in order,
    /// in one pass over the text (none of them kept).
    func forEach(ends: Bool, _ u: Offsets, _ body: (Int) -> Void) {
        let count = ends ? endCount : startCount
        switch storage {
        case .dense(let d):
            for v in d[(ends ? startCount : 0)..<(ends ? startCount + endCount : startCount)] { body(Int(v)) }
        case .runs(let runs):
            var text = u.text
            text.withUTF8 { bytes in
                // Scalar by scalar over the bytes, each as wide as its lead byte says.
                var o = 0
                var r = 0
                let runCount = runs.count / 3
                var nextRun = runCount > 1 ? runs[3] >> 2 : Int.max
                for i in 0..<count {
                    while i >= nextRun {
                        r += 1
                        nextRun = r + 1 < runCount ? runs[3 * (r + 1)] >> 2 : Int.max
                    }
                    var next = o
                    if o < bytes.count {
                        let b = bytes[o]
                        next = min(bytes.count, o + UnicodeText.utf8Length(lead: b))
                    }
                    let modes = runs[3 * r] & 3
                    if ends {
                        body(modes & 2 != 0 ? runs[3 * r + 2] + next : runs[3 * r + 2])
                    } else {
                        body(modes & 1 != 0 ? runs[3 * r + 1] + o : runs[3 * r + 1])
                    }
                    o = next
                }
            }
        }
    }

    func starts(_ u: Offsets) -> [Int] { all(ends: false, u) }
    func ends(_ u: Offsets) -> [Int] { all(ends: true, u) }

    /// Bytes it takes besides its own size (for accounting).
    var heapBytes: Int {
        switch storage {
        case .runs(let r): return r.count * MemoryLayout<Int>.stride
        case .dense(let d): return d.count * MemoryLayout<UInt32>.stride
        }
    }
}
