import Foundation

/// A table whose entry `i` is computed the first time it is asked for, then kept; safe
/// to read from several threads. Lets an engine over a saved index start without going
/// through every article and sentence.
final class LazyTable<Value: Sendable>: @unchecked Sendable {
    private var values: [Value?]
    private let lock = NSLock()
    private let make: @Sendable (Int) -> Value

    init(count: Int, _ make: @escaping @Sendable (Int) -> Value) {
        values = [Value?](repeating: nil, count: count)
        self.make = make
    }

    var count: Int { values.count }

    subscript(i: Int) -> Value {
        lock.lock()
        if let v = values[i] {
            lock.unlock()
            return v
        }
        lock.unlock()
        let v = make(i)
        lock.lock()
        values[i] = v
        lock.unlock()
        return v
    }

    /// Computes every entry not computed yet.
    func fillAll() {
        for i in 0..<values.count { _ = self[i] }
    }

    /// One field of the entries, read as if it were a table of its own.
    struct Field<F>: @unchecked Sendable {
        let table: LazyTable
        let path: KeyPath<Value, F>
        init(_ table: LazyTable, _ path: KeyPath<Value, F>) {
            self.table = table
            self.path = path
        }
        subscript(i: Int) -> F { table[i][keyPath: path] }
    }
}
