import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One section of a saved index as it is written (see `IndexFile`): its bytes, the
/// checksum of each of its blocks, and its element count.
protocol IndexSection {
    var byteCount: Int { get }
    var count: Int { get }
    /// The checksum of each `SectionCheck.blockSize` block of its bytes.
    func blockSums() -> [UInt64]
    /// Hands its bytes to `emit`, piece by piece, in order.
    func emit(_ emit: (UnsafeRawBufferPointer) throws -> Void) throws
}

/// A section held in memory (a column, or an array made into one).
struct MemorySection: IndexSection {
    let bytes: UnsafeRawBufferPointer
    let count: Int
    let keep: Any

    init<T: BitwiseCopyable>(_ c: Column<T>) {
        bytes = UnsafeRawBufferPointer(c.buffer(c.startIndex..<c.endIndex))
        count = c.count
        keep = c
    }

    init<T: BitwiseCopyable>(_ a: [T]) { self.init(Column(a)) }

    var byteCount: Int { bytes.count }
    func blockSums() -> [UInt64] { SectionCheck.sums(bytes) }
    func emit(_ emit: (UnsafeRawBufferPointer) throws -> Void) throws { try emit(bytes) }
}

/// A section (or any run of bytes) written to a temporary file as it grows, rather than
/// held in memory: a build of a large corpus keeps only what it must. The checksum of each
/// block is taken as the block is filled. The file is unlinked as soon as it is made, so
/// nothing is left behind whatever becomes of the build.
final class SectionSink: IndexSection {
    let elementSize: Int
    private let fd: Int32
    private let path: String
    private let buffer: UnsafeMutableRawPointer
    private static let bufferSize = 16 * SectionCheck.blockSize
    private var fill = 0
    /// Bytes handed to the file so far (whole buffers).
    private var flushed = 0
    private var sums: [UInt64] = []
    private var failure: String?
    private var finished = false
    private var emitted = false

    /// A sink whose temporary file is made in `directory`.
    init(directory: URL, elementSize: Int) throws {
        self.elementSize = elementSize
        path = directory.appendingPathComponent(".\(IndexFile.name).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0 ... .max)).part").path
        fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileIO.WriteError(directory.path, FileIO.lastError) }
        unlink(path)
        buffer = .allocate(byteCount: Self.bufferSize, alignment: 16)
    }

    deinit {
        buffer.deallocate()
        close(fd)
    }

    var byteCount: Int { flushed + fill }
    var count: Int { byteCount / elementSize }

    func append(_ raw: UnsafeRawBufferPointer) {
        precondition(!finished, "section appended to after it was finished")
        var from = 0
        while from < raw.count {
            let n = min(raw.count - from, Self.bufferSize - fill)
            (buffer + fill).copyMemory(from: raw.baseAddress! + from, byteCount: n)
            fill += n
            from += n
            if fill == Self.bufferSize { flush() }
        }
    }

    func append<T: BitwiseCopyable>(_ a: [T]) { a.withUnsafeBytes { append($0) } }

    func append<T: BitwiseCopyable>(value: T) { withUnsafeBytes(of: value) { append($0) } }

    /// Checksums the buffer's blocks and writes it out.
    private func flush() {
        var lo = 0
        while lo < fill {
            let n = min(SectionCheck.blockSize, fill - lo)
            sums.append(Hashing.checksum(UnsafeRawBufferPointer(start: buffer + lo, count: n)))
            lo += n
        }
        if failure == nil, !Self.writeAll(fd, UnsafeRawBufferPointer(start: buffer, count: fill), at: flushed) {
            failure = String(cString: strerror(errno))
        }
        flushed += fill
        fill = 0
    }

    /// Writes what is left; after it nothing more is appended. Throws when the file could
    /// not be written (a full disk).
    func finish() throws {
        if !finished {
            if fill > 0 { flush() }
            finished = true
        }
        if let failure { throw FileIO.WriteError(IndexFile.name, failure) }
    }

    func blockSums() -> [UInt64] {
        precondition(finished, "section read before it was finished")
        return sums
    }

    /// Reads `range` of its bytes into `into` (which holds at least that many).
    func read(_ range: Range<Int>, into: UnsafeMutableRawPointer) throws {
        precondition(finished, "section read before it was finished")
        var at = 0
        while at < range.count {
            let n = pread(fd, into + at, range.count - at, off_t(range.lowerBound + at))
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw FileIO.WriteError(IndexFile.name, n < 0 ? FileIO.lastError : "temporary file cut short") }
            at += n
        }
    }

    /// Hands its bytes on, then lets go of the temporary file's disk space: while the
    /// saved index is put together, the disk holds it and the pieces not yet copied.
    func emit(_ emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        try finish()
        precondition(!emitted, "section emitted twice")
        let chunk = 4 << 20
        let b = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { b.deallocate() }
        var at = 0
        while at < byteCount {
            let n = min(chunk, byteCount - at)
            try read(at..<(at + n), into: b)
            try emit(UnsafeRawBufferPointer(start: b, count: n))
            at += n
        }
        emitted = true
        _ = ftruncate(fd, 0)
    }

    private static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        var at = 0
        while at < raw.count {
            let n = pwrite(fd, raw.baseAddress! + at, raw.count - at, off_t(offset + at))
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return false }
            at += n
        }
        return true
    }
}

/// A growing array kept in memory, or, for a build that saves its index, appended to a
/// `SectionSink` (so not held).
final class Growing<T: BitwiseCopyable> {
    private(set) var array: [T] = []
    let sink: SectionSink?
    private(set) var count = 0

    init(capacity: Int = 0) {
        sink = nil
        array.reserveCapacity(capacity)
    }

    init(sink: SectionSink) { self.sink = sink }

    @inline(__always)
    func append(_ v: T) {
        if let sink { sink.append(value: v) } else { array.append(v) }
        count += 1
    }

    func append(contentsOf a: [T]) {
        // (The first array appended in memory is taken as it is: no copy.)
        if let sink { sink.append(a) } else if array.isEmpty && array.capacity == 0 { array = a } else { array += a }
        count += a.count
    }

    /// As a section of the saved index (finishing the sink).
    func section() throws -> any IndexSection {
        if let sink { try sink.finish(); return sink }
        return MemorySection(array)
    }

    /// Calls `body` with elements `range` (read back from the sink into `scratch` when it
    /// has one: the sink must be finished).
    func withElements<R>(_ range: Range<Int>, scratch: inout [T], _ body: (UnsafeBufferPointer<T>) throws -> R) throws -> R {
        if let sink {
            let size = MemoryLayout<T>.stride
            if scratch.count < range.count { scratch = [T](unsafeUninitializedCapacity: range.count) { _, n in n = range.count } }
            try scratch.withUnsafeMutableBytes { try sink.read(range.lowerBound * size..<range.upperBound * size, into: $0.baseAddress!) }
            return try scratch.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<range.count])) }
        }
        return try array.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
    }
}
