// `wenda build`: read articles and write the segmented corpus with its saved index, or
// (`--engine xapian`) Xapian shard databases.
import ArgumentParser
import Foundation
import WendaKit

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Read articles and write the segmented corpus.",
        discussion: """
            Reads the articles under each SOURCE (files, or folders read recursively: .txt, .md, \
            .html, .htm and corpus .jsonl; UTF-8, or GB18030/GBK or Big5 Chinese) and writes the \
            segmented corpus to the output folder: each article as JSON with its paragraphs, \
            sentences and words (<id>.json for an article alone in its file; the articles of \
            a corpus JSONL share files named after it, 256 at most each), plus manifest.json. \
            Files an earlier build wrote for articles since gone from the same SOURCEs are \
            removed; nothing else is touched. A build refuses (exit 2) to remove the articles \
            of a corpus built from other sources, or to overwrite a file no build of the \
            corpus wrote, unless given --force. The passage index is saved beside them, \
            for `--corpus` with that folder: segments.json lists its segments (segment-N.wenda, \
            each with its deleted articles in a .del file); a build writes the articles added or \
            changed since the last as a new segment and marks their old versions deleted, and \
            merges segments when a size tier holds eight (--merge: into one). Each article is segmented once; articles \
            unchanged since the last build (same content hash in the manifest) are not \
            segmented again: their words are read back from the corpus. A source file whose size, \
            time and inode are those the last build recorded (sources.json) is not read again, and \
            of a corpus JSONL that only had lines appended (its recorded bytes unchanged, checked \
            by checksum) only the new lines are read; any other change reads every file. A long build shows its progress on \
            standard error when that is a terminal. Files that cannot be read are reported on standard error and skipped: the \
            exit status is then 1; it is 2 when a SOURCE does not exist or holds no \
            readable article (the corpus is then left alone). With --engine xapian the output \
            folder holds Xapian shard databases instead (shard-0 … shard-N-1, written in parallel) \
            and shards.stub, the Xapian stub that lists them: --corpus with the folder or a stub \
            naming the shards (local, or remote through xapian-tcpsrv) asks them. Articles \
            unchanged since the last build stay as they are, changed ones are replaced, gone \
            ones deleted; another --shards moves only the articles that must move.
            """
    )

    enum Engine: String, ExpressibleByArgument, CaseIterable {
        case wenda, xapian
    }

    @Argument(help: "Article files or folders (default: seeds).")
    var sources: [String] = []

    @Option(name: .long, help: "The corpus folder to write.")
    var out: String = "corpus"

    @Flag(name: .long, help: "Merge the index's segments into one (a build otherwise writes the articles added or changed as a new segment).")
    var merge = false

    @Flag(name: .long, help: "Write even when that removes the articles of a corpus built from other sources, or overwrites a file no build wrote.")
    var force = false

    @Option(name: .long, help: ArgumentHelp("What to build for: wenda (its own saved index, the default) or xapian (Xapian shard databases).", valueName: "engine"))
    var engine: Engine = .wenda

    @Option(name: .long, help: ArgumentHelp("With --engine xapian: how many shards to write (default 1).", valueName: "n"))
    var shards: Int?

    func validate() throws {
        if let shards {
            guard engine == .xapian else { throw ValidationError("--shards is for --engine xapian") }
            guard (1...256).contains(shards) else { throw ValidationError("invalid value '\(shards)' for --shards: give 1 to 256") }
        }
    }

    mutating func run() async throws {
        let paths = sources.isEmpty ? ["seeds"] : sources
        if engine == .wenda, !merge, try appendOnly(paths) { return }
        var loaded: (articles: [Article], problems: [ReadProblem])
        let recorded: [SourceRecord]?
        do {
            let r = try CorpusLoader.loadRecording(paths)
            loaded = (r.articles, r.problems)
            recorded = r.sources
        } catch {
            throw WendaError.input(error)
        }
        for problem in loaded.problems { Diagnostics.warn("\(problem)") }
        if let note = Self.setAside(loaded.articles) { Diagnostics.warn(note) }
        guard !loaded.articles.isEmpty else {
            // Nothing to build: leave the corpus as it is rather than empty it.
            throw WendaError.input("\(CorpusError.noArticles(paths.joined(separator: " ")).localizedDescription); \(out) left as it was")
        }
        let summary: CorpusWriter.Summary
        let folder = URL(fileURLWithPath: out)
        if engine == .xapian {
            if !force, let refusal = BuildTarget.shardRefusal(folder: folder, sources: paths, articles: loaded.articles) {
                throw WendaError.input(refusal)
            }
            try buildShards(&loaded, folder: folder)
            return
        }
        if !force, let refusal = BuildTarget.refusal(folder: folder, sources: paths, articles: loaded.articles) {
            throw WendaError.input(refusal)
        }
        let bytes = loaded.articles.reduce(0) { $0 + $1.text.utf8.count }
        let count = loaded.articles.count
        let paragraphs = loaded.articles.reduce(0) { $0 + $1.paragraphs.count }
        let sentences = loaded.articles.reduce(0) { $0 + $1.sentenceCount }
        // The build lets go of each article once done with it: nothing else holds them.
        let articles = ArticleStore(loaded.articles)
        loaded.articles = []
        do {
            // Articles are segmented and indexed together (the index takes each article's
            // words as they come): one bar, of the articles segmented.
            let progress = BuildProgress(label: "building", articles: count, bytes: bytes)
            summary = try CorpusIndex.build(articles, to: folder, merge: merge, sources: recorded, segmenting: progress.done)
            progress.finish()
        } catch {
            throw WendaError.input(error)
        }
        let articleFiles = summary.written.filter { $0 != CorpusWriter.manifestName }.count
        if !loaded.problems.isEmpty { Diagnostics.warn(Self.skippedSummary(loaded.problems)) }
        Diagnostics.warn(
            "built \(out): \(Plural.count(count, "article")), \(Plural.count(paragraphs, "paragraph")), "
                + "\(Plural.count(sentences, "sentence")), \(loaded.problems.count) skipped "
                + "(\(articleFiles) written, \(summary.removed.count) removed)")
        if !loaded.problems.isEmpty { throw WendaError.status(1) }
    }

    /// The build when the sources only grew since the last (see `AppendBuild`): only the
    /// new lines read; false when that does not apply (nothing was written).
    func appendOnly(_ paths: [String]) throws -> Bool {
        let outcome: AppendBuild.Outcome
        do {
            let progress = BuildProgress(label: "adding", articles: 0, bytes: 0)
            guard let done = try AppendBuild.build(paths, to: URL(fileURLWithPath: out), segmenting: progress.done) else { return false }
            progress.finish()
            outcome = done
        } catch {
            throw WendaError.input(error)
        }
        for problem in outcome.problems { Diagnostics.warn("\(problem)") }
        if !outcome.problems.isEmpty { Diagnostics.warn(Self.skippedSummary(outcome.problems)) }
        Diagnostics.warn(
            "built \(out): \(Plural.count(outcome.articles, "article")), \(Plural.count(outcome.paragraphs, "paragraph")), "
                + "\(Plural.count(outcome.sentences, "sentence")), \(outcome.problems.count) skipped "
                + "(\(outcome.summary.written.filter { $0 != CorpusWriter.manifestName }.count) written, 0 removed; "
                + "\(Plural.count(outcome.added, "article")) added, the rest not read again)")
        if !outcome.problems.isEmpty { throw WendaError.status(1) }
        return true
    }

    /// `--engine xapian`: the articles written into shards (see `ShardBuilder`).
    func buildShards(_ loaded: inout (articles: [Article], problems: [ReadProblem]), folder: URL) throws {
        let count = loaded.articles.count
        let bytes = loaded.articles.reduce(0) { $0 + $1.text.utf8.count }
        let paragraphs = loaded.articles.reduce(0) { $0 + $1.paragraphs.count }
        let sentences = loaded.articles.reduce(0) { $0 + $1.sentenceCount }
        let articles = ArticleStore(loaded.articles)
        loaded.articles = []
        let summary: ShardBuilder.Summary
        do {
            let progress = BuildProgress(label: "building", articles: count, bytes: bytes)
            summary = try ShardBuilder.build(articles, shards: shards ?? 1, to: folder, progress: progress.done)
            progress.finish()
        } catch {
            throw WendaError.input(error)
        }
        if !loaded.problems.isEmpty { Diagnostics.warn(Self.skippedSummary(loaded.problems)) }
        Diagnostics.warn(
            "built \(out): \(Plural.count(count, "article")), \(Plural.count(paragraphs, "paragraph")), "
                + "\(Plural.count(sentences, "sentence")), \(loaded.problems.count) skipped "
                + "(\(Plural.count(summary.shards, "Xapian shard")): \(summary.added) added, \(summary.replaced) replaced, "
                + "\(summary.removed) removed, \(summary.unchanged) unchanged)")
        if !loaded.problems.isEmpty { throw WendaError.status(1) }
    }

    /// The one line that names the files whose footer (the seed format's text after its
    /// last `---`) was set aside, and how much of it: nothing of an article is left out of
    /// the search without the build saying so.
    static func setAside(_ articles: [Article]) -> String? {
        let footers = articles.compactMap { a in a.line == nil ? a.metadata["footer"].map { (a.source, $0.count) } : nil }
        guard !footers.isEmpty else { return nil }
        let named = footers.prefix(3).map { "\(TerminalText.safe($0.0, keepNewlines: false)) (\($0.1) characters)" }
        let more = footers.count > 3 ? " and \(footers.count - 3) more" : ""
        return "footer after the last --- set aside (kept as metadata, not searched): " + named.joined(separator: ", ") + more
    }

    /// What was skipped and why, on one line: each file with its reason when there are a
    /// few, else how many for each reason.
    static func skippedSummary(_ problems: [ReadProblem]) -> String {
        let head = "skipped \(problems.count) \(problems.count == 1 ? "file" : "files"): "
        if problems.count <= 5 {
            return head + problems.map { p in
                (p.line.map { "\(p.file):\($0)" } ?? p.file) + " — " + Self.plainReason(p.reason)
            }.joined(separator: "; ")
        }
        var counts: [(reason: String, count: Int)] = []
        for p in problems {
            let r = Self.plainReason(p.reason)
            if let k = counts.firstIndex(where: { $0.reason == r }) { counts[k].count += 1 } else { counts.append((r, 1)) }
        }
        return head + counts.map { "\($0.count) × \($0.reason)" }.joined(separator: "; ")
    }

    /// A reason without its "skipped: " and the details that differ from file to file.
    static func plainReason(_ reason: String) -> String {
        var r = reason.hasPrefix("skipped: ") ? String(reason.dropFirst("skipped: ".count)) : reason
        if let paren = r.range(of: " (invalid byte") { r = String(r[..<paren.lowerBound]) }
        return r
    }
}

/// A progress bar on standard error, only when it is a terminal and the work has taken
/// more than a second: articles done, MB/s, time left.
final class BuildProgress: @unchecked Sendable {
    let label: String
    let total: Int
    let totalBytes: Int
    let start = Date()
    let enabled = isatty(STDERR_FILENO) != 0 && Environment.values["TERM"] != "dumb"
    private let lock = NSLock()
    private var count = 0, bytes = 0
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(label: String, articles: Int, bytes: Int) {
        self.label = label
        total = articles
        totalBytes = bytes
    }

    func done(_ article: Article) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        count += 1
        bytes += article.text.utf8.count
        let now = Date()
        let elapsed = now.timeIntervalSince(start)
        guard elapsed > 1, now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        drawn = true
        let share = totalBytes > 0 ? Double(bytes) / Double(totalBytes) : Double(count) / Double(max(total, 1))
        let width = 24, filled = Int(share * Double(width))
        let rate = Double(bytes) / 1e6 / elapsed
        let left = share > 0 ? elapsed * (1 - share) / share : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let line = String(format: "\r%@ [%@] %d/%d articles  %.1f MB/s  %.0f s left ", label, bar, count, total, rate, left)
        Diagnostics.write(line)
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { Diagnostics.write("\r\u{1B}[K") }
        drawn = false
    }
}
