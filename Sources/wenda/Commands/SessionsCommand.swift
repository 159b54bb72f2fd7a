// `wenda sessions`: list, show, search, export, delete and prune the transcripts of past sessions.
import ArgumentParser
import Foundation
import WendaKit

struct SessionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sessions",
        abstract: "Review the transcripts of past sessions.",
        discussion: "Every question and answer is kept in one store (see `wenda paths`). IDs may be shortened to any unique prefix; `last` is the newest session.",
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
enum AnyFormat: FormatList { static let formats: [TranscriptFormat] = [.text, .markdown, .json] }
enum MarkdownOrJSON: FormatList { static let formats: [TranscriptFormat] = [.markdown, .json] }

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

    static func transcript(_ id: String, in store: TranscriptStore) throws -> SessionTranscript {
        let resolved = try store.resolve(id)
        guard let t = try store.transcript(resolved) else { throw TranscriptError.noSuchSession(id) }
        return t
    }

    static func render(_ t: SessionTranscript, as format: TranscriptFormat) -> String {
        switch format {
        case .text: return TranscriptFormatter.text(t)
        case .markdown: return TranscriptFormatter.markdown(t)
        case .json: return TranscriptFormatter.json(t)
        }
    }
}

extension SessionsCommand {
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sessions, newest first.")

        @Option(name: .shortAndLong, help: "How many sessions to list (0: all).")
        var limit: Int = 20

        @Option(name: .long, help: "text or json.")
        var format = FormatChoice<TextOrJSON>(.text)

        mutating func run() async throws {
            let (limit, format) = (limit, format.format)
            try SessionsSupport.withStore { store in
                let list = try store.sessions(limit: limit > 0 ? limit : nil)
                try SessionsSupport.write(format == .json ? TranscriptFormatter.json(list) : TranscriptFormatter.list(list))
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one session's questions and answers.")

        @Argument(help: "The session id, or a unique prefix of it, or `last`.")
        var id: String

        @Option(name: .long, help: "text, markdown or json.")
        var format = FormatChoice<AnyFormat>(.text)

        @OptionGroup var paging: PagerOptions

        mutating func run() async throws {
            let (id, format, pager) = (id, format.format, Pager.standard(disabled: paging.noPager, environment: Environment.values))
            try SessionsSupport.withStore { store in
                let text = SessionsSupport.render(try SessionsSupport.transcript(id, in: store), as: format)
                if !pager.show(text) { try SessionsSupport.write(text) }
            }
        }
    }

    struct Search: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Find turns whose question or answer holds every word of TEXT (Chinese too).")

        @Argument(help: "Words to find; Chinese needs no spaces.")
        var text: [String]

        @Option(name: .shortAndLong, help: "At most this many turns.")
        var limit: Int = 50

        mutating func run() async throws {
            let (query, limit) = (text.joined(separator: " "), limit)
            try SessionsSupport.withStore { store in
                try SessionsSupport.write(TranscriptFormatter.searchHits(try store.search(query, limit: limit), query: query))
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export a session as Markdown or JSON.")

        @Argument(help: "The session id, or a unique prefix of it, or `last`.")
        var id: String

        @Option(name: .long, help: "markdown or json.")
        var format = FormatChoice<MarkdownOrJSON>(.markdown)

        @Option(name: .shortAndLong, help: "Write to this file instead of standard output (`-`: standard output).")
        var output: String?

        mutating func run() async throws {
            let (id, format, output) = (id, format.format, output)
            try SessionsSupport.withStore { store in
                let text = SessionsSupport.render(try SessionsSupport.transcript(id, in: store), as: format)
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
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a session and its turns.")

        @Argument(help: "The session id, or a unique prefix of it.")
        var id: String

        mutating func run() async throws {
            let id = id
            try SessionsSupport.withStore { store in
                let resolved = try store.resolve(id)
                let n = try store.delete(resolved)
                try SessionsSupport.write("Deleted session \(resolved) (\(Plural.count(n, "turn"))).\n")
            }
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete the sessions not used for a while.")

        // Unconditional: `--older-than -5d` is an invalid value, not a missing one.
        @Option(name: .long, parsing: .unconditional, help: "An age: a number and h, d or w (e.g. 30d).")
        var olderThan: String

        @Flag(name: .long, help: "Only list what would be deleted.")
        var dryRun = false

        mutating func run() async throws {
            let (age, dryRun) = (olderThan, dryRun)
            let seconds: TimeInterval
            do { seconds = try AgeParser.seconds(age) } catch {
                throw WendaError.usage("invalid value '\(age)' for --older-than: give an age, a number and a unit, e.g. 30d")
            }
            let cutoff = Date().addingTimeInterval(-seconds)
            try SessionsSupport.withStore { store in
                let gone = dryRun ? try store.sessions(lastActiveBefore: cutoff) : try store.prune(lastActiveBefore: cutoff)
                let verb = dryRun ? "Would delete" : "Deleted"
                try SessionsSupport.write("\(verb) \(Plural.count(gone.count, "session")) last used before \(TranscriptFormatter.shortDate(cutoff)).\n")
                for s in gone {
                    try SessionsSupport.write("  \(s.id)  \(TranscriptFormatter.shortDate(s.startedAt))  \(Plural.count(s.turnCount, "turn"))  \(TerminalText.safe(TranscriptFormatter.oneLine(s.firstQuestion ?? "—", width: 40)))\n")
                }
            }
        }
    }
}
