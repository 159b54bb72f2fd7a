import Foundation

// What a question looks up in the collection, told to the retriever at once
// (`Retriever.prefetch`): an engine over remote shards then asks it all in one exchange.
extension AnswerEngine {
    /// The question's terms, their synonyms and lexicon candidates, and its Han bigrams
    /// (what a near miss checks): what `questionTerms` and the near-miss check look up.
    static func lookups(_ aq: AnalyzedQuestion, _ occ: [TermOccurrence]) -> [(kind: TermKind, text: String)] {
        var out: [(kind: TermKind, text: String)] = occ.map { ($0.kind, $0.text) }
        for o in occ where o.kind != .character {
            for alt in Synonyms.alternatives(of: o.text) { out.append((alt.unicodeScalars.count == 1 ? .character : .bigram, alt)) }
            for alt in Synonyms.lexicon(of: o.text) { out.append((o.kind, alt)) }
        }
        let f = aq.folded
        for i in f.indices.dropLast() where UnicodeText.isHan(f[i]) && UnicodeText.isHan(f[i + 1]) {
            out.append((.bigram, String(String.UnicodeScalarView([f[i], f[i + 1]]))))
        }
        return out
    }
}
