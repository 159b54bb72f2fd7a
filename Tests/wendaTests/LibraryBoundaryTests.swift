import Foundation
import Testing

/// WendaKit knows no terminal and no environment: no ANSI escape, no write to stderr, no
/// read of an environment variable (the executable hands it `LibrarySettings` and paths).
@Suite struct LibraryBoundaryTests {
    @Test func theLibraryReadsNoEnvironmentAndWritesNoTerminal() throws {
        let root = Wenda.packageRoot.appendingPathComponent("Sources/WendaKit")
        let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 40)
        let banned = ["ProcessInfo.processInfo.environment", "getenv(", "FileHandle.standardError", "STDERR_FILENO",
                      "fputs(", "\\u{1B}[", "\\u{001B}[", "\\e["]
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for b in banned { #expect(!text.contains(b), "\(file) has \(b)") }
        }
    }

    /// The knobs still work, read by the executable: WENDA_FEATURES prints each question's
    /// no-answer features (for calibration), WENDA_THREADS=1 builds on one core alike.
    @Test func theExecutableHandsOnItsKnobs() throws {
        let q = "南京长江大桥的公路桥全长多少米？"
        let r = try Wenda.run(["ask", "--no-transcript", "--corpus", AskTests.fixtures, q], env: ["WENDA_FEATURES": "1"])
        #expect(r.status == 0)
        let line = try #require(r.stderr.split(separator: "\n").first { $0.hasPrefix(q + "\t") })
        #expect(line.split(separator: "\t").count > 5)
        #expect(line.contains("\taskedItemHeld="))  // each feature by name
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-knobs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let one = try Wenda.run(["build", AskTests.fixtures, "--out", dir.path], env: ["WENDA_THREADS": "1"])
        #expect(one.status == 0, "\(one)")
    }
}
