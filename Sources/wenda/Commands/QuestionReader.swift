// Questions read from standard input as bytes: a byte-order mark at the start dropped,
// lines that are not UTF-8 told apart (never echoed raw), line numbers kept.
import Foundation
import WendaKit

struct QuestionReader {
    /// One line of input: its number, and its text, or nil when it is not UTF-8.
    struct Line {
        var number: Int
        var text: String?
        /// The bytes as text with the bad ones replaced (for a message, made safe there).
        var lossy: String
    }

    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false
    private var number = 0

    init(descriptor: Int32 = STDIN_FILENO) { fd = descriptor }

    /// The next line without its line end (`\n` or `\r\n`), or nil at the end.
    mutating func next() -> Line? {
        while true {
            if let nl = buffer[start...].firstIndex(of: 10) {
                let line = Array(buffer[start..<nl])
                start = nl + 1
                return make(line)
            }
            if ended {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return make(line)
            }
            if start > 0 {
                buffer.removeFirst(start)
                start = 0
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { ended = true } else { buffer.append(contentsOf: chunk[0..<n]) }
        }
    }

    private mutating func make(_ bytes: [UInt8]) -> Line {
        number += 1
        var b = bytes[...]
        if number == 1, b.starts(with: [0xEF, 0xBB, 0xBF]) { b = b.dropFirst(3) }
        if b.last == 13 { b = b.dropLast() }
        let text = String(validating: b, as: UTF8.self)
        return Line(number: number, text: text, lossy: text ?? String(decoding: b, as: UTF8.self))
    }

    /// All of standard input as one question (`echo 问题 | wenda ask`): lines joined by
    /// spaces, `#` comment lines left out. Not UTF-8: an input error.
    static func wholeInput() throws(WendaError) -> String {
        var reader = QuestionReader()
        var parts: [String] = []
        while let line = reader.next() {
            guard let text = line.text else { throw .input("standard input, line \(line.number): not UTF-8 text") }
            let t = text.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t.hasPrefix("#") { continue }
            parts.append(t)
        }
        return parts.joined(separator: " ")
    }
}
