import Foundation
import Testing

/// The real binary under a pseudo-terminal, through util-linux `script`, which gives the
/// child a controlling terminal (so Ctrl-C is a real SIGINT from the line discipline).
final class PtySession: @unchecked Sendable {
    let process = Process()
    private let stdinPipe = Pipe()
    private let stdoutPipe = Pipe()
    private let lock = NSLock()
    private var data = Data()
    private let privateRoot: URL

    static var scriptAvailable: Bool {
        ["/usr/bin/script", "/bin/script"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    init(_ args: [String], env: [String: String], rows: Int = 30, columns: Int = 100) throws {
        let command = "stty cols \(columns) rows \(rows) 2>/dev/null; exec " + ([Wenda.binary.path] + args).map(Self.quote).joined(separator: " ")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["script", "-qfec", command, "/dev/null"]
        privateRoot = try Wenda.makePrivateRoot()
        // The shell must still take Chinese input under LANG=C (it falls back to C.UTF-8).
        var e = ["LANG": "C", "TERM": "xterm", "SHELL": "/bin/sh"]
        for (k, v) in env { e[k] = v }
        process.environment = Wenda.environment(privateRoot: privateRoot, overrides: e)
        process.currentDirectoryURL = Wenda.packageRoot
        process.standardInput = stdinPipe
        process.standardOutput = stdoutPipe
        process.standardError = stdoutPipe
        stdoutPipe.fileHandleForReading.readabilityHandler = { [weak self] h in
            let chunk = h.availableData
            guard let self, !chunk.isEmpty else { return }
            self.lock.withLock { self.data.append(chunk) }
        }
        try process.run()
    }

    var output: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

    func type(_ text: String) {
        stdinPipe.fileHandleForWriting.write(Data(text.utf8))
    }

    /// Waits until `predicate` holds for the output so far; false on timeout.
    @discardableResult
    func wait(timeout: Double = 20, _ predicate: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if predicate(output) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return predicate(output)
    }

    func prompts(_ s: String) -> Int { s.components(separatedBy: "wenda> ").count - 1 }

    /// Waits for the process to end; its status, or nil on timeout.
    func exitStatus(timeout: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return process.isRunning ? nil : process.terminationStatus
    }

    func stop() {
        stdoutPipe.fileHandleForReading.readabilityHandler = nil
        if process.isRunning { process.terminate() }
        try? stdinPipe.fileHandleForWriting.close()
        try? FileManager.default.removeItem(at: privateRoot)
    }
}

extension Trait where Self == ConditionTrait {
    /// Terminal tests run only where util-linux `script` can give the shell a terminal.
    static var needsScript: Self { .enabled(if: PtySession.scriptAvailable, "needs util-linux `script`") }
}

extension TestHome {
    /// The shell on this home's corpus under a terminal, once it shows its first prompt.
    func shell(sourceLocation: SourceLocation = #_sourceLocation) throws -> PtySession {
        let session = try PtySession(["--corpus", corpus.path], env: env)
        #expect(session.wait { session.prompts($0) >= 1 }, "no prompt: \(session.output)", sourceLocation: sourceLocation)
        return session
    }
}

@Suite(.serialized, .needsScript, .timeLimit(.minutes(2)))
struct PtyTests {
    @Test func chineseQuestionCtrlCAndHistoryAcrossRestarts() throws {
        let home = try TestHome()
        defer { home.remove() }
        let first = try home.shell()
        defer { first.stop() }
        #expect(first.output.contains("2 articles"))  // the banner names the corpus

        first.type("辛顿离开了哪里\r")
        #expect(first.wait { $0.contains("谷歌") && first.prompts($0) >= 2 }, "no answer: \(first.output)")
        #expect(first.output.contains("辛顿离开了哪里"))  // the Chinese came through the line editor

        // Ctrl-C drops the line and prompts again; the shell keeps running.
        let before = first.prompts(first.output)
        first.type("half a line\u{03}")
        #expect(first.wait { first.prompts($0) > before }, "no prompt after Ctrl-C: \(first.output)")
        #expect(first.process.isRunning)

        first.type(" not kept\r")
        #expect(first.wait { first.prompts($0) > before + 1 })
        first.type("\u{04}")  // Ctrl-D
        #expect(first.exitStatus() == 0, "\(first.output)")

        let historyFile = home.state.appendingPathComponent("wenda/history")
        let attrs = try FileManager.default.attributesOfItem(atPath: historyFile.path)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: historyFile.deletingLastPathComponent().path)
        #expect((folder[.posixPermissions] as? Int) == 0o700)

        // After a restart the question is in the history (and the spaced line is not).
        let second = try home.shell()
        defer { second.stop() }
        second.type("/history\r")
        #expect(second.wait { $0.contains("1  辛顿离开了哪里") && second.prompts($0) >= 2 }, "\(second.output)")
        #expect(!second.output.contains("not kept"))
        // Up arrow recalls it onto the line.
        second.type("\u{1B}[A\u{1B}[A")
        #expect(second.wait { $0.components(separatedBy: "辛顿离开了哪里").count >= 3 }, "\(second.output)")
        second.type("\u{15}/quit\r")  // Ctrl-U clears the line
        #expect(second.exitStatus() == 0, "\(second.output)")

        // The question was recorded as a shell session.
        let list = try home.wenda(["sessions", "list"])
        #expect(list.stdout.contains("辛顿离开了哪里"))
        #expect(list.stdout.split(separator: "\n").count == 2)  // the second run asked nothing
    }

    /// Ctrl-R finds lines by any Chinese character, those whose code point ends in a byte
    /// below 0x20 (向 U+5411, 谏 U+8C0F, 谁 U+8C01) as well as 博, 飞, 斯; Enter runs the line
    /// found, Ctrl-G gives back the line being typed, Ctrl-R again goes further back.
    @Test func ctrlRSearchesHistoryForAnyCharacter() throws {
        let home = try TestHome()
        defer { home.remove() }
        let session = try home.shell()
        defer { session.stop() }
        let lines = ["她向拜登建议什么", "谏言的内容", "谁离开了谷歌", "博物馆在哪里", "起飞的时间", "斯坦福大学有多少块GPU"]
        for line in lines {
            let before = session.prompts(session.output)
            session.type(line + "\r")
            #expect(session.wait { session.prompts($0) > before }, "\(session.output)")
        }
        // Each character, typed after Ctrl-R, finds its line; Enter asks it again. (Ending a
        // search draws the prompt and line again, then the answer ends with a new prompt:
        // keys typed before it would reach a terminal not yet in editing mode.)
        let searched = ["向", "谏", "谁", "博", "飞", "斯"]
        for (c, line) in zip(searched, lines) {
            let before = session.prompts(session.output)
            session.type("\u{12}" + c)
            #expect(session.wait(timeout: 10) { $0.contains("(reverse-i-search)`\(c)': \(line)") }, "Ctrl-R \(c): \(session.output.suffix(300))")
            session.type("\r")
            #expect(session.wait { session.prompts($0) >= before + 2 }, "\(session.output.suffix(300))")
        }
        // Ctrl-G leaves the search with the line as it was; Ctrl-R Ctrl-R goes older.
        var before = session.prompts(session.output)
        session.type("半句\u{12}谁\u{07}话\r")
        #expect(session.wait { session.prompts($0) >= before + 2 }, "\(session.output.suffix(300))")
        session.type("\u{12}的\u{12}")
        #expect(session.wait { $0.contains("(reverse-i-search)`的': 谏言的内容") }, "\(session.output.suffix(300))")
        before = session.prompts(session.output)
        session.type("\u{03}")  // Ctrl-C drops the search and the line
        #expect(session.wait { session.prompts($0) >= before + 2 }, "\(session.output.suffix(300))")
        before = session.prompts(session.output)
        session.type("/history 8\r")
        #expect(session.wait { session.prompts($0) > before }, "\(session.output.suffix(300))")
        session.type("/quit\r")
        #expect(session.exitStatus() == 0, "\(session.output.suffix(300))")
        // The history ends with the six lines asked again, in the order searched, then 半句话.
        let output = session.output
        let history = output.range(of: "/history 8").map { String(output[$0.upperBound...]) } ?? ""
        let listed = history.split(whereSeparator: \.isNewline).compactMap { row -> String? in
            let parts = row.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
            return parts.count == 2 && Int(parts[0]) != nil ? parts[1].trimmingCharacters(in: .whitespaces) : nil
        }
        #expect(listed == lines + ["半句话", "/history 8"], "\(history)")
        let list = try home.wenda(["sessions", "show", "last"])
        #expect(list.stdout.components(separatedBy: "谁离开了谷歌").count - 1 >= 2)
    }

    /// exit, quit, help and clear alone on a line are commands, as in psql.
    @Test func bareWordsAreCommands() throws {
        let home = try TestHome()
        defer { home.remove() }
        let session = try home.shell()
        defer { session.stop() }
        session.type("help\r")
        #expect(session.wait { $0.contains("/corpus [PATH]") && session.prompts($0) >= 2 }, "\(session.output)")
        session.type("clear\r")
        #expect(session.wait { $0.contains("\u{1B}[H\u{1B}[2J") && session.prompts($0) >= 3 }, "\(session.output)")
        session.type("exit\r")
        #expect(session.exitStatus() == 0, "\(session.output)")
        #expect(!session.output.contains("No answer"))
        #expect(try home.wenda(["sessions", "list"]).stdout.contains("No sessions yet."))
    }
}
