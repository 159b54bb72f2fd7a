import Foundation

/// Ctrl-C for the shell: a SIGINT handler (sigaction, no SA_RESTART) that only writes a
/// byte to a pipe, so a blocking `read` — libedit's included — returns EINTR and the
/// shell can drop the line or the answer being computed, and prompt again. (libedit's
/// own SIGINT handling would re-raise the signal and end the process.)
enum Interrupt {
    /// The self-pipe, set once before the handler is installed.
    nonisolated(unsafe) private static var pipeFDs: (read: Int32, write: Int32) = (-1, -1)
    nonisolated(unsafe) private static var installed = false
    /// The thread blocked reading a line, if any. A process-directed SIGINT may land on
    /// any thread (Swift's async commands run on a pool thread); the handler forwards it
    /// to this one so its `read` returns EINTR.
    nonisolated(unsafe) static var readerThread: pthread_t = 0

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
            let saved = errno
            var byte: UInt8 = 1
            _ = Glibc.write(Interrupt.writeFD, &byte, 1)
            let reader = Interrupt.readerThread
            if reader != 0, pthread_equal(reader, pthread_self()) == 0 {
                pthread_kill(reader, SIGINT)
            }
            errno = saved
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0  // no SA_RESTART: reads return EINTR
        sigaction(SIGINT, &action, nil)
        installed = true
    }

    static var writeFD: Int32 { pipeFDs.write }

    /// Runs `body` (a blocking read) with Ctrl-C aimed at the calling thread.
    /// The thread may be a pool thread that blocks signals: SIGINT is let through
    /// for the duration.
    static func aimed<T>(_ body: () -> T) -> T {
        guard installed else { return body() }
        var only = sigset_t(), old = sigset_t()
        sigemptyset(&only)
        sigaddset(&only, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &only, &old)
        readerThread = pthread_self()
        defer {
            readerThread = 0
            pthread_sigmask(SIG_SETMASK, &old, nil)
        }
        return body()
    }
    static var isInstalled: Bool { installed }

    /// Whether Ctrl-C was pressed and not yet taken; keeps it.
    static var isPending: Bool {
        guard installed else { return false }
        var p = pollfd(fd: pipeFDs.read, events: Int16(POLLIN), revents: 0)
        return poll(&p, 1, 0) > 0
    }

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

/// Where the shell learns of Ctrl-C while it computes an answer: the SIGINT self-pipe
/// above, or in tests a source fired by the test itself (never a signal to the test run).
protocol InterruptSource: AnyObject {
    /// Whether Ctrl-C came since the last call; forgets it.
    func take() -> Bool
    /// Waits up to `timeout` seconds for Ctrl-C; true if it came (and forgets it).
    func wait(timeout: Double) -> Bool
}

/// Ctrl-C as SIGINT, through `Interrupt` (installed first).
final class SignalInterrupts: InterruptSource {
    func take() -> Bool { Interrupt.take() }
    func wait(timeout: Double) -> Bool { Interrupt.wait(timeout: timeout) }
}
