import Foundation
import Testing

/// Runs the built `wenda` binary end to end.
enum Wenda {
    static var binary: URL {
        // Tests/wendaTests/BinaryTests.swift → package root → .build/debug/wenda
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        if let path = ProcessInfo.processInfo.environment["WENDA_BIN"] { return URL(fileURLWithPath: path) }
        let exe = Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("wenda")
        if FileManager.default.isExecutableFile(atPath: exe.path) { return exe }
        return root.appendingPathComponent(".build/debug/wenda")
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A folder of its own for the test process, standing in for the XDG folders.
    static let isolatedHome: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-test-home-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    struct Result { var status: Int32; var stdout: String; var stderr: String }

    static func run(_ args: [String], stdin: String? = nil, env: [String: String] = [:], cwd: URL? = nil) throws -> Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.currentDirectoryURL = cwd ?? packageRoot
        var e = ProcessInfo.processInfo.environment
        // Never the user's own store or history: a private home for every test run.
        e["XDG_DATA_HOME"] = isolatedHome.appendingPathComponent("data").path
        e["XDG_STATE_HOME"] = isolatedHome.appendingPathComponent("state").path
        e["XDG_CACHE_HOME"] = isolatedHome.appendingPathComponent("cache").path
        e.removeValue(forKey: "WENDA_HISTORY")
        for (k, v) in env { e[k] = v }
        p.environment = e
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        if let stdin { inp.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let r = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: r, as: UTF8.self))
    }
}

@Suite struct BinaryTests {
    @Test func helpListsTheCommands() throws {
        let r = try Wenda.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("ask"))
    }
}
