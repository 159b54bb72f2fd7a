// "Did you mean …?" for a misspelt subcommand, and the parser's refusals in one line.
import ArgumentParser
import Foundation

enum Suggestion {
    /// The subcommand `word` is likely a misspelling of: a lowercase ASCII word within
    /// two edits (one for short names) of one name, or the start of exactly one.
    static func command(for word: String, among names: [String]) -> String? {
        guard !word.isEmpty, word.utf8.allSatisfy({ (97...122).contains($0) }), !names.contains(word) else { return nil }
        let close = names.filter { name in
            let allowed = min(name.count, word.count) <= 4 ? 1 : 2
            return editDistance(word, name) <= allowed
        }
        if close.count == 1 { return close[0] }
        let starts = names.filter { $0.hasPrefix(word) && word.count >= 3 }
        return starts.count == 1 ? starts[0] : nil
    }

    /// For a command line whose command group (`sessions`, `config`) is followed by a
    /// word that is none of its subcommands but close to one: the one-line error.
    static func misspeltSubcommand(_ arguments: [String]) -> String? {
        var subcommands = Self.subcommands(of: WendaCommand.self)
        var path = ["wenda"]
        for word in arguments where !word.hasPrefix("-") {
            guard !subcommands.isEmpty else { return nil }
            if let next = subcommands.first(where: { $0.name == word }) {
                subcommands = next.subcommands
                path.append(word)
                continue
            }
            guard path.count > 1, let near = Suggestion.command(for: word, among: subcommands.map(\.name)) else { return nil }
            return "unknown command '\(word)'; did you mean `\((path + [near]).joined(separator: " "))`?"
        }
        return nil
    }

    /// The command a command line runs, as words: `wenda sessions list`.
    static func commandPath(_ arguments: [String]) -> [String] {
        var subcommands = Self.subcommands(of: WendaCommand.self)
        var path = ["wenda"]
        for word in arguments where !word.hasPrefix("-") {
            guard let next = subcommands.first(where: { $0.name == word }) else { break }
            subcommands = next.subcommands
            path.append(word)
        }
        return path
    }

    /// A command's subcommands, each with its name and its own subcommands.
    struct Node {
        var name: String
        var subcommands: [Node]
    }

    static func subcommands<C: ParsableCommand>(of command: C.Type) -> [Node] {
        C.configuration.subcommands.map { node($0) }
    }

    private static func node(_ type: any ParsableCommand.Type) -> Node {
        Node(name: type._commandName, subcommands: subcommands(of: type))
    }

    /// Levenshtein distance with adjacent transpositions (`sesions`, `shwo`).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}

/// The parser's refusal of a command line, as one line: `invalid value 'x' for --top`,
/// and the help to read (`see 'wenda ask --help'`).
enum ParseMessage {
    static func oneLine(_ message: String, help: String) -> String {
        var m = message.trimmingCharacters(in: .whitespacesAndNewlines)
        if let nl = m.firstIndex(of: "\n") { m = String(m[..<nl]) }
        // "The value 'abc' is invalid for '--top <n>'[: why]" → "invalid value 'abc' for --top[: why]"
        if m.hasPrefix("The value '"), let r = m.range(of: "' is invalid for '") {
            let value = m[m.index(m.startIndex, offsetBy: 11)..<r.lowerBound]
            let rest = m[r.upperBound...]
            let end = rest.firstIndex(of: "'") ?? rest.endIndex
            let option = rest[..<end].split(separator: " ").first.map(String.init) ?? String(rest[..<end])
            let tail = end < rest.endIndex ? rest[rest.index(after: end)...] : ""
            m = "invalid value '\(value)' for \(option)\(tail)"
        }
        if let first = m.first, first.isUppercase, m.dropFirst().first?.isLowercase == true {
            m = first.lowercased() + m.dropFirst()
        }
        return m + " (see '\(help)')"
    }
}
