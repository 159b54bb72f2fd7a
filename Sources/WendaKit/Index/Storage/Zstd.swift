import CZstd

/// Zstandard (the system's libzstd), as the saved index uses it for its blocks of article
/// records: one-shot compression and decompression of a block with a dictionary digested
/// once, and training that dictionary on samples of the records.
enum Zstd {
    /// Compresses blocks with one dictionary (possibly empty) at one level. One thread at
    /// a time.
    final class Compressor {
        private let context: OpaquePointer
        private let dictionary: OpaquePointer?
        private var out: [UInt8] = []

        init(dictionary bytes: [UInt8], level: Int32) {
            context = ZSTD_createCCtx()
            dictionary = bytes.isEmpty ? nil : bytes.withUnsafeBytes { ZSTD_createCDict($0.baseAddress, $0.count, level) }
            ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level)
            // The block table gives each block's size: the frame need not say it again.
            ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 0)
            ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 0)
            ZSTD_CCtx_setParameter(context, ZSTD_c_dictIDFlag, 0)
        }

        deinit {
            ZSTD_freeCCtx(context)
            if let dictionary { ZSTD_freeCDict(dictionary) }
        }

        /// `source` compressed (the bytes are valid until the next call).
        func compress(_ source: UnsafeRawBufferPointer) -> ArraySlice<UInt8> {
            let bound = ZSTD_compressBound(source.count)
            if out.count < bound { out = [UInt8](repeating: 0, count: bound) }
            ZSTD_CCtx_reset(context, ZSTD_reset_session_only)
            ZSTD_CCtx_refCDict(context, dictionary)
            let n = out.withUnsafeMutableBytes { o in
                ZSTD_compress2(context, o.baseAddress, o.count, source.baseAddress, source.count)
            }
            // Compressing into a buffer of the bound fails only when libzstd cannot allocate.
            precondition(ZSTD_isError(n) == 0, "zstd: \(String(cString: ZSTD_getErrorName(n)))")
            return out[0..<n]
        }
    }

    /// Decompresses blocks with one dictionary (possibly empty); shared by every thread,
    /// each call with a context of its own or one it holds alone.
    final class Decompressor: @unchecked Sendable {
        private let dictionary: OpaquePointer?

        init(dictionary bytes: UnsafeRawBufferPointer) {
            dictionary = bytes.isEmpty ? nil : ZSTD_createDDict(bytes.baseAddress, bytes.count)
        }

        deinit { if let dictionary { ZSTD_freeDDict(dictionary) } }

        /// A context for `decompress` (freed with `free`).
        func context() -> OpaquePointer { ZSTD_createDCtx() }
        func free(_ context: OpaquePointer) { ZSTD_freeDCtx(context) }

        /// `source` decompressed: exactly `size` bytes, or nil (not a block of that size:
        /// only a damaged or foreign file has one).
        func decompress(_ source: UnsafeRawBufferPointer, size: Int, with context: OpaquePointer) -> [UInt8]? {
            guard !source.isEmpty else { return nil }
            var ok = false
            let out = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                let r = dictionary.map {
                    ZSTD_decompress_usingDDict(context, buffer.baseAddress, size, source.baseAddress, source.count, $0)
                } ?? ZSTD_decompressDCtx(context, buffer.baseAddress, size, source.baseAddress, source.count)
                ok = ZSTD_isError(r) == 0 && r == size
                count = ok ? size : 0
            }
            return ok ? out : nil
        }
    }

    /// A dictionary of at most `capacity` bytes trained on `samples` (the records one after
    /// another, `sizes` each), or empty when there is too little to learn from. Trained with
    /// fastCover's segment size and d set (200 and 8), not searched for as the default
    /// training does: on a megabyte of CMRC train's records 0.02 s of processor time, not
    /// 0.13 s, for blocks compressed as small (0.451 of their size either way). Its table
    /// of frequencies is of 2^16 entries (f), not 2^20, and every second position is
    /// counted (accel 2): a megabyte of samples fills no more, the training takes a third
    /// of the time (0.010 s against 0.030 s), and the blocks come out as small (0.442 of
    /// their size against 0.443 at level 5).
    static func dictionary(samples: [UInt8], sizes: [Int], capacity: Int) -> [UInt8] {
        guard sizes.count >= 8, samples.count >= 8 * capacity else { return [] }
        var out = [UInt8](repeating: 0, count: capacity)
        let n = out.withUnsafeMutableBytes { o in
            samples.withUnsafeBytes { s in
                sizes.withUnsafeBufferPointer { z in
                    var p = ZDICT_fastCover_params_t()
                    p.k = 200
                    p.d = 8
                    p.f = 16
                    p.accel = 2
                    p.splitPoint = 1.0
                    return ZDICT_trainFromBuffer_fastCover(o.baseAddress, capacity, s.baseAddress, z.baseAddress,
                                                           UInt32(sizes.count), p)
                }
            }
        }
        guard ZDICT_isError(n) == 0 else { return [] }
        return Array(out[0..<n])
    }
}
