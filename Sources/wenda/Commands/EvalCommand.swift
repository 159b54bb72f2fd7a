import ArgumentParser
import Foundation
import WendaKit

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure answers against a questions file (JSON Lines).",
        discussion: """
            QUESTIONS holds one {"id", "question", "answers": [...], "doc_id", "no_answer"?} a line. \
            Prints paragraph recall@1/5/20 and MRR, top-1 and top-3 sentence accuracy, span \
            exact match and F1 of the highlight, no-answer rates and latency, as the \
            project's scoring script does.
            """
    )

    @Argument(help: "The questions file (JSON Lines).")
    var questions: String

    @OptionGroup var options: AnswerOptions

    @Option(name: .long, help: "Also write the answers, one JSON line per question, to this file (`-`: standard output).")
    var answersOut: String?

    @Option(name: .long, help: "List up to N top-1 misses on stderr.")
    var misses: Int = 0

    mutating func run() async throws {
        let items: [EvalQuestion]
        do {
            items = try EvalQuestion.read(questions)
        } catch {
            StandardError.line("wenda eval: \(error.localizedDescription)")
            throw ExitCode(2)
        }
        let clock = ContinuousClock()
        let t0 = clock.now
        let engine = try options.loadEngine()
        let built = clock.now - t0
        StandardError.line("wenda eval: \(engine.articles.count) articles, \(engine.index.passageCount) passages, read and indexed in \(built.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 2))))")
        var lines = OutputBuffer()
        var handle: FileOutput?
        if let answersOut {
            do {
                handle = answersOut == "-" ? FileOutput(descriptor: STDOUT_FILENO, name: "standard output")
                    : try FileOutput(path: answersOut)
            } catch {
                StandardError.line("wenda eval: \(error.localizedDescription)")
                throw ExitCode(2)
            }
        }
        var score = EvalScore()
        var missed = 0
        for q in items {
            let result = engine.answer(q.question, top: options.top)
            if let handle {
                lines.data.append(contentsOf: (result.jsonLine() + "\n").utf8)
                if lines.data.count > 1 << 16 { try write(lines.data, to: handle); lines.data.removeAll(keepingCapacity: true) }
            }
            let hit = score.add(q, result)
            if !hit, !q.noAnswer, missed < misses {
                missed += 1
                StandardError.line("MISS \(q.id): \(q.question) | gold \(q.answers) | got \(result.answers.first?.text ?? "-")")
            }
        }
        if let handle {
            try write(lines.data, to: handle)
            do { try handle.commit() } catch {
                StandardError.line("wenda eval: \(error.localizedDescription)")
                throw ExitCode(2)
            }
        }
        print(options.json ? score.json() : score.table(), terminator: "")
    }
}

extension EvalCommand {
    private func write(_ data: Data, to out: FileOutput) throws {
        do { try out.write(data) } catch {
            out.abandon()
            StandardError.line("wenda eval: \(error.localizedDescription)")
            throw ExitCode(2)
        }
    }
}

struct EvalQuestion: Decodable {
    var id: String
    var question: String
    var answers: [String]
    var docId: String
    var noAnswer: Bool

    enum CodingKeys: String, CodingKey {
        case id, question, answers
        case docId = "doc_id"
        case noAnswer = "no_answer"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        question = try c.decode(String.self, forKey: .question)
        answers = try c.decodeIfPresent([String].self, forKey: .answers) ?? []
        docId = try c.decodeIfPresent(String.self, forKey: .docId) ?? ""
        noAnswer = try c.decodeIfPresent(Bool.self, forKey: .noAnswer) ?? false
    }

    static func read(_ path: String) throws -> [EvalQuestion] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("\(path): no such file, or it cannot be read")
        }
        var out: [EvalQuestion] = []
        let d = JSONDecoder()
        for (n, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            do { out.append(try d.decode(EvalQuestion.self, from: Data(line))) } catch {
                throw ValidationError("\(path):\(n + 1): not a question line (\(error.localizedDescription))")
            }
        }
        return out
    }
}

/// The measures of the project's scoring script, computed the same way.
struct EvalScore {
    var questions = 0, answerable = 0, unanswerable = 0
    var r1 = 0.0, r5 = 0.0, r20 = 0.0, mrr = 0.0, top1 = 0.0, top3 = 0.0, em = 0.0, f1 = 0.0, fna = 0.0, naOK = 0.0
    var elapsed: [Double] = []

    /// Adds one question; returns whether the top sentence holds a gold answer.
    mutating func add(_ q: EvalQuestion, _ o: AnswerResult) -> Bool {
        questions += 1
        elapsed.append(o.elapsedMs)
        if q.noAnswer {
            unanswerable += 1
            if o.noAnswer { naOK += 1 }
            return o.noAnswer
        }
        answerable += 1
        let golds = q.answers.filter { !$0.isEmpty }
        let docs = o.passages.prefix(20).map(\.docId)
        if let i = docs.firstIndex(of: q.docId) {
            let rank = i + 1
            mrr += 1 / Double(rank)
            if rank <= 1 { r1 += 1 }
            if rank <= 5 { r5 += 1 }
            r20 += 1
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

    var rows: [(String, Double?)] {
        func pct(_ x: Double, _ n: Int) -> Double? { n > 0 ? (x / Double(n) * 10000).rounded() / 10000 : nil }
        let sorted = elapsed.sorted()
        let p50: Double? = sorted.isEmpty ? nil : (sorted.count % 2 == 1 ? sorted[sorted.count / 2]
            : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2)
        let p95: Double? = sorted.isEmpty ? nil : sorted[Int(0.95 * Double(sorted.count - 1))]
        func ms(_ x: Double?) -> Double? { x.map { ($0 * 1000).rounded() / 1000 } }
        return [
            ("questions", Double(questions)), ("answerable", Double(answerable)), ("unanswerable", Double(unanswerable)),
            ("R@1", pct(r1, answerable)), ("R@5", pct(r5, answerable)), ("R@20", pct(r20, answerable)),
            ("MRR@20", pct(mrr, answerable)), ("top1", pct(top1, answerable)), ("top3", pct(top3, answerable)),
            ("span_em", pct(em, answerable)), ("span_f1", pct(f1, answerable)),
            ("false_no_answer", pct(fna, answerable)), ("no_answer_ok", pct(naOK, unanswerable)),
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
