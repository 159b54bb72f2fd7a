import Foundation
import Testing

/// The one way tests run the built `wenda` binary: an environment that holds nothing of the
/// person running the tests (no `FORCE_COLOR`, `WENDA_*`, `XDG_*` or real home), a private
/// home with its own XDG folders, a time limit, stdout and stderr read at once (a child
/// filling one pipe never waits on the other), and the private folders removed afterwards.
enum Wenda {
    static var packageRoot: URL {
        // Tests/wendaTests/Launcher.swift → package root
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `WENDA_BIN` (of the test runner) names another build to test; else the binary beside
    /// the tests, else the debug build.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["WENDA_BIN"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let exe = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("wenda")
        if FileManager.default.isExecutableFile(atPath: exe.path) { return exe }
        return packageRoot.appendingPathComponent(".build/debug/wenda")
    }

    struct Result: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The bytes as written, for tests about what may never be printed.
        var stdoutData = Data()
        var stderrData = Data()

        init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
            self.stdoutData = Data(stdout.utf8)
            self.stderrData = Data(stderr.utf8)
        }

        init(status: Int32, stdoutData: Data, stderrData: Data) {
            self.init(status: status, stdout: String(decoding: stdoutData, as: UTF8.self), stderr: String(decoding: stderrData, as: UTF8.self))
            self.stdoutData = stdoutData
            self.stderrData = stderrData
        }

        var description: String { "exit \(status)\n--- stdout\n\(stdout.prefix(4000))\n--- stderr\n\(stderr.prefix(4000))" }
    }

    struct TimedOut: Error, CustomStringConvertible {
        var command: [String]
        var seconds: Double
        var partial: Result
        var description: String { "timed out after \(Int(seconds)) s: \(command.joined(separator: " "))\n\(partial)" }
    }

    /// The environment a test's child gets: PATH, a UTF-8 locale, and a private home whose
    /// XDG folders are named explicitly, then `overrides`. When `overrides` names its own
    /// `HOME`, the XDG folders it does not name are left unset, so the binary derives them
    /// from that home as it would for a user (`~/.config`, `~/.local/share`…).
    static func environment(privateRoot: URL, overrides: [String: String] = [:]) -> [String: String] {
        var e: [String: String] = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "TMPDIR": privateRoot.appendingPathComponent("tmp").path,
        ]
        if overrides["HOME"] == nil {
            e["HOME"] = privateRoot.appendingPathComponent("home").path
            e["XDG_CONFIG_HOME"] = privateRoot.appendingPathComponent("config").path
            e["XDG_DATA_HOME"] = privateRoot.appendingPathComponent("data").path
            e["XDG_STATE_HOME"] = privateRoot.appendingPathComponent("state").path
            e["XDG_CACHE_HOME"] = privateRoot.appendingPathComponent("cache").path
        }
        for (k, v) in overrides { e[k] = v }
        return e
    }

    /// A private folder for one launch (its home, XDG folders and TMPDIR); the caller removes it.
    static func makePrivateRoot() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-run-\(UUID().uuidString)")
        for sub in ["home", "tmp"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        return root
    }

    /// Runs `wenda ARGS` in the package root (or `cwd`) with `stdin` as its input.
    @discardableResult
    static func run(_ args: [String], stdin: String? = nil, env: [String: String] = [:], cwd: URL? = nil,
                    timeout: Double = 180) throws -> Result {
        try run(args, input: stdin.map { Data($0.utf8) }, env: env, cwd: cwd, timeout: timeout)
    }

    /// The same with raw input bytes, and optionally under `sh` commands run first in the
    /// same process (`ulimit -f 2`, `umask 000`) before it becomes `wenda`.
    @discardableResult
    static func run(_ args: [String], input: Data?, env: [String: String] = [:], cwd: URL? = nil,
                    after shellSetup: String? = nil, timeout: Double = 180) throws -> Result {
        let root = try makePrivateRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        var executable = binary, arguments = args
        if let shellSetup {
            executable = URL(fileURLWithPath: "/bin/sh")
            arguments = ["-c", shellSetup + "\nexec \"$0\" \"$@\"", binary.path] + args
        }
        return try launch(executable, arguments, input: input, environment: environment(privateRoot: root, overrides: env),
                          cwd: cwd ?? packageRoot, timeout: timeout)
    }

    /// Runs a program with exactly `environment`, feeding `input` and reading both outputs
    /// at once; kills it and throws `TimedOut` past `timeout` seconds.
    static func launch(_ executable: URL, _ arguments: [String], input: Data?, environment: [String: String],
                       cwd: URL, timeout: Double) throws -> Result {
        let p = Process()
        p.executableURL = executable
        p.arguments = arguments
        p.environment = environment
        p.currentDirectoryURL = cwd
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp  // a pipe, as in a script, closed at once when there is no input
        try p.run()
        let collected = Collected()
        let group = DispatchGroup()
        for (pipe, isOut) in [(out, true), (err, false)] {
            let reader = pipe.fileHandleForReading
            DispatchQueue.global().async(group: group) {
                let data = reader.readDataToEndOfFile()
                collected.set(data, stdout: isOut)
            }
        }
        let writer = inp.fileHandleForWriting
        if let input {
            DispatchQueue.global().async(group: group) {
                writeIgnoringBrokenPipe(input, to: writer.fileDescriptor)
                try? writer.close()
            }
        } else {
            try? writer.close()
        }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            // The child leads its own process group: kill what it started too, which may
            // hold the pipes open.
            let pid = p.processIdentifier
            kill(getpgid(pid) == pid ? -pid : pid, SIGKILL)
            _ = group.wait(timeout: .now() + 5)
            throw TimedOut(command: [executable.lastPathComponent] + arguments, seconds: timeout,
                           partial: Result(status: -1, stdoutData: collected.stdout, stderrData: collected.stderr))
        }
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdoutData: collected.stdout, stderrData: collected.stderr)
    }

    /// Writes all of `data`; a child that stops reading (it exited, or closed stdin) ends the
    /// write quietly. SIGPIPE is blocked on this thread and taken back before unblocking, so
    /// it never reaches the test runner, and the child keeps its own default disposition.
    private static func writeIgnoringBrokenPipe(_ data: Data, to fd: Int32) {
        var block = sigset_t(), old = sigset_t()
        sigemptyset(&block)
        sigaddset(&block, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &block, &old)
        defer {
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1 {
                var zero = timespec(tv_sec: 0, tv_nsec: 0)
                _ = sigtimedwait(&block, nil, &zero)
            }
            pthread_sigmask(SIG_SETMASK, &old, nil)
        }
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard var p = raw.baseAddress else { return }
            var left = raw.count
            while left > 0 {
                let n = write(fd, p, left)
                if n < 0 { if errno == EINTR { continue }; return }
                p += n
                left -= n
            }
        }
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var out = Data(), err = Data()
        func set(_ data: Data, stdout: Bool) { lock.withLock { if stdout { out = data } else { err = data } } }
        var stdout: Data { lock.withLock { out } }
        var stderr: Data { lock.withLock { err } }
    }
}

/// A line of JSON output as an object: a test fails, not the run, when it is not one.
func jsonObject(_ text: some StringProtocol, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(value as? [String: Any], "not a JSON object: \(text.prefix(200))", sourceLocation: sourceLocation)
}
