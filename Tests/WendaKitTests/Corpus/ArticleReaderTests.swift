import Foundation
import Testing
@testable import WendaKit

@Suite struct ArticleReaderTests {
    // MARK: The seed article, end to end

    @Test func seedMetadata() throws {
        let a = try Fixtures.seed()
        #expect(a.id == "000_4c1bf5412017dcdf")
        #expect(a.source == "seeds/000_4c1bf5412017dcdf.txt")
        #expect(a.title == "AI教母李飞飞：AI学术界没钱没资源！没有拨款将会凋亡")
        #expect(a.author == "ByteAILab")
        #expect(a.date == "2024-04-23")
        #expect(a.line == nil)
        #expect(a.metadata["origin"] == "新智元")
        #expect(a.metadata["editor"] == "拉燕")
        #expect(a.metadata["footer"]?.hasPrefix("感谢阅读") == true)
        #expect(a.captions == ["图片来源：由无界AI生成"])
        #expect(a.references == ["https://www.washingtonpost.com/technology/2024/03/10/big-tech-companies-ai-research/"])
    }

    @Test func seedSentences() throws {
        let a = try Fixtures.seed()
        let sentences = a.sentenceTexts
        #expect(sentences.contains("与之相比，斯坦福大学的自然语言处理小组，拢共只有68块GPU。"))
        #expect(sentences.contains { $0.hasPrefix("根据薪酬追踪网站Levels.fyi的数据显示，") && $0.hasSuffix("攀升至2023年的335250美元。") })
        #expect(sentences.contains { $0.contains("就曾宣布投资1.4亿美元，成立总计7个由高校牵头办的国家人工智能研究院。") })
        #expect(sentences.first == "文章来源：新智元")
        #expect(sentences.last == "这也是和计算机息息相关的。")
        // What is not body: captions, references, the footer, markup, the `---` inside.
        for s in sentences {
            #expect(!s.contains("图片来源"))
            #expect(!s.contains("参考资料"))
            #expect(!s.contains("http"))
            #expect(!s.contains("感谢阅读"))
            #expect(!s.contains("<") && !s.contains(">"))
            #expect(!s.contains("---"))
            #expect(!s.contains("\n"))
            #expect(s == s.trimmingWhitespace())
        }
        #expect(a.paragraphs.count == 67)
        #expect(sentences.count == 84)
        // `---` inside the body ends a block: the next line starts a new one.
        #expect(a.paragraphTexts[3] == "只因为大厂给的实在是太多了！")
        #expect(a.paragraphs[3].block == 2)
        #expect(a.paragraphTexts.contains("多投点钱"))
    }

    @Test func seedOffsetsPointIntoTheSource() throws {
        let a = try Fixtures.seed()
        let source = try Data(contentsOf: Fixtures.packageRoot.appendingPathComponent(Fixtures.seedPath))
        #expect(a.sourceOffsets.count == a.text.unicodeScalars.count + 1)
        #expect(a.sourceEnds.count == a.text.unicodeScalars.count)
        // Every scalar but the line breaks stands where its offset says.
        let offsets = a.sourceOffsets
        for (i, s) in a.text.unicodeScalars.enumerated() where s != "\n" {
            let o = offsets[i]
            let bytes = Array(String(s).utf8)
            #expect(Array(source[o..<(o + bytes.count)]) == bytes, "scalar \(i) \(s)")
        }
        // Offsets only grow.
        #expect(zip(a.sourceOffsets, a.sourceOffsets.dropFirst()).allSatisfy { $0 <= $1 })
        // Markup-free sentences are found verbatim at their source range.
        var verbatim = 0
        for p in a.paragraphs {
            for s in p.sentences {
                let r = a.sourceRange(of: s.range)
                let bytes = source[r]
                let text = a.text(of: s)
                if String(decoding: bytes, as: UTF8.self) == text { verbatim += 1 }
                #expect(String(decoding: bytes, as: UTF8.self).contains(text.prefix(2)))
            }
        }
        #expect(verbatim >= 80)
    }

    // MARK: Fixtures

    @Test func seedFormatFixture() throws {
        let a = try Fixtures.article("seed-format.txt")
        #expect(a.id == "seed-format")
        #expect(a.title == "小测试：李飞飞's \"演讲\"")
        #expect(a.author == "测试 作者")
        #expect(a.metadata["tags"] == "AI, 高校")
        #expect(a.metadata["category"] == "科技")
        #expect(a.metadata["footer"] == "感谢阅读！更多文章：[GPTNB](https://gptnb.com)。")
        #expect(a.captions == ["图片来源：由无界AI生成", "第二张图"])
        #expect(a.references == ["https://www.example.com/tech/2024/03/10/ai-research/"])
        #expect(a.paragraphTexts == [
            "文章来源：新智元",
            "编辑：拉燕",
            "【导读】大厂给的实在是太多了。",
            "只因为大厂给的“太多”了！",
            "斯坦福大学的小组，拢共只有68块GPU。Meta&谷歌中文都很有钱。",
            "根据Levels.fyi的数据，投资1.4亿美元。",
            "坏的实体&foo;和&没有分号。",  // `&amp` without `;` is `&` to a browser
            "多投点钱",
            "Dr. Li went to the U.S. in 2023. She said so!",
        ])
        #expect(a.sentenceTexts.contains("斯坦福大学的小组，拢共只有68块GPU。"))
        #expect(a.sentenceTexts.contains("Dr. Li went to the U.S. in 2023."))
        // An entity maps back to its `&`, and its source range covers it whole.
        let source = try Fixtures.data("seed-format.txt")
        let scalars = Array(a.text.unicodeScalars)
        let zhong = try #require(scalars.firstIndex(of: "中"))
        let r = a.sourceRange(of: zhong..<(zhong + 2))
        #expect(String(decoding: source[r], as: UTF8.self) == "&#20013;&#x6587;")
        let quote = try #require(scalars.firstIndex(of: "“"))
        #expect(String(decoding: source[a.sourceRange(of: quote..<(quote + 1))], as: UTF8.self) == "&ldquo;")
    }

    @Test func htmlFile() throws {
        let a = try Fixtures.article("page.html")
        // The page's own headline comes before `<title>`, and is the title, not a paragraph.
        #expect(a.title == "大标题")
        #expect(a.paragraphTexts == ["第一段第一句。第二句……还有第三句？", "列表一", "列表二", "He said: \"It works.\" Then he left."])
        #expect(a.lists == [2...3])
        #expect(a.sentenceTexts.contains("He said: \"It works.\""))
        #expect(a.captions == ["一张图", "图的说明文字"])
        #expect(!a.text.contains("font"))
    }

    @Test func markdownFile() throws {
        let a = try Fixtures.article("notes.md")
        #expect(a.title == "笔记标题")
        #expect(a.paragraphTexts == [
            "笔记标题", "这是第一段，它被硬换行分成了两行。见链接文字。", "第一项", "第二项，有代码。",
            "引用的一句话。", "English text, e.g. this one, stays whole. Mr. Smith agrees.",
        ])
        #expect(a.captions == ["图片说明"])
        // Offsets skip the markup: "第一段" stands after "**" in the source.
        let source = try Fixtures.data("notes.md")
        let i = try #require(Array(a.text.unicodeScalars).firstIndex(of: "第"))
        let r = a.sourceRange(of: i..<(i + 3))
        #expect(String(decoding: source[r], as: UTF8.self) == "第一段")
        #expect(String(decoding: source[(r.lowerBound - 2)..<r.lowerBound], as: UTF8.self) == "**")
        #expect(a.sentenceTexts.contains("English text, e.g. this one, stays whole."))
    }

    @Test func plainText() throws {
        let a = try Fixtures.article("plain.txt")
        #expect(a.title == "plain")
        #expect(a.paragraphTexts == ["第一段第一句。第一段第二句。", "Second paragraph. It has two sentences."])
        #expect(a.sentenceTexts == ["第一段第一句。", "第一段第二句。", "Second paragraph.", "It has two sentences."])
        let b = try Fixtures.article("lines.txt")
        #expect(b.paragraphTexts == ["每行一段。", "第二行是第二段。", "第三行。"])
        // Entity-free text: every sentence's source bytes are the sentence.
        for (article, name) in [(a, "plain.txt"), (b, "lines.txt")] {
            let source = try Fixtures.data(name)
            for p in article.paragraphs {
                for s in p.sentences {
                    #expect(String(decoding: source[article.sourceRange(of: s.range)], as: UTF8.self) == article.text(of: s))
                }
            }
        }
    }

    /// A plain text's first line is its title when it is short, ends no sentence and a
    /// blank line follows it (and stays its first paragraph, as a Markdown heading does).
    @Test func plainTextTitleLine() throws {
        let titled = ArticleReader.read(Data("龙井茶的采摘\n\n清明前采摘的茶叶称为明前茶。\n".utf8), source: "tea.txt").articles.first
        #expect(titled?.title == "龙井茶的采摘")
        #expect(titled?.paragraphTexts == ["龙井茶的采摘", "清明前采摘的茶叶称为明前茶。"])
        // A first sentence, or a first line the next one continues, is no title.
        let sentence = ArticleReader.read(Data("今天天气很好。\n\n我们去采茶。\n".utf8), source: "a.txt").articles.first
        #expect(sentence?.title == "a")
        let continued = ArticleReader.read(Data("龙井茶的采摘\n要赶在清明前。\n\n第二段。\n".utf8), source: "b.txt").articles.first
        #expect(continued?.title == "b")
    }

    @Test func corpusJSONL() throws {
        let r = Fixtures.read("corpus.jsonl")
        #expect(r.articles.map(\.id) == ["J1", "J2", "J5"])
        #expect(r.articles.map(\.line) == [1, 2, 7])
        #expect(r.problems.map(\.line) == [3, 5, 6])
        #expect(r.problems.allSatisfy { $0.file == "Tests/WendaKitTests/Fixtures/articles/corpus.jsonl" })
        #expect(r.problems[0].description == "Tests/WendaKitTests/Fixtures/articles/corpus.jsonl:3: not valid JSON")
        let j1 = r.articles[0]
        #expect(j1.title == "第一篇")
        #expect(j1.author == "某人")
        #expect(j1.date == "2020-01-01")
        #expect(j1.url == "https://example.com/1")
        #expect(j1.sentenceTexts == ["第一句。", "第二句！"])
        // Offsets count UTF-8 bytes of the decoded text field.
        #expect(j1.sourceOffsets == [0, 3, 6, 9, 12, 15, 18, 21, 24])
        let j2 = r.articles[1]
        #expect(j2.paragraphTexts == ["引号里的\"话\"。", "新段落。"])
        #expect(r.articles[2].text == "中文中文。")
    }

    @Test func legacyChineseEncodings() throws {
        let gbk = try Fixtures.article("gbk.txt")
        #expect(gbk.title == "国标编码")
        #expect(gbk.sentenceTexts == ["这是一篇用国标编码保存的文章。", "我们应该能读它。"])
        // Offsets are bytes of the GB18030 file: two a character.
        let source = try Fixtures.data("gbk.txt")
        let first = gbk.sourceOffsets[0]
        #expect(gbk.sourceOffsets[1] == first + 2)
        #expect(source[first] == 0xD5)  // 这
        let big5 = try Fixtures.article("big5.txt")
        #expect(big5.sentenceTexts == ["這是一篇用大五碼保存的文章。", "我們應該能讀它。"])
    }

    /// Bad input: a problem naming the file and why, never a crash.
    static let refused: [(String, String)] = [
        ("empty.txt", "empty file"),
        ("binary.txt", "binary file"),
        ("latin1.txt", "not UTF-8"),
        ("unclosed.md", "front matter is never closed"),
    ]

    @Test(arguments: refused)
    func refusesBadFiles(_ name: String, _ reason: String) {
        let r = Fixtures.read(name)
        #expect(r.articles.isEmpty)
        #expect(r.problems.count == 1)
        #expect(r.problems.first?.file == Fixtures.articlesPath + "/" + name)
        #expect(r.problems.first?.reason.contains(reason) == true, "\(r.problems)")
    }

    @Test func refusesWhatIsNotThere() {
        let r = ArticleReader.read("no/such/file.txt")
        #expect(r.articles.isEmpty)
        #expect(r.problems.first?.reason.hasPrefix("cannot be read") == true)
    }

    /// Odd bytes and odd markup never crash the readers.
    static let odd: [String] = [
        "---", "---\n---", "---\ntitle: x\n---\n", "<", "<p", "<p>", "&", "&#", "&#x;", "&#99999999;", "<!--", "<!-- x",
        "<script>never closed", "<img alt=\"x", "**", "[a](", "![", "`", "\r\n\r\n", "a\u{0}b", "<p>a<br/>b</p>\n---\n",
        "---\na: 'b\n---\n<p>x</p>", "# \n\n- \n> ", "<pre>a\n b</pre>", "<title></title><h1></h1>",
    ]

    @Test(arguments: odd)
    func survivesOddInput(_ text: String) {
        for ext in ["txt", "md", "html", "jsonl"] {
            let r = ArticleReader.read(Data(text.utf8), source: "odd.\(ext)")
            #expect(r.articles.count + r.problems.count >= 1)
            for a in r.articles {
                #expect(a.sourceOffsets.count == a.text.unicodeScalars.count + 1)
                #expect(!a.paragraphs.isEmpty)
            }
        }
    }

    @Test func windowsLineEndingsAndBOM() throws {
        let unix = try Fixtures.article("seed-format.txt")
        let text = String(decoding: try Fixtures.data("seed-format.txt"), as: UTF8.self)
        let dos = Data([0xEF, 0xBB, 0xBF]) + Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let r = ArticleReader.read(dos, source: "dos.txt")
        let a = try #require(r.articles.first)
        #expect(a.paragraphTexts == unix.paragraphTexts)
        #expect(a.title == unix.title && a.author == unix.author && a.metadata == unix.metadata)
        // Offsets count the BOM and the carriage returns.
        let offsets = a.sourceOffsets
        for (i, s) in a.text.unicodeScalars.enumerated() where s != "\n" {
            let bytes = Array(String(s).utf8)
            #expect(Array(dos[offsets[i]..<(offsets[i] + bytes.count)]) == bytes || s == "“" || s == "”" || s == "&" || s == "中" || s == "文")
        }
    }

    @Test func ruleAtTheTopIsNoFrontMatter() throws {
        let r = ArticleReader.read(Data("---\n\n第一段。\n\n第二段。\n".utf8), source: "rule.md")
        #expect(r.problems.isEmpty)
        #expect(r.articles.first?.paragraphTexts == ["第一段。", "第二段。"])
    }

    @Test func frontMatterWithoutBody() {
        let r = ArticleReader.read(Data("---\ntitle: 只有标题\n---\n\n".utf8), source: "x.md")
        #expect(r.articles.isEmpty)
        #expect(r.problems.map(\.description) == ["x.md: no article text"])
        let utf16 = ArticleReader.read("中文".data(using: .utf16)!, source: "u.txt")
        #expect(utf16.problems.first?.reason.contains("UTF-16") == true)
    }

    @Test func markdownInline() {
        let cases: [(String, String)] = [
            ("这是*强调*的字。", "这是强调的字。"),
            ("2*3*4 = 24", "2*3*4 = 24"),
            ("**粗体**和__粗体__和~~删除~~。", "粗体和粗体和删除。"),
            ("snake_case_name stays.", "snake_case_name stays."),
            ("见[链接](https://a.b/c_(d))。", "见链接。"),
            ("\\*不是强调\\*。", "*不是强调*。"),
            ("地址<https://example.com>。", "地址https://example.com。"),
            ("`**代码**`里不动。", "**代码**里不动。"),
        ]
        for (input, expected) in cases {
            let a = ArticleReader.read(Data(input.utf8), source: "x.md").articles.first
            #expect(a?.text == expected, "\(input)")
        }
    }

    /// Pseudo-random markup soup: never a crash, offsets always inside the source.
    @Test func survivesMarkupSoup() {
        let pieces = ["<p>", "</p>", "<br/>", "<br", "<div class=\"ne-img-desc\">", "</div>", "<img alt='图' ", ">", "&amp;",
                      "&#x4E2D", ";", "&", "中文", "。", "Mr.", " ", "\n", "---", "<!--", "-->", "<script>", "</script>",
                      "**", "[", "](", ")", "![", "`", "# ", "- ", "> ", "\"", "“", "”", "（", "）", "！", "?", "\u{0}", "\r"]
        var seed: UInt64 = 42
        for n in 0..<300 {
            var text = n % 3 == 0 ? "---\ntitle: t\n---\n" : ""
            for _ in 0..<(n % 40 + 1) {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                text += pieces[Int(seed >> 33) % pieces.count]
            }
            let data = Data(text.utf8)
            for ext in ["txt", "md", "html", "jsonl"] {
                for a in ArticleReader.read(data, source: "soup.\(ext)").articles {
                    #expect(a.sourceOffsets.count == a.text.unicodeScalars.count + 1)
                    if ext != "jsonl" { #expect(a.sourceOffsets.allSatisfy { $0 >= 0 && $0 <= data.count }) }
                    for p in a.paragraphs { for s in p.sentences { #expect(!a.text(of: s).isEmpty) } }
                }
            }
        }
    }

    @Test func entities() {
        #expect(Entities.decode("a&amp;b&lt;&gt;&quot;&#20013;&#x6587;&#X41;") == "a&b<>\"中文A")
        #expect(Entities.decode("&foo; &amp &#; &#xZZ; &#0; &#1114112;") == "&foo; &amp &#; &#xZZ; &#0; &#1114112;")
    }

    @Test func frontMatterScalars() throws {
        let text = "---\na: 'it''s'\nb: \"x\\ty\\u4e2d\"\nc: plain # note\nd:\n  - 1\n  - 2\n---\nbody"
        let fm = try #require(try FrontMatter.parse(Array(text.unicodeScalars)))
        #expect(fm.value("a") == "it's")
        #expect(fm.value("b") == "x\ty中")
        #expect(fm.value("c") == "plain")
        #expect(fm.value("d") == "1, 2")
        #expect(fm.bodyStart == text.unicodeScalars.count - 4)
    }
}
