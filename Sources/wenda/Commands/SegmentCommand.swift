// `wenda segment`: cut Chinese text into words, and compile the dictionary.
import ArgumentParser
import Foundation
import WendaKit

struct SegmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Cut Chinese text into words, one output line per input line.",
        discussion: """
            Reads the FILEs (or standard input) and prints each line's words separated by \
            single spaces (the SIGHAN format). Numbers keep their unit (2023年, 70%, 1.4亿); \
            Latin words and mixed tokens (GPU, C++, Levels.fyi) stay whole.
            """
    )

    @Argument(help: "Files to segment (standard input when none).")
    var files: [String] = []

    @Option(name: .customLong("user-dict"), help: ArgumentHelp("A user dictionary: `word [freq] [tag]` a line.", valueName: "file"))
    var userDict: String?

    @Flag(name: .customLong("no-hmm"), help: "Do not join unknown characters into words with the hidden Markov model.")
    var noHMM = false

    @Flag(name: .customLong("coarse"), help: "Keep jieba's longer dictionary words (国有企业 rather than 国有 企业).")
    var coarse = false

    @Option(name: .customLong("compile-dictionary"), help: ArgumentHelp("Compile the dictionary text sources into OUT and exit.", valueName: "out"))
    var compileOut: String?

    @Option(name: .customLong("dictionary-source"), help: ArgumentHelp("Folder with jieba-dict.txt and jieba-hmm.tsv for --compile-dictionary (default: the bundled one).", valueName: "dir"))
    var sourceDir: String?

    @Option(name: .customLong("bench"), help: .hidden)
    var benchFile: String?

    @Option(name: .customLong("runs"), help: .hidden)
    var runs: Int = 5

    mutating func run() async throws {
        if let out = compileOut {
            try compile(to: out)
            return
        }
        let readyStart = Date()
        let dictionary: SegmenterDictionary
        do {
            guard let url = SegmenterDictionary.compiledURL() else {
                throw SegmenterError.dictionaryNotFound(nil)
            }
            dictionary = try SegmenterDictionary.load(from: url)
        } catch {
            throw WendaError.input("segment: \(error.localizedDescription)")
        }
        var words: [UserWord] = []
        if let path = userDict {
            do {
                words = try UserWord.read(from: URL(fileURLWithPath: path))
            } catch {
                throw WendaError.input("segment: \(error.localizedDescription)")
            }
        }
        let segmenter = Segmenter(dictionary: dictionary, userWords: words, hmm: !noHMM,
                                  wordBonus: coarse ? 0 : Segmenter.defaultWordBonus)
        let readyMs = Date().timeIntervalSince(readyStart) * 1000

        if let bench = benchFile {
            try runBench(segmenter, file: bench, readyMs: readyMs)
            return
        }
        var failed = false
        if files.isEmpty {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            try Output.standard.print(segmenter.segmentLines(data))
        } else {
            for path in files {
                let data: Data
                do {
                    data = try Data(contentsOf: URL(fileURLWithPath: path))
                } catch {
                    Diagnostics.warn("cannot read \(path): \(describe(error, path: path))", command: "segment")
                    failed = true
                    continue
                }
                try Output.standard.print(segmenter.segmentLines(data))
            }
        }
        if failed { throw WendaError.status(2) }
    }

    private func describe(_ error: Error, path: String) -> String {
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDir) { return "no such file" }
        if isDir.boolValue { return "is a directory" }
        if !FileManager.default.isReadableFile(atPath: path) { return "permission denied" }
        return error.localizedDescription
    }

    private func compile(to out: String) throws {
        let sources: (dictionary: URL, hmm: URL)
        if let dir = sourceDir {
            let d = URL(fileURLWithPath: dir)
            sources = (d.appendingPathComponent("jieba-dict.txt"), d.appendingPathComponent("jieba-hmm.tsv"))
        } else if let bundled = SegmenterDictionary.sourceURLs() {
            sources = bundled
        } else {
            throw WendaError.usage("segment: cannot find the dictionary sources; pass --dictionary-source DIR")
        }
        do {
            let data = try SegmenterDictionary.compile(dictionary: sources.dictionary, hmm: sources.hmm)
            try FileOutput.write([UInt8](data), to: out, permissions: 0o644)
            Diagnostics.line("wrote \(out) (\(data.count) bytes)")
        } catch {
            throw WendaError.input("segment: \(error.localizedDescription)")
        }
    }

    /// In-process timing: dictionary-ready time and throughput (median of `runs`).
    private func runBench(_ segmenter: Segmenter, file: String, readyMs: Double) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        var wall: [Double] = []
        var cpu: [Double] = []
        var outBytes = 0
        func threadCPU() -> Double {
            var ts = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
            return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
        }
        for _ in 0..<max(runs, 1) {
            let c0 = threadCPU()
            let t0 = DispatchTime.now().uptimeNanoseconds
            let out = segmenter.segmentLines(data)
            let t1 = DispatchTime.now().uptimeNanoseconds
            cpu.append(threadCPU() - c0)
            wall.append(Double(t1 - t0) / 1e9)
            outBytes = out.count
        }
        wall.sort()
        cpu.sort()
        // The Token API (strings made for every token), line by line.
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var tokCPU: [Double] = []
        var tokenCount = 0
        for _ in 0..<max(runs / 2, 1) {
            let c0 = threadCPU()
            tokenCount = 0
            for line in lines { tokenCount += segmenter.tokenize(line).count }
            tokCPU.append(threadCPU() - c0)
        }
        tokCPU.sort()
        let mb = Double(data.count) / 1_000_000
        let w = wall[wall.count / 2], c = cpu[cpu.count / 2]
        try Output.standard.write(String(format: "{\"bytes\": %d, \"ready_ms\": %.2f, \"median_wall_s\": %.4f, \"median_cpu_s\": %.4f, \"mb_per_s_wall\": %.2f, \"mb_per_s_cpu\": %.2f, \"mb_per_s_cpu_best\": %.2f, \"tokenize_mb_per_s_cpu\": %.2f, \"tokens\": %d, \"runs\": %d, \"output_bytes\": %d}",
                     data.count, readyMs, w, c, mb / w, mb / c, mb / cpu[0], mb / tokCPU[tokCPU.count / 2], tokenCount, wall.count, outBytes) + "\n")
    }
}
