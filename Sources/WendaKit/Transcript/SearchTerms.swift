/// The search form of transcript text. SQLite's FTS5 tokenizers do not serve Chinese (the
/// default one finds no Chinese words, the trigram one cannot match a two-character word),
/// so the store indexes wenda's own terms, space-separated, which FTS5's tokenizer then
/// takes as they are: every Han character and every pair of neighbouring Han characters
/// (the bigrams retrieval uses), and each run of letters or digits, width- and case-folded
/// and Traditional folded to Simplified. A query matches when all its terms are present,
/// ranked by bm25 over them; the store then checks the folded text itself, so bigrams that
/// happen to meet elsewhere do not count.
enum SearchTerms {
    static func isWordChar(_ s: Unicode.Scalar) -> Bool {
        !UnicodeText.isHan(s) && (s.properties.isAlphabetic || s.properties.numericType != nil)
    }

    /// Runs of Han characters and runs of letters/digits of `text`, folded.
    static func runs(_ text: String) -> [(han: Bool, scalars: [Unicode.Scalar])] {
        var out: [(han: Bool, scalars: [Unicode.Scalar])] = []
        var current: [Unicode.Scalar] = []
        var currentHan = false
        func flush() {
            if !current.isEmpty { out.append((currentHan, current)) }
            current = []
        }
        for raw in text.unicodeScalars {
            let s = Normalizer.fold(raw)
            if UnicodeText.isHan(s) {
                if !currentHan { flush() }
                currentHan = true
                current.append(s)
            } else if isWordChar(s) {
                if currentHan { flush() }
                currentHan = false
                current.append(s)
            } else {
                flush()
            }
        }
        flush()
        return out
    }

    /// Terms to index for `text`: Han unigrams and bigrams, Latin/number words.
    static func indexTerms(_ text: String) -> String {
        var terms: [String] = []
        for run in runs(text) {
            if run.han {
                for (i, s) in run.scalars.enumerated() {
                    terms.append(String(s))
                    if i + 1 < run.scalars.count { terms.append(String(s) + String(run.scalars[i + 1])) }
                }
            } else {
                terms.append(String(String.UnicodeScalarView(run.scalars)))
            }
        }
        return terms.joined(separator: " ")
    }

    /// The FTS5 query for `text` (every term required), or nil when it has no terms.
    static func ftsQuery(_ text: String) -> String? {
        var terms: [String] = []
        for run in runs(text) {
            if run.han {
                if run.scalars.count == 1 { terms.append(String(run.scalars[0])) }
                for i in 0..<max(0, run.scalars.count - 1) {
                    terms.append(String(run.scalars[i]) + String(run.scalars[i + 1]))
                }
            } else {
                let word = String(String.UnicodeScalarView(run.scalars))
                terms.append(word)
            }
        }
        guard !terms.isEmpty else { return nil }
        var seen = Set<String>()
        return terms.filter { seen.insert($0).inserted }
            .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
            .joined(separator: " AND ")
    }

    /// The words of a query, folded, for checking the text itself.
    static func queryWords(_ text: String) -> [String] {
        runs(text).map { String(String.UnicodeScalarView($0.scalars)) }
    }

    /// Whether every word of the query stands in `text` (folded).
    static func matches(_ words: [String], in text: String) -> Bool {
        let folded = String(String.UnicodeScalarView(text.unicodeScalars.map(Normalizer.fold)))
        return words.allSatisfy { folded.contains($0) }
    }
}

extension SearchTerms {
    /// The text of each column of the search table for `turn`, in the table's order
    /// (question, answer, passages, note), as terms.
    static func columns(of turn: TranscriptTurn) -> [String] {
        let passages = (turn.answerResult?.passages ?? []).map(\.text).joined(separator: "\n")
        return [indexTerms(turn.question + (turn.askedAs.map { "\n" + $0 } ?? "")),
                indexTerms(turn.answerText), indexTerms(passages), indexTerms(turn.note ?? "")]
    }

    /// All the text of `turn` a query may match, for checking the words themselves.
    static func searchableText(of turn: TranscriptTurn) -> String {
        ([turn.question, turn.askedAs ?? "", turn.answerText, turn.note ?? ""]
            + (turn.answerResult?.passages ?? []).map(\.text)).joined(separator: "\n")
    }
}
