import Testing
@testable import WendaKit

@Suite struct SentenceSplitterTests {
    /// One paragraph in, its sentences out (joined by " | ").
    static let cases: [(String, String)] = [
        // Chinese ends, closing quotes and brackets kept with their sentence.
        ("今天很好。明天也好！后天呢？", "今天很好。 | 明天也好！ | 后天呢？"),
        ("他说：“我们要努力。”然后他走了。", "他说：“我们要努力。” | 然后他走了。"),
        ("「你好。」她答道。", "「你好。」 | 她答道。"),
        ("书名是《三体》。作者是刘慈欣。", "书名是《三体》。 | 作者是刘慈欣。"),
        ("真的吗？！当然。", "真的吗？！ | 当然。"),
        ("他想了想……最后还是去了。", "他想了想…… | 最后还是去了。"),
        ("第一条；第二条。", "第一条； | 第二条。"),
        // A quoted speech of several sentences stays with its speaker.
        ("他说：“我来了。你们好。”大家鼓掌。", "他说：“我来了。你们好。” | 大家鼓掌。"),
        // Unbalanced quotes: ends count as usual.
        ("他说：“我来了。你们好。大家鼓掌。", "他说：“我来了。 | 你们好。 | 大家鼓掌。"),
        // Dots that do not end a sentence.
        ("根据薪酬追踪网站Levels.fyi的数据显示，中位数上涨。", "根据薪酬追踪网站Levels.fyi的数据显示，中位数上涨。"),
        ("宣布投资1.4亿美元，成立研究院。", "宣布投资1.4亿美元，成立研究院。"),
        ("版本3.5发布了。", "版本3.5发布了。"),
        ("He moved to the U.S. last year.", "He moved to the U.S. last year."),
        ("Use tools, e.g. a hammer. Then stop.", "Use tools, e.g. a hammer. | Then stop."),
        ("Mr. Smith met Dr. Li. They talked.", "Mr. Smith met Dr. Li. | They talked."),
        ("J. K. Rowling wrote it. Fine.", "J. K. Rowling wrote it. | Fine."),
        ("It costs $3.50 today. Really?", "It costs $3.50 today. | Really?"),
        ("Wait... What happened?", "Wait... | What happened?"),
        ("He said \"Go.\" Then he left!", "He said \"Go.\" | Then he left!"),
        ("Visit example.com?q=1 now.", "Visit example.com?q=1 now."),
        ("1. First point is here.", "1. First point is here."),
        // English ends before Chinese text.
        ("The model was released in 2023.李飞飞表示同意。", "The model was released in 2023. | 李飞飞表示同意。"),
        ("U.S.政府宣布了。", "U.S.政府宣布了。"),
        // A bracket closing after an end mark goes on, unless the line or a space follows.
        ("故事以儿童音乐节目《一起唱歌吧!》为舞台展开。", "故事以儿童音乐节目《一起唱歌吧!》为舞台展开。"),
        ("百想艺术大奖（；）是韩国奖项。", "百想艺术大奖（；）是韩国奖项。"),
        ("他（笑！）接着说。", "他（笑！）接着说。"),
        ("（这是括号里的话。） 接下来。", "（这是括号里的话。） | 接下来。"),
        ("例如苹果日报、新Monday、Yes!等等。", "例如苹果日报、新Monday、Yes!等等。"),
        ("太好了!我们走吧。", "太好了! | 我们走吧。"),
        // Trimmed of white space.
        ("  前面有空格。  后面也有。  ", "前面有空格。 | 后面也有。"),
        ("没有句号的一行", "没有句号的一行"),
    ]

    @Test(arguments: cases)
    func splits(_ input: String, _ expected: String) {
        #expect(SentenceSplitter.sentences(in: input).joined(separator: " | ") == expected)
    }

    @Test func linesAreParagraphs() {
        let text = "第一段。第二句。\n\n第二段\n第三段！"
        let ps = SentenceSplitter.paragraphs(in: text)
        #expect(ps.map(\.number) == [1, 2, 3])
        #expect(ps.map { $0.sentences.count } == [2, 1, 1])
        #expect(ps[0].sentences.map(\.number) == [1, 2])
        let a = Article(id: "a", title: "a", source: "a", text: text, sourceOffsets: [], paragraphs: ps)
        #expect(a.slice(ps[1].range) == "第二段")
        #expect(a.slice(ps[0].sentences[1].range) == "第二句。")
    }

    @Test func rangesCountScalars() {
        let text = "😀表情。𠀀字。"
        let ps = SentenceSplitter.paragraphs(in: text)
        #expect(ps[0].sentences.map(\.range) == [0..<4, 4..<7])
    }

    /// The switches the splitter asks every scalar agree with its sets of marks.
    @Test func markTestsAgreeWithTheSets() {
        for v in UInt32(0)..<0x11000 {
            guard let c = Unicode.Scalar(v) else { continue }
            #expect(SentenceSplitter.isEnder(c) == SentenceSplitter.enders.contains(c))
            #expect(SentenceSplitter.isCloser(c) == SentenceSplitter.closers.contains(c))
            #expect(SentenceSplitter.isQuote(c) == SentenceSplitter.quotes.contains(c))
            #expect(SentenceSplitter.closer(of: c) == SentenceSplitter.openers[c])
            #expect(SentenceSplitter.isExpectedCloser(c) == SentenceSplitter.openers.values.contains(c))
        }
    }
}
