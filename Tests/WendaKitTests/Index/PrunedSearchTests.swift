import Foundation
import Testing
@testable import WendaKit

/// Pruned search (common terms' postings only probed) gives exactly what reading every
/// posting gives: the same paragraphs, windows and scores, in the same order.
@Suite struct PrunedSearchTests {
    /// A collection whose characters follow a Zipf-like law, so a few bigrams are in most
    /// passages; some paragraphs are long enough to be cut into windows.
    static let index: PassageIndex = {
        var rng = SplitMix(seed: 2018)
        let alphabet = Array("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质华")
        func word() -> Character {
            // Low ranks far more often than high ones.
            let u = Double(rng.next() % 1_000_000) / 1_000_000
            return alphabet[min(alphabet.count - 1, Int(pow(u, 3) * Double(alphabet.count)))]
        }
        var articles: [Article] = []
        for a in 0..<1500 {
            let sentences = a % 100 == 0 ? 120 : 1 + Int(rng.next() % 4)
            var text = ""
            for _ in 0..<sentences {
                for _ in 0..<(8 + Int(rng.next() % 20)) { text.append(word()) }
                text += "。"
            }
            articles.append(makeArticle(String(format: "a%04d", a), text, title: "t\(a % 37)"))
        }
        return PassageIndex(articles: articles)
    }()

    /// `terms` searched without pruning and with it: both results, and the postings each read.
    static func searchedBothWays(_ index: PassageIndex, _ terms: [QueryTerm], limit: Int)
        -> (full: [ParagraphScore], pruned: [ParagraphScore], fullRead: Int, prunedRead: Int)
    {
        var fullRead = 0, prunedRead = 0
        let full = index.search(terms, limit: limit, pruned: false, read: &fullRead)
        let pruned = index.search(terms, limit: limit, pruned: true, read: &prunedRead)
        return (full, pruned, fullRead, prunedRead)
    }

    @Test func prunedSearchIsExactlyTheFullOne() {
        let index = Self.index
        #expect(index.hasWindows)
        var rng = SplitMix(seed: 7)
        var fullRead = 0, prunedRead = 0
        for q in 0..<200 {
            // A question: a few characters of any rank (repeated ones weigh more).
            var text = ""
            for _ in 0..<(3 + q % 10) {
                let u = Double(rng.next() % 1_000_000) / 1_000_000
                text.append(Array("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质华")[Int(u * 200)])
            }
            let terms = queryTerms(index, text)
            for limit in [1, 5, 20] {
                let full = index.search(terms, limit: limit, pruned: false, read: &fullRead)
                let pruned = index.search(terms, limit: limit, pruned: true, read: &prunedRead)
                #expect(full == pruned, "\(text) limit \(limit)")
            }
        }
        // Pruning must have skipped postings, or this test shows nothing.
        #expect(prunedRead < fullRead, "read \(prunedRead) of \(fullRead)")
    }

    /// A rare word asked with one every passage holds: once the passages holding the rare
    /// word fill the top k, what the common word alone can add no longer reaches the k-th
    /// (the bar is kept as postings are read), so its postings are only looked up for those
    /// passages, not read; the result is still exactly the full one.
    @Test func aCommonTermIsOnlyLookedUp() {
        var rng = SplitMix(seed: 11)
        let filler = Array("山水风云日月星辰江河湖海花草树木鸟兽虫鱼金木水火土东南西北春夏秋冬")
        var articles: [Article] = []
        for a in 0..<2000 {
            var text = a % 50 == 0 ? "甲乙之书" : ""
            for _ in 0..<(10 + Int(rng.next() % 10)) { text.append(filler[Int(rng.next() % UInt64(filler.count))]) }
            text += "丙丁。"
            articles.append(makeArticle(String(format: "c%04d", a), text))
        }
        let index = PassageIndex(articles: articles)
        let terms = queryTerms(index, "甲乙丙丁")
        for limit in [1, 5, 20] {
            let (full, pruned, fullRead, prunedRead) = Self.searchedBothWays(index, terms, limit: limit)
            #expect(full == pruned, "limit \(limit)")
            #expect(full.count == limit)
            // Every passage holds 丙丁: reading its postings alone is 2,000.
            #expect(fullRead > 2000 && prunedRead < 1000, "limit \(limit): read \(prunedRead) of \(fullRead)")
        }
    }

    /// Block-max: a term read whole whose bound comes from its first block alone (many
    /// counts in short passages) while its later blocks hold it once in long passages.
    /// Once the first block fills the top k, a later block's bound with the other term's
    /// cannot reach the k-th, and no passage reached lies in it: it is passed over without
    /// being decoded; the result is still exactly the full one.
    @Test func aBlockThatCannotReachTheBarIsNotDecoded() {
        var rng = SplitMix(seed: 5)
        let filler = Array("山水风云日月星辰江河湖海花草树木鸟兽虫鱼金木水火土东南西北春夏秋冬")
        var articles: [Article] = []
        for a in 0..<4000 {
            var text: String
            if a < 40 {
                text = "甲乙甲乙甲乙甲乙丙丁。"
            } else {
                text = a % 10 == 0 ? "甲乙" : ""
                for _ in 0..<(40 + Int(rng.next() % 10)) { text.append(filler[Int(rng.next() % UInt64(filler.count))]) }
                text += "。"
            }
            articles.append(makeArticle(String(format: "b%04d", a), text))
        }
        let index = PassageIndex(articles: articles)
        let common = index.termID(.bigram, "甲乙"), rare = index.termID(.bigram, "丙丁")
        #expect(index.postingCount(common) == 436 && index.postingCount(rare) == 40)
        let terms = [QueryTerm(id: common, kind: .bigram, text: "甲乙", weight: 1),
                     QueryTerm(id: rare, kind: .bigram, text: "丙丁", weight: 0.1)]
        for limit in [1, 5, 20] {
            let (full, pruned, fullRead, prunedRead) = Self.searchedBothWays(index, terms, limit: limit)
            #expect(full == pruned, "limit \(limit)")
            #expect(full.count == limit)
            // 甲乙's first block (128) and its short last one, which has no skip data (52),
            // 丙丁 looked up for the 40 short passages, both for them again when rescored:
            // 300, where reading 甲乙 whole is 436 alone (556 in all).
            #expect(prunedRead <= 300, "limit \(limit): read \(prunedRead) of \(fullRead)")
        }
    }
}
