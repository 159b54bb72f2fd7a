import Foundation

/// The parts of a turn that `wenda sessions search` looks in, in the order their
/// matches are shown: what was asked, what the reviewer wrote, what was answered, and
/// the paragraphs the answer quotes from (or the nearest ones, with no answer).
public enum SearchField: String, Sendable, Hashable, Codable, CaseIterable {
    case question, note, answer, passage

    /// The weight of a match in this field for the ranking (FTS5's bm25 column weights,
    /// in the order of the search table's columns: question, answer, passages, note).
    static let bm25Weights = "10.0, 2.0, 1.0, 5.0"
}

/// Why a turn was found: a window of one field's text with the query's words marked.
public struct SearchMatch: Sendable, Hashable, Codable {
    public var field: SearchField
    /// The field as named to people: `question`, `answer`, `note`, `passage ¶13`.
    public var label: String
    /// The text around the first match, on one line (`…` where it was cut).
    public var text: String
    /// The matched words within `text`, as [start, end) Unicode-scalar offsets, in order.
    public var marks: [Range<Int>]

    public init(field: SearchField, label: String, text: String, marks: [Range<Int>]) {
        self.field = field
        self.label = label
        self.text = text
        self.marks = marks
    }

    /// `text` with each mark put between `open` and `close`; every piece of text goes
    /// through `plain` first (e.g. to make it safe for a terminal).
    public func marked(open: String, close: String, plain: (String) -> String = { $0 }) -> String {
        let s = Array(text.unicodeScalars)
        func piece(_ r: Range<Int>) -> String { plain(String(String.UnicodeScalarView(s[r]))) }
        var out = "", at = 0
        for m in marks where m.lowerBound >= at && m.upperBound <= s.count {
            out += piece(at..<m.lowerBound) + open + piece(m) + close
            at = m.upperBound
        }
        return out + piece(at..<s.count)
    }

    /// How many characters of context a match shows before its first word, and at most in all.
    static let before = 16, width = 72

    /// The match of `words` (folded query words) in `text`, or nil when none of them stands there.
    static func find(_ words: [String], in text: String, field: SearchField, label: String) -> SearchMatch? {
        // One line; folding keeps one scalar for one, so offsets carry over.
        let original = Array(text.unicodeScalars).map { $0.properties.isWhitespace ? " " : $0 }
        let folded = original.map(Normalizer.fold)
        var found: [Range<Int>] = []
        for word in words {
            let w = Array(word.unicodeScalars)
            guard !w.isEmpty, w.count <= folded.count else { continue }
            var i = 0
            while i + w.count <= folded.count {
                if folded[i] == w[0], Array(folded[i..<(i + w.count)]) == w {
                    found.append(i..<(i + w.count))
                    i += w.count
                } else {
                    i += 1
                }
            }
        }
        guard let first = found.min(by: { $0.lowerBound < $1.lowerBound }) else { return nil }
        let start = max(0, first.lowerBound - before)
        let end = min(original.count, max(start + width, first.upperBound))
        var window = String(String.UnicodeScalarView(original[start..<end]))
        var shift = -start
        if start > 0 { window = "…" + window; shift += 1 }
        if end < original.count { window += "…" }
        // Marks inside the window, in order, never overlapping.
        var marks: [Range<Int>] = []
        for r in found.sorted(by: { ($0.lowerBound, -$0.upperBound) < ($1.lowerBound, -$1.upperBound) })
        where r.lowerBound >= start && r.upperBound <= end {
            if let last = marks.last, r.lowerBound + shift < last.upperBound { continue }
            marks.append((r.lowerBound + shift)..<(r.upperBound + shift))
        }
        return SearchMatch(field: field, label: label, text: window, marks: marks)
    }

    /// Whether this match shows a word that `earlier` matches did not: the lines worth
    /// showing of a hit (others are named only, so one line is not repeated by the next).
    public func showsMore(than earlier: [SearchMatch]) -> Bool {
        func words(_ m: SearchMatch) -> Set<String> {
            let s = Array(m.text.unicodeScalars)
            return Set(m.marks.map { String(String.UnicodeScalarView(s[$0].map(Normalizer.fold))) })
        }
        let shown = earlier.reduce(into: Set<String>()) { $0.formUnion(words($1)) }
        return earlier.isEmpty || !words(self).isSubset(of: shown)
    }

    /// The matches of `words` in each field of `turn` that holds one: the question first,
    /// then the note, the answer, and the passages.
    static func matches(_ words: [String], in turn: TranscriptTurn) -> [SearchMatch] {
        var candidates: [SearchMatch] = []
        if let m = find(words, in: turn.question, field: .question, label: "question") {
            candidates.append(m)
        } else if let asked = turn.askedAs, let m = find(words, in: asked, field: .question, label: "question as answered") {
            candidates.append(m)
        }
        if let note = turn.note, let m = find(words, in: note, field: .note, label: "note") { candidates.append(m) }
        if let m = find(words, in: turn.answerText, field: .answer, label: "answer") { candidates.append(m) }
        for p in turn.answerResult?.passages ?? [] {
            if let m = find(words, in: p.text, field: .passage, label: "passage ¶\(p.paragraph)") { candidates.append(m) }
        }
        return candidates
    }
}
