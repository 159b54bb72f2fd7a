import ArgumentParser

/// Questions read from standard input, one a line.
enum PipedQuestions {
    static func run(options: AnswerOptions) async throws {
        throw ValidationError("piped questions are not yet built")
    }
}
