import Foundation
import Testing
@testable import WendaKit

/// Hostile articles, each made by the test: read in bounded time, refused with a reason,
/// or cleaned of what is no text — never a crash, never quadratic.
@Suite(.timeLimit(.minutes(3))) struct HardeningReaderTests {
    func seconds(_ body: () -> Void) -> Double {
        let start = Date()
        body()
        return Date().timeIntervalSince(start)
    }

    /// One line of each shape that used to be read in quadratic time (each ~200k scalars:
    /// linear takes a second in a debug build, quadratic minutes).
    static let hostileLines: [(String, String)] = [
        ("brackets.md", String(repeating: "[", count: 200_000)),
        ("links.md", String(repeating: "[a](", count: 50_000)),
        ("autolinks.md", String(repeating: "<", count: 200_000)),
        ("marks.txt", String(repeating: "!.", count: 100_000) + "x"),
        ("quotes.txt", "。" + String(repeating: "'", count: 200_000) + "x"),
        ("dquotes.txt", "“”。" + String(repeating: "\"", count: 200_001) + "x"),
        ("rules.txt", "---\ntitle: t\n---\n" + String(repeating: "---\n正文。\n", count: 30_000)),
        ("urls.txt", "正文。\n" + String(repeating: "http://example.com/x\n", count: 20_000)),
        ("attributes.html", String(repeating: "<a b=\"", count: 40_000)),
        ("comments.html", String(repeating: "<!--", count: 50_000)),
        ("entities.html", String(repeating: "&#x4E2D", count: 30_000)),
        ("emphasis.md", String(repeating: "*a", count: 100_000)),
    ]

    @Test(arguments: hostileLines)
    func hostileLinesInLinearTime(_ name: String, _ text: String) {
        var result: (articles: [Article], problems: [ReadProblem]) = ([], [])
        let t = seconds { result = ArticleReader.read(Data(text.utf8), source: name) }
        #expect(result.articles.count + result.problems.count >= 1)
        #expect(t < 30, "\(name): \(t) s")
        for a in result.articles {
            #expect(a.sourceOffsets.count == a.text.unicodeScalars.count + 1)
        }
    }

    /// A long single-line article (a few MB of Chinese; 50 MB is measured by hand in a
    /// release build): read, split and sliced in bounded time.
    @Test func longSingleLineArticle() throws {
        let sentence = Array("李飞飞说学术界没钱没资源，她向拜登建议多拨款建设算力和数据集。".unicodeScalars)
        var scalars = String.UnicodeScalarView()
        while scalars.count < 250_000 { scalars.append(contentsOf: sentence) }
        let data = Data(String(scalars).utf8)  // ~750 KB (a debug build is slow)
        var result: (articles: [Article], problems: [ReadProblem]) = ([], [])
        let t = seconds { result = ArticleReader.read(data, source: "long.txt") }
        let a = try #require(result.articles.first)
        #expect(a.paragraphs.count == 1)
        let sentences = a.paragraphs[0].sentences
        #expect(sentences.count == 250_000 / sentence.count + 1)
        // Every sentence sliced out: each slice starts near its offset, not from the start.
        var total = 0
        let slicing = seconds { for s in sentences { total += a.text(of: s).unicodeScalars.count } }
        #expect(total == a.text.unicodeScalars.count)
        #expect(a.text(of: try #require(sentences.last)) == String(String.UnicodeScalarView(sentence)))
        #expect(t < 60 && slicing < 30, "read \(t) s, sliced \(slicing) s")
    }

    @Test func segmenterOnALongLineWithoutPunctuation() {
        let text = String(repeating: "李飞飞说学术界没钱没资源她向拜登建议多拨款建设算力和数据集", count: 10_000)
        var tokens: [Token] = []
        let t = seconds { tokens = Segmenter.shared.tokenize(text) }
        #expect(!tokens.isEmpty)
        #expect(tokens.last?.end == text.unicodeScalars.count)
        #expect(t < 30)
    }

    @Test func deeplyNestedHTML() throws {
        let depth = 100_000
        let html = String(repeating: "<div>", count: depth) + "深处的一句话。" + String(repeating: "</div>", count: depth)
        let r = ArticleReader.read(Data(html.utf8), source: "nested.html")
        let a = try #require(r.articles.first)
        #expect(a.text == "深处的一句话。")
        let unclosed = ArticleReader.read(Data((String(repeating: "<div><span><b>", count: 30_000) + "没有关闭。").utf8), source: "open.html")
        #expect(unclosed.articles.first?.text == "没有关闭。")
    }

    @Test func scriptsStylesAndBrokenEntitiesAreNoText() throws {
        let html = """
            <html><head><style>p { color: red }</style><script>alert("x")</script></head>
            <body><p>前文&amp;后文&foo;&#xZZ;&#99999999;&</p><SCRIPT type="x">var s = "<p>不是正文</p>";</SCRIPT>
            <p>结尾。<script>never closed <p>也不是
            """
        let a = try #require(ArticleReader.read(Data(html.utf8), source: "s.html").articles.first)
        // As a browser reads it: a reference to no character is U+FFFD.
        #expect(a.paragraphTexts == ["前文&后文&foo;&#xZZ;\u{FFFD}&", "结尾。"])
    }

    /// ESC, BEL, NUL and other controls in an article are dropped from its cleaned text; the
    /// text around them keeps its source offsets.
    @Test func controlCharactersAreDropped() throws {
        let padding = String(repeating: "正文在这里。", count: 1_000) + "\n\n"  // NUL after the first 8 KB
        let body = padding + "标题\u{1B}]0;pwned\u{07}改了。\u{1B}[2J清屏\u{08}了\u{0}。\u{7F}\u{9B}结束。\r\n"
        for ext in ["txt", "md", "html"] {
            let data = Data(body.utf8)
            let r = ArticleReader.read(data, source: "controls.\(ext)")
            let a = try #require(r.articles.first, "\(ext): \(r.problems)")
            #expect(!a.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) }, "\(ext)")
            #expect(a.text.contains("标题]0;pwned改了。"))
            let scalars = Array(a.text.unicodeScalars)
            let i = try #require(scalars.firstIndex(of: "清"))
            #expect(String(decoding: data[a.sourceRange(of: i..<(i + 2))], as: UTF8.self) == "清屏")
        }
        // In a corpus JSONL, escaped controls too.
        let line = #"{"id":"j","title":"t","text":"前\u001b[2J后\u0007。"}"#
        #expect(ArticleReader.read(Data(line.utf8), source: "c.jsonl").articles.first?.text == "前[2J后。")
    }

    @Test func invalidUTF8InTheMiddleIsRefusedWithItsOffset() {
        var bytes = Array(String(repeating: "中文的句子。", count: 100).utf8)
        let at = bytes.count
        bytes += [0xE4, 0xB8]  // a cut-off character
        bytes += Array("后面还有。".utf8)
        let r = ArticleReader.read(Data(bytes), source: "bad.txt")
        #expect(r.articles.isEmpty)
        #expect(r.problems.first?.reason.contains("invalid byte at offset \(at)") == true, "\(r.problems)")
    }

    @Test func emptyBinaryAndWhitespaceFiles() {
        for (bytes, reason) in [([UInt8](), "empty"), (Array(" \n\t\r\n".utf8), "empty"),
                                ([0x7F, 0x45, 0x4C, 0x46, 0, 1, 2], "binary"),
                                (Array(repeating: 0x1B, count: 100), "binary")] {
            let r = ArticleReader.read(Data(bytes), source: "x.txt")
            #expect(r.articles.isEmpty)
            #expect(r.problems.first?.reason.contains(reason) == true, "\(bytes.prefix(4)): \(r.problems)")
        }
    }

    @Test func unclosedFrontMatterOfALongFile() {
        let text = "---\ntitle: 没有结尾\n" + String(repeating: "key: value\n", count: 50_000)
        let r = ArticleReader.read(Data(text.utf8), source: "unclosed.md")
        #expect(r.problems.first?.reason.contains("never closed") == true)
        #expect(r.problems.first?.line == 1)
    }

    /// A corpus JSONL with bad lines among good ones: each bad line reported by number,
    /// every good one read.
    @Test func corpusJSONLWithBadLines() {
        var lines: [String] = []
        var bad: [Int] = []
        for n in 1...500 {
            switch n % 7 {
            case 0: lines.append("{not json"); bad.append(n)
            case 3 where n % 2 == 1: lines.append(#"["an array"]"#); bad.append(n)
            case 5 where n % 2 == 0: lines.append(#"{"id":"x\#(n)","text":""}"#); bad.append(n)
            default: lines.append(#"{"id":"a\#(n)","title":"第\#(n)篇","text":"第\#(n)篇的正文。"}"#)
            }
        }
        let r = ArticleReader.read(Data(lines.joined(separator: "\n").utf8), source: "c.jsonl")
        #expect(r.problems.compactMap(\.line) == bad)
        #expect(r.articles.count == 500 - bad.count)
        #expect(r.articles.last?.id == "a499" || r.articles.last?.id == "a500")
    }

    /// GBK and Big5 files made here (the fixtures cover the offsets).
    @Test func legacyEncodingsMadeByTheTest() throws {
        let gbk = try #require("国标编码的文章。第二句话！".data(using: String.Encoding(rawValue: 0x8000_0632)))
        #expect(ArticleReader.read(gbk, source: "g.txt").articles.first?.sentenceTexts == ["国标编码的文章。", "第二句话！"])
        let big5 = try #require("這是大五碼的文章。第二句話！".data(using: String.Encoding(rawValue: 0x8000_0A03)))
        #expect(ArticleReader.read(big5, source: "b.txt").articles.first?.sentenceTexts == ["這是大五碼的文章。", "第二句話！"])
    }
}
