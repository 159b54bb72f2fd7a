import Foundation
import Testing

/// The command line as a new user meets it: the version, a question without `ask`, a
/// question on standard input, misspelt commands, refused values, help that lists only
/// what works, plurals, exit statuses of piped runs, a byte-order mark.
@Suite struct CommandLineTests {
    static let fixtures = AskTests.fixtures
    static let bridge = "南京长江大桥的公路桥全长多少米？"
    static let quantum = "量子计算机的工作原理是什么？"

    @Test func versionNamesTheFormats() throws {
        for args in [["--version"], ["version"]] {
            let r = try Wenda.run(args)
            #expect(r.status == 0)
            #expect(r.stdout.hasPrefix("wenda "), "\(r)")
            #expect(r.stdout.contains("saved index format 13"))
            #expect(r.stdout.contains("corpus format wenda-corpus/"))
            #expect(r.stdout.split(separator: "\n").count == 1)
        }
    }

    @Test func aQuestionWithoutAskIsAnswered() throws {
        let ask = try Wenda.run(["ask", "--corpus", Self.fixtures, Self.bridge])
        let bare = try Wenda.run(["--corpus", Self.fixtures, Self.bridge])
        #expect(bare.status == 0, "\(bare)")
        #expect(bare.stdout == ask.stdout)
        #expect(bare.stdout.contains("4589米"))
        // Unquoted words make one question, as with `ask`.
        let words = try Wenda.run(["--corpus", Self.fixtures, "--top", "1", "how", "long", "is", "it?"])
        #expect(words.status == 0 || words.status == 1, "\(words)")
    }

    @Test func askReadsTheQuestionFromStandardInput() throws {
        let r = try Wenda.run(["ask", "--corpus", Self.fixtures, "--json"], stdin: "\u{FEFF}# asked by a script\n" + Self.bridge + "\n")
        #expect(r.status == 0, "\(r)")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(obj["question"] as? String == Self.bridge)
        let empty = try Wenda.run(["ask", "--corpus", Self.fixtures], stdin: "\n")
        #expect(empty.status == 2)
        #expect(empty.stderr.hasPrefix("wenda: give a question"))
    }

    @Test func aMisspeltCommandGetsASuggestion() throws {
        let r = try Wenda.run(["sesions"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("wenda: unknown command 'sesions'; did you mean `wenda sessions`?"), "\(r.stderr)")
        let nested = try Wenda.run(["sessions", "shwo", "last"])
        #expect(nested.status == 2)
        #expect(nested.stderr == "wenda: unknown command 'shwo'; did you mean `wenda sessions show`?\n")
        let unknown = try Wenda.run(["ask", "--tpo", "2", "x"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.split(separator: "\n").count == 1)
        #expect(unknown.stderr.hasSuffix("(see 'wenda ask --help')\n"), "\(unknown.stderr)")
    }

    @Test func refusedValuesSayInvalidValue() throws {
        let top = try Wenda.run(["ask", "--top", "-1", "--corpus", Self.fixtures, Self.bridge])
        #expect(top.status == 2)
        #expect(top.stderr == "wenda: invalid value '-1' for --top: give 1 or more (see 'wenda ask --help')\n")
        let zero = try Wenda.run(["--top", "0"], stdin: Self.bridge + "\n")
        #expect(zero.status == 2)
        #expect(zero.stderr.hasPrefix("wenda: invalid value '0' for --top"))
        let word = try Wenda.run(["ask", "--top", "many", "x"])
        #expect(word.stderr.hasPrefix("wenda: invalid value 'many' for --top"), "\(word.stderr)")
        let age = try Wenda.run(["sessions", "prune", "--older-than", "-5d"])
        #expect(age.status == 2)
        #expect(age.stderr.hasPrefix("wenda: invalid value '-5d' for --older-than"), "\(age.stderr)")
        for (args, format) in [(["sessions", "list"], "markdown"), (["sessions", "export", "last"], "text"), (["sessions", "show", "last"], "html")] {
            let r = try Wenda.run(args + ["--format", format])
            #expect(r.status == 2, "\(args) \(format)")
            #expect(r.stderr.hasPrefix("wenda: invalid value '\(format)' for --format"), "\(r.stderr)")
        }
    }

    @Test func helpListsOnlyWhatWorksThere() throws {
        func options(_ args: [String]) throws -> Set<String> {
            // The OPTIONS section: a line per option, starting with its names.
            let help = try Wenda.run(args + ["--help"]).stdout
            let lines = help.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            let names = lines.compactMap { line -> String? in
                let first = line.split(separator: " ").first.map(String.init) ?? ""
                let name = first.hasPrefix("-h,") ? "--help" : first
                return name.hasPrefix("--") ? name : nil
            }
            return Set(names)
        }
        #expect(try options(["ask"]) == ["--corpus", "--top", "--json", "--explain", "--near-misses", "--no-transcript", "--no-pager", "--help"])
        #expect(try options(["paths"]) == ["--corpus", "--json", "--help"])
        #expect(try options(["shell"]) == ["--corpus", "--top", "--json", "--near-misses", "--no-transcript", "--no-pager", "--help"])
        #expect(try options(["eval"]).isDisjoint(with: ["--session", "--explain", "--no-transcript"]))
    }

    @Test func countsAreSingularForOne() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-cl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Wenda.run(["build", "\(Self.fixtures)/nanjing_bridge.txt", "--out", dir.path])
        #expect(r.status == 0)
        #expect(r.stderr.contains(": 1 article, "), "\(r.stderr)")
        #expect(!r.stderr.contains(" 1 articles") && !r.stderr.contains(" 1 paragraphs") && !r.stderr.contains(" 1 sentences"))
    }

    /// A piped run: 0 when a question was answered, 1 when none was (or there were none),
    /// 3 when a line could not be answered.
    @Test func pipedRunExitStatuses() throws {
        #expect(try Wenda.run(["--corpus", Self.fixtures], stdin: Self.quantum + "\n" + Self.bridge + "\n").status == 0)
        let none = try Wenda.run(["--corpus", Self.fixtures], stdin: Self.quantum + "\n")
        #expect(none.status == 1)
        #expect(none.stdout.contains("No answer"))
        #expect(try Wenda.run(["--corpus", Self.fixtures], stdin: "# only a comment\n\n").status == 1)
        #expect(try Wenda.run(["--corpus", Self.fixtures], input: Data([0xFF, 10]) + Data((Self.bridge + "\n").utf8)).status == 3)
    }

    /// A byte-order mark at the start of a question file is no part of the first question,
    /// and leaves a `#` comment a comment.
    @Test func aByteOrderMarkIsDropped() throws {
        let r = try Wenda.run(["--json", "--corpus", Self.fixtures], stdin: "\u{FEFF}# questions\n" + Self.bridge + "\n")
        #expect(r.status == 0, "\(r)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let r2 = try Wenda.run(["--json", "--corpus", Self.fixtures], stdin: "\u{FEFF}" + Self.bridge + "\n")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r2.stdout.utf8)) as? [String: Any])
        #expect(obj["question"] as? String == Self.bridge)
    }

    /// With --json, --explain is a field of each object: every line of stdout is JSON.
    @Test func jsonExplainIsAField() throws {
        let r = try Wenda.run(["--json", "--explain", "--corpus", Self.fixtures], stdin: Self.bridge + "\n" + Self.quantum + "\n")
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            let obj = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let explain = try #require(obj["explain"] as? [[String: Any]])
            #expect(!explain.isEmpty)
            #expect(explain[0]["doc_id"] is String && explain[0]["score"] is Double)
            let terms = try #require(explain[0]["terms"] as? [[String: Any]])
            #expect(terms.first?["contribution"] is Double)
        }
        let ask = try Wenda.run(["ask", "--json", "--explain", "--corpus", Self.fixtures, Self.bridge])
        #expect(ask.stdout.split(separator: "\n").count == 1)
        #expect((try JSONSerialization.jsonObject(with: Data(ask.stdout.utf8)) as? [String: Any])?["explain"] != nil)
    }

    @Test func completionScripts() throws {
        for shell in ["bash", "zsh", "fish"] {
            let r = try Wenda.run(["--generate-completion-script", shell])
            #expect(r.status == 0)
            #expect(r.stdout.contains("sessions") && r.stdout.contains("corpus"), "\(shell)")
        }
    }
}
