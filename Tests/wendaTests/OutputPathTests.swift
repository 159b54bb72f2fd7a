import Foundation
import Testing

/// What stands at a path a person names is never destroyed: `-` is standard output, a link
/// is followed, a FIFO written through, a regular file replaced only once the new one is
/// whole; a build never removes the articles of a corpus built from other sources.
@Suite struct OutputPathTests {
    /// A home with one recorded session.
    static func homeWithSession() throws -> TestHome {
        let home = try TestHome()
        let r = try home.shell(["李飞飞说学术界缺什么？", "辛顿离开了哪家公司？"])
        #expect(r.status == 0, "\(r.stderr)")
        return home
    }

    @Test func exportWritesThroughAFifo() throws {
        let home = try Self.homeWithSession()
        defer { home.remove() }
        let fifo = home.root.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        // The reader's stderr is the launcher's pipe: the run ends once it has read all.
        let r = try Wenda.run(["sessions", "export", "last", "-o", "fifo"], input: nil, env: home.env, cwd: home.root,
                              after: "timeout 60 cat fifo > read.md &")
        #expect(r.status == 0, "\(r.stderr)")
        var st = stat()
        #expect(lstat(fifo, &st) == 0 && st.st_mode & S_IFMT == S_IFIFO, "the FIFO is still a FIFO")
        let read = try String(contentsOf: home.root.appendingPathComponent("read.md"), encoding: .utf8)
        #expect(read.hasPrefix("# wenda session"))
        #expect(read.contains("辛顿离开了哪家公司？"))
    }

    @Test func exportFollowsALinkAndDashIsStandardOutput() throws {
        let home = try Self.homeWithSession()
        defer { home.remove() }
        let fm = FileManager.default
        let real = home.root.appendingPathComponent("real.md"), link = home.root.appendingPathComponent("link.md")
        try Data("old\n".utf8).write(to: real)
        try fm.createSymbolicLink(atPath: link.path, withDestinationPath: "real.md")
        let r = try home.wenda(["sessions", "export", "last", "-o", link.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try fm.destinationOfSymbolicLink(atPath: link.path) == "real.md", "the link is still a link")
        #expect(try String(contentsOf: real, encoding: .utf8).hasPrefix("# wenda session"))

        // A dangling link: the file it names is made.
        let dangling = home.root.appendingPathComponent("dangling.md")
        try fm.createSymbolicLink(atPath: dangling.path, withDestinationPath: "made.md")
        #expect(try home.wenda(["sessions", "export", "last", "-o", dangling.path]).status == 0)
        #expect(try fm.destinationOfSymbolicLink(atPath: dangling.path) == "made.md")
        #expect(try String(contentsOf: home.root.appendingPathComponent("made.md"), encoding: .utf8).hasPrefix("# wenda session"))

        let dash = try home.wenda(["sessions", "export", "last", "-o", "-"])
        #expect(dash.status == 0)
        #expect(dash.stdout.hasPrefix("# wenda session"))
        #expect(!fm.fileExists(atPath: Wenda.packageRoot.appendingPathComponent("-").path))
    }

    @Test func aFullDiskLeavesTheOldFileWhole() throws {
        let home = try TestHome()
        defer { home.remove() }
        let questions = (1...90).map { "李飞飞向拜登建议了什么？（\($0)）" }
        #expect(try home.shell(questions).status == 0)
        let size = try home.wenda(["sessions", "export", "last", "--format", "json"]).stdout.utf8.count
        #expect(size > 60_000)
        let target = home.root.appendingPathComponent("session.json")
        try Data("keep\n".utf8).write(to: target)
        // A file size limit (80 blocks of 512 bytes) stands in for a full disk: above what
        // the store needs to be read (its 32 KiB shared-memory file), below the export.
        let r = try Wenda.run(["sessions", "export", "last", "--format", "json", "-o", "session.json"], input: nil,
                              env: home.env, cwd: home.root, after: "ulimit -f 80")
        #expect(r.status == 2)
        #expect(r.stderr.contains("wenda: session.json: cannot be written: File too large"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "one line: \(r.stderr)")
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: home.root.path).filter { $0.hasPrefix(".session") }
        #expect(left.isEmpty, "no temporary file left: \(left)")
    }

    @Test func evalAnswersFollowALink() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-out-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let questions = dir.appendingPathComponent("q.jsonl")
        try Data(#"{"id": "q1", "question": "龙井茶产于哪里？", "answers": ["浙江省杭州市西湖一带"], "doc_id": "longjing_tea"}"#.utf8 + [10])
            .write(to: questions)
        let real = dir.appendingPathComponent("answers.jsonl"), link = dir.appendingPathComponent("link.jsonl")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: real.path)
        let r = try Wenda.run(["eval", questions.path, "--corpus", AskTests.fixtures, "--answers-out", link.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == real.path)
        #expect(try String(contentsOf: real, encoding: .utf8).contains("\"question\":\"龙井茶产于哪里？\""))
    }

    @Test func buildNeverRemovesACorpusOfOtherSources() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-out-\(UUID().uuidString)")
        let fm = FileManager.default
        defer { try? fm.removeItem(at: dir) }
        for name in ["one", "two"] {
            try fm.createDirectory(at: dir.appendingPathComponent(name), withIntermediateDirectories: true)
            try Data("\(name == "one" ? "第一篇" : "第二篇")的文字。\n".utf8).write(to: dir.appendingPathComponent("\(name)/\(name).txt"))
        }
        // Without --out, as a user would type it, in the folder of an earlier build.
        #expect(try Wenda.run(["build", "one"], cwd: dir).status == 0)
        let corpus = dir.appendingPathComponent("corpus")
        #expect(fm.fileExists(atPath: corpus.appendingPathComponent("one.json").path))
        let refused = try Wenda.run(["build", "two"], cwd: dir)
        #expect(refused.status == 2)
        #expect(refused.stderr == "wenda: corpus holds 1 article built from other sources (such as one/one.txt) that this build would remove; use --out DIR for a corpus of its own, or --force to replace them\n")
        #expect(fm.fileExists(atPath: corpus.appendingPathComponent("one.json").path), "nothing removed")
        #expect(!fm.fileExists(atPath: corpus.appendingPathComponent("two.json").path), "nothing written")

        // More articles from the same sources, then one gone from them: an ordinary rebuild.
        #expect(try Wenda.run(["build", "one", "two"], cwd: dir).status == 0)
        try fm.removeItem(at: dir.appendingPathComponent("two/two.txt"))
        let rebuilt = try Wenda.run(["build", "one", "two"], cwd: dir)
        #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
        #expect(rebuilt.stderr.contains("1 removed"))
        #expect(!fm.fileExists(atPath: corpus.appendingPathComponent("two.json").path))

        // --force replaces them.
        try Data("第三篇。\n".utf8).write(to: dir.appendingPathComponent("two/three.txt"))
        #expect(try Wenda.run(["build", "two"], cwd: dir).status == 2)
        let replaced = try Wenda.run(["build", "two", "--force"], cwd: dir)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(!fm.fileExists(atPath: corpus.appendingPathComponent("one.json").path))
        #expect(fm.fileExists(atPath: corpus.appendingPathComponent("three.json").path))
    }

    @Test func buildNeverWritesIntoAFolderThatIsNotACorpus() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-out-\(UUID().uuidString)")
        let fm = FileManager.default
        defer { try? fm.removeItem(at: dir) }
        try fm.createDirectory(at: dir.appendingPathComponent("mine"), withIntermediateDirectories: true)
        try Data("{\"my\": \"notes\"}".utf8).write(to: dir.appendingPathComponent("mine/notes.json"))
        try Data("笔记。\n".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        let r = try Wenda.run(["build", "notes.txt", "--out", "mine"], cwd: dir)
        #expect(r.status == 2)
        #expect(r.stderr == "wenda: mine/notes.json exists and was not written by a build of this corpus; use --out DIR for a corpus of its own, or --force to overwrite it\n")
        #expect(try String(contentsOf: dir.appendingPathComponent("mine/notes.json"), encoding: .utf8) == "{\"my\": \"notes\"}")
    }
}

/// WENDA_HISTORY that is a link (a dotfile kept elsewhere): the shell's history goes to the
/// file it names, and the link stays a link.
@Suite(.serialized, .needsScript, .timeLimit(.minutes(2)))
struct HistoryPathTests {
    @Test func historyFollowsALink() throws {
        let home = try TestHome()
        defer { home.remove() }
        let fm = FileManager.default
        let dotfiles = home.root.appendingPathComponent("dotfiles")
        try fm.createDirectory(at: dotfiles, withIntermediateDirectories: true)
        let real = dotfiles.appendingPathComponent("wenda_history"), link = home.root.appendingPathComponent("history-link")
        try fm.createSymbolicLink(atPath: link.path, withDestinationPath: real.path)
        var env = home.env
        env["WENDA_HISTORY"] = link.path
        let session = try PtySession(["--corpus", home.corpus.path], env: env)
        defer { session.stop() }
        #expect(session.wait { session.prompts($0) >= 1 }, "no prompt: \(session.output)")
        session.type("辛顿离开了哪里\r")
        #expect(session.wait { $0.contains("谷歌") && session.prompts($0) >= 2 }, "\(session.output)")
        session.type("/quit\r")
        #expect(session.exitStatus() == 0, "\(session.output)")
        #expect(try fm.destinationOfSymbolicLink(atPath: link.path) == real.path, "the link is still a link")
        #expect(try String(contentsOf: real, encoding: .utf8).contains("辛顿离开了哪里"))
        #expect(try fm.contentsOfDirectory(atPath: dotfiles.path) == ["wenda_history"], "no temporary file left")
    }
}
