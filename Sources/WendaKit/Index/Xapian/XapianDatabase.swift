import CXapian
import Foundation

/// Xapian's databases as Swift sees them, over the C interface of `CXapian`: a writable
/// shard and its documents, a database to read (one shard, local or remote, or several
/// combined), and the results of a search. Every failure is a `XapianError`; nothing
/// here is thread-safe (as Xapian's own objects): one thread at a time per database.

/// What Xapian said went wrong.
public struct XapianError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A remote shard did not answer in time, or broke off.
        case network
        /// The database changed under the reader: reopen and try again.
        case modified
        case notFound
        /// Another build is writing the shard.
        case locked
        case corrupt
        case other
    }
    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    init(_ e: cx_error) {
        switch e.kind {
        case CX_NETWORK: kind = .network
        case CX_MODIFIED: kind = .modified
        case CX_NOT_FOUND: kind = .notFound
        case CX_LOCKED: kind = .locked
        case CX_CORRUPT: kind = .corrupt
        default: kind = .other
        }
        message = e.message.map { String(cString: $0) } ?? "unknown Xapian error"
    }

    public var description: String { message }

    /// The version of the Xapian library in use.
    public static var libraryVersion: String { String(cString: cx_xapian_version()) }
}

/// Runs a call of the C interface that reports failure through a `cx_error`.
@inline(__always)
func xapianCall<T>(_ body: (UnsafeMutablePointer<cx_error>) -> T?) throws(XapianError) -> T {
    var e = cx_error(kind: CX_OK, message: nil)
    let out = body(&e)
    defer { cx_error_clear(&e) }
    if e.kind != CX_OK || out == nil { throw XapianError(e) }
    return out!
}

/// Calls `body` with the bytes of `s`.
@inline(__always)
func withBytes<T>(_ s: String, _ body: (UnsafePointer<CChar>, Int) throws(XapianError) -> T) throws(XapianError) -> T {
    var s = s
    let r: Result<T, XapianError> = s.withUTF8 { b in
        b.withMemoryRebound(to: CChar.self) { c in
            // (An empty string still has a valid pointer to pass.)
            let base = c.baseAddress ?? UnsafePointer(bitPattern: 1)!
            do throws(XapianError) { return .success(try body(base, c.count)) } catch { return .failure(error) }
        }
    }
    return try r.get()
}

/// A document to add to a shard: terms with their within-document frequency, boolean
/// terms (filters, no length), data and values.
final class XapianDocument {
    let raw: OpaquePointer

    init() { raw = cx_document_new() }
    deinit { cx_document_free(raw) }

    func add(_ term: String, wdf: Int) {
        var t = term
        t.withUTF8 { b in b.withMemoryRebound(to: CChar.self) { cx_document_add_term(raw, $0.baseAddress, $0.count, UInt32(clamping: wdf)) } }
    }

    func addBoolean(_ term: String) {
        var t = term
        t.withUTF8 { b in b.withMemoryRebound(to: CChar.self) { cx_document_add_boolean_term(raw, $0.baseAddress, $0.count) } }
    }

    func setData(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { cx_document_set_data(raw, $0.baseAddress, $0.count) }
    }

    func setValue(_ slot: UInt32, _ value: String) {
        var v = value
        v.withUTF8 { cx_document_set_value(raw, slot, $0.baseAddress, $0.count) }
    }

    func setValue(_ slot: UInt32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { cx_document_set_value(raw, slot, $0.baseAddress, $0.count) }
    }
}

/// A shard open for writing (one writer at a time: Xapian locks it). Changes become
/// visible, all at once, at `commit()`; closing without committing drops them.
final class XapianWritable {
    let raw: OpaquePointer
    let path: String

    enum Mode: Int32 { case open = 0, openOrCreate = 1, overwrite = 2 }

    /// `flushThreshold`: after how many changed documents the postings held in memory are
    /// merged into the database (nil: Xapian's default; `XAPIAN_FLUSH_THRESHOLD` in the
    /// environment wins over either).
    init(path: String, _ mode: Mode, flushThreshold: Int? = nil) throws(XapianError) {
        self.path = path
        let threshold = UInt32(clamping: max(0, flushThreshold ?? 0))
        raw = try xapianCall { cx_writable_open(path, mode.rawValue, threshold, $0) }
    }

    deinit { cx_writable_free(raw) }

    func commit() throws(XapianError) {
        _ = try xapianCall { cx_writable_commit(raw, $0) == 0 ? () : nil }
    }

    @discardableResult
    func add(_ d: XapianDocument) throws(XapianError) -> UInt32 {
        try xapianCall { e in let id = cx_writable_add(raw, d.raw, e); return id == 0 ? nil : id }
    }

    /// Replaces the document holding `uniqueTerm` (which `d` holds too), or adds it.
    @discardableResult
    func replace(_ uniqueTerm: String, _ d: XapianDocument) throws(XapianError) -> UInt32 {
        try withBytes(uniqueTerm) { (p, n) throws(XapianError) in
            try xapianCall { e in let id = cx_writable_replace(raw, p, n, d.raw, e); return id == 0 ? nil : id }
        }
    }

    /// Deletes every document holding `term`.
    func delete(holding term: String) throws(XapianError) {
        try withBytes(term) { (p, n) throws(XapianError) in
            _ = try xapianCall { cx_writable_delete_term(raw, p, n, $0) == 0 ? () : nil }
        }
    }

    func setMetadata(_ key: String, _ value: String) throws(XapianError) {
        try setMetadata(key, Array(value.utf8))
    }

    func setMetadata(_ key: String, _ bytes: [UInt8]) throws(XapianError) {
        var e = cx_error(kind: CX_OK, message: nil)
        defer { cx_error_clear(&e) }
        let r = bytes.withUnsafeBytes { cx_writable_set_metadata(raw, key, $0.baseAddress, $0.count, &e) }
        if r != 0 { throw XapianError(e) }
    }

    /// Starts a transaction: everything until `commitTransaction()` is committed at once,
    /// or, should the build stop before, not at all.
    func beginTransaction() throws(XapianError) {
        _ = try xapianCall { cx_writable_begin_transaction(raw, $0) == 0 ? () : nil }
    }

    func commitTransaction() throws(XapianError) {
        _ = try xapianCall { cx_writable_commit_transaction(raw, $0) == 0 ? () : nil }
    }

    /// What the shard holds now, its uncommitted changes included.
    func reader() -> XapianDatabase { XapianDatabase(raw: cx_writable_reader(raw)) }
}

/// A database to read: one shard (a local folder, or served by `xapian-tcpsrv` or a
/// program such as `xapian-progsrv`), or several searched as one.
final class XapianDatabase {
    let raw: OpaquePointer

    init(raw: OpaquePointer) { self.raw = raw }
    deinit { cx_database_free(raw) }

    static func local(_ path: String) throws(XapianError) -> XapianDatabase {
        XapianDatabase(raw: try xapianCall { cx_open_local(path, $0) })
    }

    static func tcp(host: String, port: Int, timeout: Duration, connectTimeout: Duration) throws(XapianError) -> XapianDatabase {
        XapianDatabase(raw: try xapianCall {
            cx_open_tcp(host, UInt32(port), Self.milliseconds(timeout), Self.milliseconds(connectTimeout), $0)
        })
    }

    static func program(_ program: String, arguments: String, timeout: Duration) throws(XapianError) -> XapianDatabase {
        XapianDatabase(raw: try xapianCall { cx_open_program(program, arguments, Self.milliseconds(timeout), $0) })
    }

    /// The shards searched as one (document ids interleave: see `cx_combine`).
    static func combined(_ shards: [XapianDatabase]) throws(XapianError) -> XapianDatabase {
        var raws: [OpaquePointer?] = shards.map(\.raw)
        return XapianDatabase(raw: try xapianCall { e in raws.withUnsafeMutableBufferPointer { cx_combine($0.baseAddress, $0.count, e) } })
    }

    static func milliseconds(_ d: Duration) -> UInt32 {
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return UInt32(clamping: Int(max(1, ms.rounded(.up))))
    }

    /// Opens the latest commit again; whether anything changed.
    @discardableResult
    func reopen() throws(XapianError) -> Bool {
        try xapianCall { e in let r = cx_database_reopen(raw, e); return r < 0 ? nil : r == 1 }
    }

    /// Asks every remote shard behind this database to answer.
    func keepAlive() throws(XapianError) {
        _ = try xapianCall { cx_database_keep_alive(raw, $0) == 0 ? () : nil }
    }

    struct Statistics: Sendable, Hashable {
        var documents: Int
        /// The sum of every document's length (its terms' wdf).
        var totalLength: Int
        var lastDocID: UInt32
    }

    func statistics() throws(XapianError) -> Statistics {
        var n: UInt64 = 0, len: UInt64 = 0, last: UInt32 = 0
        _ = try xapianCall { cx_database_statistics(raw, &n, &len, &last, $0) == 0 ? () : nil }
        return Statistics(documents: Int(n), totalLength: Int(len), lastDocID: last)
    }

    /// How many documents of the whole database hold each term (one exchange per shard).
    func termFrequencies(_ terms: [String]) throws(XapianError) -> [Int] {
        guard !terms.isEmpty else { return [] }
        var out = [UInt64](repeating: 0, count: terms.count)
        var e = cx_error(kind: CX_OK, message: nil)
        defer { cx_error_clear(&e) }
        let r = PackedTerms(terms).withPointers { pointers, lengths in
            cx_database_term_frequencies(raw, pointers, lengths, terms.count, &out, &e)
        }
        if r != 0 { throw XapianError(e) }
        return out.map { Int($0) }
    }

    func metadata(_ key: String) throws(XapianError) -> String {
        String(decoding: try metadataBytes(key), as: UTF8.self)
    }

    /// A metadata value (empty when unset).
    func metadataBytes(_ key: String) throws(XapianError) -> [UInt8] {
        var p: UnsafeMutablePointer<CChar>?
        var n = 0
        _ = try xapianCall { cx_database_metadata(raw, key, &p, &n, $0) == 0 ? () : nil }
        defer { cx_free(p) }
        guard let p else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }

    /// A document's data.
    func data(_ docid: UInt32) throws(XapianError) -> [UInt8] {
        var p: UnsafeMutablePointer<CChar>?
        var n = 0
        _ = try xapianCall { cx_database_data(raw, docid, &p, &n, $0) == 0 ? () : nil }
        defer { cx_free(p) }
        guard let p else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }

    /// A document's value in `slot` ("" when unset).
    func value(_ docid: UInt32, slot: UInt32) throws(XapianError) -> String {
        String(decoding: try valueBytes(docid, slot: slot), as: UTF8.self)
    }

    func valueBytes(_ docid: UInt32, slot: UInt32) throws(XapianError) -> [UInt8] {
        var p: UnsafeMutablePointer<CChar>?
        var n = 0
        _ = try xapianCall { cx_database_value(raw, docid, slot, &p, &n, $0) == 0 ? () : nil }
        defer { cx_free(p) }
        guard let p else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: n))
    }

    /// The first document holding `term`, if any.
    func firstDocument(holding term: String) throws(XapianError) -> UInt32? {
        let id: Int64 = try withBytes(term) { (p, n) throws(XapianError) in
            try xapianCall { e in let r = cx_database_first_document(raw, p, n, e); return r < 0 ? nil : r }
        }
        return id > 0 ? UInt32(id) : nil
    }

    /// Every term starting with `prefix`, in byte order, with how many documents hold it.
    func terms(prefix: String) throws(XapianError) -> [(term: String, frequency: Int)] {
        final class Box { var out: [(term: String, frequency: Int)] = [] }
        let box = Box()
        let visit: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, Int, UInt32) -> Int32 = { ctx, t, n, f in
            let box = Unmanaged<Box>.fromOpaque(ctx!).takeUnretainedValue()
            box.out.append((String(decoding: UnsafeRawBufferPointer(start: t, count: n), as: UTF8.self), Int(f)))
            return 0
        }
        try withBytes(prefix) { (p, n) throws(XapianError) in
            _ = try xapianCall { cx_database_terms(raw, p, n, visit, Unmanaged.passUnretained(box).toOpaque(), $0) == 0 ? () : nil }
        }
        return box.out
    }

    /// How candidates are weighed by the shards (a scheme `xapian-tcpsrv` knows).
    enum Weighting: Sendable, Hashable {
        case bm25(k1: Double, b: Double)
        /// 1 + ln wdf, ln N/df, no length normalisation.
        case tfidf
        /// 1 + ln wdf: each term's factor is the rest of its weight.
        case logTF
        /// Every document weighs 0 (a filter: documents in id order).
        case none
    }

    /// The documents holding any of `terms` (each weight multiplied by its factor), best
    /// first: `limit` of them from the `first`. With a `keySlot`, each result carries its
    /// value in that slot (`XapianResults.withKey`), read in the same exchange as the
    /// results (equal weights are then ordered by it). The terms at `optional` (when some
    /// term is not) find no document: they add their weights to the documents the others
    /// found (Xapian's AND_MAYBE), their postings only looked up there.
    func search(_ terms: [(term: String, factor: Double)], optional: Set<Int> = [], weighting: Weighting, first: Int = 0,
                limit: Int, keySlot: UInt32? = nil) throws(XapianError) -> XapianResults {
        var e = cx_error(kind: CX_OK, message: nil)
        defer { cx_error_clear(&e) }
        let from = UInt32(clamping: first), n = UInt32(clamping: limit)
        let slot = keySlot.map { Int32(clamping: $0) } ?? -1  // CX_NO_KEY
        let found: OpaquePointer? = PackedTerms(terms.map(\.term)).withPointers { pointers, lengths in
            let q = terms.indices.map {
                cx_query_term(term: pointers[$0], length: lengths[$0], factor: terms[$0].factor, optional: optional.contains($0) ? 1 : 0)
            }
            switch weighting {
            case .bm25(let k1, let b): return cx_search(raw, q, q.count, CX_WEIGHT_BM25, k1, b, from, n, slot, &e)
            case .tfidf: return cx_search(raw, q, q.count, CX_WEIGHT_TFIDF, 0, 0, from, n, slot, &e)
            case .logTF: return cx_search(raw, q, q.count, CX_WEIGHT_LOG_TF, 0, 0, from, n, slot, &e)
            case .none: return cx_search(raw, q, q.count, CX_WEIGHT_NONE, 0, 0, from, n, slot, &e)
            }
        }
        guard let found else { throw XapianError(e) }
        return XapianResults(raw: found)
    }

    /// The within-document frequency of each of `terms` in document `docid` (0 when it
    /// lacks one).
    func wdfs(_ docid: UInt32, _ terms: [String]) throws(XapianError) -> [Int] {
        guard !terms.isEmpty else { return [] }
        var out = [UInt32](repeating: 0, count: terms.count)
        var e = cx_error(kind: CX_OK, message: nil)
        defer { cx_error_clear(&e) }
        let r = PackedTerms(terms).withPointers { pointers, lengths in
            cx_database_wdfs(raw, docid, pointers, lengths, terms.count, &out, &e)
        }
        if r != 0 { throw XapianError(e) }
        return out.map { Int($0) }
    }
}

/// Terms packed in one buffer, for a call that takes arrays of pointers and lengths.
private struct PackedTerms {
    var bytes: [CChar] = []
    var starts: [Int] = []
    var lengths: [Int] = []

    init(_ terms: [String]) {
        for t in terms {
            starts.append(bytes.count)
            let u = Array(t.utf8)
            lengths.append(u.count)
            bytes.append(contentsOf: u.map { CChar(bitPattern: $0) })
        }
        bytes.append(0)
    }

    func withPointers<T>(_ body: ([UnsafePointer<CChar>?], [Int]) -> T) -> T {
        bytes.withUnsafeBufferPointer { b in body(starts.map { b.baseAddress! + $0 }, lengths) }
    }
}

/// The documents a search found, best first, with the collection statistics it gathered.
final class XapianResults {
    let raw: OpaquePointer

    init(raw: OpaquePointer) { self.raw = raw }
    deinit { cx_results_free(raw) }

    var count: Int { cx_results_count(raw) }
    /// How many documents match at most (exact when every match was ranked).
    var matchesUpperBound: Int { Int(cx_results_matches_upper_bound(raw)) }
    func docid(_ i: Int) -> UInt32 { cx_results_docid(raw, i) }
    func weight(_ i: Int) -> Double { cx_results_weight(raw, i) }

    /// How many documents of the whole collection hold `term` (a term of the query).
    func termFrequency(_ term: String) -> Int {
        var t = term
        return t.withUTF8 { b in b.withMemoryRebound(to: CChar.self) { Int(cx_results_term_frequency(raw, $0.baseAddress, $0.count)) } }
    }

    /// Result `i`'s value in the search's key slot (empty without one).
    func withKey<T>(_ i: Int, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        var p: UnsafePointer<CChar>?
        var n = 0
        cx_results_key(raw, i, &p, &n)
        return body(UnsafeRawBufferPointer(start: p, count: n))
    }

    /// Fetches every result's data (Xapian 1.4 reads a remote shard's documents one
    /// exchange each: a key is the fast way to read a little of every result).
    func fetch() throws(XapianError) {
        _ = try xapianCall { cx_results_fetch(raw, $0) == 0 ? () : nil }
    }

    /// Calls `body` with result `i`'s data (valid during the call).
    func withData<T>(_ i: Int, _ body: (UnsafeRawBufferPointer) -> T) throws(XapianError) -> T {
        var p: UnsafePointer<CChar>?
        var n = 0
        _ = try xapianCall { cx_results_data(raw, i, &p, &n, $0) == 0 ? () : nil }
        return body(UnsafeRawBufferPointer(start: p, count: n))
    }
}
