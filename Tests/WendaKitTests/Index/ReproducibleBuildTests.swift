import Foundation
import Testing
@testable import WendaKit

/// The same articles give the same saved bytes: every column is written as its elements
/// lie in memory, so an element type with padding would write whatever memory held there.
@Suite struct ReproducibleBuildTests {
    /// The bytes of `value`'s fields, counted down to scalars (a type with no stored fields
    /// of its own, such as an integer, counts whole).
    static func fieldBytes(_ value: Any) -> Int {
        let children = Mirror(reflecting: value).children
        guard !children.isEmpty else { return size(of: value) }
        return children.reduce(0) { $0 + fieldBytes($1.value) }
    }

    static func size<T>(of value: T) -> Int { MemoryLayout<T>.size }

    /// Padding bytes of one element of `type`: its stride less its fields' bytes.
    static func padding<T: BitwiseCopyable>(_ type: T.Type) -> Int {
        let zero = withUnsafeTemporaryAllocation(byteCount: MemoryLayout<T>.stride, alignment: MemoryLayout<T>.alignment) {
            raw in
            raw.initializeMemory(as: UInt8.self, repeating: 0)
            return raw.load(as: T.self)
        }
        return MemoryLayout<T>.stride - fieldBytes(zero)
    }

    @Test func noColumnHasPadding() {
        #expect(Self.padding(Int64.self) == 0)
        // The check sees padding where there is some.
        struct Padded: BitwiseCopyable { var a: UInt16; var b: Float }
        #expect(Self.padding(Padded.self) == 2)
        for column in IndexLayout.columns {
            #expect(Self.padding(column.elementType) == 0, "section \(column.name)")
        }
    }

    @Test func theSameArticlesGiveTheSameBytes() throws {
        let first = try IndexFileTests.built()
        defer { try? FileManager.default.removeItem(at: first.dir) }
        let second = try IndexFileTests.built()
        defer { try? FileManager.default.removeItem(at: second.dir) }
        let a = try Data(contentsOf: first.file), b = try Data(contentsOf: second.file)
        #expect(a.count > 1000)
        #expect(a == b)
    }
}
