import Foundation
import Testing
@testable import WendaKit

/// Postings in blocks of 128 (`PostingBlocks`): what is written is what is read back,
/// whole or by seeking, at every length around a block's end, with gaps and counts of
/// every width; the skip data bound every block; and the blocks are far smaller than
/// the plain arrays they replace.
@Suite struct PostingBlocksTests {
    /// A list of `n` ascending passages below 2³¹ with counts, gaps and counts drawn at
    /// widths `gapBits` and `countBits` at most.
    static func list(_ n: Int, gapBits: Int, countBits: Int, _ g: inout SplitMix) -> (passages: [Int32], counts: [UInt16]) {
        var p: [Int32] = [], c: [UInt16] = []
        var last: Int64 = -1
        let room = (Int64(Int32.max) - 1) / Int64(max(1, n))
        for _ in 0..<n {
            let gap = min(Int64.random(in: 0...((Int64(1) << gapBits) - 1), using: &g), room - 1)
            last += 1 + max(0, gap)
            p.append(Int32(last))
            c.append(UInt16(truncatingIfNeeded: UInt32.random(in: 0...((UInt32(1) << countBits) - 1), using: &g) &+ 1))
        }
        return (p, c)
    }

    static func encoded(_ l: (passages: [Int32], counts: [UInt16]), length: (Int) -> Float = { Float($0 % 97 + 1) })
        -> (bytes: [UInt8], skips: [PostingBlocks.Skip])
    {
        var bytes: [UInt8] = [], skips: [PostingBlocks.Skip] = []
        l.passages.withUnsafeBufferPointer { p in
            l.counts.withUnsafeBufferPointer { c in
                PostingBlocks.encode(passages: p, counts: c, length: length, into: &bytes, skips: &skips)
            }
        }
        return (bytes, skips)
    }

    /// Reads the list back through a `PostingList` over the encoded bytes.
    static func withList<R>(_ e: (bytes: [UInt8], skips: [PostingBlocks.Skip]), count: Int, _ body: (PostingList) -> R) -> R {
        let padded = e.bytes + [UInt8](repeating: 0xFF, count: PostingBlocks.padding)
        return padded.withUnsafeBufferPointer { b in
            e.skips.withUnsafeBufferPointer { s in
                body(PostingList(bytes: b.baseAddress, size: e.bytes.count, count: count, skips: s))
            }
        }
    }

    @Test func everyLengthAndWidthReadsBackAsWritten() {
        var g = SplitMix(seed: 128)
        for n in [1, 2, 127, 128, 129, 255, 256, 257, 1000] {
            for (gapBits, countBits) in [(0, 0), (1, 1), (7, 3), (13, 16), (31, 0), (20, 9)] {
                let l = Self.list(n, gapBits: gapBits, countBits: countBits, &g)
                let e = Self.encoded(l)
                #expect(e.skips.count == n / 128)
                let back = Self.withList(e, count: n) { $0.decoded() }
                #expect(back.passages == l.passages, "n \(n) gaps \(gapBits) counts \(countBits)")
                #expect(back.counts == l.counts, "n \(n) gaps \(gapBits) counts \(countBits)")
                // Each full block's skip row: its last passage, its largest count, its shortest passage.
                for (b, s) in e.skips.enumerated() {
                    let r = (b * 128)..<((b + 1) * 128)
                    #expect(s.lastPassage == l.passages[r.upperBound - 1])
                    #expect(s.maxCount == l.counts[r].max()!)
                    #expect(s.minLength == l.passages[r].map { Float(Int($0) % 97 + 1) }.min()!)
                }
            }
        }
    }

    @Test func seekingFindsEveryPassageAndNoOther() {
        var g = SplitMix(seed: 7)
        for n in [1, 128, 300, 2000] {
            let l = Self.list(n, gapBits: 5, countBits: 2, &g)
            let e = Self.encoded(l)
            let have = Dictionary(uniqueKeysWithValues: zip(l.passages.map(Int.init), l.counts))
            // Ascending probes: every passage, its neighbours, and beyond the last.
            var probes = Set<Int>()
            for p in l.passages where Bool.random(using: &g) { probes.formUnion([Int(p) - 1, Int(p), Int(p) + 1]) }
            probes.insert(Int(l.passages.last!) + 1000)
            Self.withList(e, count: n) { list in
                var cursor = PostingCursor(list)
                defer { cursor.deallocate() }
                for p in probes.sorted() where p >= 0 {
                    #expect(cursor.count(of: p) == have[p], "n \(n) passage \(p)")
                }
                #expect(cursor.decodedBlocks <= list.blockCount, "each block decoded at most once going forward")
            }
        }
    }

    @Test func aBlockThatDoesNotFitIsReadAsEmpty() {
        var g = SplitMix(seed: 3)
        let l = Self.list(300, gapBits: 9, countBits: 2, &g)
        var e = Self.encoded(l)
        e.bytes[0] = 40  // a gap width no block has
        Self.withList(e, count: 300) { list in
            let scratch = PostingScratch()
            defer { scratch.deallocate() }
            #expect(list.decode(0, passages: scratch.passages, counts: scratch.counts) == 0)
            #expect(list.decode(1, passages: scratch.passages, counts: scratch.counts) == 128)
        }
    }

    @Test func blocksAreFarSmallerThanPlainArrays() {
        var g = SplitMix(seed: 11)
        // A common term (small gaps, counts mostly 1) and a rare one.
        let common = Self.list(10_000, gapBits: 3, countBits: 0, &g)
        let rare = Self.list(200, gapBits: 14, countBits: 1, &g)
        for l in [common, rare] {
            let e = Self.encoded(l)
            let plain = l.passages.count * 6
            let blocks = e.bytes.count + e.skips.count * MemoryLayout<PostingBlocks.Skip>.stride
            #expect(blocks * 2 < plain, "\(blocks) B for \(plain) B plain")
        }
    }
}
