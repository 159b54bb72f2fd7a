import CEditLine
import Foundation

/// The few facts about the terminal the shell needs, and raw writes to it.
enum Terminal {
    static func isTTY(_ fd: Int32) -> Bool { isatty(fd) != 0 }

    /// Line editing only when stdin and stdout are terminals and TERM can edit (as sqlite3 and psql do).
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

    /// Rows and columns of the terminal on `fd`; nil when `fd` is not a terminal or does
    /// not say (0 × 0).
    static func size(_ fd: Int32 = STDOUT_FILENO) -> (rows: Int, columns: Int)? {
        var rows: Int32 = 0, cols: Int32 = 0
        guard wenda_terminal_size(fd, &rows, &cols) == 0, rows > 0, cols > 0 else { return nil }
        return (Int(rows), Int(cols))
    }

    /// The columns `text` takes on a terminal, each character as `DisplayWidth` counts it, a
    /// tab up to the next multiple of 8; colour escapes (`ESC [ … m`) and a prompt's
    /// `\u{1}…\u{2}` spans nothing.
    static func columns<S: StringProtocol>(of text: S) -> Int {
        var width = 0
        var iterator = text.unicodeScalars.makeIterator()
        while let c = iterator.next() {
            switch c.value {
            case 0x1B:  // CSI: parameters up to a final byte 0x40–0x7E
                guard let next = iterator.next(), next == "[" else { continue }
                while let p = iterator.next(), !(0x40...0x7E).contains(p.value) {}
            case 0x01:  // invisible until \u{2}
                while let p = iterator.next(), p.value != 0x02 {}
            case 0x09:
                width += 8 - width % 8
            case 0..<0x20, 0x7F...0x9F:
                continue
            default:
                width += DisplayWidth.of(c)
            }
        }
        return width
    }

    /// How many rows `text` fills at `width` columns, each of its lines wrapping.
    static func rows(of text: String, width: Int) -> Int {
        guard width > 0 else { return 0 }
        var rows = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            rows += max(1, (columns(of: line) + width - 1) / width)
        }
        // A final newline ends the last line; it starts no new one.
        return text.hasSuffix("\n") ? rows - 1 : rows
    }

    /// One line on stderr: `wenda: message`.
    static func warn(_ message: String) {
        Diagnostics.warn(message)
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
    /// Output that may be long: through the pager when it is taller than the terminal.
    func page(_ text: String)
}

extension ShellOutput {
    func page(_ text: String) { write(text) }
}

final class StandardOutput: ShellOutput {
    let pager: Pager

    init(pager: Pager = Pager(command: nil)) {
        self.pager = pager
    }

    /// Through `Output.standard`: a gone reader ends the shell at once, quietly (as `cat`);
    /// another write error is remembered, and said when the shell ends.
    func write(_ text: String) {
        do { try Output.standard.print(text) } catch {
            if error == .brokenPipe { error.exit() }
        }
    }
    func error(_ text: String) { Diagnostics.write(text) }
    func page(_ text: String) {
        if !pager.show(text) { write(text) }
    }
}

/// Colour, only where it helps: on a terminal; any non-empty `NO_COLOR` turns it off,
/// a non-empty `FORCE_COLOR` on (the no-color.org and force-color.org conventions).
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
