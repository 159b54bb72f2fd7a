import Foundation

/// The article records of a saved index compressed in blocks, as tantivy's document store
/// keeps its documents: records one after another, cut into blocks of about 16 KiB (a block
/// ends at the end of the record that fills it), each block compressed with zstd on its
/// own with one dictionary for the segment, trained on the segment's first megabyte of
/// records (Chinese text compresses to about half with it, to 0.63 without). A block table
/// gives where each block starts, in the records and in the compressed bytes; an
/// article's record starts at its offset in the records (`articleOffsets`), so finding it
/// is a binary search over the block table. Reading decompresses one block, from the
/// memory map, and keeps the last few blocks decompressed.
struct ArticleBlock: BitwiseCopyable, Sendable, Equatable {
    /// Where the block's records start among all the records (uncompressed).
    var start: Int64
    /// Where its compressed bytes start in the `articles` section.
    var data: Int64
}

/// Writes the records of a build's articles in blocks (see `ArticleBlock`): records are
/// kept as they come until a megabyte is there to train the dictionary on, then handed on
/// a block at a time to be compressed on a thread of their own (`BlockCompression`, which
/// trains the dictionary too), so the build's merging of articles, which feeds every other
/// stage, does not wait for either.
struct ArticleBlockWriter {
    static let blockSize = 16 * 1024
    static let sampleBytes = 1 << 20
    static let dictionaryCapacity = 112 * 1024
    /// zstd's level 5 (lazy2 search), not 6 (btlazy2): on CMRC train's records with the
    /// trained dictionary, blocks of 0.443 of their size rather than 0.434, compressed in
    /// two thirds of the time (0.045 s of processor time against 0.065 s).
    static let level: Int32 = 5

    /// Each record's start among the records, and the end.
    private(set) var offsets: [Int64] = [0]
    private let compression: BlockCompression
    private var started = false
    /// The records not yet handed on, and where each ends among them.
    private var pending: [UInt8] = []
    private var pendingEnds: [Int] = []

    init(data: Growing<UInt8>) { compression = BlockCompression(data: data) }

    /// The compressed blocks (complete once finished).
    var data: Growing<UInt8> { compression.data }
    /// The dictionary the blocks are compressed with (known once finished).
    var dictionary: [UInt8] { compression.dictionary }
    /// The blocks written, and one more (where the records and bytes end) once finished.
    var blocks: [ArticleBlock] { compression.blocks }

    mutating func add(_ record: [UInt8]) {
        pending += record
        pendingEnds.append(pending.count)
        offsets.append(offsets[offsets.count - 1] + Int64(record.count))
        if !started {
            if pending.count >= Self.sampleBytes { start() }
        } else if pending.count >= Self.blockSize {
            handOn(all: false)
        }
    }

    /// The last block written, and the block table closed.
    mutating func finish() {
        if !started { start() }
        handOn(all: true)
        compression.finish(end: offsets[offsets.count - 1])
    }

    /// The dictionary to be trained on the records kept so far (on the compressing
    /// thread: the merging goes on meanwhile), and those handed on.
    private mutating func start() {
        var sizes: [Int] = []
        var last = 0
        for e in pendingEnds { sizes.append(e - last); last = e }
        compression.begin(samples: pending, sizes: sizes)
        started = true
        handOn(all: false)
    }

    /// Hands the pending records on a block at a time: each block as soon as it holds
    /// `blockSize` bytes, and (`all`) the records left.
    private mutating func handOn(all: Bool) {
        var from = 0, used = 0
        let end = offsets[offsets.count - 1] - Int64(pending.count)
        for (k, e) in pendingEnds.enumerated() where e - from >= Self.blockSize || (all && k == pendingEnds.count - 1) {
            compression.add(Array(pending[from..<e]), start: end + Int64(from))
            from = e
            used = k + 1
        }
        guard from > 0 else { return }
        pending.removeFirst(from)
        pendingEnds.removeFirst(used)
        for k in pendingEnds.indices { pendingEnds[k] -= from }
    }
}

/// Compresses a writer's blocks in order on a thread of its own, at most `inFlight`
/// blocks waiting (so a slow compression holds the build back rather than its memory).
final class BlockCompression: @unchecked Sendable {
    let data: Growing<UInt8>
    private(set) var blocks: [ArticleBlock] = []
    private(set) var dictionary: [UInt8] = []
    private var compressor: Zstd.Compressor?
    private let queue = DispatchQueue(label: "wenda.article-blocks")
    private let room = DispatchSemaphore(value: 256)

    init(data: Growing<UInt8>) { self.data = data }

    /// The dictionary trained on `samples` (records of `sizes` bytes each), then the
    /// compressor that uses it: both on the queue, before the blocks handed on.
    func begin(samples: [UInt8], sizes: [Int]) {
        queue.async {
            self.dictionary = Zstd.dictionary(samples: samples, sizes: sizes, capacity: ArticleBlockWriter.dictionaryCapacity)
            self.compressor = Zstd.Compressor(dictionary: self.dictionary, level: ArticleBlockWriter.level)
        }
    }

    /// Block `bytes`, whose records start at `start` among the records, to be compressed.
    func add(_ bytes: [UInt8], start: Int64) {
        room.wait()
        queue.async {
            self.blocks.append(ArticleBlock(start: start, data: Int64(self.data.count)))
            let out = bytes.withUnsafeBytes { self.compressor!.compress($0) }
            self.data.append(contentsOf: Array(out))
            self.room.signal()
        }
    }

    /// Waits for the blocks handed on, then closes the table (records and bytes end).
    func finish(end: Int64) {
        queue.sync { blocks.append(ArticleBlock(start: end, data: Int64(data.count))) }
    }
}

/// Reads article records from their blocks in place (see `ArticleBlock`), keeping the
/// last `cacheSize` blocks decompressed: the articles a question quotes and opens share
/// blocks, and none is decompressed twice while it is kept.
final class ArticleBlockReader: @unchecked Sendable {
    let offsets: Column<Int64>
    let blocks: Column<ArticleBlock>
    let data: Column<UInt8>
    private let decompressor: Zstd.Decompressor
    private let lock = NSLock()
    /// The blocks kept decompressed, and when each was last used.
    private var kept: [(block: Int, bytes: [UInt8], used: Int)] = []
    private var clock = 0
    /// A context for decompressing, used under the lock.
    private let context: OpaquePointer
    static let cacheSize = 16

    init(offsets: Column<Int64>, blocks: Column<ArticleBlock>, data: Column<UInt8>, dictionary: Column<UInt8>) {
        self.offsets = offsets
        self.blocks = blocks
        self.data = data
        decompressor = dictionary.withUnsafeBufferPointer { Zstd.Decompressor(dictionary: UnsafeRawBufferPointer($0)) }
        context = decompressor.context()
    }

    deinit { decompressor.free(context) }

    /// Calls `body` with the record of article `i`, or with nil when its block cannot be
    /// read (only a damaged file has one).
    func record<R>(_ i: Int, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
        let lo = Int(offsets[i]), hi = Int(offsets[i + 1])
        let n = blocks.count - 1
        // The block whose records hold `lo`: the last one starting at or before it.
        let b = BinarySearch.first(0, n) { Int(blocks[$0 + 1].start) <= lo }
        guard b < n, hi >= lo, let bytes = block(b) else { return body(nil) }
        let start = Int(blocks[b].start)
        guard lo - start >= 0, hi - start <= bytes.count else { return body(nil) }
        return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[(lo - start)..<(hi - start)])) }
    }

    /// Block `b` decompressed (kept), or nil when it cannot be read.
    private func block(_ b: Int) -> [UInt8]? {
        // Never waits for another thread (one warming tables at low priority may hold the
        // lock): when it is busy, the block is decompressed here with a context of its own.
        guard lock.try() else {
            let c = decompressor.context()
            defer { decompressor.free(c) }
            return decompress(b, with: c)
        }
        defer { lock.unlock() }
        clock += 1
        if let k = kept.firstIndex(where: { $0.block == b }) {
            kept[k].used = clock
            return kept[k].bytes
        }
        guard let bytes = decompress(b, with: context) else { return nil }
        if kept.count < Self.cacheSize {
            kept.append((b, bytes, clock))
        } else if let oldest = kept.indices.min(by: { kept[$0].used < kept[$1].used }) {
            kept[oldest] = (b, bytes, clock)
        }
        return bytes
    }

    private func decompress(_ b: Int, with context: OpaquePointer) -> [UInt8]? {
        let size = Int(blocks[b + 1].start - blocks[b].start)
        let source = data.buffer(Int(blocks[b].data)..<Int(blocks[b + 1].data))
        guard size > 0 else { return nil }
        return decompressor.decompress(UnsafeRawBufferPointer(source), size: size, with: context)
    }
}
