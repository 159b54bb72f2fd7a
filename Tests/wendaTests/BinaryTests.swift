import Foundation
import Testing

@Suite struct BinaryTests {
    @Test func helpListsTheCommands() throws {
        let r = try Wenda.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("ask"))
    }
}

/// The launcher every binary test goes through keeps the tests' own promises.
@Suite struct LauncherTests {
    /// The variables the child sees, printed by the shell just before it becomes `wenda`.
    func childEnvironment(_ env: [String: String] = [:]) throws -> [String: String] {
        let r = try Wenda.run(["--help"], input: nil, env: env, after: "env >&2")
        #expect(r.status == 0, "\(r)")
        var vars: [String: String] = [:]
        for line in r.stderr.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            vars[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return vars
    }

    /// Nothing of the runner's environment reaches the child: only PATH, the locale and a
    /// private home with its XDG folders and TMPDIR, all inside one folder that is gone
    /// once the run is over.
    @Test func childGetsOnlyAPrivateHomeAndItIsRemoved() throws {
        let vars = try childEnvironment()
        let expected: Set = ["PATH", "LANG", "TMPDIR", "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"]
        // sh itself may add PWD, SHLVL and `_`.
        #expect(Set(vars.keys).subtracting(["PWD", "SHLVL", "_", "OLDPWD"]) == expected, "\(vars)")
        #expect(vars["LANG"] == "C.UTF-8")
        let home = try #require(vars["HOME"])
        let root = URL(fileURLWithPath: home).deletingLastPathComponent()
        #expect(root.path.hasPrefix(FileManager.default.temporaryDirectory.path))
        for key in expected.subtracting(["PATH", "LANG"]) {
            #expect(try #require(vars[key]).hasPrefix(root.path + "/"), "\(key)")
        }
        #expect(!FileManager.default.fileExists(atPath: root.path), "the private folder is removed")
        // Two runs never share a home.
        #expect(try childEnvironment()["HOME"] != home)
    }

    /// A test's own HOME leaves the XDG folders to be derived from it, as for a user.
    @Test func aGivenHomeDecidesTheXdgFolders() throws {
        let vars = try childEnvironment(["HOME": "/nonexistent/home", "XDG_DATA_HOME": "/nonexistent/data"])
        #expect(vars["HOME"] == "/nonexistent/home")
        #expect(vars["XDG_DATA_HOME"] == "/nonexistent/data")
        #expect(vars["XDG_CONFIG_HOME"] == nil && vars["XDG_STATE_HOME"] == nil && vars["XDG_CACHE_HOME"] == nil)
    }

    /// A child that fills its stderr pipe before writing stdout does not deadlock.
    @Test func bothPipesAreDrainedAtOnce() throws {
        let r = try Wenda.run(["--help"], input: nil, after: "head -c 1000000 /dev/zero >&2", timeout: 60)
        #expect(r.status == 0)
        #expect(r.stderrData.count == 1_000_000)
        #expect(r.stdout.contains("ask"))
    }

    /// Input larger than a pipe holds, to a child that never reads it, ends quietly.
    @Test func unreadInputIsNoBrokenPipe() throws {
        let r = try Wenda.run(["--help"], input: Data(count: 4_000_000), after: "exec 0<&-", timeout: 60)
        #expect(r.status == 0, "\(r)")
    }

    @Test func aHungChildIsKilledAtTheTimeLimit() throws {
        let start = Date()
        #expect(throws: Wenda.TimedOut.self) {
            try Wenda.run(["--help"], input: nil, after: "sleep 30", timeout: 1)
        }
        #expect(Date().timeIntervalSince(start) < 20)
    }
}
