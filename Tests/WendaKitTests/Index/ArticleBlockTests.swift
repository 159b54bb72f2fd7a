import Foundation
import Testing
@testable import WendaKit

/// Article records compressed in blocks (`ArticleBlockWriter`, `ArticleBlockReader`): every
/// record read back as written, across blocks, with and without a trained dictionary; a
/// block whose bytes are damaged gives no record, and the blocks beside it still do.
@Suite struct ArticleBlockTests {
    /// Records of varied text (some much longer than a block), written and read back.
    static func written(_ count: Int) -> (records: [[UInt8]], reader: ArticleBlockReader, data: [UInt8], writer: ArticleBlockWriter) {
        var g = SplitMix(seed: 12)
        let words = ["长江", "大桥", "在", "1968年", "建成", "通车", "。", "它是", "一座", "公路", "铁路", "两用桥", "黄河", "，"]
        let records = (0..<count).map { k -> [UInt8] in
            let n = k % 50 == 7 ? 20_000 : Int.random(in: 1...400, using: &g)
            return Array((0..<n).map { _ in words[Int.random(in: 0..<words.count, using: &g)] }.joined().utf8)
        }
        var w = ArticleBlockWriter(data: Growing())
        for r in records { w.add(r) }
        w.finish()
        let data = w.data.array
        let reader = ArticleBlockReader(offsets: Column(w.offsets), blocks: Column(w.blocks), data: Column(data),
                                        dictionary: Column(w.dictionary))
        return (records, reader, data, w)
    }

    @Test func readsBackEveryRecord() {
        for count in [0, 1, 30, 1500] {
            let (records, reader, data, w) = Self.written(count)
            for (i, r) in records.enumerated() { #expect(reader.record(i) { $0.map(Array.init) } == r, "record \(i) of \(count)") }
            let total = records.reduce(0) { $0 + $1.count }
            // Every block but the last holds a block's worth of records at least.
            let blocks = w.blocks.count - 1
            #expect(blocks == (count == 0 ? 0 : max(1, blocks)) && blocks <= total / ArticleBlockWriter.blockSize + 1)
            for b in 0..<max(0, blocks - 1) { #expect(w.blocks[b + 1].start - w.blocks[b].start >= ArticleBlockWriter.blockSize) }
            // A megabyte of records or more trains a dictionary; less does not.
            #expect(w.dictionary.isEmpty == (total < ArticleBlockWriter.sampleBytes), "\(count) records")
            if count > 0 { #expect(data.count < total / 2, "compressed: \(data.count) of \(total) bytes") }
        }
    }

    @Test func damagedBlockGivesNoRecord() {
        let (records, reader, data, w) = Self.written(400)
        #expect(w.blocks.count > 3)
        var damaged = data
        let b = w.blocks[1]
        for k in Int(b.data)..<Int(w.blocks[2].data) { damaged[k] = 0 }
        let read = ArticleBlockReader(offsets: reader.offsets, blocks: reader.blocks, data: Column(damaged),
                                      dictionary: Column(w.dictionary))
        for (i, r) in records.enumerated() {
            let inBlock = w.offsets[i] >= b.start && w.offsets[i] < w.blocks[2].start
            #expect(read.record(i) { $0.map(Array.init) } == (inBlock ? nil : r), "record \(i)")
        }
    }
}
