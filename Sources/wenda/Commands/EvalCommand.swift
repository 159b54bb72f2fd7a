// `wenda eval`: answer a questions file and print the measures (recall, sentence accuracy, span, no answer, latency).
import ArgumentParser
import Foundation
import WendaKit

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure answers against a questions file (JSON Lines).",
        discussion: """
            QUESTIONS holds one {"id", "question", "answers": [...], "doc_id", "no_answer"?} a line. \
            A line marked bad by a reviewer (`wenda sessions export --format eval`: "wrong": \
            [{"text", …}] or "wrong_no_answer": true) is scored apart: bad_repeated is the \
            share whose first quote is still the one said to be wrong (or still no answer). \
            Prints article recall@1/5/20 and MRR@20 (a retrieved passage is of the question's \
            doc_id), paragraph recall@1/5/20 (a retrieved passage of that article holds a gold \
            answer: the data names no paragraph, so the one holding the answer stands for it), \
            top-1 and top-3 sentence accuracy, span exact match and F1 of the highlight, \
            no-answer rates and latency. Answerable questions without a doc_id are counted \
            apart and left out of the recall measures.
            """
    )

    @Argument(help: "The questions file (JSON Lines).")
    var questions: String

    @OptionGroup var corpusOption: CorpusOption
    @OptionGroup var topOption: TopOption
    @OptionGroup var jsonOption: JSONOption
    @OptionGroup var weightsOption: WeightsOption

    @Option(name: .long, help: ArgumentHelp("Also write the answers, one JSON line per question with its \"id\", to this file (`-`: standard output).", valueName: "file"))
    var answersOut: String?

    @Option(name: .long, help: ArgumentHelp("List up to N top-1 misses on stderr.", valueName: "n"))
    var misses: Int = 0

    mutating func run() async throws {
        let items = try EvalQuestion.read(questions)
        let corpus = try corpusOption.choice()
        let clock = ContinuousClock()
        let t0 = clock.now
        let engine = try EngineLoader.load(corpus, weights: weightsOption.weights)
        let built = clock.now - t0
        Diagnostics.warn("\(Plural.count(engine.articles.count, "article")), \(Plural.count(engine.index.statistics.passageCount, "passage")), read and indexed in \(built.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 2))))", command: "eval")
        var handle: FileOutput?
        if let answersOut {
            do {
                handle = answersOut == "-" ? FileOutput(descriptor: STDOUT_FILENO, name: "standard output")
                    : try FileOutput(path: answersOut)
            } catch {
                throw WendaError.input(error)
            }
        }
        var lines = Data()
        var score = EvalScore()
        var missed = 0
        for q in items {
            let result = engine.answer(q.question, top: topOption.top)
            if let failure = result.failure { throw WendaError.input("\(q.id): \(failure)") }
            if let handle {
                lines.append(contentsOf: (AnswerLine(result: result, id: q.id).json() + "\n").utf8)
                if lines.count > 1 << 16 { try Self.write(&lines, to: handle) }
            }
            let hit = score.add(q, result)
            if q.isMarkedBad {
                if !hit, missed < misses {
                    missed += 1
                    Diagnostics.line("STILL WRONG \(q.id): \(q.question) | note \(q.note ?? "-") | got \(result.answers.first?.text ?? "no answer")")
                }
            } else if !hit, !q.noAnswer, missed < misses {
                missed += 1
                Diagnostics.line("MISS \(q.id): \(q.question) | gold \(q.answers) | got \(result.answers.first?.text ?? "-")")
            }
        }
        if let handle {
            try Self.write(&lines, to: handle)
            do { try handle.commit() } catch { throw WendaError.input(error) }
        }
        if score.badMarked > 0 {
            Diagnostics.warn("\(Plural.count(score.badMarked, "question")) marked bad, scored apart: \(score.badRepeated) still \(score.badRepeated == 1 ? "gets" : "get") the answer said to be wrong", command: "eval")
        }
        if score.withoutDocId > 0 {
            Diagnostics.warn("\(Plural.count(score.withoutDocId, "answerable question")) without a doc_id: left out of the recall measures", command: "eval")
        }
        try Output.standard.write(jsonOption.json ? score.json() : score.table())
    }

    private static func write(_ data: inout Data, to out: FileOutput) throws(WendaError) {
        do { try out.write(data) } catch {
            out.abandon()
            throw .input(error)
        }
        data.removeAll(keepingCapacity: true)
    }
}

/// One line of a questions file.
struct EvalQuestion {
    var id: String
    var question: String
    var answers: [String]
    var docId: String
    var noAnswer: Bool
    /// A reviewer's bad mark: the sentences said to be a wrong answer, or that having no
    /// answer was wrong; and what they wrote.
    var wrong: [String] = []
    var wrongNoAnswer = false
    var note: String?

    var isMarkedBad: Bool { !wrong.isEmpty || wrongNoAnswer }

    /// The questions of the file at `path`; a line that is not one: `PATH:LINE: reason`.
    static func read(_ path: String) throws(WendaError) -> [EvalQuestion] {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
            throw .input("\(path): \(!exists ? "no such file" : isDir.boolValue ? "is a folder" : "cannot be read")")
        }
        var out: [EvalQuestion] = []
        var bytes = [UInt8](data)[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        for (n, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            do { out.append(try EvalQuestion(json: Data(line))) } catch {
                throw .input("\(path):\(n + 1): \(error.reason)")
            }
        }
        return out
    }

    struct LineError: Error { var reason: String }

    init(json: Data) throws(LineError) {
        guard let value = try? JSONSerialization.jsonObject(with: json) else { throw LineError(reason: "not valid JSON") }
        guard let o = value as? [String: Any] else { throw LineError(reason: "not a JSON object") }
        guard let q = o["question"] as? String else { throw LineError(reason: "no \"question\" string") }
        question = q
        if let v = o["id"], !(v is String) { throw LineError(reason: "\"id\" is not a string") }
        id = o["id"] as? String ?? ""
        if let v = o["answers"], !(v is [String]) { throw LineError(reason: "\"answers\" is not a list of strings") }
        answers = o["answers"] as? [String] ?? []
        if let v = o["doc_id"], !(v is String) { throw LineError(reason: "\"doc_id\" is not a string") }
        docId = o["doc_id"] as? String ?? ""
        if let v = o["no_answer"], !(v is Bool) { throw LineError(reason: "\"no_answer\" is not true or false") }
        noAnswer = o["no_answer"] as? Bool ?? false
        if let v = o["wrong"] {
            guard let list = v as? [[String: Any]], list.allSatisfy({ $0["text"] is String }) else {
                throw LineError(reason: "\"wrong\" is not a list of {\"text\": …} objects")
            }
            wrong = list.compactMap { $0["text"] as? String }
        }
        if let v = o["wrong_no_answer"], !(v is Bool) { throw LineError(reason: "\"wrong_no_answer\" is not true or false") }
        wrongNoAnswer = o["wrong_no_answer"] as? Bool ?? false
        note = o["note"] as? String
    }
}

/// The measures of the project's scoring script, computed the same way.
struct EvalScore {
    var questions = 0, answerable = 0, unanswerable = 0
    /// Answerable questions without a doc_id: left out of the recall measures.
    var withoutDocId = 0
    var r1 = 0.0, r5 = 0.0, r20 = 0.0, mrr = 0.0, top1 = 0.0, top3 = 0.0, em = 0.0, f1 = 0.0, fna = 0.0, naOK = 0.0
    var p1 = 0.0, p5 = 0.0, p20 = 0.0
    var elapsed: [Double] = []
    /// Questions a reviewer marked bad, and how many still get the answer said to be wrong.
    var badMarked = 0, badRepeated = 0

    /// Adds one question; returns whether the top sentence holds a gold answer (for a
    /// question marked bad: whether the answer said to be wrong is gone).
    mutating func add(_ q: EvalQuestion, _ o: AnswerResult) -> Bool {
        if q.isMarkedBad {
            badMarked += 1
            let repeated = q.wrongNoAnswer ? o.noAnswer : (o.answers.first.map { q.wrong.contains($0.text) } ?? false)
            if repeated { badRepeated += 1 }
            return !repeated
        }
        questions += 1
        elapsed.append(o.elapsedMs)
        if q.noAnswer {
            unanswerable += 1
            if o.noAnswer { naOK += 1 }
            return o.noAnswer
        }
        answerable += 1
        let golds = q.answers.filter { !$0.isEmpty }
        if q.docId.isEmpty {
            withoutDocId += 1
        } else {
            let top = o.passages.prefix(20)
            if let i = top.firstIndex(where: { $0.docId == q.docId }) {
                let rank = i + 1
                mrr += 1 / Double(rank)
                if rank <= 1 { r1 += 1 }
                if rank <= 5 { r5 += 1 }
                r20 += 1
            }
            // The paragraph: one of that article holding a gold answer.
            if let i = top.firstIndex(where: { p in p.docId == q.docId && golds.contains { p.text.contains($0) } }) {
                if i < 1 { p1 += 1 }
                if i < 5 { p5 += 1 }
                p20 += 1
            }
        }
        let texts = o.answers.map(\.text)
        let hit = texts.first.map { t in golds.contains { t.contains($0) } } ?? false
        if hit { top1 += 1 }
        if texts.prefix(3).contains(where: { t in golds.contains { t.contains($0) } }) { top3 += 1 }
        if let a = o.answers.first, let h = a.highlight.first, h.count == 2 {
            let s = Array(a.text.unicodeScalars)
            let lo = max(0, min(h[0], s.count)), hi = max(lo, min(h[1], s.count))
            let span = String(String.UnicodeScalarView(s[lo..<hi]))
            if golds.contains(span) { em += 1 }
            f1 += golds.map { Self.charF1(span, $0) }.max() ?? 0
        }
        if o.noAnswer { fna += 1 }
        return hit
    }

    static func charF1(_ pred: String, _ gold: String) -> Double {
        let p = Array(pred), g0 = Array(gold)
        guard !p.isEmpty, !g0.isEmpty else { return 0 }
        var g = g0
        var common = 0
        for ch in p {
            if let i = g.firstIndex(of: ch) { g.remove(at: i); common += 1 }
        }
        guard common > 0 else { return 0 }
        let pr = Double(common) / Double(p.count), rc = Double(common) / Double(g0.count)
        return 2 * pr * rc / (pr + rc)
    }

    var withDocId: Int { answerable - withoutDocId }

    var rows: [(String, Double?)] {
        func pct(_ x: Double, _ n: Int) -> Double? { n > 0 ? (x / Double(n) * 10000).rounded() / 10000 : nil }
        let sorted = elapsed.sorted()
        let p50: Double? = sorted.isEmpty ? nil : (sorted.count % 2 == 1 ? sorted[sorted.count / 2]
            : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2)
        // Nearest rank: the smallest time at least 95% of questions took (never below the median).
        let p95: Double? = sorted.isEmpty ? nil : sorted[max(0, Int((0.95 * Double(sorted.count)).rounded(.up)) - 1)]
        func ms(_ x: Double?) -> Double? { x.map { ($0 * 1000).rounded() / 1000 } }
        return [
            ("questions", Double(questions)), ("answerable", Double(answerable)), ("unanswerable", Double(unanswerable)),
            ("without_doc_id", Double(withoutDocId)),
            ("article_R@1", pct(r1, withDocId)), ("article_R@5", pct(r5, withDocId)), ("article_R@20", pct(r20, withDocId)),
            ("article_MRR@20", pct(mrr, withDocId)),
            ("paragraph_R@1", pct(p1, withDocId)), ("paragraph_R@5", pct(p5, withDocId)), ("paragraph_R@20", pct(p20, withDocId)),
            ("top1", pct(top1, answerable)), ("top3", pct(top3, answerable)),
            ("span_em", pct(em, answerable)), ("span_f1", pct(f1, answerable)),
            ("false_no_answer", pct(fna, answerable)), ("no_answer_ok", pct(naOK, unanswerable)),
            ("bad_marked", Double(badMarked)), ("bad_repeated", pct(Double(badRepeated), badMarked)),
            ("elapsed_ms_p50", ms(p50)), ("elapsed_ms_p95", ms(p95)),
        ]
    }

    static func format(_ v: Double?) -> String {
        guard let v else { return "None" }
        return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
    }

    func table() -> String {
        rows.map { k, v in k.padding(toLength: 18, withPad: " ", startingAt: 0) + " " + Self.format(v) }.joined(separator: "\n") + "\n"
    }

    func json() -> String {
        "{" + rows.map { k, v in "\"\(k)\": \(v.map { Self.format($0) } ?? "null")" }.joined(separator: ", ") + "}\n"
    }
}
