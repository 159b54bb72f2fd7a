/// A small set of scalars (a question's characters), told by binary search over their
/// sorted values: for the few scalars of a question, cheaper than hashing each scalar
/// asked about (what `Set` does).
struct ScalarSet: Sendable {
    private let values: [UInt32]

    init(_ scalars: some Sequence<Unicode.Scalar>) {
        var v = scalars.map(\.value)
        v.sort()
        var out: [UInt32] = []
        out.reserveCapacity(v.count)
        for x in v where out.last != x { out.append(x) }
        values = out
    }

    var isEmpty: Bool { values.isEmpty }

    @inline(__always)
    func contains(_ c: Unicode.Scalar) -> Bool {
        values.withUnsafeBufferPointer { BinarySearch.contains($0, c.value) }
    }
}
