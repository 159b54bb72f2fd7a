import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing files with plain POSIX calls, for the corpus and the saved index:
/// whole files read, files written unsynced or through a temporary file renamed into
/// place, read-only memory maps, private folders.
enum FileIO {
    /// A file or folder that cannot be written, and why.
    struct WriteError: LocalizedError, Sendable {
        var path: String
        var reason: String
        init(_ path: String, _ reason: String) { self.path = path; self.reason = reason }
        var errorDescription: String? { "\(path): cannot be written: \(reason)" }
    }

    /// The system's words for the last error (`errno`).
    static var lastError: String { String(cString: strerror(errno)) }

    /// A short reason for a Foundation file error: the POSIX message beneath it when
    /// there is one.
    static func describe(_ error: Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        switch ns.code {
        case NSFileReadNoPermissionError: return "permission denied"
        case NSFileReadNoSuchFileError: return "no such file"
        default: return ns.localizedDescription
        }
    }

    /// The bytes of the file at `path`, or nil when there is none (or it cannot be read).
    static func readIfPresent(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        var out = [UInt8](repeating: 0, count: Int(st.st_size))
        var at = 0
        while at < out.count {
            let n = out.withUnsafeMutableBytes { read(fd, $0.baseAddress! + at, $0.count - at) }
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { break }
            at += n
        }
        return at == out.count ? out : nil
    }

    /// Writes a file unless it holds `data` already (false then).
    static func put(_ data: [UInt8], to path: String) -> Result<Bool, Error> {
        Result {
            if let current = readIfPresent(path) {
                if current == data { return false }
                try writeAtomically(data, to: URL(fileURLWithPath: path))
            } else {
                // A new file: written in place. Until what names it is written (a corpus's
                // manifest, last), nothing trusts it; a torn one is simply written again.
                try writeNew(data, to: path)
            }
            return true
        }
    }

    /// Writes a file that is not there yet (`O_EXCL`: never through a link put in its place).
    static func writeNew(_ data: [UInt8], to path: String) throws {
        try writeUnsynced(to: path, flags: O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC) { write in try data.withUnsafeBytes(write) }
    }

    /// Writes what `produce` hands its writer, piece by piece, to the file at `path`.
    static func writeUnsynced(to path: String, flags: Int32,
                              _ produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw WriteError(path, lastError) }
        defer { close(fd) }
        try produce { (raw: UnsafeRawBufferPointer) in
            var at = 0
            while at < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + at, raw.count - at)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw WriteError(path, lastError)
                }
                at += n
            }
        }
    }

    private static func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, p, n)
        #else
        Darwin.write(fd, p, n)
        #endif
    }

    static func writeAtomically(_ data: [UInt8], to url: URL) throws {
        try writeAtomically(to: url) { write in try data.withUnsafeBytes(write) }
    }

    /// Writes a file through `FileOutput` (a link followed, a FIFO or device written
    /// through, never replaced; a regular file replaced by a temporary file renamed into
    /// place), the bytes handed piece by piece by `produce`.
    static func writeAtomically(to url: URL, _ produce: ((UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        // Plain write(2), no fsync (Foundation's Data.write syncs every file, which made
        // thousands of corpus files a disk-bound wait): a torn index or manifest fails
        // its checksum or fingerprint and is rebuilt; a torn corpus file is reported.
        do {
            let out = try FileOutput(path: url.path, permissions: 0o644)
            do {
                try produce { try out.write($0) }
                try out.commit()
            } catch {
                out.abandon()
                throw error
            }
        } catch let error as WriteError {
            throw error
        } catch let error as FileOutputError {
            throw WriteError(url.path, error.reason)
        } catch {
            throw WriteError(url.path, describe(error))
        }
    }

    /// Creates `folder` and the folders above it as needed.
    static func createFolder(_ folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteError(folder.path, describe(error))
        }
    }

    /// Creates `folder` (and those above it) readable by its owner only, if it is not there.
    static func makePrivateFolder(_ folder: URL) throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: folder.path) {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }
}

/// A file mapped read-only into memory, unmapped when the last user of it goes.
final class MappedFile: @unchecked Sendable {
    let base: UnsafeRawPointer?
    let size: Int

    init?(path: String) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { return nil }
        size = Int(st.st_size)
        guard size > 0 else { base = nil; return }
        let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else { return nil }
        base = UnsafeRawPointer(p)
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: size) }

    deinit {
        if let base { munmap(UnsafeMutableRawPointer(mutating: base), size) }
    }
}
