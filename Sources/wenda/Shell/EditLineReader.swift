import CEditLine
import Foundation
import WendaKit

/// Lines typed at a terminal, edited by libedit through its readline-compatible API:
/// emacs keys, arrows, Ctrl-R reverse search, Tab completion, Chinese input, and a
/// history file kept across restarts (capped, 0600, in a 0700 folder).
final class EditLineReader: LineReader {
    let historyFile: URL?
    private var lastRemembered: String?

    /// Call `Terminal.useUTF8Locale()` and `Interrupt.install()` first.
    init(historyFile: URL?) {
        self.historyFile = historyFile
        // libedit's handlers keep the terminal right across resizes and Ctrl-Z/fg. On
        // SIGINT it restores the handler found before it and re-sends the signal: that
        // must be `Interrupt`'s (installed first), or the process ends.
        wenda_rl_set_catch_signals(Interrupt.isInstalled ? 1 : 0)
        wenda_rl_set_readline_name(Self.name)
        wenda_rl_set_instream(wenda_stdin())
        wenda_rl_set_outstream(wenda_stdout())
        Completion.install()
        rl_initialize()
        using_history()
        stifle_history(Int32(HistoryPolicy.limit))
        if let historyFile, FileManager.default.fileExists(atPath: historyFile.path) {
            _ = read_history(historyFile.path)
        }
        lastRemembered = history.last
    }

    nonisolated(unsafe) private static let name: UnsafePointer<CChar> = UnsafePointer(strdup("wenda")!)

    var isInteractive: Bool { true }

    func readLine(prompt: String) -> LineInput {
        _ = Interrupt.take()
        let raw = Interrupt.aimed { readline(prompt) }
        if Interrupt.take() {
            free(raw)
            return .interrupted
        }
        guard let raw else { return .end }
        defer { free(raw) }
        return .line(String(cString: raw))
    }

    func remember(_ line: String) {
        guard HistoryPolicy.keeps(line), line != lastRemembered else { return }
        add_history(line)
        lastRemembered = line
        save()
    }

    var history: [String] {
        let base = wenda_history_base()
        var out: [String] = []
        for i in base..<(base + wenda_history_length()) {
            if let line = wenda_history_line(i) { out.append(String(cString: line)) }
        }
        return out
    }

    /// Writes the history file now (after every kept line, so a crash loses nothing).
    /// With two shells open the last to write wins, as in bash without `histappend`:
    /// libedit's `append_history(n)` appends n + 1 entries, so it is not used.
    func save() {
        guard let historyFile else { return }
        do {
            try WendaPaths.makePrivateFolder(historyFile.deletingLastPathComponent())
            if !FileManager.default.fileExists(atPath: historyFile.path) {
                let fd = open(historyFile.path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
                if fd >= 0 { Glibc.close(fd) }
            }
            _ = write_history(historyFile.path)
            chmod(historyFile.path, 0o600)
        } catch {}
    }

    func close() {
        save()
    }
}
