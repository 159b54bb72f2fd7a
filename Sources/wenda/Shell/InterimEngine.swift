// INTERIM — a stand-in until `AnswerEngine` is merged. Delete this file at merge and give
// `ShellBackend.load(corpus:)` the real engine, e.g.
//
//     extension ShellBackend {
//         static func load(corpus: String) throws -> ShellBackend {
//             let engine = try AnswerEngine(corpus: corpus)
//             return ShellBackend(engine: engine, articles: engine.articles, corpus: corpus)
//         }
//     }
import Foundation
import WendaKit

extension ShellBackend {
    static func load(corpus: String) throws -> ShellBackend {
        let (articles, _) = try CorpusLoader.load([corpus])
        guard !articles.isEmpty else { throw CorpusError.noArticles(corpus) }
        return ShellBackend(engine: InterimEngine(articles: articles), articles: articles, corpus: corpus)
    }
}

/// Quotes the sentences holding the most distinct characters of the question. Only for
/// running the shell before the real engine lands.
struct InterimEngine: QuestionAnswering {
    let articles: [Article]

    func answer(_ question: String, top: Int) -> AnswerResult {
        let start = Date()
        let wanted = Set(question.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.isIdeographic }
            .map { Normalizer.fold($0) })
        var scored: [(score: Double, article: Article, paragraph: Paragraph, sentence: Sentence)] = []
        for a in articles {
            for p in a.paragraphs {
                for s in p.sentences {
                    let have = Set(a.slice(s.range).unicodeScalars.map { Normalizer.fold($0) })
                    let hits = wanted.intersection(have).count
                    guard !wanted.isEmpty, hits >= 2 else { continue }
                    scored.append((Double(hits) / Double(wanted.count), a, p, s))
                }
            }
        }
        scored.sort { ($0.score, $1.article.id, $1.sentence.range.lowerBound) > ($1.score, $0.article.id, $0.sentence.range.lowerBound) }
        let answers = scored.filter { $0.score >= 0.34 }.prefix(max(0, top)).map { hit in
            QuotedSentence(
                text: hit.article.slice(hit.sentence.range), score: hit.score, highlight: [],
                citation: Citation(docId: hit.article.id, title: hit.article.title, author: hit.article.author,
                                   date: hit.article.date, source: hit.article.source, paragraph: hit.paragraph.number,
                                   sentence: hit.sentence.number, start: hit.sentence.range.lowerBound,
                                   end: hit.sentence.range.upperBound))
        }
        let passages = scored.prefix(3).map {
            PassageHit(docId: $0.article.id, paragraph: $0.paragraph.number, score: $0.score,
                       text: $0.article.slice($0.paragraph.range))
        }
        return AnswerResult(question: question, noAnswer: answers.isEmpty, answers: Array(answers),
                            passages: Array(passages), elapsedMs: Date().timeIntervalSince(start) * 1000)
    }
}
