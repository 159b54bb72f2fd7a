import Foundation
import Testing
@testable import WendaKit

/// Sentence terms saved as gaps bit-packed in groups (`SentenceTermCoding`): what is written is what is
/// read back, for ids of every size; a coding cut short or naming an id past the table
/// stops where it goes wrong; the decoded ids an index hands out stay where they are.
@Suite struct SentenceTermCodingTests {
    static func roundTrip(_ ids: [Int32], limit: Int32 = .max) -> (bytes: [UInt8], back: [Int32]) {
        var bytes: [UInt8] = []
        ids.withUnsafeBufferPointer { SentenceTermCoding.encode($0, into: &bytes) }
        var back: [Int32] = []
        bytes.withUnsafeBufferPointer { SentenceTermCoding.decode($0, limit: limit, into: &back) }
        return (bytes, back)
    }

    @Test func readsBackWhatWasWritten() {
        var g = SplitMix(seed: 18)
        for n in [0, 1, 2, 127, 128, 1000] {
            for top in [Int32(200), 1 << 14, 1 << 21, Int32.max - 1] {
                let ids = Array(Set((0..<n).map { _ in Int32.random(in: 0...top, using: &g) })).sorted()
                let r = Self.roundTrip(ids)
                #expect(r.back == ids)
            }
        }
        #expect(Self.roundTrip([0, Int32.max - 1]).back == [0, Int32.max - 1])
        // Dense ids take no bits of their own: a count byte, and a 5-bit width (0) a group of four.
        #expect(Self.roundTrip(Array(0..<100)).bytes.count == 1 + (25 * 5 + 7) / 8)
        // A group as wide as its widest gap: 3, 5, 69990, 0 take 17 bits each.
        #expect(Self.roundTrip([3, 9, 70_000, 70_001]).bytes.count == 1 + (5 + 4 * 17 + 7) / 8)
    }

    @Test func passingOverACodingEndsWhereTheNextStarts() {
        var g = SplitMix(seed: 8)
        var bytes: [UInt8] = [], starts: [Int] = []
        for n in [0, 1, 3, 4, 5, 127, 128, 129, 600, 0, 2] {
            let ids = Array(Set((0..<n).map { _ in Int32.random(in: 0...(1 << 20), using: &g) })).sorted()
            starts.append(bytes.count)
            ids.withUnsafeBufferPointer { SentenceTermCoding.encode($0, into: &bytes) }
        }
        starts.append(bytes.count)
        bytes.withUnsafeBufferPointer { b in
            for k in 0..<(starts.count - 1) { #expect(SentenceTermCoding.end(of: b, from: starts[k]) == starts[k + 1]) }
            // Cut short: where the bytes end.
            let cut = UnsafeBufferPointer(rebasing: b[0..<(starts[9] - 3)])
            #expect(SentenceTermCoding.end(of: cut, from: starts[8]) == cut.count)
        }
    }

    @Test func stopsWhereTheCodingGoesWrong() {
        let ids: [Int32] = [3, 9, 70_000, 70_001]
        let r = Self.roundTrip(ids)
        // Past the table: the ids below the limit only.
        #expect(Self.roundTrip(ids, limit: 70_000).back == [3, 9])
        // Cut short inside the third id's bits (the count, then 5 + 17 + 17 bits of 48).
        var back: [Int32] = []
        r.bytes.withUnsafeBufferPointer { SentenceTermCoding.decode(UnsafeBufferPointer(rebasing: $0[0..<6]), limit: .max, into: &back) }
        #expect(back == [3, 9])
        // Endless continuation bytes.
        back = []
        [UInt8](repeating: 0xFF, count: 12).withUnsafeBufferPointer { SentenceTermCoding.decode($0, limit: .max, into: &back) }
        #expect(back.isEmpty)
    }

    @Test func decodedTermsStayPut() {
        let kept = DecodedSentenceTerms(count: 5000)
        var first: [UnsafeBufferPointer<Int32>] = []
        for s in 0..<5000 {
            first.append(kept.ids(s) { out in for k in 0..<(s % 7) { out.append(Int32(s + k)) } })
        }
        for s in 0..<5000 {
            // Asked again: the same memory, not decoded again.
            let again = kept.ids(s) { _ in Issue.record("decoded twice") }
            #expect(again.baseAddress == first[s].baseAddress && again.count == s % 7)
            #expect(Array(again) == (0..<(s % 7)).map { Int32(s + $0) })
        }
    }
}
