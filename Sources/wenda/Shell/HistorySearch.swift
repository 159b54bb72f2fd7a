import CEditLine
import Foundation
import WendaKit

/// Ctrl-R: incremental search of the input history, in bash's manner. wenda does it itself
/// because libedit's own search looks each typed character up in its key map by the low
/// byte of its code point: 向 (U+5411) and 谏 (U+8C0F) were taken for Ctrl-Q and Ctrl-O and
/// ended the search, about one Chinese character in eight.
struct HistorySearch {
    /// The input history, oldest first.
    let entries: [String]
    /// The line being edited when the search began (shown until something matches).
    let original: String
    private(set) var query = ""
    /// The entry found, if any.
    private(set) var found: Int?
    /// Whether the last step found nothing (the previous find stays shown).
    private(set) var failed = false

    init(entries: [String], original: String) {
        self.entries = entries
        self.original = original
    }

    /// The line shown, given to the editor when the search ends.
    var line: String { found.map { entries[$0] } ?? original }

    var prompt: String { "(\(failed ? "failed " : "")reverse-i-search)`\(query)': " }

    /// Typed text joins the query; the search goes on, older, from the entry shown.
    mutating func type(_ text: String) {
        query += text
        search(from: found ?? entries.count - 1, step: -1, unlike: nil)
    }

    /// Backspace: the query loses its last character and is looked for again from the newest.
    mutating func deleteBackward() {
        guard !query.isEmpty else { return }
        query.removeLast()
        found = nil
        failed = false
        if !query.isEmpty { search(from: entries.count - 1, step: -1, unlike: nil) }
    }

    /// Ctrl-R again: the next older entry holding the query; with nothing typed yet, the
    /// query of the search before (as bash does).
    mutating func older(previousQuery: String = "") {
        if query.isEmpty {
            guard !previousQuery.isEmpty else { return }
            query = previousQuery
            search(from: entries.count - 1, step: -1, unlike: nil)
            return
        }
        search(from: (found ?? entries.count) - 1, step: -1, unlike: line)
    }

    /// Ctrl-S: the next newer entry holding the query.
    mutating func newer() {
        guard !query.isEmpty, let at = found else { return }
        search(from: at + 1, step: 1, unlike: line)
    }

    /// Lower-case queries match any case; one with a capital matches it exactly (smart case).
    func matches(_ entry: String) -> Bool {
        query.contains(where: \.isUppercase) ? entry.contains(query) : entry.lowercased().contains(query)
    }

    /// The first entry from `start` on, going `step`, that holds the query and reads
    /// differently from `unlike` (the same line found twice is passed over).
    private mutating func search(from start: Int, step: Int, unlike: String?) {
        var i = start
        while i >= 0, i < entries.count {
            if entries[i] != unlike, matches(entries[i]) {
                found = i
                failed = false
                return
            }
            i += step
        }
        failed = true
    }
}

/// The search on the terminal, run by libedit when Ctrl-R is pressed (bound through
/// `rl_add_defun`). It draws its own line where libedit's was, reads keys itself, and
/// when it ends hands the line found back to libedit and lets it redraw.
enum HistorySearchKey {
    /// The query of the last search, for Ctrl-R Ctrl-R.
    nonisolated(unsafe) static var lastQuery = ""

    /// Searches `history` from within `readline`, whose prompt is `prompt`.
    static func run(prompt: String, history: [String], fd: Int32 = STDIN_FILENO) {
        let buffer = Array(String(cString: wenda_rl_line_buffer()).utf8)
        let point = min(max(0, Int(wenda_rl_point())), buffer.count)
        let before = String(decoding: buffer[..<point], as: UTF8.self)
        var search = HistorySearch(entries: history, original: String(decoding: buffer, as: UTF8.self))
        var screen = Screen(columns: Terminal.size()?.columns ?? 80)
        screen.row = screen.lastRow(Terminal.columns(of: prompt) + Terminal.columns(of: before), exact: false)
        screen.draw(search)
        while true {
            switch readKey(fd) {
            case .text(let t):
                search.type(t)
            case .control(0x12):  // Ctrl-R
                search.older(previousQuery: lastQuery)
            case .control(0x13):  // Ctrl-S
                search.newer()
            case .control(0x08), .control(0x7F):
                search.deleteBackward()
            case .control(0x07):  // Ctrl-G: back to the line as it was
                screen.clear()
                rl_forced_update_display()
                return
            case .control(let key):  // Enter runs the line found; other keys edit it
                finish(search, screen: &screen, before: before)
                _ = rl_insert(1, Int32(key == 0x0D ? 0x0A : key))
                return
            case .escape:
                finish(search, screen: &screen, before: before)
                // An arrow or another key sequence: libedit reads its rest itself.
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                if poll(&p, 1, 50) > 0 { _ = rl_insert(1, 0x1B) }
                return
            case .redraw:
                screen.columns = Terminal.size()?.columns ?? screen.columns
            case .stop:  // Ctrl-C or the end of input: readline gives up the line
                screen.clear()
                rl_forced_update_display()
                wenda_rl_set_done(1)
                return
            }
            screen.draw(search)
        }
    }

    /// Puts the line found in libedit's buffer with the cursor at its end, and redraws.
    /// (The readline API has no call to set the cursor: a replaced line keeps it where it
    /// was, an inserted text leaves it after itself.)
    private static func finish(_ search: HistorySearch, screen: inout Screen, before: String) {
        if !search.query.isEmpty { lastQuery = search.query }
        screen.clear()
        if search.found != nil {
            let line = Array(search.line.unicodeScalars)
            var cursor = before.unicodeScalars.count
            if cursor == 0, !search.original.isEmpty {
                _ = rl_insert_text("x")
                cursor = 1
            }
            let kept = min(cursor, line.count)
            func text(_ s: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(s)) }
            if kept > 0 { rl_replace_line(text(line[..<kept]), 0) }
            if kept < line.count { _ = rl_insert_text(text(line[kept...])) }
        }
        rl_forced_update_display()
    }

    /// Where the search draws: from the first row of libedit's line, which it clears.
    struct Screen {
        var columns: Int
        /// The row of the cursor below the first row of the line.
        var row = 0

        /// The row the cursor is on after `width` columns of text (a terminal holds the
        /// cursor on the last column of a full row until the next character comes; libedit
        /// moves it to the next row itself).
        func lastRow(_ width: Int, exact: Bool = true) -> Int {
            guard columns > 0, width > 0 else { return 0 }
            return exact && width % columns == 0 ? width / columns - 1 : width / columns
        }

        mutating func clear() {
            var out = "\r"
            if row > 0 { out += "\u{1B}[\(row)A" }
            out += "\u{1B}[J"
            row = 0
            write(out)
        }

        mutating func draw(_ search: HistorySearch) {
            let text = TerminalText.safe(search.prompt + search.line, keepNewlines: false)
            clear()
            write(text)
            row = lastRow(Terminal.columns(of: text))
        }

        private func write(_ text: String) {
            wenda_flush_stdout()
            Terminal.write(text)
        }
    }

    enum Key: Equatable {
        case text(String)
        case control(UInt8)
        case escape
        /// A signal other than Ctrl-C (a resize): draw again.
        case redraw
        /// Ctrl-C, or no more input.
        case stop
    }

    /// One key from the terminal: a character (UTF-8 decoded), a control key or ESC.
    static func readKey(_ fd: Int32) -> Key {
        func byte() -> Int? {
            var b: UInt8 = 0
            while true {
                let n = Glibc.read(fd, &b, 1)
                if n == 1 { return Int(b) }
                if n < 0, errno == EINTR { return Interrupt.isPending ? nil : -1 }
                return nil
            }
        }
        guard let first = byte() else { return .stop }
        switch first {
        case -1: return .redraw
        case 0x1B: return .escape
        case 0..<0x20, 0x7F: return .control(UInt8(first))
        case 0x20..<0x80: return .text(String(UnicodeScalar(UInt8(first))))
        default:
            let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
            var bytes = [UInt8(first)]
            while bytes.count < length {
                guard let b = byte() else { return .stop }
                if b >= 0 { bytes.append(UInt8(b)) }
            }
            // Bytes that are not UTF-8 are dropped, not searched for.
            guard let s = String(validating: bytes, as: UTF8.self) else { return .text("") }
            return .text(s)
        }
    }
}
