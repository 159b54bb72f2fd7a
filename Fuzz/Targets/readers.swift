@testable import WendaKit
import Foundation

/// Article readers: any bytes, under every file extension, read without a crash, and
/// every article read keeps its invariants.
@_cdecl("LLVMFuzzerTestOneInput")
public func readersFuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    for ext in ["txt", "md", "html", "jsonl"] {
        let (articles, _) = ArticleReader.read(data, source: "fuzz.\(ext)")
        for article in articles {
            let n = article.text.unicodeScalars.count
            precondition(article.sourceOffsets.count == n + 1, "one source offset per scalar, plus the end")
            var last = 0
            for p in article.paragraphs {
                precondition(p.range.lowerBound >= last && p.range.upperBound <= n, "paragraphs in order, inside the text")
                last = p.range.upperBound
                for s in p.sentences {
                    precondition(s.range.lowerBound >= p.range.lowerBound && s.range.upperBound <= p.range.upperBound, "sentence inside its paragraph")
                    precondition(!s.range.isEmpty, "no empty sentence")
                }
            }
        }
    }
    return 0
}
