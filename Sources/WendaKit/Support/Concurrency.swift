import Dispatch
import Foundation

/// Work spread over every core, and the few hand-overs between threads a build and a
/// search need: one parallel-for, a thread of its own, a result handed from one thread
/// to another, slots filled on some threads and taken on another.
enum Parallel {
    /// Cores to use: `LibrarySettings.threads` when set, else every active core.
    static var width: Int {
        if let n = LibrarySettings.threads, n >= 1 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Calls `body` for `0..<count`, in no particular order, on every core; returns when
    /// done. Items are taken one at a time from a shared counter (articles differ much in
    /// length). `ownThreads`: on threads of their own (with large stacks) rather than the
    /// dispatch pool, for work that others on the pool wait for (a build segments on them
    /// while the index, on the pool, waits for their words).
    static func forEach(_ count: Int, ownThreads: Bool = false, _ body: @Sendable (Int) -> Void) {
        let w = min(width, count)
        if w <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        let next = Counter()
        let work: @Sendable (@Sendable (Int) -> Void) -> Void = { body in
            while true {
                let i = next.take()
                if i >= count { break }
                body(i)
            }
        }
        guard ownThreads else {
            DispatchQueue.concurrentPerform(iterations: w) { _ in work(body) }
            return
        }
        // Every thread is waited for before returning, and the threads hold `body` only
        // through a box emptied then: it does not outlive the call.
        withoutActuallyEscaping(body) { body in
            let box = Box(body)
            let done = (0..<w).map { _ in start { work(box.body!) } }
            for d in done { d.wait() }
            box.body = nil
        }
    }

    private final class Box: @unchecked Sendable {
        var body: (@Sendable (Int) -> Void)?
        init(_ body: @escaping @Sendable (Int) -> Void) { self.body = body }
    }

    /// Runs `body` on a thread of its own (8 MiB of stack); the returned semaphore is
    /// signalled when it is done.
    static func start(_ body: @escaping @Sendable () -> Void) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        let t = Thread {
            body()
            done.signal()
        }
        t.stackSize = 8 << 20
        t.start()
        return done
    }

    final class Counter: @unchecked Sendable {
        private var value = 0
        private let lock = NSLock()
        func take() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value - 1
        }
    }
}

/// A result handed from one thread to another: set once, read after.
public final class ResultBox<T: Sendable>: @unchecked Sendable {
    private var result: Result<T, Error>?
    private let lock = NSLock()

    public init() {}

    public func set(_ r: Result<T, Error>) { lock.lock(); result = r; lock.unlock() }

    /// The result (it must have been set).
    public func get() throws -> T {
        lock.lock()
        defer { lock.unlock() }
        guard let result else { fatalError("ResultBox read before it was set") }
        return try result.get()
    }

    /// The value, if it has been set and is not an error.
    public var value: T? {
        lock.lock()
        defer { lock.unlock() }
        return try? result?.get()
    }
}

/// Values made on some threads and taken, each once, by another, which waits for them.
final class Handover<T>: @unchecked Sendable {
    private var slots: [T?]
    private let condition = NSCondition()

    init(_ count: Int) { slots = [T?](repeating: nil, count: count) }

    func put(_ value: T, at i: Int) {
        condition.lock()
        slots[i] = value
        condition.broadcast()
        condition.unlock()
    }

    /// The value of slot `i`, waiting for it if need be; the slot lets go of it.
    func take(_ i: Int) -> T {
        condition.lock()
        defer { condition.unlock() }
        while slots[i] == nil { condition.wait() }
        let v = slots[i]!
        slots[i] = nil
        return v
    }

    /// The value of slot `i` if it is there (the slot lets go of it), else nil at once.
    func takeIfReady(_ i: Int) -> T? {
        condition.lock()
        defer { condition.unlock() }
        guard let v = slots[i] else { return nil }
        slots[i] = nil
        return v
    }
}

/// Counts down the items of each group still to do, from several threads.
final class Countdown: @unchecked Sendable {
    private var left: [Int]
    private let lock = NSLock()

    init(_ counts: [Int]) { left = counts }

    /// One item of group `i` done; true for the last one.
    func done(_ i: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        left[i] -= 1
        return left[i] == 0
    }
}

/// A buffer written at distinct positions from several threads (each slot by one).
struct UnsafeSendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}
