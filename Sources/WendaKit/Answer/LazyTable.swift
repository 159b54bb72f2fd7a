import Foundation

/// A table whose entry `i` is computed the first time it is asked for, then kept up to a
/// bound; safe to read from several threads, none of which ever waits for another. Lets an
/// engine over a saved index start without going through every article and sentence.
///
/// At most `limit` entries are kept: storing one more first forgets them all (as a
/// `WordCache` does), and a forgotten entry is computed again, the same, when next asked
/// for. A long session over a large collection thus holds what its recent questions read,
/// not every article it ever touched; no order is kept, so a hit costs what it did unbounded.
final class LazyTable<Value: Sendable>: @unchecked Sendable {
    /// Entries in pages of `pageSize`, a page allocated when one of its entries is first
    /// filled: a table over millions of sentences costs nothing until used. Pages are
    /// plain memory (no array to retain or copy on reading), read and written under `lock`.
    private let pages: UnsafeMutablePointer<UnsafeMutablePointer<Value?>?>
    private let pageCount: Int
    private static var pageShift: Int { 10 }
    private static var pageSize: Int { 1 << pageShift }
    let count: Int
    /// The most entries kept at once.
    let limit: Int
    /// Entries kept now (under `lock`).
    private var held = 0
    private let lock = NSLock()
    private let make: @Sendable (Int) -> Value

    /// `limit`: the most entries kept at once (all of them when nil).
    init(count: Int, limit: Int? = nil, _ make: @escaping @Sendable (Int) -> Value) {
        self.count = count
        self.limit = max(1, limit ?? count)
        pageCount = (count + Self.pageSize - 1) >> Self.pageShift
        pages = .allocate(capacity: max(1, pageCount))
        pages.initialize(repeating: nil, count: max(1, pageCount))
        self.make = make
    }

    deinit {
        forgetAll()
        pages.deinitialize(count: max(1, pageCount))
        pages.deallocate()
    }

    /// Entries kept now.
    var heldCount: Int { lock.withLock { held } }

    /// Frees every page (under `lock`, or in `deinit`).
    private func forgetAll() {
        for k in 0..<pageCount {
            guard let p = pages[k] else { continue }
            p.deinitialize(count: Self.pageSize)
            p.deallocate()
            pages[k] = nil
        }
        held = 0
    }

    /// Never waits for another thread: when the table is busy (another thread storing an
    /// entry, perhaps one of low priority that the scheduler keeps waiting), the entry is
    /// computed here, and kept only if the table is free then. Entries are the same
    /// whoever computes them.
    subscript(i: Int) -> Value {
        precondition(i >= 0 && i < count, "LazyTable index out of range")
        let page = i >> Self.pageShift, slot = i & (Self.pageSize - 1)
        if lock.try() {
            if let p = pages[page], let v = p[slot] {
                lock.unlock()
                return v
            }
            lock.unlock()
        }
        let v = make(i)
        if lock.try() {
            if pages[page]?[slot] == nil {
                if held >= limit { forgetAll() }
                held += 1
            }
            let p: UnsafeMutablePointer<Value?>
            if let existing = pages[page] {
                p = existing
            } else {
                p = .allocate(capacity: Self.pageSize)
                p.initialize(repeating: nil, count: Self.pageSize)
                pages[page] = p
            }
            p[slot] = v
            lock.unlock()
        }
        return v
    }

    /// Computes every entry not computed yet (those past `limit` are forgotten again).
    func fillAll() {
        for i in 0..<count { _ = self[i] }
    }
}
