import CEditLine
import Foundation
import WendaKit

/// Lines typed at a terminal, edited by libedit through its readline-compatible API:
/// emacs keys, arrows, Ctrl-R reverse search (wenda's own, `HistorySearch`), Tab
/// completion, Chinese input, and a history file kept across restarts (capped, 0600, in
/// a 0700 folder).
final class EditLineReader: LineReader {
    let historyFile: URL?
    private var lastRemembered: String?
    /// Lines this shell kept that the history file does not hold yet.
    private var unsaved: [String] = []
    private var completion: Completion?
    /// The prompt of the line being read, for Ctrl-R to draw over.
    private var prompt = ""

    /// The reader inside `readline` now: libedit's key functions capture nothing.
    nonisolated(unsafe) private static var reading: EditLineReader?

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
        // After rl_initialize, which binds Ctrl-R to libedit's own search.
        _ = rl_add_defun("wenda-history-search", Self.searchKey, 0x12)
        using_history()
        stifle_history(Int32(HistoryPolicy.limit))
        if let historyFile, FileManager.default.fileExists(atPath: historyFile.path) {
            if !Self.looksIntact(historyFile) || read_history(historyFile.path) != 0 {
                Self.moveAside(historyFile)
                clear_history()
            }
        }
        lastRemembered = history.last
    }

    /// Ctrl-R, called by libedit inside `readline`.
    private static let searchKey: @convention(c) (Int32, Int32) -> Int32 = { _, _ in
        if let reader = EditLineReader.reading {
            HistorySearchKey.run(prompt: reader.prompt, history: reader.history)
        }
        return 0
    }

    nonisolated(unsafe) private static let name: UnsafePointer<CChar> = UnsafePointer(strdup("wenda")!)

    var isInteractive: Bool { true }

    func complete(with completion: Completion) {
        self.completion = completion
    }

    func readLine(prompt: String) -> LineInput {
        _ = Interrupt.take()
        self.prompt = prompt
        Completion.active = completion
        Self.reading = self
        defer { Self.reading = nil }
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
        unsaved.append(line)
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

    /// Writes the history file now (after every kept line, so a crash loses nothing). With
    /// two shells open, each adds its own lines to what the file holds, as bash does with
    /// `histappend`: the file is read again, this shell's new lines appended, and the
    /// result written, under a lock so that two shells never write at once. The
    /// lines of the other shell join the file, not this shell's recall (as in bash).
    func save() {
        guard let historyFile else { return }
        do {
            try WendaPaths.makePrivateFolder(historyFile.deletingLastPathComponent())
            if !FileManager.default.fileExists(atPath: historyFile.path) {
                let fd = open(historyFile.path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
                if fd >= 0 { Glibc.close(fd) }
            }
            // A link is followed to the file it names, and a FIFO or device
            // (WENDA_HISTORY=/dev/null) is written through: neither is replaced by a file.
            let target = (try? FileOutput.followLinks(historyFile.path)) ?? historyFile.path
            var st = stat()
            if stat(target, &st) == 0, st.st_mode & S_IFMT != S_IFREG {
                _ = write_history(target)
                return
            }
            guard !unsaved.isEmpty else { return }
            // The folder holding the file is the lock: the file itself is replaced by each
            // write, and a lock file would be one more file in the user's folder.
            let folder = URL(fileURLWithPath: target).deletingLastPathComponent().path
            let lock = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if lock >= 0 { flock(lock, LOCK_EX) }
            defer { if lock >= 0 { Glibc.close(lock) } }
            // What this shell recalls, put back once the merged file is written.
            let recall = history
            clear_history()
            if stat(target, &st) == 0, st.st_size > 0,
               !Self.looksIntact(URL(fileURLWithPath: target)) || read_history(target) != 0 {
                Self.moveAside(URL(fileURLWithPath: target))
                clear_history()
            }
            for line in unsaved { add_history(line) }
            defer {
                clear_history()
                for line in recall { add_history(line) }
            }
            // Written beside and renamed into place: a crash mid-write leaves the old file.
            let temporary = target + ".tmp-\(getpid())"
            let fd = open(temporary, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o600)
            if fd >= 0 { Glibc.close(fd) }
            if write_history(temporary) == 0 {
                chmod(temporary, 0o600)
                rename(temporary, target)
                unsaved = []
            } else {
                unlink(temporary)
                if !warnedUnsaved {
                    warnedUnsaved = true
                    Terminal.warn("history not saved: cannot write \(historyFile.path)")
                }
            }
        } catch {
            if !warnedUnsaved {
                warnedUnsaved = true
                Terminal.warn("history not saved: \(error.localizedDescription)")
            }
        }
    }

    private var warnedUnsaved = false

    /// libedit's history file starts with its own header line and holds text only.
    static func looksIntact(_ file: URL) -> Bool {
        guard let data = FileManager.default.contents(atPath: file.path) else { return false }
        if data.isEmpty { return true }
        if data.contains(0) { return false }
        return data.starts(with: Array("_HiStOrY_V2_".utf8)) && String(data: data, encoding: .utf8) != nil
    }

    /// A damaged history file is moved aside with a notice, and a new one started.
    static func moveAside(_ file: URL) {
        var aside = file.path + ".damaged"
        var n = 1
        while FileManager.default.fileExists(atPath: aside) {
            n += 1
            aside = file.path + ".damaged-\(n)"
        }
        if (try? FileManager.default.moveItem(atPath: file.path, toPath: aside)) != nil {
            Terminal.warn("the history file was damaged; moved it to \(aside) and started a new one")
        } else {
            Terminal.warn("the history file \(file.path) is damaged and cannot be moved; history starts empty")
        }
    }

    func close() {
        save()
    }
}
