@testable import WendaKit
/// The sentence splitter: any text cuts into in-order, non-empty, non-overlapping pieces.
@_cdecl("LLVMFuzzerTestOneInput")
public func splitterFuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    let n = text.unicodeScalars.count
    var last = 0
    for p in SentenceSplitter.paragraphs(in: text) {
        for s in p.sentences {
            precondition(s.range.lowerBound >= last && s.range.upperBound <= n && !s.range.isEmpty, "sentences in order")
            last = s.range.upperBound
        }
    }
    _ = SentenceSplitter.sentences(in: text)
    return 0
}
