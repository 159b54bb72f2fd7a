@testable import WendaKit
import Foundation

/// The HTML reader (Gumbo's tree, the article found in it, its metadata): any bytes read
/// as a page without a crash; every scalar kept points inside the page, what was dropped
/// stands between paragraphs that exist, and the title, author and date are one line each.
@_cdecl("LLVMFuzzerTestOneInput")
public func htmlFuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    let (articles, _) = ArticleReader.readShowingDropped(data, source: "fuzz.html")
    for (article, dropped) in articles {
        let n = article.text.unicodeScalars.count
        let starts = article.sourceOffsets, ends = article.sourceEnds
        precondition(starts.count == n + 1 && ends.count == n, "one source offset per scalar, plus the end")
        for i in 0..<n {
            precondition(starts[i] >= 0 && starts[i] <= ends[i] && ends[i] <= count, "each scalar's source inside the page")
        }
        for s in article.text.unicodeScalars where s != "\n" {
            precondition(!CleanText.isControl(s), "no control character in the text")
        }
        var last = 0
        for p in article.paragraphs {
            precondition(p.range.lowerBound >= last && p.range.upperBound <= n && !p.range.isEmpty, "paragraphs in order, inside the text")
            last = p.range.upperBound
            let r = article.sourceRange(of: p.range)
            precondition(r.lowerBound >= 0 && r.upperBound <= count, "a paragraph's source inside the page")
        }
        for d in dropped {
            precondition(!d.text.isEmpty && !d.reason.isEmpty, "dropped text says what and why")
            precondition(d.after >= 0 && d.after <= article.paragraphs.count, "dropped text stands between paragraphs")
        }
        for field in [article.title, article.author, article.date, article.url] {
            precondition(!field.unicodeScalars.contains { $0 == "\n" || $0 == "\r" }, "metadata on one line")
        }
    }
    return 0
}
