import Foundation
import Testing
import WendaKit
@testable import wenda

/// The one answer printer: quotes, then each article's details once and a short line per
/// citation; lines within the terminal's width; one wording of "no answer"; colour only
/// when asked for; JSON as `ask` has always written it (sorted keys).
@Suite struct AnswerPrinterTests {
    static let title = "AI教母李飞飞：AI学术界没钱没资源！没有拨款将会凋亡"
    static let source = "seeds/000_4c1bf5412017dcdf.txt"

    static func quote(_ text: String, paragraph: Int, sentence: Int, sentenceEnd: Int? = nil, docId: String = "000_4c1bf5412017dcdf",
                      title: String = title, source: String = source, stale: Bool = false) -> QuotedSentence {
        QuotedSentence(text: text, score: 1, highlight: [[0, 2]],
                       citation: Citation(docId: docId, title: title, author: "ByteAILab", date: "2024-04-23", source: source,
                                          paragraph: paragraph, sentence: sentence, sentenceEnd: sentenceEnd,
                                          start: 0, end: text.unicodeScalars.count, stale: stale))
    }

    static let result = AnswerResult(question: "问题？", noAnswer: false, answers: [
        quote("与之相比，斯坦福大学的自然语言处理小组，拢共只有68块GPU。", paragraph: 18, sentence: 1),
        quote("作为斯坦福大学的教授，李飞飞肯定是时刻心系学术圈的。她也因此扛起了大旗。", paragraph: 13, sentence: 1, sentenceEnd: 2),
        quote("辛顿离开了谷歌。", paragraph: 1, sentence: 1, docId: "hinton", title: "AI教父 辛顿", source: "notes/hinton.md"),
    ], passages: [], elapsedMs: 1)

    @Test func eachArticlesDetailsOnce() {
        let text = AnswerPrinter().render(Self.result)
        #expect(text == """
            “与之相比，斯坦福大学的自然语言处理小组，拢共只有68块GPU。” [1]
            “作为斯坦福大学的教授，李飞飞肯定是时刻心系学术圈的。她也因此扛起了大旗。” [2]
            “辛顿离开了谷歌。” [3]

            \(Self.title) · ByteAILab · 2024-04-23 · \(Self.source)
              [1] ¶18 sentence 1
              [2] ¶13 sentences 1–2
            AI教父 辛顿 · ByteAILab · 2024-04-23 · notes/hinton.md
              [3] ¶1 sentence 1

            """)
        #expect(text.components(separatedBy: Self.title).count == 2)
    }

    @Test(arguments: [40, 60, 80, 120])
    func citationLinesFitTheWidth(width: Int) {
        let text = AnswerPrinter(width: width).render(Self.result)
        let parts = text.components(separatedBy: "\n\n")
        #expect(parts.count == 2)
        for line in parts[1].split(separator: "\n") {
            #expect(DisplayWidth.of(String(line)) <= width, "\(line)")
        }
        // Nothing of the details is lost to the width.
        let joined = parts[1].replacingOccurrences(of: "\n", with: "")
        #expect(joined.contains(Self.source) && joined.contains("ByteAILab"))
        #expect(joined.contains(Self.title))
    }

    /// A quote's number is never split between two rows of the terminal.
    @Test func aQuotesNumberIsNeverSplit() {
        for width in 20...60 {
            for line in AnswerPrinter(width: width).render(Self.result).split(separator: "\n") where line.hasPrefix("“") {
                #expect(Self.marksStayOnOneRow(line, width: width), "width \(width): \(line)")
            }
        }
    }

    /// Whether each `[n]` of `line` stays on one row of a terminal `width` columns wide
    /// that wraps it.
    static func marksStayOnOneRow(_ line: some StringProtocol, width: Int) -> Bool {
        var column = 0, row = 0
        var rowOfOpen: Int?
        for s in line.unicodeScalars {
            let w = DisplayWidth.of(s)
            if column + w > width { column = 0; row += 1 }
            if s == "[" { rowOfOpen = row }
            if s == "]", let r = rowOfOpen, r != row { return false }
            column += w
        }
        return true
    }

    @Test func noAnswerIsWordedOnceForEveryone() {
        let none = AnswerResult(question: "量子？", noAnswer: true, answers: [], passages: [
            PassageHit(docId: "000_4c1bf5412017dcdf", paragraph: 66, score: 1, text: String(repeating: "计算机工程排名第一。", count: 20),
                       title: Self.title),
            PassageHit(docId: "x", paragraph: 3, score: 1, text: "短的段落。"),
        ], elapsedMs: 1)
        let text = AnswerPrinter().render(none)
        #expect(text.hasPrefix(AnswerPrinter.noAnswer + "\nNearest passages:\n"))
        #expect(text.contains("  \(Self.title)\n    ¶66: 计算机工程排名第一。"))
        #expect(text.hasSuffix("  x\n    ¶3: 短的段落。\n"))
        for line in AnswerPrinter(width: 50).render(none).split(separator: "\n") {
            #expect(DisplayWidth.of(String(line)) <= 50, "\(line)")
        }
    }

    @Test func colourOnlyWhenAsked() {
        #expect(!AnswerPrinter().render(Self.result).contains("\u{1B}"))
        let colour = AnswerPrinter(style: Style(enabled: true)).render(Self.result)
        #expect(colour.contains("“\u{1B}[1;33m与之\u{1B}[0m相比"))
    }

    @Test func staleArticlesAreMarked() throws {
        var r = Self.result
        r.answers[2].citation.stale = true
        let text = AnswerPrinter().render(r)
        let lines = text.split(separator: "\n").map(String.init)
        let hinton = try #require(lines.firstIndex { $0.hasPrefix("AI教父 辛顿") })
        #expect(lines[hinton + 1].contains("changed since the corpus was built"))
        #expect(!lines[1...hinton].contains { $0.contains("changed since") })
    }

    /// JSON is `jsonLine()`: keys sorted, `sentence_end` and `stale` in every citation.
    @Test func jsonIsTheContract() throws {
        let line = AnswerPrinter(format: .json).render(Self.result)
        #expect(line == Self.result.jsonLine() + "\n")
        #expect(line.contains(#""paragraph":13,"sentence":1,"sentence_end":2,"source":"seeds/000_4c1bf5412017dcdf.txt","stale":false,"start":0"#))
        let back = try JSONDecoder().decode(AnswerResult.self, from: Data(line.utf8))
        #expect(back.answers.map(\.citation) == Self.result.answers.map(\.citation))
        // Answers recorded before the fields existed still read.
        let old = #"{"answers":[{"citation":{"author":"","date":"","doc_id":"a","end":3,"paragraph":1,"sentence":2,"source":"a.md","start":0,"title":"A"},"highlight":[],"score":1,"text":"abc"}],"elapsed_ms":1,"no_answer":false,"passages":[],"question":"q"}"#
        let decoded = try JSONDecoder().decode(AnswerResult.self, from: Data(old.utf8))
        #expect(decoded.answers[0].citation.sentenceEnd == 2)
        #expect(decoded.answers[0].citation.stale == false)
    }
}
