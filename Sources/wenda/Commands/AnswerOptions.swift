import ArgumentParser

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
}
