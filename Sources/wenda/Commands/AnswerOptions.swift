// The options of the commands that answer questions, one small group each, so that a
// command lists in its help only the options that do something there.
import ArgumentParser
import Foundation
import WendaKit

// A group is shared with the root command (which has them all) by declaring it, of the same type, under the
// same property name: `@OptionGroup var corpusOption: CorpusOption`. Options of the same
// name declared apart would be taken by the root command.

/// Every option of asking, which `wenda ask` and `wenda` itself (the shell, and questions
/// piped in) both take: declared once here so the two stay the same.
struct AskingOptions: ParsableArguments {
    @OptionGroup var corpusOption: CorpusOption
    @OptionGroup var topOption: TopOption
    @OptionGroup var jsonOption: JSONOption
    @OptionGroup var explainOption: ExplainOption
    @OptionGroup var nearMissOption: NearMissOption
    @OptionGroup var transcriptOption: TranscriptOption
    @OptionGroup var weightsOption: WeightsOption
    @OptionGroup var paging: PagerOptions
}

/// `--corpus PATH`.
struct CorpusOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A folder of articles, one article file, a corpus JSONL, a folder `wenda build` wrote, or a Xapian stub of shards (default: $WENDA_CORPUS, the config's corpus, or ./seeds; see `wenda paths`).",
        valueName: "path"))
    var corpus: String?

    /// The corpus in force (see `CorpusChoice`), or a usage error naming the ways to set one.
    func choice() throws(WendaError) -> CorpusChoice {
        try CorpusChoice.resolve(option: corpus, environment: Environment.values)
    }
}

/// `--top N`: how many sentences to quote.
struct TopOption: ParsableArguments {
    // Unconditional: `--top -1` is the value -1 (an invalid value), not a missing one.
    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("How many sentences to quote.", valueName: "n"))
    var top: Int = 3

    func validate() throws {
        guard top >= 1 else { throw ValidationError("invalid value '\(top)' for --top: give 1 or more") }
    }
}

/// `--json`: JSON on stdout. (One type for every command: a group is shared with the root
/// command only when its type is the same.)
struct JSONOption: ParsableArguments {
    @Flag(name: .long, help: "Print JSON: one object per question (JSON Lines), or per run for paths and eval.")
    var json = false

    /// `--json-encoder foundation` (hidden: for measuring): answers' lines made by
    /// Foundation's `JSONEncoder`, the same bytes, as they were before `JSONWriter`.
    @Option(name: .long, help: ArgumentHelp("How JSON lines are made: writer or foundation (for measuring).", visibility: .hidden))
    var jsonEncoder: String?

    func validate() throws {
        switch jsonEncoder {
        case nil, "writer": AnswerLine.throughFoundation = false
        case "foundation": AnswerLine.throughFoundation = true
        case let other?: throw ValidationError("invalid value '\(other)' for --json-encoder: give writer or foundation")
        }
    }
}

/// `--near-misses`: an answer about something near what was asked, framed as a near miss.
struct NearMissOption: ParsableArguments {
    @Flag(name: .long, help: "When the articles name something near what was asked (19号线 for 20号线), quote them, framed as a near miss, rather than say there is no answer.")
    var nearMisses = false

    /// `result` as this run shows it.
    func shown(_ result: AnswerResult) -> AnswerResult { nearMisses ? result.showingNearMisses() : result }
}

/// `--explain`: the terms behind the best passages.
struct ExplainOption: ParsableArguments {
    @Flag(name: .long, help: "Show the terms that matched the best passages and their weights (with --json: an \"explain\" field).")
    var explain = false
}

/// `--no-transcript`.
struct TranscriptOption: ParsableArguments {
    @Flag(name: .long, help: "Do not record this run in the transcript store.")
    var noTranscript = false

    /// The transcript recorder of this run (records nothing with `--no-transcript`; a
    /// store that cannot be used is said once on stderr and the run goes on).
    func recorder(mode: SessionMode, corpus: String) -> TranscriptRecorder {
        TranscriptRecorder.open(mode: mode, corpus: corpus, corpusPath: SessionsSupport.absolute(corpus),
                                corpusFingerprint: { CorpusFingerprint.of(path: corpus) },
                                enabled: !noTranscript, paths: Environment.paths) {
            Diagnostics.warn($0)
        }
    }
}

/// `--weights name=value,…` (hidden: for measuring other settings).
struct WeightsOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Answer-selection weights, name=value,… (for measuring).", visibility: .hidden))
    var weights: String?

    /// The index options and selection weights asked for.
    func settings() throws -> (IndexOptions, SelectionWeights) { try Self.settings(weights) }

    static func settings(_ weights: String?) throws -> (IndexOptions, SelectionWeights) {
        var w = SelectionWeights()
        var o = IndexOptions()
        if let weights {
            let rest = o.apply(weights).joined(separator: ",")
            try w.apply(rest)
        }
        return (o, w)
    }

    func validate() throws {
        do { _ = try settings() } catch { throw ValidationError("invalid value for --weights: \(error.localizedDescription)") }
    }
}

/// Opening the engine that answers.
enum EngineLoader {
    /// Reads the corpus (a saved index when there is a current one) and makes the engine.
    /// An unusable corpus: `WendaError.input`. Articles that could not be read: one line
    /// each on stderr, and go on. `warmAfter`: when the per-sentence tables start filling
    /// on the other core (see `AnswerEngine.warm(after:)`): at once for a run of many questions;
    /// nil: never (the shell starts without reading an article).
    static func load(_ corpus: CorpusChoice, weights: String? = nil,
                     warmAfter delay: Double? = 0) throws(WendaError) -> AnswerEngine {
        do {
            let (o, w) = try WeightsOption.settings(weights)
            let (engine, problems) = try AnswerEngine.loadSaved(
                corpusPath: corpus.path, indexOptions: o, weights: w, cache: Environment.indexCache,
                notice: { Diagnostics.warn($0) }, damaged: { Diagnostics.warn($0) })
            for p in problems { Diagnostics.warn("\(p)") }
            // The per-sentence tables fill on the other core while questions are read (not
            // for shards: that would fetch every article).
            if let delay, !(engine.index is XapianRetriever) {
                DispatchQueue.global(qos: .utility).async { engine.warm(after: delay) }
            }
            return engine
        } catch {
            throw .input(corpus.failure(error))
        }
    }
}

extension AnswerEngine {
    /// `--explain`: the terms that matched the best passages and what each added.
    func explanationText(_ question: String) -> String {
        var out = ""
        for e in explanations(question) {
            out += "passage \(e.docId) ¶\(e.paragraph): score \(String(format: "%.4f", e.score)) (length norm \(String(format: "%.3f", e.lengthNorm)))\n"
            for t in e.terms {
                out += "  \(t.kind) \(t.text)  tf \(t.tf)  idf \(String(format: "%.3f", t.idf))  × \(String(format: "%.2f", t.queryWeight))  = \(String(format: "%.4f", t.contribution))\n"
            }
        }
        return out
    }

    /// The explanations of the best passages, with the article and paragraph they are of.
    func explanations(_ question: String) -> [PassageExplanation] {
        explain(question).map { e in
            let par = index.paragraphs[e.paragraph]
            let article = articles[Int(par.article)]
            return PassageExplanation(
                docId: article.id, paragraph: article.paragraphs[Int(par.index)].number, score: e.score, lengthNorm: e.lengthNorm,
                terms: e.terms.map { .init(kind: "\($0.kind)", text: $0.text, tf: $0.termFrequency, idf: $0.idf,
                                           queryWeight: $0.queryWeight, contribution: $0.contribution) })
        }
    }
}

/// One passage's explanation, as `--explain` prints it and `--json --explain` gives it.
struct PassageExplanation: Encodable {
    struct Term: Encodable {
        var kind: String, text: String, tf: Int, idf: Double, queryWeight: Double, contribution: Double
        enum CodingKeys: String, CodingKey {
            case kind, text, tf, idf, contribution
            case queryWeight = "query_weight"
        }
    }
    var docId: String, paragraph: Int, score: Double, lengthNorm: Double, terms: [Term]
    enum CodingKeys: String, CodingKey {
        case paragraph, score, terms
        case docId = "doc_id"
        case lengthNorm = "length_norm"
    }
}

/// An answer's JSON line (the `--json` contract) with what the command adds to it: the
/// explanation (`explain`, with `--explain`), the question's id (`id`, `eval --answers-out`).
struct AnswerLine: Encodable {
    var result: AnswerResult
    var explain: [PassageExplanation]? = nil
    var id: String? = nil

    enum CodingKeys: String, CodingKey { case explain, id }

    /// Lines made by `JSONEncoder` (`--json-encoder foundation`); set once, before any line.
    nonisolated(unsafe) static var throughFoundation = false

    func encode(to encoder: any Encoder) throws {
        try result.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(explain, forKey: .explain)
        try c.encodeIfPresent(id, forKey: .id)
    }

    /// One line, keys sorted, without a line end (the bytes `JSONEncoder` makes of this
    /// value with `.sortedKeys` and `.withoutEscapingSlashes`; a test checks).
    func json() -> String {
        if Self.throughFoundation { return encodedJSON() }
        var extra: [AnswerResult.ExtraMember] = []
        if let explain {
            extra.append(("explain", { w in
                w.raw("[")
                for (i, e) in explain.enumerated() {
                    if i > 0 { w.raw(",") }
                    e.writeJSON(&w)
                }
                w.raw("]")
            }))
        }
        if let id { extra.append(("id", { $0.string(id) })) }
        return result.jsonLine(adding: extra)
    }

    /// The same line as Foundation's `JSONEncoder` writes it (what `json()` must equal).
    func encodedJSON() -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        guard let data = try? e.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension PassageExplanation {
    /// This explanation as a JSON object (keys sorted).
    func writeJSON(_ w: inout JSONWriter) {
        w.raw("{")
        w.key("doc_id"); w.string(docId)
        w.raw(","); w.key("length_norm"); w.double(lengthNorm)
        w.raw(","); w.key("paragraph"); w.int(paragraph)
        w.raw(","); w.key("score"); w.double(score)
        w.raw(","); w.key("terms"); w.raw("[")
        for (i, t) in terms.enumerated() {
            if i > 0 { w.raw(",") }
            w.raw("{")
            w.key("contribution"); w.double(t.contribution)
            w.raw(","); w.key("idf"); w.double(t.idf)
            w.raw(","); w.key("kind"); w.string(t.kind)
            w.raw(","); w.key("query_weight"); w.double(t.queryWeight)
            w.raw(","); w.key("text"); w.string(t.text)
            w.raw(","); w.key("tf"); w.int(t.tf)
            w.raw("}")
        }
        w.raw("]}")
    }
}
