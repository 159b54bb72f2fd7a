// `wenda paths`: where wenda keeps what it reads and remembers, and which corpus is in force.
import ArgumentParser
import Foundation
import WendaKit

struct PathsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paths",
        abstract: "Print where wenda keeps its settings, history, transcripts, corpus, index and dictionary, and which corpus is in force."
    )

    @OptionGroup var corpusOption: CorpusOption
    @OptionGroup var jsonOption: JSONOption

    mutating func run() async throws {
        let paths = Environment.paths
        let cache = Environment.indexCache
        // No corpus at all is shown, not an error: this is where a user looks to see why.
        var choice: CorpusChoice?
        var problem: String?
        do { choice = try corpusOption.choice() } catch { problem = error.message }
        var rows: [(key: String, label: String, path: String?)] = [
            ("config", "settings", Config.file.path),
            ("history", "input history", Environment.historyFile.path),
            ("transcripts", "transcripts", paths.transcriptStore.path),
        ]
        if let choice {
            let url = URL(fileURLWithPath: choice.path).standardizedFileURL
            rows.append(("corpus", "corpus", url.path))
            rows.append(("index", "index of the corpus", CorpusFolder.isCorpus(url)
                ? url.appendingPathComponent(CorpusIndex.listName).path : cache.file(for: choice.path).path))
        } else {
            rows.append(("corpus", "corpus", nil))
            rows.append(("index", "index of the corpus", nil))
        }
        rows.append(("index_cache", "index cache", cache.root.path))
        rows.append(("dictionary", "dictionary", SegmenterDictionary.compiledURL()?.path))
        if jsonOption.json {
            var obj: [String: Any] = [:]
            for r in rows { obj[r.key] = r.path ?? NSNull() }
            obj["corpus_from"] = choice.map { $0.origin == .config ? "config" : $0.origin.rawValue } ?? NSNull()
            let data = (try? JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            try Output.standard.write(String(decoding: data, as: UTF8.self) + "\n")
            return
        }
        let width = rows.map(\.label.count).max() ?? 0
        var out = ""
        for r in rows {
            let label = r.label.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            guard let path = r.path else {
                out += label + (r.key == "dictionary" ? "(not found)\n" : "(none: \(problem ?? CorpusChoice.noCorpus))\n")
                continue
            }
            var note = FileManager.default.fileExists(atPath: path) ? "" : "  (not yet created)"
            if r.key == "corpus", let choice { note = "  (from \(choice.originText))" + (note.isEmpty ? "" : ", does not exist") }
            out += label + TerminalText.safe(path, keepNewlines: false) + note + "\n"
        }
        try Output.standard.write(out)
    }
}
