import CEditLine
import Foundation
import WendaKit

/// Tab completion of `/` commands and, after `/open `, of article titles, for one shell.
/// libedit calls a `@convention(c)` function that captures nothing: the line reader points
/// `Completion.active` at its shell's completion while it reads a line, and the candidates
/// are handed over as `strdup`'d strings.
final class Completion: @unchecked Sendable {
    private let lock = NSLock()
    let commands: [String]
    /// The titles, gathered the first time they are needed.
    private var titles: () -> [String]
    private var gathered: [String]?

    init(commands: [String], titles: @escaping () -> [String]) {
        self.commands = commands
        self.titles = titles
    }

    /// Another corpus: its titles are gathered afresh when next needed.
    func replaceTitles(_ titles: @escaping () -> [String]) {
        lock.withLock {
            self.titles = titles
            gathered = nil
        }
    }

    /// What completes `line` (the whole line up to the cursor).
    func candidates(for line: String) -> [String] {
        if line.hasPrefix("/open ") {
            let titles = lock.withLock {
                if gathered == nil { gathered = self.titles() }
                return gathered ?? []
            }
            let typed = Normalizer.fold(String(line.dropFirst(6)))
            return titles.filter { Normalizer.fold($0).hasPrefix(typed) }.map { "/open " + $0 }
        }
        if line.hasPrefix("/"), !line.contains(" ") {
            return commands.filter { $0.hasPrefix(line) }
        }
        return []
    }

    /// The longest common prefix, in whole characters.
    static func commonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first.map(Array.init) else { return "" }
        for s in strings.dropFirst() {
            let a = Array(s)
            var n = 0
            while n < prefix.count, n < a.count, prefix[n] == a[n] { n += 1 }
            prefix = Array(prefix[..<n])
        }
        return String(prefix)
    }

    /// The completion of the shell reading a line now (set by `EditLineReader`).
    nonisolated(unsafe) static var active: Completion?

    static func install() {
        // The whole line is the word being completed: titles hold spaces.
        wenda_rl_set_word_breaks(wordBreaks)
        wenda_rl_set_attempted_completion(callback)
    }

    nonisolated(unsafe) private static let wordBreaks: UnsafePointer<CChar> = UnsafePointer(strdup("\n")!)

    static let callback: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, _ in
        wenda_rl_set_attempted_completion_over(1)  // never fall back to file names
        let line = text.map { String(cString: $0) } ?? ""
        let matches = Completion.active?.candidates(for: line) ?? []
        guard !matches.isEmpty else { return nil }
        let onlyOne = matches.count == 1
        // A lone command gets a space after it; titles do not.
        wenda_rl_set_completion_append_character(onlyOne && !matches[0].hasPrefix("/open ") ? 32 : 0)
        let first = onlyOne ? matches[0] : Completion.commonPrefix(matches)
        let list = onlyOne ? [first] : [first] + matches
        // libedit frees the array and its strings with free().
        let raw = malloc((list.count + 1) * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)!
        let array = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: list.count + 1)
        for (i, s) in list.enumerated() { array[i] = strdup(s) }
        array[list.count] = nil
        return array
    }
}
