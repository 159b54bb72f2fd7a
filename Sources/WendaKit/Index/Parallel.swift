import Dispatch
import Foundation

/// Work spread over every core (segmenting while building: the segmenter is `Sendable`).
enum Parallel {
    /// Cores to use: `LibrarySettings.threads` when set, else every active core.
    static var width: Int {
        if let n = LibrarySettings.threads, n >= 1 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// Calls `body` for `0..<count`, in no particular order, on every core; returns when done.
    static func forEach(_ count: Int, _ body: @Sendable (Int) -> Void) {
        let w = min(width, count)
        if w <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        // Items taken one at a time from a shared counter: articles differ much in length.
        let next = Counter()
        DispatchQueue.concurrentPerform(iterations: w) { _ in
            while true {
                let i = next.take()
                if i >= count { break }
                body(i)
            }
        }
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

/// A buffer written at distinct positions from several threads (each slot by one).
struct UnsafeSendableBuffer<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}
