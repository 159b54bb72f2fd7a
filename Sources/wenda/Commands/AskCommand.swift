// `wenda ask`: one question, from the command line or standard input, answered once.
import ArgumentParser
import Foundation
import WendaKit

struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Answer one question by quoting the articles.",
        discussion: """
            The question is the words given, or else standard input (all of it, one question). \
            Exit status: 0 answered, 1 no answer found, 2 usage or input error.
            """
    )

    @Argument(help: ArgumentHelp("The question (default: read from standard input).", valueName: "question"))
    var question: [String] = []

    @OptionGroup var asking: AskingOptions

    mutating func run() async throws {
        var q = question.joined(separator: " ")
        if q.isEmpty, isatty(STDIN_FILENO) == 0 {
            q = try QuestionReader.wholeInput()
        }
        q = q.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !q.isEmpty else {
            throw WendaError.usage("give a question, e.g. wenda ask \"长江有多长？\" (or on standard input)")
        }
        try Self.answer(q, corpus: asking.corpusOption.choice(), top: asking.topOption.top, json: asking.jsonOption.json,
                        explain: asking.explainOption.explain, nearMisses: asking.nearMissOption, transcript: asking.transcriptOption, weights: asking.weightsOption,
                        pager: Pager.standard(disabled: asking.paging.noPager, environment: Environment.values))
    }

    /// Answers `question` once: the answer is recorded, then printed (text, coloured on a
    /// terminal, or one JSON line); no answer is exit status 1.
    static func answer(_ question: String, corpus: CorpusChoice, top: Int, json: Bool, explain: Bool,
                       nearMisses: NearMissOption = NearMissOption(), transcript: TranscriptOption, weights: WeightsOption, pager: Pager) throws(WendaError) {
        let engine = try EngineLoader.load(corpus, weights: weights.weights, warmAfter: AnswerEngine.warmDelay)
        let result = nearMisses.shown(engine.answer(question, top: top))
        if let failure = result.failure { throw .input(failure) }
        let plain = AnswerPrinter().render(result)
        // On disk before it is shown: an output that fails loses nothing of the transcript.
        let recorder = transcript.recorder(mode: .ask, corpus: corpus.path)
        recorder.record(result, rendered: plain)
        recorder.end()
        let out = Output.standard
        if json {
            try out.write(AnswerLine(result: result, explain: explain ? engine.explanations(question) : nil).json() + "\n")
        } else {
            // Colour and the terminal's width only on a terminal (or as NO_COLOR/FORCE_COLOR say).
            var text = AnswerPrinter(style: Style.detect(environment: Environment.values), width: DisplayWidth.terminalColumns()).render(result)
            if explain { text += "\n" + engine.explanationText(question) }
            // Taller than the terminal (an --explain): through the pager.
            if !pager.show(text) { try out.write(text) }
        }
        try out.flush()
        for line in StaleNotices(corpus: corpus.path, check: engine.sourceCheck).lines(for: result) { Diagnostics.line(line) }
        if result.noAnswer { throw .noAnswer }
    }
}
