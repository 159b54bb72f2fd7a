import ArgumentParser
import Foundation
import WendaKit

struct PathsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paths",
        abstract: "Print where wenda keeps its history, transcripts, articles and index."
    )

    // The root command's options (--corpus, --json) are shared with it: options of the
    // same names declared apart would be taken by the root command.
    @OptionGroup var options: AnswerOptions

    mutating func run() async throws {
        let (corpus, json) = (options.corpus, options.json)
        let paths = WendaPaths()
        let corpusURL = URL(fileURLWithPath: corpus).standardizedFileURL
        let rows: [(key: String, label: String, path: String)] = [
            ("history", "input history", paths.historyFile.path),
            ("transcripts", "transcripts", paths.transcriptStore.path),
            ("corpus", "articles (--corpus)", corpusURL.path),
            ("index", "index of --corpus", CorpusFolder.isCorpus(corpusURL)
                ? corpusURL.appendingPathComponent(IndexFile.name).path : IndexCache.standard().file(for: corpus).path),
            ("index_cache", "index cache", IndexCache.standard().root.path),
        ]
        if json {
            var obj: [String: String] = [:]
            for r in rows { obj[r.key] = r.path }
            let data = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        let width = rows.map(\.label.count).max() ?? 0
        for r in rows {
            let exists = FileManager.default.fileExists(atPath: r.path) ? "" : "  (not yet created)"
            print(r.label.padding(toLength: width + 2, withPad: " ", startingAt: 0) + r.path + exists)
        }
    }
}
