import ArgumentParser
import Foundation
import WendaKit

/// Options shared by every command that answers questions.
struct AnswerOptions: ParsableArguments {
    @Option(name: .long, help: "A folder of articles, one article file, or a corpus JSONL.")
    var corpus: String = "seeds"

    @Option(name: .long, help: "How many sentences to quote.")
    var top: Int = 3

    @Flag(name: .long, help: "Print one JSON object per question (JSON Lines).")
    var json = false

    @Flag(name: .long, help: "Do not record this run in the transcript store.")
    var noTranscript = false

    @Flag(name: .long, help: "Piped questions form one conversation: a follow-up (她是…？, 2023年呢？) borrows the previous question's topic.")
    var session = false

    @Flag(name: .long, help: "Show the terms that matched the best passages and their weights.")
    var explain = false

    @Option(name: .long, help: ArgumentHelp("Answer-selection weights, name=value,… (for measuring).", visibility: .hidden))
    var weights: String?

    /// Usage errors found after parsing: one line on stderr, exit 2.
    func check() throws {
        guard top >= 1 else {
            StandardError.line("wenda: --top must be at least 1")
            throw ExitCode(2)
        }
    }
}

/// Standard error, one line at a time.
enum StandardError {
    static func line(_ s: String) {
        FileHandle.standardError.write(Data((s + "\n").utf8))
    }
}

extension AnswerOptions {
    /// The selection weights asked for, or exit 2 with one line on stderr.
    func selectionWeights() throws -> (IndexOptions, SelectionWeights) {
        var w = SelectionWeights()
        var o = IndexOptions()
        if let weights {
            let rest = o.apply(weights).joined(separator: ",")
            do { try w.apply(rest) } catch {
                StandardError.line("wenda: \(error.localizedDescription)")
                throw ExitCode(2)
            }
        }
        return (o, w)
    }

    /// Reads the corpus and builds the engine. An unusable corpus path: one line on
    /// stderr, exit 2. Articles that could not be read: one line each, and go on.
    /// `warmAfter`: when the per-sentence tables start filling on the other core (see
    /// `AnswerEngine.warm(after:)`): at once for a run of many questions.
    func loadEngine(warmAfter delay: Double = 0) throws -> AnswerEngine {
        try check()
        let (o, w) = try selectionWeights()
        do {
            let (engine, problems) = try AnswerEngine.loadSaved(corpusPath: corpus, indexOptions: o, weights: w,
                                                                notice: { StandardError.line("wenda: \($0)") })
            for p in problems { StandardError.line("wenda: \(p)") }
            // The per-sentence tables fill on the other core while questions are read.
            DispatchQueue.global(qos: .utility).async { engine.warm(after: delay) }
            return engine
        } catch {
            StandardError.line("wenda: \(error.localizedDescription)")
            throw ExitCode(2)
        }
    }

    /// The transcript recorder of this run (records nothing with `--no-transcript`;
    /// a store that cannot be used is said once on stderr and the run goes on).
    func transcriptRecorder(mode: SessionMode) -> TranscriptRecorder {
        TranscriptRecorder.open(mode: mode, corpus: corpus, enabled: !noTranscript) { message in
            StandardError.line("wenda: \(message)")
        }
    }
}

/// Buffered standard output.
struct OutputBuffer {
    var data = Data()
    mutating func write(_ s: String) {
        data.append(contentsOf: s.utf8)
        if data.count >= 1 << 16 { flush() }
    }
    mutating func flush() {
        guard !data.isEmpty else { return }
        FileHandle.standardOutput.write(data)
        data.removeAll(keepingCapacity: true)
    }
}

extension AnswerEngine {
    /// `--explain`: the terms that matched the best passages and what each added.
    func explanationText(_ question: String) -> String {
        var out = ""
        for e in explain(question) {
            let par = index.paragraphs[index.paragraph(ofPassage: e.passage)]
            let article = articles[Int(par.article)]
            out += "passage \(article.id) ¶\(article.paragraphs[Int(par.index)].number): score \(String(format: "%.4f", e.score)) (length norm \(String(format: "%.3f", e.lengthNorm)))\n"
            for t in e.terms {
                out += "  \(t.kind) \(t.text)  tf \(t.termFrequency)  idf \(String(format: "%.3f", t.idf))  × \(String(format: "%.2f", t.queryWeight))  = \(String(format: "%.4f", t.contribution))\n"
            }
        }
        return out
    }
}
