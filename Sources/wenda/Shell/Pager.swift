import ArgumentParser
import Foundation

/// Output taller than the terminal, shown through the user's pager as git and psql do:
/// `$WENDA_PAGER`, else `$PAGER`, else `less -FRX`; an empty value (or `cat`) turns paging
/// off, and so does `--no-pager`. Only when standard output is a terminal: piped output
/// is never paged. Shared by the shell (`/open`, `/sources`…) and the commands
/// (`sessions show`, `ask --explain`).
struct Pager {
    /// The shell command that pages; nil never pages.
    let command: String?

    static let defaultCommand = "less -FRX"

    /// The pager of this run: none with `disabled` (`--no-pager`) or when standard output
    /// is not a terminal.
    static func standard(disabled: Bool = false,
                         environment: [String: String] = ProcessInfo.processInfo.environment,
                         isTerminal: Bool = Terminal.isTTY(STDOUT_FILENO)) -> Pager {
        guard !disabled, isTerminal else { return Pager(command: nil) }
        return Pager(command: command(environment: environment))
    }

    /// The pager command the environment asks for, or nil for none.
    static func command(environment: [String: String]) -> String? {
        let chosen = environment["WENDA_PAGER"] ?? environment["PAGER"] ?? defaultCommand
        let command = chosen.trimmingCharacters(in: .whitespaces)
        guard !command.isEmpty, command != "cat" else { return nil }
        // The default only where `less` is installed; a command the user named is run as is.
        if command == defaultCommand, !onPath("less", environment: environment) { return nil }
        return command
    }

    static func onPath(_ program: String, environment: [String: String]) -> Bool {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").contains { access("\($0)/\(program)", X_OK) == 0 }
    }

    /// Whether `text` is taller than the terminal (leaving a row for the prompt after it).
    static func isTaller(_ text: String, than size: (rows: Int, columns: Int)) -> Bool {
        Terminal.rows(of: text, width: size.columns) >= size.rows
    }

    /// Shows `text` through the pager when it is taller than the terminal; false when it
    /// did not (no pager, short text, or a pager that could not be run): the caller then
    /// writes `text` itself.
    func show(_ text: String) -> Bool {
        guard let command else { return false }
        let size = Terminal.size(STDOUT_FILENO) ?? (rows: 24, columns: 80)
        guard Self.isTaller(text, than: size) else { return false }
        // What was written before comes before the pager's screen.
        guard (try? Output.standard.flush()) != nil else { return false }
        return run(command, text)
    }

    /// Runs `sh -c command` with `text` on its standard input and waits for it. Ctrl-C
    /// and Ctrl-\ are the pager's while it runs (as git does); quitting it early is fine.
    private func run(_ command: String, _ text: String) -> Bool {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return false }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)

        var environment = ProcessInfo.processInfo.environment
        // As git: less keeps colour, quits when the text fits, leaves the screen as it was.
        if environment["LESS"] == nil { environment["LESS"] = "FRX" }
        if environment["LV"] == nil { environment["LV"] = "-c" }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, readEnd, STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t(), none = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGQUIT, SIGPIPE] { sigaddset(&defaults, s) }
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        // Ignored here while the pager runs: Ctrl-C belongs to it, and a pager quit early
        // closes the pipe.
        var ignore = sigaction(), oldInt = sigaction(), oldQuit = sigaction(), oldPipe = sigaction()
        ignore.__sigaction_handler.sa_handler = SIG_IGN
        sigemptyset(&ignore.sa_mask)
        sigaction(SIGINT, &ignore, &oldInt)
        sigaction(SIGQUIT, &ignore, &oldQuit)
        sigaction(SIGPIPE, &ignore, &oldPipe)
        defer {
            sigaction(SIGINT, &oldInt, nil)
            sigaction(SIGQUIT, &oldQuit, nil)
            sigaction(SIGPIPE, &oldPipe, nil)
        }

        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("sh"), strdup("-c"), strdup(command), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
        Glibc.close(readEnd)
        guard spawned == 0 else {
            Glibc.close(writeEnd)
            return false
        }
        Self.writeAll(text, to: writeEnd)
        Glibc.close(writeEnd)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // sh's 126/127: the pager could not be run (sh has said why); show the text anyway.
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        return !(exited && (code == 126 || code == 127))
    }

    /// Writes until done or the reader goes away.
    private static func writeAll(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n > 0 {
                offset += n
            } else if n < 0, errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}

/// `--no-pager`, for every command that pages. It is declared under the same property name
/// (`paging`) in the root command and in each subcommand, so the flag reaches whichever runs.
struct PagerOptions: ParsableArguments {
    @Flag(name: .long, help: "Never page long output on a terminal (otherwise $WENDA_PAGER, $PAGER or less -FRX).")
    var noPager = false
}
