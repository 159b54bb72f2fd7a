import Foundation
import WendaKit

/// The one-line warnings on stderr for quotes whose source file has changed since their
/// corpus was built (the citations marked `stale`): once per file and run, naming the file
/// and the command that rebuilds the corpus.
final class StaleNotices {
    /// The corpus as the user named it (`--corpus`).
    let corpus: String
    /// The SOURCE arguments that rebuild it (asked for once, when first needed).
    private let sources: () -> [String]
    private var rebuild: String?
    private var told: Set<String> = []

    init(corpus: String, check: SourceCheck?) {
        self.corpus = corpus
        sources = { check?.buildSources() ?? [] }
    }

    /// The warnings `result` calls for that were not given yet in this run.
    func lines(for result: AnswerResult) -> [String] {
        var out: [String] = []
        for a in result.answers where a.citation.stale && told.insert(a.citation.source).inserted {
            if rebuild == nil {
                let s = sources()
                let args = s.isEmpty || s.count > 6 ? "SOURCE…" : s.map(Self.shellWord).joined(separator: " ")
                rebuild = "wenda build \(args) --out \(Self.shellWord(corpus))"
            }
            out.append(Diagnostics.message("\(a.citation.source) has changed since \(corpus) was built; "
                + "quotes from it may no longer stand there (rebuild: \(rebuild!))"))
        }
        return out
    }

    /// `word` as one shell word: as it is when that is safe, else in single quotes.
    static func shellWord(_ word: String) -> String {
        let plain = !word.isEmpty && word.unicodeScalars.allSatisfy { s in
            s.properties.isAlphabetic || ("0"..."9").contains(s) || "._/-+:@%,=".unicodeScalars.contains(s)
        }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
