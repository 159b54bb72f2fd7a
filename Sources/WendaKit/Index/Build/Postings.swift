import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The postings sort of a build: every passage's coded terms turned into postings by
/// term (a counting sort), each term's postings listing passages in ascending order,
/// written in blocks (`PostingBlocks`).
extension IndexBuilder {
    /// The postings of the merged passages' terms, sorted by term (counting sort), appended
    /// to `bytes` in blocks (the padding after the last): a batch of terms at a time, each
    /// of at most `budget` postings (one batch when it holds them all), every batch read
    /// from the passages' coded terms again, a chunk of passages at a time. On every core,
    /// each its part of a batch's terms. Also: each term's offset into the bytes, its first
    /// full block's number and the blocks' skip data, its frequency (passages holding it),
    /// its largest count and the shortest passage holding it. A term in one passage has no
    /// bytes: its passage is `single` (−1 for the others), its count its largest.
    static func postings(termCount: Int, _ m: inout MergedParts, budget: Int, bytes out: Growing<UInt8>)
        throws -> (offsets: [Int64], firstBlock: [Int32], skips: [PostingBlocks.Skip], frequencies: [Int32],
                   maxCount: [UInt16], minLength: [Float], single: [Int32])
    {
        let bytes = m.passageTerms
        try bytes.sink?.finish()
        let ends = m.passageTermEnds
        m.passageTermEnds = []
        let lengths = m.passageLength
        let width = Parallel.width
        // Chunks of passages, each at most `chunkBytes` of their coded terms (or one passage).
        let chunkBytes = bytes.sink == nil ? Int.max : 16 << 20
        var chunks: [Range<Int>] = []
        var first = 0
        while first < ends.count {
            let start = first == 0 ? 0 : ends[first - 1]
            var last = first + 1
            while last < ends.count, ends[last] - start <= chunkBytes { last += 1 }
            chunks.append(first..<last)
            first = last
        }
        var scratch: [UInt8] = []
        /// Calls `body` for each chunk of passages: its first passage, the coded terms, and
        /// where each passage's terms end (relative to the chunk).
        func eachChunk(_ body: (Int, UnsafeBufferPointer<UInt8>, [Int]) -> Void) throws {
            for c in chunks {
                let lo = c.lowerBound == 0 ? 0 : Int(ends[c.lowerBound - 1])
                let hi = Int(ends[c.upperBound - 1])
                let local = c.map { Int(ends[$0]) - lo }
                try bytes.withElements(lo..<hi, scratch: &scratch) { body(c.lowerBound, $0, local) }
            }
        }
        // Frequencies first, on every core each its part of the terms.
        var df = [Int32](repeating: 0, count: termCount)
        let shares = max(1, min(width, termCount / 65536 + 1))
        let bounds = (0...shares).map { Int32(termCount * $0 / shares) }
        try eachChunk { base, b, localEnds in
            df.withUnsafeMutableBufferPointer { buffer in
                let df = UnsafeSendableBuffer(buffer)
                let b = UnsafeSendableBuffer(UnsafeMutableBufferPointer(mutating: b))
                Parallel.forEach(shares) { share in
                    Self.decode(base, UnsafeBufferPointer(b.buffer), localEnds, bounds[share], bounds[share + 1]) { t, _, _ in
                        df.buffer[Int(t)] += 1
                    }
                }
            }
        }
        var offsets = [Int32](repeating: 0, count: termCount + 1)
        for t in 0..<termCount { offsets[t + 1] = offsets[t] + df[t] }
        // The postings are the largest arrays of the build: the memory freed so far (the
        // articles' local terms, the parts' sentences) goes back to the system first.
        Self.returnFreedMemory()
        var maxCount = [UInt16](repeating: 0, count: termCount), minLength = [Float](repeating: 0, count: termCount)
        var byteOffsets = [Int64](repeating: 0, count: termCount + 1)
        var firstBlock = [Int32](repeating: 0, count: termCount + 1)
        var single = [Int32](repeating: -1, count: termCount)
        var skips: [PostingBlocks.Skip] = []
        skips.reserveCapacity(Int(offsets[termCount]) / PostingBlocks.blockSize + 1)
        var encoded: [UInt8] = []
        var lo = 0
        while lo < termCount {
            // The batch: as many terms as fit the budget (at least one).
            var hi = lo + 1
            while hi < termCount, Int(offsets[hi + 1] - offsets[lo]) <= budget { hi += 1 }
            let base = Int(offsets[lo]), size = Int(offsets[hi]) - base
            var postP = [Int32](repeating: 0, count: size)
            var postC = [UInt16](repeating: 0, count: size)
            var fill = (lo..<hi).map { offsets[$0] - Int32(base) }
            let parts = max(1, min(width, (hi - lo) / 65536 + 1)), batchStart = lo
            let partBounds = (0...parts).map { Int32(lo + (hi - lo) * $0 / parts) }
            try eachChunk { first, b, localEnds in
                fill.withUnsafeMutableBufferPointer { fb in
                    postP.withUnsafeMutableBufferPointer { pb in
                        postC.withUnsafeMutableBufferPointer { cb in
                            let fill = UnsafeSendableBuffer(fb), postP = UnsafeSendableBuffer(pb), postC = UnsafeSendableBuffer(cb)
                            let b = UnsafeSendableBuffer(UnsafeMutableBufferPointer(mutating: b))
                            Parallel.forEach(parts) { part in
                                Self.decode(first, UnsafeBufferPointer(b.buffer), localEnds, partBounds[part], partBounds[part + 1]) { t, q, c in
                                    let slot = Int(t) - batchStart
                                    let at = Int(fill.buffer[slot])
                                    postP.buffer[at] = Int32(q)
                                    postC.buffer[at] = UInt16(truncatingIfNeeded: c)
                                    fill.buffer[slot] += 1
                                }
                            }
                        }
                    }
                }
            }
            fill = []
            encoded.removeAll(keepingCapacity: true)
            postP.withUnsafeBufferPointer { pp in
                postC.withUnsafeBufferPointer { pc in
                    for t in lo..<hi {
                        let r = (Int(offsets[t]) - base)..<(Int(offsets[t + 1]) - base)
                        var most: UInt16 = 0, shortest = Float.infinity
                        for k in r {
                            most = max(most, pc[k])
                            shortest = min(shortest, lengths[Int(pp[k])])
                        }
                        maxCount[t] = most
                        minLength[t] = shortest == .infinity ? 0 : shortest
                        if r.count == 1 {
                            single[t] = pp[r.lowerBound]
                        } else {
                            PostingBlocks.encode(passages: UnsafeBufferPointer(rebasing: pp[r]), counts: UnsafeBufferPointer(rebasing: pc[r]),
                                                 length: { lengths[$0] }, into: &encoded, skips: &skips)
                        }
                        byteOffsets[t + 1] = Int64(out.count + encoded.count)
                        firstBlock[t + 1] = Int32(skips.count)
                    }
                }
            }
            out.append(contentsOf: encoded)
            lo = hi
        }
        out.append(contentsOf: [UInt8](repeating: 0, count: PostingBlocks.padding))
        m.passageTerms = Growing()
        return (byteOffsets, firstBlock, skips, df, maxCount, minLength, single)
    }

    /// Calls `visit(term, passage, count)` for every term of a chunk's passages (`base` the
    /// first, `ends` where each one's coded terms end in `b`) whose id is in `lo..<hi`.
    @inline(__always)
    private static func decode(_ base: Int, _ b: UnsafeBufferPointer<UInt8>, _ ends: [Int], _ lo: Int32, _ hi: Int32,
                               _ visit: (Int32, Int, UInt64) -> Void) {
        var k = 0
        for q in ends.indices {
            let end = ends[q]
            var t: Int32 = 0
            while k < end {
                t = CodedTerms.nextTerm(b, &k, after: t)
                let c = CodedTerms.varint(b, &k)
                if t >= lo && t < hi { visit(t, base + q, c) }
            }
        }
    }

    /// Hands the pages of freed memory back to the system (glibc's `malloc_trim`): what
    /// the segmenting and the articles' parts freed is not counted again beside the postings.
    static func returnFreedMemory() {
        #if os(Linux)
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
        #endif
    }
}
