import ArgumentParser
import Foundation
import WendaKit

struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Answer one question by quoting the articles.",
        discussion: "Exit status: 0 answered, 1 no answer found, 2 usage or input error."
    )

    @Argument(help: "The question.")
    var question: String?

    @OptionGroup var options: AnswerOptions
    @OptionGroup var paging: PagerOptions

    mutating func run() async throws {
        let q = (question ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !q.isEmpty else {
            StandardError.line("wenda ask: give a question, e.g. wenda ask \"长江有多长？\"")
            throw ExitCode(2)
        }
        try options.check()
        let engine = try options.loadEngine(warmAfter: AnswerEngine.warmDelay)
        let result = engine.answer(q, top: options.top)
        var out = OutputBuffer()
        let plain = AnswerPrinter().render(result)
        if options.json {
            out.write(AnswerPrinter(format: .json).render(result))
        } else {
            // Colour and the terminal's width only on a terminal (or as NO_COLOR/FORCE_COLOR say).
            out.write(AnswerPrinter(style: Style.detect(), width: DisplayWidth.terminalColumns()).render(result))
        }
        if options.explain { out.write("\n" + engine.explanationText(q)) }
        for line in StaleNotices(corpus: options.corpus, check: engine.sourceCheck).lines(for: result) { StandardError.line(line) }
        // Taller than the terminal (an --explain): through the pager.
        if Pager.standard(disabled: paging.noPager).show(String(decoding: out.data, as: UTF8.self)) { out.data.removeAll() }
        out.flush()
        let recorder = options.transcriptRecorder(mode: .ask)
        recorder.record(result, rendered: plain)
        recorder.end()
        if result.noAnswer { throw ExitCode(1) }
    }
}
