import Foundation
import Testing
@testable import WendaKit

/// Near misses: a question naming a number, a name, a place or a model the articles do not
/// have, while a near variant stands in the passage, gets no answer (its quotes held back,
/// the mismatch said); its exact-match twin is answered.
@Suite struct NearMissTests {
    static var folder: String { FixtureLoading.folder("nearmiss") }
    static var englishFolder: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/english").path
    }
    static let loaded = Result { try FixtureLoading.load(folder) }
    static let english = Result { try FixtureLoading.load(englishFolder) }

    /// (near-miss question, asked, found, its twin, what the twin's first quote holds)
    static let cases: [(String, String, String, String, String)] = [
        ("杭州地铁20号线全长多少公里？", "20号线", "19号线", "杭州地铁19号线全长多少公里？", "59.1公里"),
        ("杭州到2040年将建成多少条地铁线路？", "2040年", "2030年", "杭州到2030年将建成多少条地铁线路？", "20条"),
        ("台積電熊本廠何時量產？", "熊本", "高雄", "台積電高雄廠何時量產？", "2025年"),
        ("地铁集团董事长刘志强表示19号线的客流如何？", "刘志强", "王建国", "地铁集团董事长王建国表示19号线的客流如何？", "超过预期"),
        ("How many passengers does the FV 4232 carry?", "FV 4232", "FV 603", "How many passengers does the FV 603 carry?", "300 passengers"),
        // A modifier of the subject the passage lacks, another one where it would stand.
        ("北方大学的机器人小组有多少块GPU？", "机器人小组", "自然语言处理小组", "北方大学的自然语言处理小组有多少块GPU？", "68块"),
    ]

    @Test(arguments: cases)
    func nearMissIsNoAnswerAndItsTwinIsAnswered(_ c: (String, String, String, String, String)) throws {
        let engine = try Self.loaded.get()
        let r = engine.answer(c.0, top: 3)
        #expect(r.noAnswer, "\(c.0) answered: \(r.answers.first?.text ?? "")")
        #expect(r.answers.isEmpty)
        #expect(r.mismatch.contains(Mismatch(asked: c.1, found: c.2)), "\(c.0): \(r.mismatch)")
        // Asked for, the near miss is given, framed by its mismatch.
        let shown = r.showingNearMisses()
        #expect(!shown.noAnswer)
        #expect(shown.answers.first?.text.contains(c.2) == true)
        #expect(!shown.mismatch.isEmpty)

        let twin = engine.answer(c.3, top: 3)
        #expect(!twin.noAnswer, "\(c.3) not answered")
        #expect(twin.mismatch.isEmpty, "\(c.3): \(twin.mismatch)")
        #expect(twin.answers.first?.text.contains(c.4) == true, "\(c.3): \(twin.answers.first?.text ?? "")")
    }

    /// An English question naming a company the article does not have (it is about another acquisition).
    @Test func englishNameNotInTheArticle() throws {
        let engine = try Self.english.get()
        let r = engine.answer("How much did Northwind pay for Whole Foods?", top: 3)
        #expect(r.noAnswer)
        #expect(r.mismatch == [Mismatch(asked: "Whole Foods", found: "GreenBasket")])
        let twin = engine.answer("How much did Northwind pay for GreenBasket?", top: 3)
        #expect(!twin.noAnswer)
        #expect(twin.mismatch.isEmpty)
        #expect(twin.answers.first.flatMap(highlighted) == "$420 million")
    }

    /// A Latin name of an English question is not looked for in a Chinese paragraph, which
    /// writes names in Chinese (大卫·休伯尔 for David Hubel); in an English one it is.
    @Test func latinNameOfAnEnglishQuestionIsNotMissedInChinese() {
        let question = Array("What did David Hubel discover?".unicodeScalars)
        let terms = NearMiss.terms(original: question, folded: question.map(Normalizer.fold))
        #expect(terms.contains { $0.kind == .latinName })
        func mismatches(_ paragraph: String) -> [Mismatch] {
            let p = Array(paragraph.unicodeScalars)
            return NearMiss.mismatches(terms, question: question, questionFolded: question.map(Normalizer.fold),
                                       paragraph: p, sentence: 0..<p.count, title: [])
        }
        #expect(mismatches("大卫·休伯尔在Computational Vision研讨会上报告了视觉皮层中方向选择性细胞的发现。").isEmpty)
        #expect(!mismatches("Torsten Wiesel reported the discovery of orientation-selective cells in the visual cortex.").isEmpty)
    }

    /// A question about a name the articles never mention gets no answer, the mismatch
    /// naming what was asked and what the passage is about (its article); the same question
    /// about the article's own subject is answered, in either script.
    @Test(arguments: [("龙血树的果实有多长？", "龙血树"), ("龍血樹的果實有多長？", "龍血樹")])
    func nameTheArticlesNeverMention(_ c: (String, String)) throws {
        let engine = try Self.loaded.get()
        let r = engine.answer(c.0, top: 3)
        #expect(r.noAnswer, "\(c.0) answered: \(r.answers.first?.text ?? "")")
        #expect(r.mismatch == [Mismatch(asked: c.1, found: "猴面包树")], "\(c.0): \(r.mismatch)")
        #expect(r.showingNearMisses().answers.first?.text.contains("15厘米") == true)
        for twin in ["猴面包树的果实有多长？", "猴麵包樹的果實有多長？"] {
            let t = engine.answer(twin, top: 3)
            #expect(!t.noAnswer, "\(twin) not answered")
            #expect(t.mismatch.isEmpty, "\(twin): \(t.mismatch)")
            #expect(t.answers.first?.text.contains("15厘米") == true)
        }
    }

    /// A name of several words the article lacks whole, one word of it that it lacks naming
    /// one thing (日本, a place), is another name, though the article has its other words
    /// (工业, 大学); the name as the article writes it is answered.
    @Test func severalWordNameWithAMissingPlace() throws {
        let engine = try Self.loaded.get()
        let r = engine.answer("日本工业大学的主楼是谁设计的？", top: 3)
        #expect(r.noAnswer, "answered: \(r.answers.first?.text ?? "")")
        #expect(r.mismatch == [Mismatch(asked: "日本工业大学", found: "北方工大")], "\(r.mismatch)")
        let twin = engine.answer("北方工业大学的主楼是谁设计的？", top: 3)
        #expect(!twin.noAnswer)
        #expect(twin.mismatch.isEmpty, "\(twin.mismatch)")
        #expect(twin.answers.first?.text.contains("周文远") == true)
    }

    /// Which words name one thing: tagged as a person, place or organisation, or among the
    /// dictionary's rarest; not a common word, nor a phrase with a pronoun.
    @Test func wordsThatNameOneThing() {
        func names(_ w: String) -> Bool { NearMiss.namesOneThing(Array(w.unicodeScalars)[...]) }
        #expect(names("日本"))
        #expect(!names("大学"))
        #expect(!names("现在"))
        #expect(!names("该岛"))
    }

    /// The modifiers of a question: a noun before the noun it modifies, after a word (and
    /// 的); none without the word before, none with a numeral (第一 is the number rule's).
    @Test func modifiersOfAQuestion() {
        func modifiers(_ q: String) -> [String] {
            let s = Array(q.unicodeScalars)
            return NearMiss.terms(original: s, folded: TermExtractor.fold(q)).filter { $0.kind == .modifier }
                .map { String(String.UnicodeScalarView(s[$0.range])) }
        }
        #expect(modifiers("斯坦福大学的机器人小组有多少块GPU？") == ["机器人小组"])
        #expect(modifiers("机器人小组有多少块GPU？").isEmpty)
        #expect(modifiers("世界第一细小的兔子是什么兔子？").isEmpty)
    }

    /// Which runs of a question are names asked about: a name the dictionary does not know
    /// or tags as one, a rare word the question opens with, and runs of several words; not
    /// a lone common word (what is asked of a thing), nor a character of the next word.
    @Test func namesAskedAbout() {
        func names(_ q: String) -> [String] {
            let aq = QuestionAnalyzer.analyze(q)
            let s = Array(q.unicodeScalars)
            return NearMiss.askedNames(folded: aq.folded, content: aq.content).map { String(String.UnicodeScalarView(s[$0.range])) }
        }
        #expect(names("龙血树的果实有多长？").contains("龙血树"))
        #expect(names("钩鳞鲀是怎么得名的？") == ["钩鳞鲀"])
        #expect(!names("兰比尔的40号球衣有什么寓意？").contains("寓意"))
        #expect(!names("百老汇至今经历了哪些磨难？").contains("磨难"))
        #expect(names("此大厦遭遇了什么事情？").allSatisfy { !$0.hasPrefix("此") })
        #expect(names("巨颏虎有什么外貌特征？").allSatisfy { $0 != "外貌特征" })
        #expect(!names("在顶部的球体可以观察到哪个城市的全景？").contains("城市"))
    }

    /// A name none of the retrieved articles holds whole is one the collection never has,
    /// though its characters and words stand in them (阎, 振兴 below); an article holding it
    /// whole, or less its last character (阎振: a character glued on), clears it. A word with a character
    /// the segmenter glued on from the sentence (中梅 of 剧中梅剑仙) is not looked for whole.
    @Test func nameAbsentWholeFromTheRetrievedArticles() {
        let question = TermExtractor.fold("阎振兴什么时候入选国家举重队？")
        // The segmenter knows no word of the name: one-character words.
        let name = NearMiss.AskedName(range: 0..<3, words: [0..<1, 1..<2, 2..<3])
        let articles = ["阎老师是振兴中学的举重教练，他的学生入选了国家举重队。", "振兴路上的体育馆建于1998年。"]
        func absent(_ texts: [String], _ n: NearMiss.AskedName = name, _ q: [Unicode.Scalar] = question) -> Bool {
            NearMiss.isAbsentWhole(n, question: q, retrieved: { texts.map(TermExtractor.fold) })
        }
        #expect(absent(articles))
        #expect(!absent(articles + ["阎振兴，举重运动员，1995年入选国家举重队。"]))
        #expect(!absent(["阎振是举重运动员，1995年入选国家举重队。"]), "held less its last character")
        let glued = TermExtractor.fold("电视剧中梅剑仙是谁演的？")
        #expect(!absent(["梅剑仙是一部电视剧的主角。"], NearMiss.AskedName(range: 2..<4, words: [2..<4]), glued))
    }

    /// A question names an article by its title less a bracketed qualifier, or by three
    /// characters of the title in a row.
    @Test func questionNamesTheArticle() {
        #expect(NearMiss.namesArticle(TermExtractor.fold("传说广济寺因何而建？"), title: "广济寺 (芜湖)"))
        #expect(NearMiss.namesArticle(TermExtractor.fold("金花蛇的生活习性是什么？"), title: "金花蛇属"))
        #expect(!NearMiss.namesArticle(TermExtractor.fold("龙血树的果实有多长？"), title: "猴面包树"))
    }

    /// The mismatch is part of the JSON line only when there is one.
    @Test func jsonCarriesTheMismatch() throws {
        let engine = try Self.loaded.get()
        let line = engine.answer("杭州地铁20号线全长多少公里？", top: 3).jsonLine()
        #expect(line.contains(#""mismatch":[{"asked":"20号线","found":"19号线"}]"#))
        #expect(line.contains(#""no_answer":true"#))
        #expect(!engine.answer("杭州地铁19号线全长多少公里？", top: 3).jsonLine().contains("mismatch"))
        // …and read back from a transcript.
        let r = engine.answer("杭州地铁20号线全长多少公里？", top: 3)
        let back = try JSONDecoder().decode(AnswerResult.self, from: Data(r.jsonLine().utf8))
        #expect(back.mismatch == r.mismatch)
    }

    @Test func distinctiveTermsOfAQuestion() {
        func terms(_ q: String) -> [String] {
            let s = Array(q.unicodeScalars)
            return NearMiss.terms(original: s, folded: TermExtractor.fold(q)).map { String(String.UnicodeScalarView(s[$0.range])) }
        }
        #expect(terms("杭州地铁20号线全长多少公里？").contains("20号线"))
        #expect(terms("How many passengers does the FV 4232 carry?").contains("FV 4232"))
        #expect(terms("How much did Northwind pay for Whole Foods?") == ["Northwind", "Whole Foods"])
        // Acronyms and question words are not names.
        #expect(terms("How many GPUs does the NLP group have?").isEmpty)
    }

    @Test func hanNumeralValues() {
        #expect(NearMiss.hanValue("二〇四〇".unicodeScalars[...].map { $0 }[...]) == 2040)
        #expect(NearMiss.hanValue(Array("三十五".unicodeScalars)[...]) == 35)
        #expect(NearMiss.hanValue(Array("一百二十".unicodeScalars)[...]) == 120)
        #expect(NearMiss.numbers(Array("1.5万人".unicodeScalars)).first?.value == 15000)
    }
}
