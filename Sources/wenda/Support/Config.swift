// The user's settings file, `$XDG_CONFIG_HOME/wenda/config` (`~/.config/wenda/config`):
// `key = value` lines, `#` comments. Read and written here.
import Foundation
import WendaKit

/// The settings file. One setting a line, `key = value`; blank lines and lines starting
/// with `#` are comments and are kept when wenda rewrites the file. Known keys: `corpus`
/// (the corpus used when neither --corpus nor WENDA_CORPUS is given; `~/` is the home
/// folder, and a relative path is taken from the home folder).
struct Config {
    static let keys: [String: String] = [
        "corpus": "the corpus used when neither --corpus nor WENDA_CORPUS is given",
    ]

    /// The settings file of this user.
    static var file: URL {
        let base: URL
        if let v = Environment.values["XDG_CONFIG_HOME"], v.hasPrefix("/") {
            base = URL(fileURLWithPath: v, isDirectory: true)
        } else {
            base = URL(fileURLWithPath: Environment.home, isDirectory: true).appendingPathComponent(".config", isDirectory: true)
        }
        return base.appendingPathComponent("wenda/config")
    }

    /// The file's lines as read.
    private(set) var lines: [String]
    let url: URL

    /// The settings at `url` (none when the file does not exist).
    init(url: URL = Config.file) throws(WendaError) {
        self.url = url
        guard FileManager.default.fileExists(atPath: url.path) else { lines = []; return }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .input("\(url.path): cannot be read")
        }
        guard var text = String(data: data, encoding: .utf8) else { throw .input("\(url.path): not UTF-8 text") }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
    }

    /// Each setting with its line number; a line that is no setting (or of an unknown
    /// key) is reported with `problem`.
    func settings(problem: (String) -> Void = { _ in }) -> [(key: String, value: String, line: Int)] {
        var out: [(String, String, Int)] = []
        for (n, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let eq = line.firstIndex(of: "=") else {
                problem("\(url.path):\(n + 1): not a `key = value` line")
                continue
            }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard Self.keys[key] != nil else {
                problem("\(url.path):\(n + 1): unknown setting '\(key)'")
                continue
            }
            out.append((key, value, n + 1))
        }
        return out
    }

    /// The value of `key` (the last line setting it wins).
    func value(_ key: String) -> String? {
        settings().last { $0.key == key }?.value
    }

    /// Sets `key` (its line rewritten in place, or added), or removes it with nil.
    mutating func set(_ key: String, _ value: String?) {
        let positions = settings().filter { $0.key == key }.map { $0.line - 1 }
        if let value, let last = positions.last {
            lines[last] = "\(key) = \(value)"
            for p in positions.dropLast().reversed() { lines.remove(at: p) }
        } else if let value {
            lines.append("\(key) = \(value)")
        } else {
            for p in positions.reversed() { lines.remove(at: p) }
        }
    }

    /// Writes the file back (its folder made if need be; a link to it is followed).
    func save() throws(WendaError) {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            let text = lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
            try FileOutput.write(Array(text.utf8), to: url.path)
        } catch {
            throw .input(error.localizedDescription)
        }
    }

    /// A path as the file means it: `~/` is the home folder, a relative path is taken
    /// from the home folder.
    static func expand(_ path: String) -> String {
        if path == "~" { return Environment.home }
        if path.hasPrefix("~/") { return Environment.home + path.dropFirst(1) }
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: Environment.home).appendingPathComponent(path).path
    }
}
