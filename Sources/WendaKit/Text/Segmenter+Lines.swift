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
        return out.data()
    }

    /// A growable byte buffer without per-byte uniqueness checks.
    struct OutputBuffer: ~Copyable {
        var base: UnsafeMutablePointer<UInt8>
        var count = 0
        var capacity: Int

        init(capacity: Int) {
            self.capacity = max(capacity, 64)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }

        @inline(__always) mutating func reserve(_ extra: Int) {
            if count + extra <= capacity { return }
            let newCapacity = max(capacity * 2, count + extra)
            let p = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            p.update(from: base, count: count)
            base.deallocate()
            base = p
            capacity = newCapacity
        }

        @inline(__always) mutating func append(_ b: UInt8) { base[count] = b; count += 1 }

        func data() -> Data { Data(bytes: base, count: count) }
    }

    /// A growable buffer of scalar values without per-append uniqueness checks.
    struct ScalarBuffer: ~Copyable {
        var base: UnsafeMutablePointer<UInt32>
        var count = 0
        var capacity: Int

        init(capacity: Int) {
            self.capacity = max(capacity, 16)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }

        @inline(__always) mutating func append(_ v: UInt32) {
            if count == capacity { grow() }
            base[count] = v
            count += 1
        }

        mutating func grow() {
            let p = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity * 2)
            p.update(from: base, count: count)
            base.deallocate()
            base = p
            capacity *= 2
        }

        var buffer: UnsafeBufferPointer<UInt32> { UnsafeBufferPointer(start: base, count: count) }
    }

    private func writeLine(_ line: inout ScalarBuffer, _ spans: inout [TokenSpan], _ scratch: inout Scratch,
                           _ out: inout OutputBuffer, _ separator: UInt8) {
        spans.removeAll(keepingCapacity: true)
        scan(line.buffer, into: &spans, scratch: &scratch)
        out.reserve(line.count * 5 + 1)
        var firstWord = true
        do {
            let line = line.buffer
            for sp in spans {
                if !firstWord { out.append(separator) }
                firstWord = false
                for k in sp.start..<sp.end {
                    let v = line[k]
                    if v < 0x80 {
                        out.append(UInt8(v))
                    } else if v < 0x800 {
                        out.append(UInt8(0xC0 | (v >> 6))); out.append(UInt8(0x80 | (v & 0x3F)))
                    } else if v < 0x10000 {
                        out.append(UInt8(0xE0 | (v >> 12))); out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
                    } else {
                        out.append(UInt8(0xF0 | (v >> 18))); out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
                        out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
                    }
                }
            }
        }
        out.append(0x0A)
        line.count = 0
    }
}
