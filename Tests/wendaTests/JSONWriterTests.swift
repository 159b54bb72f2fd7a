import Foundation
import Testing
@testable import wenda
import WendaKit

/// The `--json` lines are written by `JSONWriter`, not `JSONEncoder`: these check they are
/// the very bytes `JSONEncoder` (`.sortedKeys`, `.withoutEscapingSlashes`) makes of the
/// same value — every field of the contract, optional ones present and absent, the
/// members commands add (`explain`, `id`), hostile strings and edge numbers.
@Suite struct JSONWriterTests {
    /// Strings a JSON writer gets wrong: every control character, DEL, quotes, backslashes,
    /// slashes, the line and paragraph separators, emoji with modifiers and joiners,
    /// combining marks, CR LF as one character, Chinese, an empty string.
    static let hostile: [String] = {
        var s = ["", "\"", "\\", "/", "\\\"", "a/b\\c\"d", "\u{2028}\u{2029}", "\u{7F}", "\u{85}\u{A0}",
                 "👩🏽‍💻🇨🇳", "e\u{301}", "\r\n", "斯坦福大学的自然语言处理小组，拢共只有68块GPU。", "</script>", "\u{FEFF}x",
                 "\u{FFFD}", "\u{10FFFF}", "tab\there", "null", "{\"k\":1}"]
        s.append(String(decoding: (0..<0x20).map { UInt8($0) }, as: UTF8.self))
        for c in 0..<0x20 { s.append("a\(Character(Unicode.Scalar(UInt8(c))))b") }
        return s
    }()

    static let numbers: [Double] = [0, -0.0, 1, 3.0, -2.5, 0.1, 1e-7, 1.5e-300, 1e16, 1e21, 123456789.125, 3.3626, 71.5636,
                                    14.06, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude, -1e22, 2.0e-5]
    static let ints: [Int] = [0, 1, -1, 9, 10, 18, 600, Int.max, Int.min, -1234567]

    static func string(_ g: inout SplitMix) -> String {
        if Bool.random(using: &g) { return hostile.randomElement(using: &g)! }
        let pieces = (0..<Int.random(in: 0...6, using: &g)).map { _ -> String in
            switch Int.random(in: 0..<4, using: &g) {
            case 0: hostile.randomElement(using: &g)!
            case 1: String(Unicode.Scalar(UInt32.random(in: 0x4E00...0x9FFF, using: &g))!)
            case 2: String(Unicode.Scalar(UInt8.random(in: 0...0x7F, using: &g)))
            default: String(Unicode.Scalar(UInt32.random(in: 0x80...0xD7FF, using: &g))!)
            }
        }
        return pieces.joined()
    }

    static func result(_ g: inout SplitMix) -> AnswerResult {
        func number() -> Double {
            Bool.random(using: &g) ? numbers.randomElement(using: &g)! : Double.random(in: -1e6...1e6, using: &g)
        }
        func int() -> Int { Bool.random(using: &g) ? ints.randomElement(using: &g)! : Int.random(in: -5000...5000, using: &g) }
        let answers = (0..<Int.random(in: 0...3, using: &g)).map { _ in
            QuotedSentence(text: string(&g), score: number(),
                           highlight: (0..<Int.random(in: 0...2, using: &g)).map { _ in [int(), int()] },
                           citation: Citation(docId: string(&g), title: string(&g), author: string(&g), date: string(&g),
                                              source: string(&g), url: Bool.random(using: &g) ? string(&g) : "",
                                              page: Bool.random(using: &g) ? int() : nil, paragraph: int(),
                                              sentence: int(), sentenceEnd: int(),
                                              paragraphEnd: Bool.random(using: &g) ? int() : nil, start: int(), end: int(),
                                              stale: Bool.random(using: &g)))
        }
        let passages = (0..<Int.random(in: 0...3, using: &g)).map { _ in
            PassageHit(docId: string(&g), paragraph: int(), score: number(), text: string(&g), title: string(&g))
        }
        return AnswerResult(question: string(&g), noAnswer: Bool.random(using: &g), answers: answers, passages: passages,
                            elapsedMs: number())
    }

    static func explanation(_ g: inout SplitMix) -> [PassageExplanation] {
        (0..<Int.random(in: 0...2, using: &g)).map { _ in
            PassageExplanation(docId: string(&g), paragraph: Int.random(in: 0...99, using: &g), score: Double.random(in: 0...50, using: &g),
                               lengthNorm: numbers.randomElement(using: &g)!,
                               terms: (0..<Int.random(in: 0...3, using: &g)).map { _ in
                                   .init(kind: string(&g), text: string(&g), tf: ints.randomElement(using: &g)!,
                                         idf: Double.random(in: 0...9, using: &g), queryWeight: numbers.randomElement(using: &g)!,
                                         contribution: Double.random(in: 0...9, using: &g))
                               })
        }
    }

    static func encoded<T: Encodable>(_ value: T) -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        guard let data = try? e.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    @Test func everyHostileStringIsWrittenAsTheEncoderWritesIt() {
        for s in Self.hostile {
            let r = AnswerResult(question: s, noAnswer: true, answers: [], passages: [], elapsedMs: 1)
            #expect(r.jsonLine() == Self.encoded(r), "\(s.debugDescription)")
        }
        // Each byte below 0x80 alone, and every scalar of a few blocks.
        for v in UInt32(0)..<0x80 {
            let r = AnswerResult(question: String(Unicode.Scalar(v)!), noAnswer: false, answers: [], passages: [], elapsedMs: 0)
            #expect(r.jsonLine() == Self.encoded(r), "U+\(String(v, radix: 16))")
        }
        let blocks = (UInt32(0x80)..<0x800).compactMap(Unicode.Scalar.init) + (UInt32(0x2000)..<0x2100).compactMap(Unicode.Scalar.init)
        let all = AnswerResult(question: String(String.UnicodeScalarView(blocks)), noAnswer: false, answers: [], passages: [], elapsedMs: 0)
        #expect(all.jsonLine() == Self.encoded(all))
    }

    @Test func everyNumberIsWrittenAsTheEncoderWritesIt() {
        for d in Self.numbers {
            let r = AnswerResult(question: "", noAnswer: false, answers: [], passages: [], elapsedMs: d)
            #expect(r.jsonLine() == Self.encoded(r), "\(d)")
        }
        for i in Self.ints {
            let c = Citation(docId: "", title: "", author: "", date: "", source: "", page: i, paragraph: i, sentence: i,
                             sentenceEnd: i, start: i, end: i)
            let r = AnswerResult(question: "", noAnswer: false, answers: [QuotedSentence(text: "", score: 0, highlight: [[i, i]], citation: c)],
                                 passages: [], elapsedMs: 0)
            #expect(r.jsonLine() == Self.encoded(r), "\(i)")
        }
        // A value the encoder refuses makes the same "{}".
        let nan = AnswerResult(question: "", noAnswer: false, answers: [], passages: [], elapsedMs: .nan)
        #expect(nan.jsonLine() == "{}" && Self.encoded(nan) == "{}")
    }

    @Test func randomAnswersWithEveryFieldAreTheEncodersBytes() {
        var g = SplitMix(seed: 18)  // seeded, so a failure repeats
        for _ in 0..<2000 {
            let r = Self.result(&g)
            #expect(r.jsonLine() == Self.encoded(r))
            let line = AnswerLine(result: r, explain: Bool.random(using: &g) ? Self.explanation(&g) : nil,
                                  id: Bool.random(using: &g) ? Self.string(&g) : nil)
            #expect(line.json() == line.encodedJSON())
        }
    }
}

/// End to end: a piped `--json` run prints the same lines through the writer as through
/// `JSONEncoder` (`--json-encoder foundation`, the benchmark's comparison), `--explain` too.
@Suite struct JSONWriterRunTests {
    @Test func pipedLinesAreTheEncodersLines() throws {
        let input = "南京长江大桥的公路桥全长多少米？\n量子计算机的工作原理是什么？\n龙井茶产于哪里？\n"
        for extra in [[], ["--explain"]] {
            let writer = try Wenda.run(["--json", "--corpus", PipedTests.fixtures] + extra, stdin: input)
            let foundation = try Wenda.run(["--json", "--json-encoder", "foundation", "--corpus", PipedTests.fixtures] + extra,
                                           stdin: input)
            #expect(writer.status == foundation.status)
            // The same bytes but for each question's own timing.
            let timing = /"elapsed_ms":[0-9.e+-]+/
            let lines = { (r: Wenda.Result) in r.stdout.split(separator: "\n").map { $0.replacing(timing, with: "") } }
            #expect(lines(writer).count == 3)
            #expect(lines(writer) == lines(foundation))
        }
    }
}
