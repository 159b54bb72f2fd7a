import Foundation

/// Ctrl-C for the shell: a SIGINT handler (sigaction, no SA_RESTART) that only writes a
/// byte to a pipe, so a blocking `read` — libedit's included — returns EINTR and the
/// shell can drop the line or the answer being computed, and prompt again. (libedit's
/// own SIGINT handling would re-raise the signal and end the process.)
enum Interrupt {
    /// The self-pipe, set once before the handler is installed.
    nonisolated(unsafe) private static var pipeFDs: (read: Int32, write: Int32) = (-1, -1)
    nonisolated(unsafe) private static var installed = false

    /// Installs the handler (once).
    static func install() {
        guard !installed else { return }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        pipeFDs = (fds[0], fds[1])
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            var byte: UInt8 = 1
            _ = Glibc.write(Interrupt.writeFD, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: reads return EINTR
        sigaction(SIGINT, &action, nil)
        installed = true
    }

    static var writeFD: Int32 { pipeFDs.write }
    static var isInstalled: Bool { installed }

    /// Whether Ctrl-C was pressed since the last call; forgets it.
    static func take() -> Bool {
        guard installed else { return false }
        var got = false
        var buf = [UInt8](repeating: 0, count: 64)
        while buf.withUnsafeMutableBytes({ Glibc.read(pipeFDs.read, $0.baseAddress, $0.count) }) > 0 { got = true }
        return got
    }

    /// Waits up to `timeout` seconds for Ctrl-C; true if it came (and forgets it).
    static func wait(timeout: Double) -> Bool {
        guard installed else {
            usleep(useconds_t(timeout * 1_000_000))
            return false
        }
        var p = pollfd(fd: pipeFDs.read, events: Int16(POLLIN), revents: 0)
        _ = poll(&p, 1, Int32(timeout * 1000))
        return take()
    }
}
