import Foundation

/// Lists quoted whole: when a question asks for the items of something ("…因素有哪些？",
/// "What are the steps…?") and the best sentence is a list's lead-in ("…因素包括：") or one
/// of its items, the lead-in and every item are quoted together, with the citation of the
/// lead-in.
extension AnswerEngine {
    /// The sentences from a list's lead-in to its last item, when `sentence` is one of
    /// them and `question` asks for items; nil otherwise (or for a list too long to quote).
    func listQuote(_ sentence: Int, question: String) -> ClosedRange<Int>? {
        guard Self.asksForItems(question) else { return nil }
        let ref = index.sentence(sentence)
        let g = Int(ref.paragraph)
        let par = index.paragraph(g)
        let article = articles[Int(par.article)]
        let number = Int(par.index) + 1
        guard let list = article.lists.first(where: { $0.contains(number) || $0.lowerBound == number + 1 }),
              list.count <= Self.longestQuotedList, list.lowerBound >= 2 else { return nil }
        // The lead-in: the paragraph just before the items, ending as a lead-in ends.
        let leadIn = list.lowerBound - 1
        let leadText = article.text(of: article.paragraphs[leadIn - 1]).trimmingWhitespace()
        guard let last = leadText.unicodeScalars.last, Self.leadInEnds.contains(last) else { return nil }
        guard let first = globalParagraph(of: leadIn - 1, near: g, article: par.article),
              let end = globalParagraph(of: list.upperBound - 1, near: g, article: par.article) else { return nil }
        let from = Int(index.paragraph(first).firstSentence), to = Int(index.paragraph(end).endSentence) - 1
        return from <= to ? from...to : nil
    }

    static let longestQuotedList = 15
    static let leadInEnds: Set<Unicode.Scalar> = ["：", ":"]

    /// The index paragraph holding paragraph `target` (0-based) of the article, found by
    /// walking from index paragraph `g` of the same article.
    func globalParagraph(of target: Int, near g: Int, article: Int32) -> Int? {
        var k = g
        let step = Int(index.paragraph(g).index) <= target ? 1 : -1
        while k >= 0, k < index.paragraphs.count, index.paragraph(k).article == article {
            let i = Int(index.paragraph(k).index)
            if i == target { return k }
            if (step > 0 && i > target) || (step < 0 && i < target) { return nil }
            k += step
        }
        return nil
    }

    static let itemQuestionWords = ["哪些", "哪几", "有什么", "包括什么", "包含什么", "几个方面", "几种", "几项", "列举"]
    static let englishItemQuestions = ["what are", "which are", "what were", "which were", "list ", "name the", "what steps",
                                       "what factors", "what kinds", "what types"]

    /// The English openings as they stand after another word.
    static let englishItemQuestionsInside = englishItemQuestions.map { " " + $0 }

    /// Whether a question asks for several items rather than one fact. (Searched for by
    /// their UTF-8 bytes: Foundation's `contains` took a tenth of answering's time.)
    static func asksForItems(_ question: String) -> Bool {
        let q = question.lowercased()
        return itemQuestionWords.contains { holds(q, $0) }
            || englishItemQuestions.contains { q.hasPrefix($0) } || englishItemQuestionsInside.contains { holds(q, $0) }
    }

    /// Whether `needle`'s UTF-8 bytes stand in `hay`'s.
    static func holds(_ hay: String, _ needle: String) -> Bool {
        var hay = hay, needle = needle
        return hay.withUTF8 { h in
            needle.withUTF8 { n in
                guard !n.isEmpty else { return true }
                guard n.count <= h.count else { return false }
                let first = n[0]
                for i in 0...(h.count - n.count) where h[i] == first {
                    if memcmp(h.baseAddress! + i, n.baseAddress!, n.count) == 0 { return true }
                }
                return false
            }
        }
    }
}
