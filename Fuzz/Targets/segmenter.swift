@testable import WendaKit
/// The segmenter: tokens of any text are in order, inside it, and say what stands there.
@_cdecl("LLVMFuzzerTestOneInput")
public func segmenterFuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    let scalars = Array(text.unicodeScalars)
    var last = 0
    for t in Segmenter.shared.tokenize(text) {
        precondition(t.start >= last && t.end > t.start && t.end <= scalars.count, "tokens in order")
        precondition(String(String.UnicodeScalarView(scalars[t.start..<t.end])) == t.text, "token text is what stands there")
        last = t.end
    }
    return 0
}
