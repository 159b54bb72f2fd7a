import Foundation

/// A table whose entry `i` is computed the first time it is asked for, then kept; safe
/// to read from several threads, none of which ever waits for another. Lets an engine
/// over a saved index start without going through every article and sentence.
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

    /// Never waits for another thread: when the table is busy (another thread storing an
    /// entry, perhaps one of low priority that the scheduler keeps waiting), the entry is
    /// computed here, and kept only if the table is free then. Entries are the same
    /// whoever computes them.
    subscript(i: Int) -> Value {
        precondition(i >= 0 && i < count, "LazyTable index out of range")
        let (page, slot) = i.quotientAndRemainder(dividingBy: Self.pageSize)
        if lock.try() {
            if !pages[page].isEmpty, let v = pages[page][slot] {
                lock.unlock()
                return v
            }
            lock.unlock()
        }
        let v = make(i)
        if lock.try() {
            if pages[page].isEmpty { pages[page] = [Value?](repeating: nil, count: Self.pageSize) }
            pages[page][slot] = v
            lock.unlock()
        }
        return v
    }

    /// Computes every entry not computed yet.
    func fillAll() {
        for i in 0..<count { _ = self[i] }
    }
}
