// `wenda segment`'s fast path: UTF-8 text segmented line by line into SIGHAN form.
import Foundation

extension Segmenter {
    /// Segments UTF-8 text line by line and returns it in SIGHAN form: the words of each input
    /// line separated by `separator`, one output line per input line (`\r` before `\n` dropped).
    /// The fast path behind `wenda segment`: no String is made per word.
    public func segmentLines(_ data: Data, separator: UInt8 = 0x20) -> Data {
        var out = OutputBuffer(capacity: data.count * 2 + 64)
        var line = ScalarBuffer(capacity: 4096)
        var spans: [TokenSpan] = []
        var scratch = Scratch()
        // (Its bytes stand for its scalars: as many, or more.)
        scratch.pairFilter = dictionary.tables.pairFilter(segmenting: data.count)
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            let n = bytes.count
            var i = 0
            var pending = false
            while i < n {
                let b0 = UInt32(bytes[i])
                var v: UInt32
                if b0 < 0x80 {
                    v = b0; i += 1
                } else if b0 >= 0xE0 && b0 < 0xF0 && i + 2 < n {
                    v = (b0 & 0x0F) << 12 | (UInt32(bytes[i + 1]) & 0x3F) << 6 | (UInt32(bytes[i + 2]) & 0x3F); i += 3
                } else if b0 >= 0xC0 && b0 < 0xE0 && i + 1 < n {
                    v = (b0 & 0x1F) << 6 | (UInt32(bytes[i + 1]) & 0x3F); i += 2
                } else if b0 >= 0xF0 && i + 3 < n {
                    v = (b0 & 0x07) << 18 | (UInt32(bytes[i + 1]) & 0x3F) << 12 | (UInt32(bytes[i + 2]) & 0x3F) << 6 | (UInt32(bytes[i + 3]) & 0x3F); i += 4
                } else {
                    v = 0xFFFD; i += 1
                }
                if v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) { v = 0xFFFD }
                if v == 0x0A {
                    writeLine(&line, &spans, &scratch, &out, separator)
                    pending = false
                } else {
                    line.append(v)
                    pending = true
                }
            }
            if pending { writeLine(&line, &spans, &scratch, &out, separator) }
        }
        return Data(bytes: out.base, count: out.count)
    }

    /// A growable buffer without per-append uniqueness checks: `append` grows it when
    /// full; `appendReserved` writes into room asked for with `reserve`.
    struct GrowableBuffer<Element: BitwiseCopyable>: ~Copyable {
        var base: UnsafeMutablePointer<Element>
        var count = 0
        var capacity: Int

        init(capacity: Int) {
            self.capacity = max(capacity, 16)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }

        @inline(__always) mutating func reserve(_ extra: Int) {
            if count + extra > capacity { grow(to: max(capacity * 2, count + extra)) }
        }

        @inline(__always) mutating func appendReserved(_ v: Element) { base[count] = v; count += 1 }

        @inline(__always) mutating func append(_ v: Element) {
            if count == capacity { grow(to: capacity * 2) }
            appendReserved(v)
        }

        mutating func grow(to newCapacity: Int) {
            let p = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
            p.update(from: base, count: count)
            base.deallocate()
            base = p
            capacity = newCapacity
        }

        var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }
    }

    typealias OutputBuffer = GrowableBuffer<UInt8>
    typealias ScalarBuffer = GrowableBuffer<UInt32>

    private func writeLine(_ line: inout ScalarBuffer, _ spans: inout [TokenSpan], _ scratch: inout Scratch,
                           _ out: inout OutputBuffer, _ separator: UInt8) {
        spans.removeAll(keepingCapacity: true)
        scan(line.buffer, into: &spans, scratch: &scratch)
        out.reserve(line.count * 5 + 1)
        var firstWord = true
        do {
            let line = line.buffer
            for sp in spans {
                if !firstWord { out.appendReserved(separator) }
                firstWord = false
                for k in sp.start..<sp.end {
                    UnicodeText.encodeUTF8(line[k]) { out.appendReserved($0) }
                }
            }
        }
        out.appendReserved(0x0A)
        line.count = 0
    }
}
