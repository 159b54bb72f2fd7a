// `wenda sessions delete` and `prune`: removing sessions, asked first on a terminal.
import ArgumentParser
import Foundation
import WendaKit

extension SessionsCommand {
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete sessions and their turns.",
            discussion: "On a terminal, asks before deleting (--yes does not ask); from a script, deletes.")

        @Argument(help: "Sessions: ids, unique prefixes of them, or `last` (the session used last).")
        var ids: [String]

        @Flag(name: .shortAndLong, help: "Do not ask.")
        var yes = false

        mutating func run() async throws {
            let (ids, yes) = (ids, yes)
            try SessionsSupport.withStore { store in
                // Every id is resolved before anything is deleted: a typo deletes nothing.
                var chosen: [SessionSummary] = []
                for text in ids {
                    let id = try store.resolve(text)
                    guard !chosen.contains(where: { $0.id == id }) else { continue }
                    if let s = try store.transcript(id)?.summary { chosen.append(s) }
                }
                let length = try store.idLength(for: chosen.map(\.id))
                if !yes, Terminal.isTTY(STDIN_FILENO) {
                    var question = chosen.count == 1 ? "Delete session" : "Delete \(chosen.count) sessions:"
                    for s in chosen {
                        question += " \(s.id.rawValue.prefix(length)) (\(TranscriptFormatter.shortDate(s.startedAt)), \(Plural.count(s.turnCount, "turn"))"
                        if let q = s.firstQuestion { question += ", “\(TranscriptFormatter.oneLine(q, width: 30))”" }
                        question += ")"
                    }
                    guard Self.confirm(question + "? [y/N] ") else {
                        try SessionsSupport.write("Nothing deleted.\n")
                        return
                    }
                }
                for s in chosen {
                    let n = try store.delete(s.id)
                    try SessionsSupport.write("Deleted session \(s.id.rawValue.prefix(length)) (\(Plural.count(n, "turn"))).\n")
                }
            }
        }

        /// Asks on stderr and reads the answer from the terminal: yes only for y or yes.
        static func confirm(_ question: String) -> Bool {
            Diagnostics.write(TerminalText.safe(question, keepNewlines: false))
            guard let answer = readLine() else {
                Diagnostics.write("\n")
                return false
            }
            return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete the sessions not used for a while.")

        // Unconditional: `--older-than -5d` is an invalid value, not a missing one.
        @Option(name: .long, parsing: .unconditional, help: "An age: a number and h, d, w, mo or y (e.g. 30d, 6mo).")
        var olderThan: String

        @Flag(name: .long, help: "Only list what would be deleted.")
        var dryRun = false

        mutating func run() async throws {
            let (age, dryRun) = (olderThan, dryRun)
            let seconds: TimeInterval
            do { seconds = try AgeParser.seconds(age) } catch {
                throw WendaError.usage("invalid value '\(age)' for --older-than: give an age, a number and a unit (h, d, w, mo, y), e.g. 30d")
            }
            let cutoff = Date().addingTimeInterval(-seconds)
            try SessionsSupport.withStore { store in
                let gone = dryRun ? try store.sessions(lastActiveBefore: cutoff) : try store.prune(lastActiveBefore: cutoff)
                let verb = dryRun ? "Would delete" : "Deleted"
                try SessionsSupport.write("\(verb) \(Plural.count(gone.count, "session")) last used before \(TranscriptFormatter.shortDate(cutoff)).\n")
                // Pruned ids are shown whole: they are no longer in the store to be told apart.
                for s in gone {
                    try SessionsSupport.write("  \(s.id)  \(TranscriptFormatter.shortDate(s.startedAt))  \(Plural.count(s.turnCount, "turn"))  \(TerminalText.safe(TranscriptFormatter.oneLine(s.firstQuestion ?? "—", width: 40)))\n")
                }
            }
        }
    }
}
