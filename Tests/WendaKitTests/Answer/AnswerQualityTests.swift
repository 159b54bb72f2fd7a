import Foundation
import Testing
@testable import WendaKit

@Suite struct AnswerQualityTests {
    let engine: AnswerEngine

    init() throws { engine = try AnswerFixtures.engine() }

    @Test(arguments: [
        ("范廷颂是什么时候被任为主教的？", AnswerType.date),
        ("他哪一年去世？", .date),
        ("大桥全长多少米？", .number),
        ("他有几个儿子？", .number),
        ("谁设计了这座桥？", .person),
        ("茅以升担任了什么？", .definition),
        ("龙井茶产于哪里？", .place),
        ("为什么要修建大桥？", .reason),
        ("出于什么目的修建大桥？", .reason),
        ("龙井茶是什么？", .definition),
        ("这种茶又被称为什么？", .definition),
        ("大桥后来成为什么？", .definition),
        ("他为什么被称为桥梁之父？", .reason),
    ])
    func questionType(_ q: String, _ t: AnswerType) {
        #expect(QuestionAnalyzer.analyze(q).answerType == t)
    }

    @Test func numberWithUnitHighlighted() {
        let r = engine.answer("南京长江大桥的公路桥全长多少米？", top: 3)
        #expect(!r.noAnswer)
        #expect(r.answers.first.flatMap(highlighted) == "4589米")
    }

    /// A question in Traditional characters finds the Simplified article, same answer.
    @Test func traditionalQuestionFindsSimplifiedText() {
        let t = engine.answer("南京長江大橋的公路橋全長多少米？", top: 1)
        let s = engine.answer("南京长江大桥的公路桥全长多少米？", top: 1)
        #expect(!t.noAnswer)
        #expect(t.answers.first?.citation == s.answers.first?.citation)
        #expect(t.answers.first.flatMap(highlighted) == "4589米")
    }

    @Test func foldingMapsTraditionalToSimplified() {
        #expect(Normalizer.simplified("長江大橋") == "长江大桥")
        #expect(Normalizer.fold("ＡＢ長") == "ab长")
        #expect(TermExtractor.fold("臺灣") == Array("台湾".unicodeScalars))
    }

    /// The generated Swift table is the one Scripts/make-ts-table.py makes from the shipped TSV.
    @Test func traditionalTableIsCurrent() throws {
        let tsv = Fixtures.packageRoot.appendingPathComponent("Sources/WendaKit/Resources/opencc/TSCharacters.tsv")
        let text = try String(contentsOf: tsv, encoding: .utf8)
        var pairs: [(UInt32, UInt32)] = []
        for line in text.split(separator: "\n") {
            let p = line.split(separator: "\t").map { Array($0.unicodeScalars) }
            pairs.append((p[0][0].value, p[1][0].value))
        }
        let table = Normalizer.traditionalPairs
        #expect(table.count == pairs.count)
        #expect(zip(table, pairs).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 })
    }

    @Test func unrelatedQuestionHasNoAnswer() {
        let r = engine.answer("训练用了多少块GPU？", top: 3)
        #expect(r.noAnswer)
        #expect(!r.passages.isEmpty || r.answers.isEmpty)
    }
}

@Suite struct ConversationTests {
    @Test func pronounBorrowsThePreviousTopic() {
        var c = Conversation()
        #expect(c.resolve("李飞飞是谁？") == "李飞飞是谁？")
        #expect(c.resolve("她是哪所大学的教授？") == "李飞飞是哪所大学的教授？")
    }

    @Test func ellipticalQuestionReplacesTheItem() {
        var c = Conversation()
        _ = c.resolve("2020年的营收是多少？")
        #expect(c.resolve("2023年呢？") == "2023年的营收是多少？")
    }

    @Test func aFullQuestionIsLeftAlone() {
        var c = Conversation()
        _ = c.resolve("李飞飞是谁？")
        #expect(c.resolve("南京长江大桥全长多少米？") == "南京长江大桥全长多少米？")
    }

    @Test func followUpIsAnsweredFromTheTopic() throws {
        let engine = try AnswerFixtures.engine()
        var c = Conversation()
        _ = engine.answer(c.resolve("南京长江大桥的公路桥全长多少米？"), top: 1)
        #expect(c.resolve("铁路桥呢？") == "南京长江大桥的铁路桥全长多少米？")
        let r = engine.answer(try #require(c.previous), top: 1)
        #expect(r.answers.first?.text.contains("6772米") == true)
    }
}
