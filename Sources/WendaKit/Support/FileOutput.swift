// Writing a file at a path a person named without destroying what stands there: a link is
// followed, a device or FIFO is written through, and only a regular file (or a new path)
// is replaced atomically.
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file being written at a path, the way `cp` and a shell's `>` treat what is there:
///
/// - a symbolic link is followed to the file it names (a dangling link: that file is made);
/// - an existing FIFO, character device or socket is opened and written *through* (never
///   replaced by a plain file);
/// - a regular file, or a path where nothing is yet, is written to a temporary file beside
///   it and renamed into place by `commit()`, so a failed write (a full disk) leaves the
///   old file whole; a replaced file keeps its permissions.
///
///     let out = try FileOutput(path: "session.md")
///     try out.write(Array(text.utf8))
///     try out.commit()
///
/// Nothing is synced to disk (callers that need it check what they read back). An output
/// dropped without `commit()` removes its temporary file.
public final class FileOutput {
    /// The path as named.
    public let path: String
    /// Where the bytes go once links are followed.
    public let target: String
    /// Whether the target is written in place (a FIFO, a device), not replaced.
    public let writesThrough: Bool
    private var fd: Int32
    private let temp: String?
    private var finished = false
    private var ownsDescriptor = true

    /// Opens `path` for writing (see the type's comment). A FIFO blocks here until it has
    /// a reader, as a shell's redirection does.
    public init(path: String, permissions: mode_t = 0o666) throws {
        self.path = path
        var st = stat()
        let exists = stat(path, &st) == 0  // through any links
        let kind = st.st_mode & S_IFMT
        if exists, kind == S_IFDIR { throw FileOutputError(path: path, errno: EISDIR) }
        if exists, kind != S_IFREG {
            // Opened by the name given: /dev/stdout and /proc/self/fd/N reach a pipe so.
            fd = Self.openRetrying(path, O_WRONLY | O_TRUNC | O_CLOEXEC, 0)
            guard fd >= 0 else { throw FileOutputError(path: path, errno: errno) }
            target = path
            writesThrough = true
            temp = nil
            return
        }
        let target = exists ? (Self.realPath(path) ?? path) : try Self.followLinks(path)
        self.target = target
        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        var made: (fd: Int32, path: String)?
        var failure: Int32 = 0
        for attempt in 0..<100 {
            let candidate = (folder.isEmpty ? "" : folder + "/") + ".\(name).\(getpid()).\(attempt).tmp"
            let f = Self.openRetrying(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, exists ? 0o600 : permissions)
            if f >= 0 { made = (f, candidate); break }
            failure = errno
            if failure != EEXIST { break }
        }
        if let made {
            // A replaced file keeps its mode (the new one takes the umask, as with `>`).
            if exists { _ = fchmod(made.fd, st.st_mode & 0o7777) }
            fd = made.fd
            temp = made.path
            writesThrough = false
        } else if exists, failure == EACCES || failure == EPERM {
            // No room beside it for a temporary file, but the file itself may be writable:
            // write it in place, as a shell would.
            fd = Self.openRetrying(target, O_WRONLY | O_TRUNC | O_CLOEXEC, 0)
            guard fd >= 0 else { throw FileOutputError(path: path, errno: errno) }
            writesThrough = true
            temp = nil
        } else {
            throw FileOutputError(path: path, errno: failure)
        }
    }

    /// Writes to an open file descriptor (kept open by `commit()`; the caller owns it).
    public init(descriptor: Int32, name: String) {
        path = name
        target = name
        fd = descriptor
        temp = nil
        writesThrough = true
        ownsDescriptor = false
    }

    deinit { if !finished { abandon() } }

    /// Appends `bytes`.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !finished else { throw FileOutputError(path: path, errno: EBADF) }
        var at = 0
        while at < bytes.count {
            let n = Self.systemWrite(fd, bytes.baseAddress! + at, bytes.count - at)
            if n < 0 {
                if errno == EINTR { continue }
                throw FileOutputError(path: path, errno: errno)
            }
            at += n
        }
    }

    public func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }
    public func write(_ data: Data) throws { try data.withUnsafeBytes { try write($0) } }
    public func write(_ text: String) throws { try write(Array(text.utf8)) }

    /// Closes the file and, for a replaced file, renames it into place. On failure the
    /// temporary file is removed and what stood at the path is left as it was.
    public func commit() throws {
        guard !finished else { return }
        finished = true
        let closed = !ownsDescriptor || close(fd) == 0 ? 0 : errno
        guard let temp else {
            if closed != 0, closed != EINTR { throw FileOutputError(path: path, errno: closed) }
            return
        }
        if closed != 0, closed != EINTR {
            unlink(temp)
            throw FileOutputError(path: path, errno: closed)
        }
        if rename(temp, target) != 0 {
            let e = errno
            unlink(temp)
            throw FileOutputError(path: path, errno: e)
        }
    }

    /// Gives up: closes the file and removes the temporary one (a FIFO or device keeps
    /// what was written through it).
    public func abandon() {
        guard !finished else { return }
        finished = true
        if ownsDescriptor { close(fd) }
        if let temp { unlink(temp) }
    }

    /// Writes `bytes` to `path` in one go (see the type's comment).
    public static func write(_ bytes: [UInt8], to path: String, permissions: mode_t = 0o666) throws {
        let out = try FileOutput(path: path, permissions: permissions)
        try out.write(bytes)
        try out.commit()
    }

    /// The path a chain of symbolic links ends at (relative links read from the folder
    /// of the link). The path itself when it is no link or does not exist.
    public static func followLinks(_ path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var st = stat()
            guard lstat(current, &st) == 0, st.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(current, &buffer, buffer.count - 1)
            guard n >= 0 else { throw FileOutputError(path: path, errno: errno) }
            let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if link.hasPrefix("/") {
                current = link
            } else {
                let folder = (current as NSString).deletingLastPathComponent
                current = folder.isEmpty ? link : folder + "/" + link
            }
        }
        throw FileOutputError(path: path, errno: ELOOP)
    }

    /// The path with every link of every component resolved (the file must exist).
    static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    private static func openRetrying(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        while true {
            let fd = open(path, flags, mode)
            if fd >= 0 || errno != EINTR { return fd }
        }
    }

    private static func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, p, n)
        #else
        Darwin.write(fd, p, n)
        #endif
    }
}

/// A file that could not be written: the path as named and the system's reason.
public struct FileOutputError: LocalizedError, Sendable, Equatable {
    public var path: String
    public var code: Int32

    public init(path: String, errno code: Int32) {
        self.path = path
        self.code = code
    }

    /// The system's words for the reason (`No space left on device`).
    public var reason: String { String(cString: strerror(code)) }

    public var errorDescription: String? { "\(path): cannot be written: \(reason)" }
}
