import Foundation
import Testing
@testable import WendaKit

@Suite("Segmenter")
struct SegmenterTests {
    let seg = Segmenter.shared

    /// Hard sentences in the manner of jieba's own test list: expected words, space separated.
    @Test("hard sentences", arguments: [
        ("李飞飞是斯坦福大学的教授", "李飞飞 是 斯坦福大学 的 教授"),
        ("我来到北京清华大学", "我 来到 北京 清华大学"),
        ("他来到了网易杭研大厦", "他 来到 了 网易 杭研 大厦"),
        ("结婚的和尚未结婚的", "结婚 的 和 尚未 结婚 的"),
        ("2023年全球GPU出货量增长了70%", "2023年 全球 GPU 出货量 增长 了 70%"),
        ("公司营收1.4亿元，同比增长３５万", "公司 营收 1.4亿 元 ， 同比 增长 ３５万"),
        ("１９９５年香港回归前夕", "１９９５年 香港 回归 前夕"),
        ("二○○一年是新世纪的第一年", "二○○一年 是 新世纪 的 第一年"),
        ("Levels.fyi显示C++工程师的薪资很高", "Levels.fyi 显示 C++ 工程师 的 薪资 很 高"),
        ("今天是2024年3月15日，气温-5度", "今天 是 2024年 3月 15日 ， 气温 -5 度"),
        ("iPhone15和4G网络", "iPhone15 和 4G 网络"),
        ("ＧＰＵ价格上涨", "ＧＰＵ 价格 上涨"),
    ])
    func hardSentences(_ input: String, _ expected: String) {
        #expect(seg.cut(input).joined(separator: " ") == expected)
    }

    @Test func emptyAndWhitespace() {
        #expect(seg.tokenize("").isEmpty)
        #expect(seg.tokenize(" \t\n\u{3000} ").isEmpty)
        #expect(seg.cut("  北京  ") == ["北京"])
    }

    @Test func normalisationLeavesTextAlone() throws {
        let t = try #require(seg.tokenize("ＧＰＵ很贵").first)
        #expect(t.text == "ＧＰＵ")
        #expect(t.norm == "gpu")
        #expect(t.kind == .latin)
        let n = try #require(seg.tokenize("３５万").first)
        #expect(n.norm == "35万")
        #expect(n.kind == .number)
    }

    @Test func offsetsAreScalarOffsets() {
        let text = "用 Levels.fyi 查，ＧＰＵ👍🏽工程师年薪70%涨了"
        let scalars = Array(text.unicodeScalars)
        let tokens = seg.tokenize(text)
        #expect(!tokens.isEmpty)
        var last = 0
        for t in tokens {
            #expect(t.start >= last && t.end > t.start)
            #expect(String(String.UnicodeScalarView(scalars[t.start..<t.end])) == t.text)
            last = t.end
        }
        // Everything but white space is covered.
        let covered = tokens.reduce(0) { $0 + $1.end - $1.start }
        #expect(covered == scalars.filter { !$0.properties.isWhitespace }.count)
    }

    @Test func kinds() {
        let tokens = seg.tokenize("我爱👍🏽北京，2023年GPU！")
        let kinds = tokens.map(\.kind)
        #expect(tokens.map(\.text) == ["我", "爱", "👍🏽", "北京", "，", "2023年", "GPU", "！"])
        #expect(kinds == [.word, .word, .other, .word, .punctuation, .number, .latin, .punctuation])
    }

    @Test func emojiSequencesStayWhole() {
        #expect(seg.cut("我🇨🇳爱👨‍👩‍👧") == ["我", "🇨🇳", "爱", "👨‍👩‍👧"])
    }

    @Test func userWords() throws {
        let plain = seg.cut("文心一言和深度求索都发布了新模型")
        #expect(!plain.contains("文心一言"))
        let custom = Segmenter(dictionary: Segmenter.defaultDictionary,
                               userWords: UserWord.parse("# models\n文心一言\n深度求索 10 nz\n"))
        let words = custom.cut("文心一言和深度求索都发布了新模型")
        #expect(words.contains("文心一言"))
        #expect(words.contains("深度求索"))
    }

    @Test func userDictionaryFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-userdict-\(UUID().uuidString).txt")
        try "深度求索 100 nz\n".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let custom = try Segmenter(userDictionary: url)
        #expect(custom.cut("深度求索发布").first == "深度求索")
        #expect(throws: SegmenterError.self) {
            try Segmenter(userDictionary: url.appendingPathExtension("missing"))
        }
    }

    @Test func userWordParsing() {
        let words = UserWord.parse("\u{FEFF}云计算 5 n\n\n# note\n区块链\n大模型 n\n")
        #expect(words == [UserWord("云计算", frequency: 5, tag: "n"), UserWord("区块链"), UserWord("大模型", tag: "n")])
    }

    @Test func spansFastPathAgreesWithTokenize() {
        let text = "李飞飞说：2023年GPU涨价70%。"
        let spans = seg.spans(Array(text.unicodeScalars))
        #expect(spans.map { [$0.start, $0.end] } == seg.tokenize(text).map { [$0.start, $0.end] })
    }

    @Test func segmentLinesKeepsLines() {
        let out = seg.segmentLines(Data("北京大学\n\nGPU很贵\r\n".utf8))
        #expect(String(decoding: out, as: UTF8.self) == "北京大学\n\nGPU 很贵\n")
    }

    @Test func hmmCanBeTurnedOff() {
        let off = Segmenter(dictionary: Segmenter.defaultDictionary, hmm: false)
        #expect(off.cut("杭研") == ["杭", "研"])
        #expect(seg.cut("杭研") == ["杭研"])
    }

    @Test func concurrentUseAgrees() async {
        let text = "李飞飞在斯坦福大学教书，2023年GPU价格上涨70%。"
        let expected = seg.cut(text)
        let results = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 { group.addTask { Segmenter.shared.cut(text) } }
            var all: [[String]] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.allSatisfy { $0 == expected })
    }

    /// A string's scalars decoded from its UTF-8 bytes are its `unicodeScalars`.
    @Test func scalarArrayIsTheUnicodeScalars() {
        for text in ["", "abc", "中文，English 123。", "e\u{301}t\u{E9}", "😀表情𠀀字\n", "\u{10FFFF}\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}"] {
            #expect(text.scalarArray == Array(text.unicodeScalars))
        }
    }
}
