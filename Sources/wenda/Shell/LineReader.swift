// Where the shell reads its lines: the protocol, and the plain reader for input that is
// not a terminal.
import Foundation

/// What reading a line gave.
enum LineInput: Equatable {
    case line(String)
    /// Ctrl-C: drop the line and prompt again.
    case interrupted
    /// Ctrl-D or the end of the input.
    case end
}

/// Where the shell's lines come from: libedit on a terminal, plain lines otherwise, a
/// script in tests.
protocol LineReader: AnyObject {
    /// Whether a person is typing (prompts, banner, history file).
    var isInteractive: Bool { get }
    func readLine(prompt: String) -> LineInput
    /// Keeps `line` in the input history (not when it starts with a space).
    func remember(_ line: String)
    /// The input history, oldest first.
    var history: [String] { get }
    /// Saves what must be saved and gives the terminal back.
    func close()
    /// The Tab completion of the shell reading through this reader (only a reader that
    /// edits lines uses it).
    func complete(with completion: Completion)
}

extension LineReader {
    func complete(with completion: Completion) {}
}

/// Lines from a file descriptor, without editing, prompt or history file: for piped input
/// and terminals that cannot edit. Ctrl-C (when `Interrupt` is installed) drops the line.
final class PlainLineReader: LineReader {
    let fd: Int32
    let showPrompt: Bool
    private var buffer: [UInt8] = []
    /// How much of `buffer` holds no newline (a long line is not searched again per chunk).
    private var scanned = 0
    private var atEnd = false
    private(set) var history: [String] = []

    init(fd: Int32 = STDIN_FILENO, showPrompt: Bool = false) {
        self.fd = fd
        self.showPrompt = showPrompt
    }

    var isInteractive: Bool { showPrompt }

    func readLine(prompt: String) -> LineInput {
        if showPrompt { Terminal.write(prompt) }
        while true {
            if let nl = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                var bytes = Array(buffer[..<nl])
                buffer.removeSubrange(...nl)
                scanned = 0
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
                return .line(String(decoding: bytes, as: UTF8.self))
            }
            scanned = buffer.count
            if atEnd {
                if buffer.isEmpty { return .end }
                defer { buffer.removeAll(); scanned = 0 }
                return .line(String(decoding: buffer, as: UTF8.self))
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = Interrupt.aimed { chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) } }
            if n > 0 {
                buffer += chunk[..<n]
            } else if n == 0 {
                atEnd = true
            } else if errno == EINTR {
                if Interrupt.take() {
                    buffer.removeAll()
                    scanned = 0
                    return .interrupted
                }
            } else {
                atEnd = true
            }
        }
    }

    func remember(_ line: String) {
        guard HistoryPolicy.keeps(line), history.last != line else { return }
        history.append(line)
    }

    func close() {}
}

/// Which lines the input history keeps (psql's `ignorespace`), and how many.
enum HistoryPolicy {
    static let limit = 2000

    static func keeps(_ line: String) -> Bool {
        !line.hasPrefix(" ") && !line.trimmingCharacters(in: .whitespaces).isEmpty
    }
}
