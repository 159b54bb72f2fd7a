import Foundation
import Testing
@testable import WendaKit

/// Shards served by Xapian's own servers answer as the local engine does: two
/// `xapian-tcpsrv` on free loopback ports, and program remotes (`xapian-progsrv`, what
/// `ssh HOST xapian-progsrv` runs); a shard that does not answer is named in one error,
/// within the timeout, at opening and in the middle of a session, and is used again once
/// it is back.
@Suite(.serialized) struct ShardServingTests {
    /// A `xapian-tcpsrv` serving one shard on a free port of 127.0.0.1, in a process group
    /// of its own (on SIGTERM it signals its whole group), with no signal blocked (a child
    /// would inherit the test runner's).
    final class Server {
        private(set) var pid: pid_t = 0
        let port: Int

        init(_ shard: URL, port: Int? = nil) throws {
            self.port = try port ?? Self.freePort()
            let args = ["xapian-tcpsrv", "--quiet", "--port", "\(self.port)", "--interface", "127.0.0.1", shard.path]
            var attr = posix_spawnattr_t()
            posix_spawnattr_init(&attr)
            defer { posix_spawnattr_destroy(&attr) }
            var none = sigset_t(), defaults = sigset_t()
            sigemptyset(&none)
            sigemptyset(&defaults)
            for s in [SIGTERM, SIGINT, SIGPIPE, SIGCHLD] { sigaddset(&defaults, s) }
            posix_spawnattr_setsigmask(&attr, &none)
            posix_spawnattr_setsigdefault(&attr, &defaults)
            posix_spawnattr_setpgroup(&attr, 0)
            posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            for fd in [Int32(0), 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_RDWR, 0) }
            let argv = args.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            let r = posix_spawnp(&pid, "xapian-tcpsrv", &actions, &attr, argv, environ)
            guard r == 0 else { throw POSIXError(POSIXErrorCode(rawValue: r) ?? .ENOENT) }
            // Until it listens (a few seconds at most).
            var tries = 0
            while !Self.listening(self.port), tries < 200 {
                usleep(25_000)
                tries += 1
            }
            #expect(tries < 200, "xapian-tcpsrv listens on \(self.port)")
        }

        /// Stops it and the processes it forked for its connections (its group).
        func stop() {
            guard pid > 0 else { return }
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            pid = 0
        }

        deinit { stop() }

        /// A port of 127.0.0.1 nothing listens on now.
        static func freePort() throws -> Int {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_addr.s_addr = inet_addr("127.0.0.1")
            a.sin_port = 0
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &a) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
            }
            guard bound else { throw CocoaError(.fileWriteUnknown) }
            return Int(UInt16(bigEndian: a.sin_port))
        }

        static func listening(_ port: Int) -> Bool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_addr.s_addr = inet_addr("127.0.0.1")
            a.sin_port = UInt16(port).bigEndian
            return withUnsafePointer(to: &a) { p in
                p.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
        }
    }

    static func stub(_ lines: [String], in dir: URL, _ name: String = "remote.stub") throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url.path
    }

    @Test func remoteShardsAnswerAsTheLocalEngine() throws {
        let dir = try XapianRetrieverTests.built(2)
        defer { try? FileManager.default.removeItem(at: dir) }
        let servers = try (0..<2).map { try Server(dir.appendingPathComponent("shard-\($0)")) }
        defer { servers.forEach { $0.stop() } }
        let tcp = try Self.stub(servers.map { "remote 127.0.0.1:\($0.port)" }, in: dir)
        let program = try Self.stub((0..<2).map { "remote :xapian-progsrv \(dir.path)/shard-\($0)" }, in: dir, "program.stub")
        let own = AnswerEngine(index: PassageIndex(articles: try XapianRetrieverTests.articles()))
        for stub in [tcp, program] {
            let remote = AnswerEngine(index: try XapianRetriever.open(stub, timeout: .seconds(10)))
            #expect(remote.articles.count == own.articles.count)
            for q in XapianRetrieverTests.questions {
                let a = XapianRetrieverTests.said(own.answer(q, top: 3)), b = XapianRetrieverTests.said(remote.answer(q, top: 3))
                #expect(b.failure == nil, "\(q)")
                #expect(a == b, "\(q) over \(stub)")
                // What --explain shows: the same passages, terms, counts and scores.
                let ea = XapianRetrieverTests.explained(own, q), eb = XapianRetrieverTests.explained(remote, q)
                #expect(ea.map(\.at) == eb.map(\.at), "\(q) over \(stub)")
                #expect(zip(ea, eb).allSatisfy { abs($0.score - $1.score) < 1e-9 && $0.terms == $1.terms }, "\(q) over \(stub)")
            }
        }
    }

    @Test func aShardNobodyServesIsNamed() throws {
        let dir = try XapianRetrieverTests.built(2)
        defer { try? FileManager.default.removeItem(at: dir) }
        let server = try Server(dir.appendingPathComponent("shard-0"))
        defer { server.stop() }
        let dead = try Server.freePort()
        let stub = try Self.stub(["remote 127.0.0.1:\(server.port)", "remote 127.0.0.1:\(dead)"], in: dir)
        let e = #expect(throws: ShardError.self) { try XapianRetriever.open(stub, timeout: .seconds(2)) }
        let message = e?.localizedDescription ?? ""
        #expect(message.hasPrefix("shard 1 (remote 127.0.0.1:\(dead)): "), "\(message)")
        #expect(!message.contains("\n"))
    }

    /// A program remote that cannot serve its shard: what the server said, or (its own
    /// error output goes nowhere) how to see why it ended.
    @Test func aProgramRemoteThatFailsIsNamed() throws {
        let dir = XapianRetrieverTests.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("no-such-shard").path
        let stub = try Self.stub(["remote :xapian-progsrv \(missing)"], in: dir)
        let e = #expect(throws: ShardError.self) { try XapianRetriever.open(stub, timeout: .seconds(5)) }
        let message = e?.localizedDescription ?? ""
        #expect(message.hasPrefix("shard 0 (remote :xapian-progsrv \(missing)): Couldn't stat '\(missing)'"), "\(message)")
        let ended = try Self.stub(["remote :false --no-such-host"], in: dir, "ended.stub")
        let f = #expect(throws: ShardError.self) { try XapianRetriever.open(ended, timeout: .seconds(5)) }
        #expect(f?.localizedDescription.hasSuffix("(the program ended; run `false --no-such-host` to see why)") == true,
                "\(f?.localizedDescription ?? "")")
    }

    @Test func aShardThatDoesNotAnswerTimesOut() throws {
        let dir = try XapianRetrieverTests.built(2)
        defer { try? FileManager.default.removeItem(at: dir) }
        let servers = try (0..<2).map { try Server(dir.appendingPathComponent("shard-\($0)")) }
        defer { servers.forEach { $0.stop() } }
        let stub = try Self.stub(servers.map { "remote 127.0.0.1:\($0.port)" }, in: dir)
        // Stopped: it accepts connections (the kernel does) but never answers.
        kill(servers[1].pid, SIGSTOP)
        defer { kill(servers[1].pid, SIGCONT) }
        let e = #expect(throws: ShardError.self) { try XapianRetriever.open(stub, timeout: .milliseconds(500)) }
        #expect(e?.localizedDescription.hasPrefix("shard 1 (remote 127.0.0.1:\(servers[1].port)): no answer in time") == true,
                "\(e?.localizedDescription ?? "")")
    }

    @Test func aShardLostInASessionFailsTheQuestionUntilItIsBack() throws {
        let dir = try XapianRetrieverTests.built(2)
        defer { try? FileManager.default.removeItem(at: dir) }
        var servers = try (0..<2).map { try Server(dir.appendingPathComponent("shard-\($0)")) }
        defer { servers.forEach { $0.stop() } }
        let stub = try Self.stub(servers.map { "remote 127.0.0.1:\($0.port)" }, in: dir)
        let engine = AnswerEngine(index: try XapianRetriever.open(stub, timeout: .seconds(2)))
        let q = "南京长江大桥的公路桥全长多少米？"
        let before = engine.answer(q, top: 1)
        #expect(before.failure == nil && !before.noAnswer)
        let port = servers[1].port
        servers[1].stop()
        let lost = engine.answer("龙井茶产于哪里？", top: 1)
        #expect(lost.failure?.hasPrefix("shard 1 (remote 127.0.0.1:\(port)): ") == true, "\(lost.failure ?? "answered")")
        #expect(lost.answers.isEmpty && lost.passages.isEmpty)
        servers[1] = try Server(dir.appendingPathComponent("shard-1"), port: port)
        let after = engine.answer(q, top: 1)
        #expect(after.failure == nil)
        #expect(XapianRetrieverTests.said(after) == XapianRetrieverTests.said(before))
    }
}
