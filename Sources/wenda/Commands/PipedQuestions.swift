// Questions piped on standard input, one a line, answered in order (no prompt, no colour).
import ArgumentParser
import Foundation
import WendaKit

/// Blank lines and `#` comments are skipped (a byte-order mark at the start is dropped), every
/// answer is printed in order, and the index is built once. Exit status: 0 when at least
/// one question was answered, 1 when none was (or there were none), 3 when a line could not
/// be answered (not UTF-8) or the output could not be written.
enum PipedQuestions {
    static func run(corpus: CorpusChoice, top: Int, json: Bool, explain: Bool, session: Bool,
                    nearMisses: NearMissOption = NearMissOption(), transcript: TranscriptOption, weights: WeightsOption) throws(WendaError) {
        let engine = try EngineLoader.load(corpus, weights: weights.weights)
        let printer = AnswerPrinter()
        let stale = StaleNotices(corpus: corpus.path, check: engine.sourceCheck)
        let out = Output.standard
        var failed = false, first = true, answered = 0
        var conversation = Conversation()
        let recorder = transcript.recorder(mode: .pipe, corpus: corpus.path)
        defer { recorder.end() }
        var reader = QuestionReader()
        do {
            while let raw = reader.next() {
                guard let text = raw.text else {
                    Diagnostics.warn("standard input, line \(raw.number): not UTF-8 text, skipped: \(preview(raw.lossy))")
                    failed = true
                    continue
                }
                let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if line.isEmpty || line.hasPrefix("#") { continue }
                let asked = session ? conversation.resolve(line) : line
                var result = nearMisses.shown(engine.answer(asked, top: top))
                if let failure = result.failure {
                    // Not answered (nor recorded): said, and the run goes on.
                    Diagnostics.warn("\(preview(line)): not answered: \(failure)")
                    failed = true
                    continue
                }
                result.question = line
                if !result.noAnswer { answered += 1 }
                // Rendered once, for the output and the transcript alike (not at all for an
                // unrecorded --json run).
                let rendered = json && !recorder.isRecording ? "" : printer.render(result)
                // On disk before it is shown (as in the shell): a crash loses at most the turn
                // in flight, never one already printed.
                if recorder.isRecording { recorder.record(result, rendered: rendered, askedAs: asked) }
                for line in stale.lines(for: result) { Diagnostics.line(line) }
                if json {
                    try out.write(AnswerLine(result: result, explain: explain ? engine.explanations(line) : nil).json() + "\n")
                } else {
                    if !first { try out.write("\n") }
                    try out.write("> \(TerminalText.safe(line, keepNewlines: false))\n")
                    try out.write(rendered)
                    if explain { try out.write(engine.explanationText(line)) }
                }
                first = false
                if recorder.isRecording { try out.flush() }
            }
            try out.flush()
        } catch {
            throw error.inPipedRun
        }
        if failed { throw .questionsFailed }
        if answered == 0 { throw .noAnswer }
    }

    /// The start of a line for a message (made terminal-safe by `Diagnostics`).
    static func preview(_ text: String) -> String {
        let s = Array(text.unicodeScalars)
        return s.count <= 40 ? text : String(String.UnicodeScalarView(s[0..<40])) + "…"
    }
}
