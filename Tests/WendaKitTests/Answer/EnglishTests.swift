import Foundation
import Testing
@testable import WendaKit

/// English questions over English articles (Fixtures/english): case, plurals and stop words.
@Suite struct EnglishTests: EngineSuite {
    static let loaded = Result { try FixtureLoading.load(FixtureLoading.folder("english")) }

    let engine: AnswerEngine

    init() throws { engine = try Self.loaded.get() }

    @Test func howManyFindsTheSentenceAndTheAmount() {
        let a = best("How many GPUs does the natural language processing group at Stanford have?")
        #expect(a?.text == "The natural language processing group at Stanford University has only 68 GPUs.")
        #expect(a.flatMap(highlighted) == "68 GPUs")
        #expect(a?.citation.docId == "university_compute")
    }

    @Test func singularAndLowerCaseMatchPluralAndCapitals() {
        let a = best("how many gpu does the stanford language group own")
        #expect(a?.text.contains("68 GPUs") == true)
        #expect(a.flatMap(highlighted) == "68 GPUs")
    }

    @Test func questionTypes() {
        #expect(best("Who is the chief scientist of Microsoft?").flatMap(highlighted) == "Eric Horvitz")
        #expect(best("How much did the National Science Foundation invest in the institutes?").flatMap(highlighted) == "$140 million")
        #expect(best("When does the first tea harvest begin?").flatMap(highlighted) == "March 20")
        #expect(best("Where is Longjing tea grown?")?.text.contains("west of Hangzhou") == true)
        #expect(best("Why are the tea leaves roasted in a wok?")?.text.contains("because roasting stops them") == true)
        #expect(best("Which university has only 68 GPUs?").flatMap(highlighted) == "Stanford University")
    }

    @Test func englishQuestionForms() {
        #expect(QuestionAnalyzer.analyze("How many GPUs does it have?").answerType == .number)
        #expect(QuestionAnalyzer.analyze("How many GPUs does it have?").unit.map { String(String.UnicodeScalarView($0)) } == "gpu")
        #expect(QuestionAnalyzer.analyze("How much money was invested?").answerType == .number)
        #expect(QuestionAnalyzer.analyze("When was it founded?").answerType == .date)
        #expect(QuestionAnalyzer.analyze("What year was it founded?").answerType == .date)
        #expect(QuestionAnalyzer.analyze("Who founded it?").answerType == .person)
        #expect(QuestionAnalyzer.analyze("Where is it?").answerType == .place)
        #expect(QuestionAnalyzer.analyze("Which country is it in?").answerType == .place)
        #expect(QuestionAnalyzer.analyze("Which company made it?").answerType == .organisation)
        #expect(QuestionAnalyzer.analyze("Why is it roasted?").answerType == .reason)
        #expect(QuestionAnalyzer.analyze("How is it roasted?").answerType == .method)
        #expect(QuestionAnalyzer.analyze("What is Longjing tea?").answerType == .definition)
        // Chinese questions keep their own forms.
        #expect(QuestionAnalyzer.analyze("GPU有多少块？").answerType == .number)
    }

    @Test func stopWordsDoNotDriveRetrieval() {
        let text = "The GPUs of the Lab and THE universities"
        let tokens = Segmenter.shared.tokenize(text)
        let words = TermExtractor.terms(folded: TermExtractor.fold(text), tokens: tokens).filter { $0.kind == .word }.map(\.text)
        #expect(words == ["gpu", "lab", EnglishText.stem("university")])
        // A question of nothing but function words finds nothing to answer with.
        #expect(engine.answer("What is the of and to?", top: 3).noAnswer)
    }

    @Test func latinWordsInsideChineseTextAreMatchedAsWritten() {
        func words(_ text: String) -> [String] {
            TermExtractor.terms(folded: TermExtractor.fold(text), tokens: Segmenter.shared.tokenize(text))
                .filter { $0.kind == .word && $0.text.unicodeScalars.allSatisfy(\.isASCII) }.map(\.text)
        }
        #expect(words("《Over the Rainbow》是一首歌") == ["over", "the", "rainbow"])
        #expect(words("收录于专辑《Days》") == ["days"])
        #expect(words("Over the Rainbow Days") == [EnglishText.stem("rainbow"), "day"])
    }

    @Test func stemmer() {
        let pairs = [("gpus", "gpu"), ("gpu", "gpu"), ("universities", "university"), ("classes", "class"), ("boxes", "box"),
                     ("houses", "house"), ("status", "status"), ("glass", "glass"), ("analysis", "analysis"), ("was", "was"),
                     ("levels.fyi", "levels.fyi"), ("1990s", "1990s")]
        for (w, s) in pairs { #expect(EnglishText.pluralStem(w) == s, "\(w)") }
    }

    /// Snowball's stemmer: the forms of a word meet, different words stay apart.
    @Test func snowballStems() {
        let meet = [["acquire", "acquired", "acquires", "acquiring"], ["gpus", "gpu"], ["university", "universities"],
                    ["run", "runs", "running"], ["invest", "invested", "investment", "investments"], ["save", "saves", "saving"]]
        for forms in meet { #expect(Set(forms.map(EnglishText.stem)).count == 1, "\(forms)") }
        #expect(EnglishText.stem("universe") != EnglishText.stem("gpu"))
        #expect(EnglishText.stem("levels.fyi") == "levels.fyi")
        #expect(EnglishText.stem("1990s") == "1990s")
    }
}

/// English answer types and verb forms (Fixtures/english/northwind_greenbasket.md): who asks
/// for a person in the role asked, where for a place, how much money for an amount of money,
/// when for a date; acquire meets acquired.
@Suite struct EnglishAnswerTypeTests: EngineSuite {
    let engine: AnswerEngine

    init() throws { engine = try EnglishTests.loaded.get() }

    @Test func whoRunsIsThePersonInTheRole() {
        let a = best("Who runs Northwind?")
        #expect(a?.text.contains("Maria Alvarez") == true)
        #expect(a.flatMap(highlighted) == "Maria Alvarez")
        #expect(best("Who founded GreenBasket?").flatMap(highlighted) == "Daniel Okafor")
    }

    @Test func whereIsAPlace() {
        let a = best("Where is GreenBasket based?")
        #expect(a.flatMap(highlighted) == "Portland, Oregon" || a.flatMap(highlighted) == "Portland")
    }

    @Test func howMuchMoneyIsACurrencyAmount() {
        let a = best("How much money will the company save each year?")
        #expect(a?.text.contains("$15 million") == true)
        #expect(a.flatMap(highlighted) == "$15 million")
        #expect(best("How much will Northwind pay for GreenBasket?").flatMap(highlighted) == "$420 million")
    }

    @Test func whenIsADate() {
        #expect(best("When was GreenBasket founded?").flatMap(highlighted) == "2015")
        #expect(best("When did Maria Alvarez join Northwind?").flatMap(highlighted) == "2019")
    }

    /// "acquiring" and "acquired" in the question meet "acquire" in the article (Snowball).
    @Test func verbFormsMeet() {
        let a = best("What is Northwind acquiring?")
        #expect(a?.text.contains("agreed to acquire GreenBasket") == true)
        #expect(best("Who acquired GreenBasket?")?.text.contains("agreed to acquire GreenBasket") == true)
    }
}
