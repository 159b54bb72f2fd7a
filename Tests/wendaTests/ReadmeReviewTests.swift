import Foundation
import Testing

/// The README's review workflow (ask, mark, carry on the next day, export to HTML, export
/// the marked questions and score them) is what wenda prints: each command of its example
/// is run in a folder of its own with a private home, its `wenda>` lines piped in, and the
/// lines shown must come out in that order (`…` stands for lines left out; the session id
/// and times are the run's own).
@Suite struct ReadmeReviewTests {
    struct Step {
        var args: [String]
        var input: [String] = []
        /// Expected lines of output; nil is a `…` gap.
        var expected: [String?] = []
    }

    /// The example's commands, their input and their output, from the README's block.
    static func steps() throws -> [Step] {
        let readme = try String(contentsOf: Wenda.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "### Reviewing: resume, mark, hand on, test"))
        let open = try #require(readme.range(of: "```\n", range: section.upperBound..<readme.endIndex))
        let close = try #require(readme.range(of: "\n```", range: open.upperBound..<readme.endIndex))
        var steps: [Step] = []
        for line in readme[open.upperBound..<close.lowerBound].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("$ wenda ") {
                let command = line.dropFirst(8).components(separatedBy: "#")[0]
                steps.append(Step(args: command.split(separator: " ").map(String.init)))
            } else if line.hasPrefix("wenda> ") {
                if line != "wenda> ^D" { steps[steps.count - 1].input.append(String(line.dropFirst(7))) }
            } else {
                steps[steps.count - 1].expected.append(line == "…" ? nil : String(line))
            }
        }
        return steps
    }

    /// A README line as a pattern: the session id and the times stand for any.
    static func pattern(_ line: String) -> NSRegularExpression {
        var p = NSRegularExpression.escapedPattern(for: line)
        p = p.replacingOccurrences(of: #"Resumed session [0-9a-z]+ "#, with: "Resumed session [0-9a-z]+ ", options: .regularExpression)
        p = p.replacingOccurrences(of: #"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"#, with: #"\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}"#, options: .regularExpression)
        return try! NSRegularExpression(pattern: "^" + p + "$")
    }

    /// Whether `expected` (nil a gap of any lines) is found in `lines` in order, with the
    /// lines between two gaps next to each other.
    static func follows(_ expected: [String?], in lines: [String]) -> Bool {
        var at = 0, gap = true
        for e in expected {
            guard let e else { gap = true; continue }
            let re = pattern(e)
            let matches = { (l: String) in re.firstMatch(in: l, range: NSRange(l.startIndex..., in: l)) != nil }
            if gap {
                guard let i = lines[at...].firstIndex(where: matches) else { return false }
                at = i + 1
            } else {
                guard at < lines.count, matches(lines[at]) else { return false }
                at += 1
            }
            gap = false
        }
        return true
    }

    @Test(.timeLimit(.minutes(3)))
    func theReviewWorkflowIsWhatWendaPrints() throws {
        let home = try TestHome()
        defer { home.remove() }
        // A folder of one's own holding the articles as `seeds`, where the files are written.
        let folder = home.root.appendingPathComponent("work")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("seeds"),
                                                   withDestinationURL: Wenda.packageRoot.appendingPathComponent("seeds"))
        let steps = try Self.steps()
        #expect(steps.map { $0.args.first } == ["shell", "shell", "sessions", "sessions", "eval"])
        for step in steps {
            let r = try Wenda.run(step.args, stdin: step.input.isEmpty ? nil : step.input.joined(separator: "\n") + "\n",
                                  env: home.env, cwd: folder)
            #expect(r.status == 0, "\(step.args): \(r)")
            // Lines wenda says on stderr are "wenda: …" or "wenda eval: …".
            let said = step.expected.map { $0.flatMap { $0.hasPrefix("wenda") ? $0 : nil } ?? nil }
            let printed = step.expected.map { $0.flatMap { $0.hasPrefix("wenda") ? nil : $0 } ?? nil }
            let lines = { (s: String) in s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
            #expect(Self.follows(printed, in: lines(r.stdout)), "README lines of `wenda \(step.args.joined(separator: " "))` not printed so:\n\(r.stdout)")
            #expect(Self.follows(said, in: lines(r.stderr)), "\(r.stderr)")
            // Carried on from the folder it was named in, the corpus is the same `seeds`:
            // its cached index serves every step, never rebuilt for another spelling of it.
            #expect(!r.stderr.contains("index rebuilt"), "\(step.args): \(r.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("review.html").path))
        let page = try String(contentsOf: folder.appendingPathComponent("review.html"), encoding: .utf8)
        #expect(page.contains("没说她是谁：应引第13段") && page.contains("<mark>68块</mark>"))
    }

    /// The matching itself can fail: a line out of order, or missing, is found missing.
    @Test func theMatchingCanFail() {
        let lines = ["a", "b", "Resumed session 1m8y3 (shell, 2026-12-03 14:03, 1 turn).", "c"]
        #expect(Self.follows([nil, "b", "Resumed session 1m8xzpazgk1mm (shell, 2025-01-01 09:00, 1 turn).", nil, "c"], in: lines))
        #expect(!Self.follows(["b", "a"], in: lines))
        #expect(!Self.follows(["a", "c"], in: lines))  // not next to each other
        #expect(!Self.follows([nil, "d"], in: lines))
    }
}
