import ArgumentParser
import Foundation
import WendaKit

/// Questions read from standard input, one a line: blank lines and `#` comments skipped,
/// every answer printed in order, no prompt, no colour. The index is built once.
enum PipedQuestions {
    static func run(options: AnswerOptions) async throws {
        let engine = try options.loadEngine()
        let printer = AnswerPrinter()
        let stale = StaleNotices(corpus: options.corpus, check: engine.sourceCheck)
        var out = OutputBuffer()
        var failed = false
        var first = true
        var conversation = Conversation()
        let recorder = options.transcriptRecorder(mode: .pipe)
        defer { recorder.end() }
        while let raw = readLine(strippingNewline: true) {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.unicodeScalars.contains("\u{FFFD}") {
                StandardError.line("wenda: not UTF-8 text: \(line)")
                failed = true
                continue
            }
            var result = engine.answer(options.session ? conversation.resolve(line) : line, top: options.top)
            result.question = line
            // Rendered once, for the output and the transcript alike (not at all for an
            // unrecorded --json run).
            let rendered = options.json && !recorder.isRecording ? "" : printer.render(result)
            // On disk before it is shown (as in the shell): a crash loses at most the turn
            // in flight, never one already printed.
            if recorder.isRecording { recorder.record(result, rendered: rendered) }
            for line in stale.lines(for: result) { StandardError.line(line) }
            if options.json {
                out.write(AnswerPrinter(format: .json).render(result))
            } else {
                if !first { out.write("\n") }
                out.write("> \(TerminalText.safe(line, keepNewlines: false))\n")
                out.write(rendered)
                if options.explain { out.write(engine.explanationText(line)) }
            }
            first = false
            if recorder.isRecording { out.flush() }
        }
        out.flush()
        if failed { throw ExitCode(3) }
    }
}
