import CEditLine
import Foundation
import WendaKit

/// Tab completion of `/` commands and, after `/open `, of article titles. libedit calls a
/// `@convention(c)` function that captures nothing, so the candidates live in a
/// process-global store and are handed over as `strdup`'d strings.
enum Completion {
    final class Store: @unchecked Sendable {
        let lock = NSLock()
        var commands: [String] = []
        /// The titles, gathered the first time they are needed.
        var titles: () -> [String] = { [] }
        var gathered: [String]?
    }
    static let store = Store()

    static func setCandidates(commands: [String], titles: @escaping () -> [String]) {
        store.lock.withLock {
            store.commands = commands
            store.titles = titles
            store.gathered = nil
        }
    }

    /// What completes `line` (the whole line up to the cursor).
    static func candidates(for line: String) -> [String] {
        let commands = store.lock.withLock { store.commands }
        if line.hasPrefix("/open ") {
            let titles = store.lock.withLock {
                if store.gathered == nil { store.gathered = store.titles() }
                return store.gathered!
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

    static func install() {
        // The whole line is the word being completed: titles hold spaces.
        wenda_rl_set_word_breaks(wordBreaks)
        wenda_rl_set_attempted_completion(callback)
    }

    nonisolated(unsafe) private static let wordBreaks: UnsafePointer<CChar> = UnsafePointer(strdup("\n")!)

    static let callback: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, _ in
        wenda_rl_set_attempted_completion_over(1)  // never fall back to file names
        let line = text.map { String(cString: $0) } ?? ""
        let matches = Completion.candidates(for: line)
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
