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

    init(_ args: [String], env: [String: String]) throws {
        let command = "stty cols 100 rows 30 2>/dev/null; exec " + ([Wenda.binary.path] + args).map(Self.quote).joined(separator: " ")
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

@Suite(.serialized, .enabled(if: PtySession.scriptAvailable, "needs util-linux `script`"))
struct PtyTests {
    @Test(.timeLimit(.minutes(2)))
    func chineseQuestionCtrlCAndHistoryAcrossRestarts() throws {
        let home = try TestHome()
        defer { home.remove() }
        let args = ["--corpus", home.corpus.path]

        let first = try PtySession(args, env: home.env)
        defer { first.stop() }
        #expect(first.wait { first.prompts($0) >= 1 }, "no prompt: \(first.output)")
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
        let second = try PtySession(args, env: home.env)
        defer { second.stop() }
        #expect(second.wait { second.prompts($0) >= 1 })
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
}
