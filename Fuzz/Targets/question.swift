@testable import WendaKit
import Foundation

/// Question analysis and answering: any question gets an answer or a no-answer, and every
/// quoted sentence is a verbatim slice of its article with its highlight inside it.
let fuzzEngine: AnswerEngine = {
    let text = """
        与之相比，斯坦福大学的自然语言处理小组，拢共只有68块GPU。2023年，一份报告就显示，70%的人工智能博士进了私企。
        李飞飞是斯坦福大学的教授。Levels.fyi 的数据显示薪酬中位数为335250美元。
        The U.S. National Science Foundation invested 1.4 billion dollars in 7 institutes.
        """
    let (articles, _) = ArticleReader.read(Data(text.utf8), source: "fuzz.txt")
    return AnswerEngine(articles: articles)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func questionFuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let question = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    _ = QuestionAnalyzer.analyze(question)
    let result = fuzzEngine.answer(question, top: 3)
    precondition(result.noAnswer == result.answers.isEmpty || result.noAnswer, "an answer or a no-answer")
    for a in result.answers {
        let article = fuzzEngine.articles.first { $0.id == a.citation.docId }!
        precondition(article.slice(a.citation.start..<a.citation.end) == a.text, "quoted verbatim")
        let n = a.text.unicodeScalars.count
        for h in a.highlight { precondition(h.count == 2 && 0 <= h[0] && h[0] <= h[1] && h[1] <= n, "highlight inside the quote") }
    }
    return 0
}
