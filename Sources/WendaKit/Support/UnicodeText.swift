/// The character tests and coding every part shares, on raw scalar values (no String, no
/// allocation): one "is Han", one white space test, one UTF-8 encoder and decoder, and
/// binary search.
enum UnicodeText {
    /// A Han ideograph: CJK unified ideographs (U+4E00…U+9FFF), extension A
    /// (U+3400…U+4DBF), extensions B to G and the compatibility supplement
    /// (U+20000…U+3134F), compatibility ideographs (U+F900…U+FAFF).
    @inline(__always)
    static func isHan(_ v: UInt32) -> Bool {
        (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x20000 && v <= 0x3134F)
            || (v >= 0xF900 && v <= 0xFAFF)
    }

    @inline(__always)
    static func isHan(_ s: Unicode.Scalar) -> Bool { isHan(s.value) }

    /// Unicode's White_Space property, without the property table look-up (asked of every
    /// scalar read): tab to carriage return, space, U+0085, U+00A0, U+1680, U+2000…U+200A,
    /// U+2028, U+2029, U+202F, U+205F and U+3000.
    @inline(__always)
    static func isWhiteSpace(_ v: UInt32) -> Bool {
        if v < 0x80 { return v == 0x20 || (v >= 0x09 && v <= 0x0D) }
        if v < 0x1680 { return v == 0x85 || v == 0xA0 }
        if v < 0x2000 { return v == 0x1680 }
        return v <= 0x200A || v == 0x2028 || v == 0x2029 || v == 0x202F || v == 0x205F || v == 0x3000
    }

    @inline(__always)
    static func isWhiteSpace(_ s: Unicode.Scalar) -> Bool { isWhiteSpace(s.value) }

    /// East Asian wide: CJK, Hangul and full-width forms, and the dash, ellipsis and
    /// quotes set wide in Chinese text (between two of them a line break is no space,
    /// and a sentence may end without one).
    static func isWide(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x2E80...0x9FFF).contains(v) || (0xAC00...0xD7AF).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v)
            || (0x20000...0x3FFFF).contains(v) || v == 0x2014 || v == 0x2026
            || v == 0x201C || v == 0x201D
    }

    // MARK: UTF-8

    /// How many bytes scalar value `v` takes in UTF-8.
    @inline(__always)
    static func utf8Count(_ v: UInt32) -> Int {
        v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x1_0000 ? 3 : 4
    }

    /// Hands the UTF-8 bytes of scalar value `v` to `emit`, in order.
    @inline(__always)
    static func encodeUTF8(_ v: UInt32, _ emit: (UInt8) -> Void) {
        if v < 0x80 {
            emit(UInt8(v))
        } else if v < 0x800 {
            emit(UInt8(0xC0 | v >> 6)); emit(UInt8(0x80 | v & 0x3F))
        } else if v < 0x1_0000 {
            emit(UInt8(0xE0 | v >> 12)); emit(UInt8(0x80 | v >> 6 & 0x3F)); emit(UInt8(0x80 | v & 0x3F))
        } else {
            emit(UInt8(0xF0 | v >> 18)); emit(UInt8(0x80 | v >> 12 & 0x3F))
            emit(UInt8(0x80 | v >> 6 & 0x3F)); emit(UInt8(0x80 | v & 0x3F))
        }
    }

    /// Writes the UTF-8 bytes of scalar value `v` at `out`; returns how many.
    @inline(__always)
    static func encodeUTF8(_ v: UInt32, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        encodeUTF8(v) { out[n] = $0; n += 1 }
        return n
    }

    /// A string of scalars, encoded once (not appended one by one).
    static func string(_ s: some Collection<Unicode.Scalar>) -> String {
        String(unsafeUninitializedCapacity: s.count * 4) { b in
            var n = 0
            for c in s { n += encodeUTF8(c.value, into: b.baseAddress! + n) }
            return n
        }
    }

    /// How many bytes the scalar that starts with `lead` takes in UTF-8 (of valid UTF-8;
    /// a stray continuation byte counts as 2, as every walker of bytes here treats it).
    @inline(__always)
    static func utf8Length(lead b: UInt8) -> Int {
        b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
    }

    /// The scalar at byte `i` of valid UTF-8, and its length in bytes (U+FFFD for what is
    /// cut short or not a scalar).
    @inline(__always)
    static func decodeUTF8(_ t: UnsafeBufferPointer<UInt8>, _ i: Int) -> (Unicode.Scalar, Int) {
        let b0 = UInt32(t[i])
        if b0 < 0x80 { return (Unicode.Scalar(UInt8(b0)), 1) }
        let n = utf8Length(lead: t[i])
        guard i + n <= t.count else { return ("\u{FFFD}", 1) }
        var v = b0 & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07)
        for j in 1..<n { v = v << 6 | (UInt32(t[i + j]) & 0x3F) }
        return (Unicode.Scalar(v) ?? "\u{FFFD}", n)
    }
}

/// Binary search over sorted data, by position.
enum BinarySearch {
    /// The first position of `lo..<hi` at which `isBefore` is false (`hi` when none), for
    /// a predicate true on a prefix of the range and false after.
    @inline(__always)
    static func first(_ lo: Int, _ hi: Int, whereNot isBefore: (Int) -> Bool) -> Int {
        var lo = lo, hi = hi
        while lo < hi {
            let mid = (lo + hi) >> 1
            if isBefore(mid) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The first position of sorted `b` whose value is `value` or more.
    @inline(__always)
    static func lowerBound<T: Comparable>(_ b: UnsafeBufferPointer<T>, _ value: T) -> Int {
        first(0, b.count) { b[$0] < value }
    }

    /// Whether sorted `b` holds `value`.
    @inline(__always)
    static func contains<T: Comparable>(_ b: UnsafeBufferPointer<T>, _ value: T) -> Bool {
        let i = lowerBound(b, value)
        return i < b.count && b[i] == value
    }
}

extension Unicode.Scalar {
    /// White space (`UnicodeText.isWhiteSpace`).
    @inline(__always)
    var isSpace: Bool { UnicodeText.isWhiteSpace(value) }
}
