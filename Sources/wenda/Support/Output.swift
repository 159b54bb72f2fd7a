// Standard output for every command: buffered, written with write(2), and a failed write
// is an error to report (never a crash); the standard descriptors are made safe at start.
import Foundation

/// Standard output. `write` buffers and `flush` writes; a write error is thrown as
/// `WendaError.write` (`No space left on device`, `Bad file descriptor` for a closed
/// stdout) or `WendaError.brokenPipe` (the reader is gone). After a failure nothing more
/// is written.
final class Output: @unchecked Sendable {
    static let standard = Output(descriptor: STDOUT_FILENO)

    private let fd: Int32
    private var buffer: [UInt8] = []
    private let lock = NSLock()
    /// The first failure, once one happened.
    private(set) var failure: WendaError?

    init(descriptor: Int32) { fd = descriptor }

    /// Adds `text`; writes out once 64 KiB are waiting.
    func write(_ text: String) throws(WendaError) {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try drain() }
    }

    /// Adds `bytes`; writes out once 64 KiB are waiting.
    func write(_ bytes: Data) throws(WendaError) {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try drain() }
    }

    /// Adds `bytes` and writes everything out.
    func print(_ bytes: Data) throws(WendaError) {
        try write(bytes)
        try flush()
    }

    /// Adds `text` and writes everything out.
    func print(_ text: String) throws(WendaError) {
        try write(text)
        try flush()
    }

    /// Writes out what is waiting.
    func flush() throws(WendaError) {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
        try drain()
    }

    private func drain() throws(WendaError) {
        var at = 0
        defer { buffer.removeAll(keepingCapacity: true) }
        while at < buffer.count {
            let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + at, $0.count - at) }
            if n >= 0 { at += n; continue }
            if errno == EINTR { continue }
            let e: WendaError = errno == EPIPE ? .brokenPipe : .write(reason: String(cString: strerror(errno)), piped: false)
            failure = e
            throw e
        }
    }
}

enum StandardStreams {
    /// Run once at start. A closed stdin, stdout or stderr (`>&-`) is reopened on
    /// /dev/null — read-only for stdout and stderr, so a write there fails with "Bad file
    /// descriptor" and is reported — so that no file wenda opens (the transcript store!)
    /// takes its number and receives the output. SIGPIPE is ignored (a gone reader is a
    /// write error, handled where it happens) and so is SIGXFSZ (past a file size limit a
    /// write fails with "File too large" instead of the process being killed).
    static func prepare() {
        for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", fd == STDIN_FILENO ? O_WRONLY : O_RDONLY)
            if opened >= 0, opened != fd {
                dup2(opened, fd)
                close(opened)
            }
        }
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
    }
}
