import Foundation

/// A table whose entry `i` is computed the first time it is asked for, then kept; safe
/// to read from several threads. Lets an engine over a saved index start without going
/// through every article and sentence.
final class LazyTable<Value: Sendable>: @unchecked Sendable {
    /// Entries in pages of `pageSize`, a page allocated when one of its entries is first
    /// filled: a table over millions of sentences costs nothing until used.
    private var pages: [[Value?]]
    private static var pageSize: Int { 1024 }
    let count: Int
    private let lock = NSLock()
    private let make: @Sendable (Int) -> Value

    init(count: Int, _ make: @escaping @Sendable (Int) -> Value) {
        self.count = count
        pages = [[Value?]](repeating: [], count: (count + Self.pageSize - 1) / Self.pageSize)
        self.make = make
    }

    subscript(i: Int) -> Value {
        precondition(i >= 0 && i < count, "LazyTable index out of range")
        let (page, slot) = i.quotientAndRemainder(dividingBy: Self.pageSize)
        lock.lock()
        if !pages[page].isEmpty, let v = pages[page][slot] {
            lock.unlock()
            return v
        }
        lock.unlock()
        let v = make(i)
        lock.lock()
        if pages[page].isEmpty { pages[page] = [Value?](repeating: nil, count: Self.pageSize) }
        pages[page][slot] = v
        lock.unlock()
        return v
    }

    /// Computes every entry not computed yet.
    func fillAll() {
        for i in 0..<count { _ = self[i] }
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
