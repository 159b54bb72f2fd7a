// The one channel for what wenda says on standard error: `wenda: …` lines, made safe for
// a terminal, written in one place.
import Foundation
import WendaKit

enum Diagnostics {
    /// One line on stderr: `wenda: message` (or `wenda COMMAND: message`). Whatever the
    /// message quotes of the input (a question, a file name, a line that is not UTF-8) goes
    /// through `TerminalText.safe`, so no escape sequence reaches the terminal.
    static func warn(_ message: String, command: String? = nil) {
        write(self.message(message, command: command) + "\n")
    }

    /// The line `warn` writes, without its line end: for output that goes elsewhere first
    /// (the shell's error stream).
    static func message(_ message: String, command: String? = nil) -> String {
        let prefix = command.map { "wenda \($0): " } ?? "wenda: "
        let body = message.hasSuffix("\n") ? String(message.dropLast()) : message
        return TerminalText.safe(prefix + body, keepNewlines: false)
    }

    /// One line on stderr as it is given (no `wenda:` prefix), made terminal-safe.
    static func line(_ text: String) {
        write(TerminalText.safe(text, keepNewlines: false) + "\n")
    }

    /// Text on stderr as it is (a progress bar's own escapes); the caller makes it safe.
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        var at = 0
        while at < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(STDERR_FILENO, $0.baseAddress! + at, $0.count - at) }
            if n > 0 { at += n } else if n < 0 && errno == EINTR { continue } else { return }  // nowhere left to say it
        }
    }
}
