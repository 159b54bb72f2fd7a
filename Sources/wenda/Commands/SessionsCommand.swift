// `wenda sessions`: list, show and search the transcripts of past sessions (export, delete
// and prune are in the files beside this one).
import ArgumentParser
import Foundation
import WendaKit

struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "Review the transcripts of past sessions.",
        discussion: "Every question and answer is kept in one store (see `wenda paths`). IDs may be shortened to any unique prefix; `last` is the session used last (the one a turn was last added to); `ID#N` (as search prints it) is its turn N.",
        subcommands: [List.self, Show.self, Search.self, Export.self, Delete.self, Prune.self],
        defaultSubcommand: List.self
    )
}

/// A `--format` value, limited to the formats `Allowed` lists (and the help says).
struct FormatChoice<Allowed: FormatList>: ExpressibleByArgument {
    var format: TranscriptFormat

    init(_ format: TranscriptFormat) { self.format = format }

    init?(argument: String) {
        guard let f = TranscriptFormat(rawValue: argument), Allowed.formats.contains(f) else { return nil }
        format = f
    }

    var defaultValueDescription: String { format.rawValue }
    static var allValueStrings: [String] { Allowed.formats.map(\.rawValue) }
}

protocol FormatList { static var formats: [TranscriptFormat] { get } }
enum TextOrJSON: FormatList { static let formats: [TranscriptFormat] = [.text, .json] }
enum ShowFormats: FormatList { static let formats: [TranscriptFormat] = [.text, .markdown, .json] }
enum ExportFormats: FormatList { static let formats: [TranscriptFormat] = [.markdown, .json, .html, .eval] }

/// Which sessions or turns, for list and search: `--marked`, `--since`, and `--corpus PATH`
/// (only sessions over that corpus; the group the root command shares).
struct TranscriptFilterOptions: ParsableArguments {
    @Flag(name: .long, help: "Only what is marked good or bad (/good, /bad in the shell).")
    var marked = false

    @Option(name: .long, parsing: .unconditional,
            help: ArgumentHelp("Only since this date (2026-11-01) or for this long (30d, 12h, 2w, 6mo, 1y).", valueName: "when"))
    var since: String?

    @OptionGroup var corpusOption: CorpusOption

    func filter() throws(WendaError) -> TranscriptFilter {
        let corpus = corpusOption.corpus
        var f = TranscriptFilter(marked: marked)
        if let since {
            do { f.since = try AgeParser.since(since) } catch {
                throw .usage("invalid value '\(since)' for --since: give a date (2026-11-01) or an age (30d, 12h, 2w, 6mo, 1y)")
            }
        }
        if let corpus {
            f.corpus = Array(Set([corpus, SessionsSupport.absolute(corpus)]))
        }
        return f
    }
}

/// Opens the store and maps its errors to one line on stderr and exit 2.
enum SessionsSupport {
    static func withStore<T>(_ body: (TranscriptStore) throws -> T) throws -> T {
        do {
            return try body(TranscriptStore.openDefault(paths: Environment.paths, notice: { Diagnostics.warn($0) }))
        } catch let e as WendaError {
            throw e
        } catch {
            throw WendaError.input(error.localizedDescription)
        }
    }

    static func write(_ text: String) throws {
        try Output.standard.write(text)
    }

    /// `path` made absolute from the working folder (how a session keeps its corpus).
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// A session's corpus as a path to answer from: relative when it lies under the working
    /// folder (as it was most likely given), so citations show `seeds/…` and the cached
    /// index of `--corpus seeds` is the one used; absolute otherwise.
    static func corpusToAnswerFrom(_ path: String) -> String {
        let full = absolute(path), here = absolute(FileManager.default.currentDirectoryPath)
        let prefix = here.hasSuffix("/") ? here : here + "/"
        return full.hasPrefix(prefix) && full.count > prefix.count ? String(full.dropFirst(prefix.count)) : full
    }

    /// The session `text` names, with its turn for `ID#N`.
    static func transcript(_ text: String, in store: TranscriptStore) throws -> (SessionTranscript, turn: Int?) {
        let (id, turn) = try store.resolveTurn(text)
        guard let t = try store.transcript(id) else { throw TranscriptError.noSuchSession(text) }
        return (t, turn)
    }

    /// How a match is marked in search results: colour on a terminal, «» otherwise.
    static func matchMarks(_ style: Style) -> (open: String, close: String) {
        style.enabled ? ("\u{1B}[1;33m", "\u{1B}[0m") : ("«", "»")
    }
}

extension SessionsCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List sessions, newest first.",
            discussion: "--marked: only sessions with a turn marked good or bad; --since: only those active since; --corpus PATH: only those over that corpus.")

        @Option(name: .shortAndLong, help: "How many sessions to list (0: all).")
        var limit: Int = 20

        @Option(name: .long, help: "text or json.")
        var format = FormatChoice<TextOrJSON>(.text)

        @OptionGroup var filtering: TranscriptFilterOptions

        mutating func run() async throws {
            let (limit, format, filter) = (limit, format.format, try filtering.filter())
            try SessionsSupport.withStore { store in
                let list = try store.sessions(limit: limit > 0 ? limit : nil, filter: filter)
                if format == .json {
                    try SessionsSupport.write(TranscriptJSON.list(list))
                } else if list.isEmpty && filter != TranscriptFilter() {
                    try SessionsSupport.write("No sessions match.\n")
                } else {
                    try SessionsSupport.write(TranscriptFormatter.list(list, idLength: try store.idLength(for: list.map(\.id))))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one session's questions and answers (or one turn: ID#N).")

        @Argument(help: "The session id, a unique prefix of it, or `last`; `ID#N` shows its turn N alone.")
        var id: String

        @Option(name: .long, help: "text, markdown or json.")
        var format = FormatChoice<ShowFormats>(.text)

        @OptionGroup var paging: PagerOptions

        mutating func run() async throws {
            let (id, format, pager) = (id, format.format, Pager.standard(disabled: paging.noPager, environment: Environment.values))
            try SessionsSupport.withStore { store in
                var (t, turn) = try SessionsSupport.transcript(id, in: store)
                let text: String
                switch format {
                case .markdown, .json:
                    if let turn { t.turns = t.turns.filter { $0.number == turn } }
                    text = format == .json ? TranscriptJSON.pretty(t) : TranscriptMarkdown.render(t)
                default:
                    text = TranscriptFormatter.text(t, only: turn)
                }
                if !pager.show(text) { try SessionsSupport.write(text) }
            }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find turns whose question, answer, quoted passages or note hold every word of TEXT (Chinese too).",
            discussion: "Best matches first (a match in the question or note counts more). Each hit is shown as ID#N (give it to `sessions show`) with the field that matched and the words marked. --marked, --since and --corpus PATH (only sessions over that corpus) narrow the search. Exit status 1 when nothing matches, as grep.")

        @Argument(help: "Words to find; Chinese needs no spaces.")
        var text: [String]

        @Option(name: .shortAndLong, help: "At most this many turns.")
        var limit: Int = 50

        @Option(name: .long, help: "text or json (JSON Lines, one hit a line).")
        var format = FormatChoice<TextOrJSON>(.text)

        @OptionGroup var filtering: TranscriptFilterOptions

        mutating func run() async throws {
            let (query, limit, format, filter) = (text.joined(separator: " "), limit, format.format,
                                                  try filtering.filter())
            let found = try SessionsSupport.withStore { store -> Bool in
                let hits = try store.search(query, filter: filter, limit: limit)
                if format == .json {
                    try SessionsSupport.write(TranscriptFormatter.searchJSON(hits))
                } else if !hits.isEmpty {
                    let (open, close) = SessionsSupport.matchMarks(Style.detect(environment: Environment.values))
                    try SessionsSupport.write(TranscriptFormatter.searchHits(
                        hits, idLength: try store.idLength(for: hits.map(\.session)), open: open, close: close))
                }
                return !hits.isEmpty
            }
            if !found {
                if format == .text { Diagnostics.line("Nothing in the transcripts matches '\(query)'.") }
                throw WendaError.status(1)
            }
        }
    }
}
