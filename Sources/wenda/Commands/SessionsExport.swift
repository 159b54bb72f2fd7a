// `wenda sessions export`: sessions as Markdown, JSON Lines, one HTML page, or their marked
// turns as a questions file for `wenda eval`.
import ArgumentParser
import Foundation
import WendaKit

extension SessionsCommand {
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export sessions as Markdown, JSON Lines, an HTML page, or their marked turns for `wenda eval`.",
            discussion: """
                markdown: a document a session. json: one line a session (JSON Lines). html: one \
                self-contained page (no script, no external files) with the answers highlighted \
                and each citation linked to its paragraph in context, read from the session's \
                corpus (or the one --corpus names). eval: the turns marked /good as questions for `wenda eval` \
                ({"id","question","answers","doc_id"}), and those marked /bad with the answer \
                said to be wrong ("wrong"), which `wenda eval` counts apart.
                """)

        @Argument(help: "Sessions: ids, unique prefixes, or `last`; `ID#N` exports its turn N alone.")
        var ids: [String] = []

        @Flag(name: .long, help: "Every session, oldest first.")
        var all = false

        @Option(name: .long, help: "markdown, json, html or eval.")
        var format = FormatChoice<ExportFormats>(.markdown)

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output (`-`: standard output).")
        var output: String?

        /// For html: the articles cited are read from this corpus instead of the session's.
        @OptionGroup var corpusOption: CorpusOption

        func validate() throws {
            if ids.isEmpty && !all { throw ValidationError("give a session id (or `last`), or --all") }
            if !ids.isEmpty && all { throw ValidationError("give session ids or --all, not both") }
        }

        mutating func run() async throws {
            let (ids, all, format, output, corpus) = (ids, all, format.format, output, corpusOption.corpus)
            let transcripts = try SessionsSupport.withStore { store -> [SessionTranscript] in
                if all { return try store.sessions().reversed().compactMap { try store.transcript($0.id) } }
                return try ids.map { text in
                    var (t, turn) = try SessionsSupport.transcript(text, in: store)
                    if let turn { t.turns = t.turns.filter { $0.number == turn } }
                    return t
                }
            }
            let text: String
            var said: String?  // what was written, said once it has been
            switch format {
            case .json:
                text = transcripts.map(TranscriptJSON.line).joined()
            case .html:
                let sources = ArticleSources(override: corpus)
                text = TranscriptHTML.page(transcripts, article: { sources.article(id: $0, session: $1) },
                                           generator: WendaVersion.text)
            case .eval:
                let export = EvalExport(transcripts)
                guard !export.isEmpty else {
                    Diagnostics.warn("no turn is marked good or bad in \(Plural.count(transcripts.count, "session")): mark answers with /good or /bad in the shell")
                    throw WendaError.status(1)
                }
                text = export.jsonLines
                var parts: [String] = []
                if export.good > 0 { parts.append("\(Plural.count(export.good, "good turn")) as \(export.good == 1 ? "a question" : "questions") to score") }
                if export.bad > 0 { parts.append("\(Plural.count(export.bad, "bad turn")) with the answer said to be wrong") }
                said = parts.joined(separator: ", ") + (output.map { $0 == "-" ? "" : " → \($0)" } ?? "")
            default:
                text = transcripts.map { TranscriptMarkdown.render($0) }.joined(separator: "\n---\n\n")
            }
            if let output, output != "-" {
                // A link is followed, a FIFO or device written through; only a regular
                // file is replaced (atomically).
                do {
                    try FileOutput.write(Array(text.utf8), to: output)
                } catch {
                    throw WendaError.input(error.localizedDescription)
                }
            } else {
                try SessionsSupport.write(text)
            }
            if let said { Diagnostics.warn(said) }
        }
    }
}

/// The articles an HTML export shows in context: from each session's corpus (read once),
/// or the one `--corpus` names. A corpus that cannot be read is said once on stderr; the
/// page then shows the passages as they were recorded.
final class ArticleSources {
    let override: String?
    private var loaded: [String: ShellBackend?] = [:]

    init(override: String?) { self.override = override }

    func article(id: String, session: SessionSummary) -> Article? {
        let path = override ?? SessionsSupport.corpusToAnswerFrom(session.corpusPath ?? session.corpus)
        if loaded[path] == nil {
            do {
                loaded[path] = .some(try ShellBackend.load(corpus: path))
            } catch {
                Diagnostics.warn("cannot read the articles of session \(session.id) (\(error.localizedDescription)): its appendix shows the passages as recorded, without their neighbours")
                loaded[path] = .some(nil)
            }
        }
        return loaded[path]??.article(id: id)
    }
}
