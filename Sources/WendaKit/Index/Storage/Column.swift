import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only array of plain values: either memory of its own (an index built in
/// memory) or a region of a memory-mapped saved index, read in place without copying.
/// Whatever holds the memory (`owner`) lives as long as any column over it.
///
/// A column over a saved index checks its checksum blocks before they are first read
/// (see `SectionCheck`): an element of a block that does not match reads as zero, and
/// the damage is reported once, so a damaged file never yields values it was not
/// written with (and every value read is one the builder wrote, so in bounds).
public struct Column<Element: BitwiseCopyable>: RandomAccessCollection, @unchecked Sendable {
    public typealias Index = Int
    public typealias SubSequence = Column<Element>

    private let base: UnsafePointer<Element>?
    public let startIndex: Int
    public let endIndex: Int
    private let owner: AnyObject?
    private let check: SectionCheck?

    /// A column holding a copy of `array`.
    public init(_ array: [Element]) {
        let storage = ColumnStorage(array)
        base = storage.pointer.map { $0.assumingMemoryBound(to: Element.self) }
        startIndex = 0
        endIndex = array.count
        owner = storage
        check = nil
    }

    /// A column over `count` elements at `pointer`, kept alive by `owner`.
    init(pointer: UnsafeRawPointer?, count: Int, owner: AnyObject, check: SectionCheck?) {
        base = pointer.map { $0.assumingMemoryBound(to: Element.self) }
        startIndex = 0
        endIndex = count
        self.owner = owner
        self.check = check
    }

    private init(_ c: Column, _ range: Range<Int>) {
        self.init(c, range, check: c.check)
    }

    private init(_ c: Column, _ range: Range<Int>, check: SectionCheck?) {
        base = c.base
        startIndex = range.lowerBound
        endIndex = range.upperBound
        owner = c.owner
        self.check = check
    }

    init() { self.init([]) }

    public subscript(i: Int) -> Element {
        @inline(__always) get {
            precondition(i >= startIndex && i < endIndex, "column index out of range")
            if let check, !check.verified(byte: i * MemoryLayout<Element>.stride) { return Self.zero }
            return base.unsafelyUnwrapped[i]
        }
    }

    public subscript(range: Range<Int>) -> Column {
        precondition(range.lowerBound >= startIndex && range.upperBound <= endIndex, "column range out of range")
        return Column(self, range)
    }

    /// The elements `range` (clamped to the column), their checksum blocks verified now,
    /// as a column that checks nothing more when read (empty when they are damaged).
    func verified(_ range: Range<Int>) -> Column {
        let r = range.clamped(to: startIndex..<endIndex)
        guard let check else { return Column(self, r) }
        let s = MemoryLayout<Element>.stride
        guard check.verified(bytes: r.lowerBound * s..<r.upperBound * s) else { return Column(self, r.lowerBound..<r.lowerBound, check: nil) }
        return Column(self, r, check: nil)
    }

    /// The elements `range` (clamped to the column) as a buffer, its checksum blocks
    /// verified first; empty when they are damaged.
    @inline(__always)
    func buffer(_ range: Range<Int>) -> UnsafeBufferPointer<Element> {
        let r = range.clamped(to: startIndex..<endIndex)
        guard let base, !r.isEmpty else { return UnsafeBufferPointer(start: nil, count: 0) }
        let s = MemoryLayout<Element>.stride
        if let check, !check.verified(bytes: r.lowerBound * s..<r.upperBound * s) {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: base + r.lowerBound, count: r.count)
    }

    /// The whole column as a buffer (see `buffer(_:)`).
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(buffer(startIndex..<endIndex))
    }

    /// Verifies every checksum block of the column now (true: none damaged).
    func verifyAll() -> Bool { check?.verifyAll() ?? true }

    public var last: Element? { isEmpty ? nil : self[endIndex - 1] }

    static var zero: Element {
        withUnsafeTemporaryAllocation(of: Element.self, capacity: 1) { b in
            let raw = UnsafeMutableRawPointer(b.baseAddress!)
            raw.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<Element>.stride)
            return raw.load(as: Element.self)
        }
    }
}

extension Column: Equatable where Element: Equatable {
    public static func == (a: Column, b: Column) -> Bool { a.elementsEqual(b) }
}

/// The array a column holds (an index built in memory): kept, never changed again, so
/// its storage stays where it is (no copy of a large array at the end of a build).
private final class ColumnStorage<T>: @unchecked Sendable {
    let array: [T]
    let pointer: UnsafeRawPointer?
    init(_ array: [T]) {
        self.array = array
        pointer = array.isEmpty ? nil : self.array.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }
}

/// The checksums of one section of a saved index, a block of `SectionCheck.blockSize`
/// bytes at a time, each verified the first time any byte of it is read.
final class SectionCheck: @unchecked Sendable {
    static let blockShift = 16
    static let blockSize = 1 << blockShift

    let bytes: UnsafeRawBufferPointer
    let sums: UnsafePointer<UInt64>
    /// 0 not checked yet, 1 good, 2 damaged. Only ever set from 0 to a result (a race
    /// checks a block twice, with the same outcome).
    private let state: UnsafeMutablePointer<UInt8>
    let blocks: Int
    let name: String
    let damaged: @Sendable (String) -> Void

    init(bytes: UnsafeRawBufferPointer, sums: UnsafePointer<UInt64>, name: String, damaged: @escaping @Sendable (String) -> Void) {
        self.bytes = bytes
        self.sums = sums
        self.name = name
        self.damaged = damaged
        blocks = Self.blockCount(bytes.count)
        state = .allocate(capacity: max(1, blocks))
        state.initialize(repeating: 0, count: max(1, blocks))
    }

    deinit { state.deallocate() }

    static func blockCount(_ size: Int) -> Int { (size + blockSize - 1) >> blockShift }

    /// The checksum of each block of `raw`.
    static func sums(_ raw: UnsafeRawBufferPointer) -> [UInt64] {
        (0..<blockCount(raw.count)).map { b in
            let lo = b << blockShift
            return Hashing.checksum(UnsafeRawBufferPointer(rebasing: raw[lo..<min(raw.count, lo + blockSize)]))
        }
    }

    @inline(__always)
    func verified(byte: Int) -> Bool {
        let b = byte >> Self.blockShift
        let s = state[b]
        if s == 1 { return true }
        return verify(b)
    }

    @inline(__always)
    func verified(bytes range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return true }
        var ok = true
        for b in (range.lowerBound >> Self.blockShift)...((range.upperBound - 1) >> Self.blockShift) where state[b] != 1 {
            if !verify(b) { ok = false }
        }
        return ok
    }

    /// Checks every block now; false if any is damaged.
    func verifyAll() -> Bool { verified(bytes: 0..<bytes.count) }

    private func verify(_ b: Int) -> Bool {
        if state[b] == 2 { return false }
        let lo = b << Self.blockShift
        let good = Hashing.checksum(UnsafeRawBufferPointer(rebasing: bytes[lo..<min(bytes.count, lo + Self.blockSize)])) == sums[b]
        state[b] = good ? 1 : 2
        if !good { damaged(name) }
        return good
    }
}
