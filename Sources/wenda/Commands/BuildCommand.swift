import ArgumentParser
import Foundation
import WendaKit

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Read articles and write the segmented corpus.",
        discussion: """
            Reads the articles under each SOURCE (files, or folders read recursively: .txt, .md, \
            .html, .htm and corpus .jsonl; UTF-8, or GB18030/GBK or Big5 Chinese) and writes one JSON file per article, with its \
            paragraphs, sentences and words, plus manifest.json, to the output folder. Files \
            an earlier build wrote for articles no longer present are removed; nothing else is \
            touched. Files that cannot be read are reported on standard error and skipped: the \
            exit status is then 1; it is 2 when a SOURCE does not exist or holds no \
            readable article (the corpus is then left alone).
            """
    )

    @Argument(help: "Article files or folders (default: seeds).")
    var sources: [String] = []

    @Option(name: .long, help: "The corpus folder to write.")
    var out: String = "corpus"

    mutating func run() async throws {
        let paths = sources.isEmpty ? ["seeds"] : sources
        let loaded: (articles: [Article], problems: [ReadProblem])
        do {
            loaded = try CorpusLoader.load(paths)
        } catch {
            Self.say("wenda: \(error.localizedDescription)")
            throw ExitCode(2)
        }
        for problem in loaded.problems { Self.say("wenda: \(problem)") }
        guard !loaded.articles.isEmpty else {
            // Nothing to build: leave the corpus as it is rather than empty it.
            Self.say("wenda: \(CorpusError.noArticles(paths.joined(separator: " ")).localizedDescription); \(out) left as it was")
            throw ExitCode(2)
        }
        let summary: CorpusWriter.Summary
        do {
            summary = try CorpusWriter.write(loaded.articles, to: URL(fileURLWithPath: out))
        } catch {
            Self.say("wenda: \(error.localizedDescription)")
            throw ExitCode(2)
        }
        let paragraphs = loaded.articles.reduce(0) { $0 + $1.paragraphs.count }
        let sentences = loaded.articles.reduce(0) { $0 + $1.sentenceCount }
        let articleFiles = summary.written.filter { $0 != CorpusWriter.manifestName }.count
        Self.say(
            "wenda: built \(out): \(loaded.articles.count) articles, \(paragraphs) paragraphs, "
                + "\(sentences) sentences, \(loaded.problems.count) skipped "
                + "(\(articleFiles) written, \(summary.removed.count) removed)")
        if !loaded.problems.isEmpty { throw ExitCode(1) }
    }

    static func say(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
