import Foundation

/// The few facts about the terminal the shell needs, and raw writes to it.
enum Terminal {
    static func isTTY(_ fd: Int32) -> Bool { isatty(fd) != 0 }

    /// Line editing only when stdin and stdout are terminals and TERM can edit (design §5).
    static func canEdit(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard isTTY(STDIN_FILENO), isTTY(STDOUT_FILENO) else { return false }
        guard let term = environment["TERM"], !term.isEmpty, term != "dumb" else { return false }
        return true
    }

    /// Chinese input needs a UTF-8 locale: without it libedit drops the characters.
    static func useUTF8Locale() {
        setlocale(LC_ALL, "")
        if !isUTF8Codeset() {
            if setlocale(LC_CTYPE, "C.UTF-8") == nil { setlocale(LC_CTYPE, "en_US.UTF-8") }
        }
    }

    static func isUTF8Codeset() -> Bool {
        guard let cs = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: cs).lowercased().replacingOccurrences(of: "-", with: "")
        return name == "utf8"
    }

    /// One line on stderr: `wenda: message`.
    static func warn(_ message: String) {
        write("wenda: \(message)\n", fd: STDERR_FILENO)
    }

    static func write(_ text: String, fd: Int32 = STDOUT_FILENO) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
        }
    }
}

/// Where the shell writes: stdout and stderr, or a buffer in tests.
protocol ShellOutput: AnyObject {
    func write(_ text: String)
    func error(_ text: String)
}

final class StandardOutput: ShellOutput {
    func write(_ text: String) { Terminal.write(text, fd: STDOUT_FILENO) }
    func error(_ text: String) { Terminal.write(text, fd: STDERR_FILENO) }
}

/// Colour, only where it helps: on a terminal; any non-empty `NO_COLOR` turns it off,
/// a non-empty `FORCE_COLOR` on (design §5).
struct Style {
    var enabled: Bool

    static func detect(environment: [String: String] = ProcessInfo.processInfo.environment,
                       isTerminal: Bool = Terminal.isTTY(STDOUT_FILENO)) -> Style {
        if let v = environment["NO_COLOR"], !v.isEmpty { return Style(enabled: false) }
        if let v = environment["FORCE_COLOR"], !v.isEmpty, v != "0" { return Style(enabled: true) }
        return Style(enabled: isTerminal && environment["TERM"] != "dumb")
    }

    static let plain = Style(enabled: false)

    func sgr(_ code: String, _ text: String) -> String {
        enabled && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
    func bold(_ t: String) -> String { sgr("1", t) }
    func dim(_ t: String) -> String { sgr("2", t) }
    func highlight(_ t: String) -> String { sgr("1;33", t) }
    func cite(_ t: String) -> String { sgr("36", t) }
    func warning(_ t: String) -> String { sgr("31", t) }
    func accent(_ t: String) -> String { sgr("1;32", t) }

    /// A prompt for libedit: escapes wrapped in \001…\002 so they take no width. libedit
    /// drops an escape at the very end of a prompt, so the last character follows it.
    func prompt(_ t: String) -> String {
        guard enabled, let last = t.last else { return t }
        return "\u{1}\u{1B}[1;32m\u{2}\(t.dropLast())\u{1}\u{1B}[0m\u{2}\(last)"
    }
}
