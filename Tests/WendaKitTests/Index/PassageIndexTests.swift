import Testing
@testable import WendaKit

/// Articles made in the test, one paragraph per line.
func makeArticle(_ id: String, _ text: String, title: String? = nil) -> Article {
    var offsets: [Int] = []
    var o = 0
    for s in text.unicodeScalars { offsets.append(o); o += String(s).utf8.count }
    offsets.append(o)
    return Article(id: id, title: title ?? id, source: "\(id).txt", text: text, sourceOffsets: offsets,
                   paragraphs: SentenceSplitter.paragraphs(in: text))
}

func queryTerms(_ index: PassageIndex, _ text: String) -> [QueryTerm] {
    let aq = QuestionAnalyzer.analyze(text)
    let occ = TermExtractor.terms(folded: aq.folded, tokens: Segmenter.shared.tokenize(text), keep: aq.content)
    return index.queryTerms(occ)
}

@Suite struct PassageIndexTests {
    @Test func idfStaysPositiveOnTwoArticles() {
        let index = PassageIndex(articles: [
            makeArticle("a", "北京是中国的首都。"),
            makeArticle("b", "上海是中国最大的城市。"),
        ])
        let id = index.termID(.bigram, "中国")
        #expect(id >= 0)
        #expect(index.statistics.documentFrequency(id) == 2)
        #expect(index.statistics.idf(id) > 0)
        #expect(IndexStatistics.idf(documentFrequency: 2, passages: 2) > 0)
        #expect(IndexStatistics.idf(documentFrequency: 10, passages: 10) > 0)
        // A term in every article still retrieves them both.
        let hits = index.search(queryTerms(index, "中国"), limit: 5)
        #expect(hits.count == 2)
        #expect(hits.allSatisfy { $0.score > 0 })
    }

    /// Words equal as strings are one term, even when their scalars differ (composed and
    /// decomposed accents), within an article and across articles.
    @Test func canonicallyEqualWordsAreOneTerm() {
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        let index = PassageIndex(articles: [
            makeArticle("a", "他喜欢\(composed)。"),
            makeArticle("b", "他喜欢\(decomposed)和\(composed)。"),
        ])
        let id = index.termID(.word, composed)
        #expect(id >= 0)
        #expect(index.statistics.documentFrequency(id) == 2)
        let postings = index.postings(id)
        #expect(Array(postings.passages) == [0, 1])
        #expect(Array(postings.counts) == [1, 2])
        // The sentence of b holds the term once.
        let terms = Array(index.terms(ofSentence: 1))
        #expect(terms.filter { $0 == id }.count == 1)
    }

    @Test func rarerTermsWeighMore() {
        let index = PassageIndex(articles: [
            makeArticle("a", "北京是中国的首都。"),
            makeArticle("b", "上海是中国最大的城市。"),
            makeArticle("c", "广州是中国南方的城市。"),
        ])
        #expect(index.statistics.idf(index.termID(.bigram, "首都")) > index.statistics.idf(index.termID(.bigram, "城市")))
        #expect(index.statistics.idf(index.termID(.bigram, "城市")) > index.statistics.idf(index.termID(.bigram, "中国")))
        let hits = index.search(queryTerms(index, "中国的首都是哪里？"), limit: 3)
        #expect(hits.first.map { index.articles[Int(index.paragraphs[$0.paragraph].article)].id } == "a")
    }

    @Test func tiesAreBrokenByDocumentIdThenPosition() {
        // Same text: same score. Loaded as b, a: a comes first (doc id), then b's two
        // paragraphs in order (position).
        let index = PassageIndex(articles: [
            makeArticle("b", "长江是中国最长的河流。\n长江是中国最长的河流。"),
            makeArticle("a", "长江是中国最长的河流。"),
        ])
        let hits = index.search(queryTerms(index, "长江"), limit: 10)
        #expect(hits.count == 3)
        let order = hits.map { (index.articles[Int(index.paragraphs[$0.paragraph].article)].id, index.paragraphs[$0.paragraph].index) }
        #expect(order.map(\.0) == ["a", "b", "b"])
        #expect(order.map(\.1) == [0, 0, 1])
        #expect(Set(hits.map(\.score)).count == 1)
    }

    @Test func explainListsMatchedTermsAndTheirWeights() {
        let index = PassageIndex(articles: [
            makeArticle("a", "北京是中国的首都。"),
            makeArticle("b", "上海是中国最大的城市。"),
        ])
        let q = queryTerms(index, "中国的首都")
        let hit = index.search(q, limit: 1)[0]
        let e = index.explain(q, passage: hit.passage)
        let total = e.terms.reduce(0) { $0 + $1.contribution }
        #expect(abs(total - hit.score) < 1e-9)
        #expect(e.terms.contains { $0.kind == .bigram && $0.text == "首都" })
        #expect(e.terms.contains { $0.kind == .bigram && $0.text == "中国" })
        #expect(!e.terms.contains { $0.text == "城市" })
        // Rarer term first.
        #expect(e.terms.first?.text == "首都")
    }

    @Test func wordsAndBigramsAreBothIndexed() {
        let index = PassageIndex(articles: [makeArticle("a", "斯坦福大学有68块GPU。")])
        #expect(index.termID(.bigram, "斯坦") >= 0)
        #expect(index.termID(.character, "斯") >= 0)
        #expect(index.termID(.word, "gpu") >= 0)  // Latin words folded
        #expect(index.termID(.word, "68") >= 0)
    }

    @Test func longParagraphsAreCutIntoWindows() {
        var options = IndexOptions()
        options.maxPassageLength = 40
        options.windowLength = 20
        let text = (1...12).map { "第\($0)句话讲的是别的事情。" }.joined() + "最后一句提到熊猫。"
        let index = PassageIndex(articles: [makeArticle("a", text), makeArticle("b", "没有相关内容。")], options: options)
        #expect(index.passageCount > 2)
        let hits = index.search(queryTerms(index, "熊猫"), limit: 5)
        #expect(hits.count == 1)  // windows of one paragraph are merged
        #expect(index.paragraphs[hits[0].paragraph].article == 0)
    }
}
