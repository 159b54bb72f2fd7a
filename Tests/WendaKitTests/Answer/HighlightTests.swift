import Testing
@testable import WendaKit

/// The answer span of each question type, on sentences written for the tests.
@Suite struct HighlightTests {
    func span(_ question: String, _ sentence: String) -> String? {
        let aq = QuestionAnalyzer.analyze(question)
        let s = Array(sentence.unicodeScalars)
        guard let r = AnswerSpotter.highlight(aq, original: s, folded: s.map { Normalizer.fold($0) }) else { return nil }
        return String(String.UnicodeScalarView(s[r]))
    }

    @Test func date() {
        #expect(span("大桥是什么时候建成通车的？", "大桥于1960年1月18日开工，1968年12月29日建成通车。") == "1968年12月29日")
    }

    @Test func numberWithTheUnitAskedFor() {
        #expect(span("公路桥全长多少米？", "大桥有4个桥头堡，公路桥全长4589米。") == "4589米")
    }

    @Test func numberAlreadyInTheQuestionIsNotTheAnswer() {
        #expect(span("2023年有多少博士进了私企？", "2023年，70%的博士进了私企。") == "70%")
    }

    @Test func personFromTheDictionaryTags() {
        #expect(span("大桥建设的技术顾问是谁？", "茅以升担任了大桥建设的技术顾问。") == "茅以升")
    }

    @Test func personWrittenWithAMiddleDot() {
        #expect(span("这部电影的主演是谁？", "这部电影由艾尔·帕西诺主演。") == "艾尔·帕西诺")
    }

    @Test func transliteratedNameRunsOnOverItsCharacters() {
        #expect(span("泽克西斯是被谁谋杀的？", "禁卫军司令阿尔达班谋杀了泽克西斯。") == "阿尔达班")
        #expect(span("这部小说的作者是谁？", "这部小说是美国作家斯蒂芬妮·梅尔所写的。") == "斯蒂芬妮·梅尔")
    }

    @Test func personInLatinLetters() {
        #expect(span("微软的首席科学家是谁？", "微软的首席科学家Eric Horvitz曾经表示过此事。") == "Eric Horvitz")
    }

    @Test func placeJoinsItsParts() {
        #expect(span("有壁车站位于哪里？", "有壁车站是一座铁路车站，位于日本宫城县栗原市。") == "日本宫城县栗原市")
    }

    @Test func organisationByItsSuffix() {
        #expect(span("哪个机构宣布了这项投资？", "去年，美国国家科学基金会宣布了这项投资。") == "美国国家科学基金会")
        #expect(span("她是哪所大学的教授？", "作为斯坦福大学的教授，她心系学术圈。") == "斯坦福大学")
    }

    @Test func theNounAskedFor() {
        #expect(span("镇政府设在哪个村？", "镇政府设在狮峰村，共辖7个社区。") == "狮峰村")
        #expect(span("这场比赛的冠军是哪支球队？", "最终，来自上海的申花队夺得了这场比赛的冠军。") == "申花队")
    }

    @Test func otherQuestionsTakeTheWordsInThePlaceOfTheQuestionWord() {
        // Definitions, reasons and the rest: what stands between the question's words.
        #expect(span("腓力五世把注意力转到了哪里？", "随后，腓力五世把注意力转到爱琴海沿岸的希腊城邦，因而爆发了战争。") == "爱琴海沿岸的希腊城邦")
        #expect(span("龙井茶的叶子为什么要炒？", "龙井茶的叶子要炒，因为炒能保持绿色。") == "炒能保持绿色")
        // No question word: what is asked stands at the end (…是？).
        #expect(span("山原猫又被称为？", "山原猫（学名：'），又被称为南美山猫，是一种野生猫科。") == "南美山猫")
        // 称为什么 is "called what".
        #expect(span("这种鸟又被称为什么？", "这种鸟又被称为塔奇拉鸫。") == "塔奇拉鸫")
    }

    @Test func alignmentAcrossWordingAndParentheses() {
        // The question's verb worded otherwise in the sentence (叫 / —, 有 / 包括).
        #expect(span("王延禀原名叫什么？", "王延禀（？－931年），原名周彦琛，五代十国时期人。") == "周彦琛")
        #expect(span("常见的运动系统疾病有哪些？", "常见的运动系统疾病包括瘫痪，运动失调症，帕金森氏病等。") == "瘫痪，运动失调症，帕金森氏病等")
        // 什么是X: the answer follows X, past its name in another language.
        #expect(span("什么是里奇男孩？", "里奇男孩（Ritchie Boys），是指一批自德国流亡美国的男性少年。") == "指一批自德国流亡美国的男性少年")
    }

    @Test func paraphrasedQuestionGetsTheClausesThatAddToIt() {
        // No reason marker, no alignment: the clause restating the question is left out.
        #expect(span("郭家梁为什么会研究中医？", "他因个人兴趣，研究中医。") == "他因个人兴趣")
        // Of a quote of two sentences, the one about the question's topic.
        #expect(span("方元的职业是什么？", "方元（），香港专栏作家、建筑师。方元在英国获得博士学位。") == "香港专栏作家、建筑师")
    }

    @Test func anItemOfAListIsHighlightedWithTheList() {
        #expect(span("蓝点马鲛分布在哪里？", "其产地为广东省、福建省和海南省。") == "广东省、福建省和海南省")
        // Items not found as places: the list runs to the clause's end.
        #expect(span("蓝点马鲛分布在哪里？", "其产地为广东省、不少沿岸的滩涂，数量不多。") == "广东省、不少沿岸的滩涂")
    }

    @Test func nothingHonestFitsNoHighlight() {
        #expect(span("大桥是什么时候建成的？", "这座桥很有名。") == nil)
        #expect(span("谁设计了大桥？", "") == nil)
    }

    @Test func englishAmountsAndDates() {
        #expect(span("How many GPUs does the group have?", "The group has only 68 GPUs.") == "68 GPUs")
        #expect(span("How much did the foundation invest?", "The foundation invested $140 million last year.") == "$140 million")
        #expect(span("When does the first harvest begin?", "The first harvest begins on March 20 each year.") == "March 20")
        #expect(span("In which year was the report published?", "The report was published in 2023 by the institute.") == "2023")
    }

    @Test func englishNames() {
        #expect(span("Who is the chief scientist of Microsoft?", "Eric Horvitz, the chief scientist of Microsoft, said so.") == "Eric Horvitz")
        #expect(span("Which university has 68 GPUs?", "The group at Stanford University has 68 GPUs.") == "Stanford University")
    }
}
