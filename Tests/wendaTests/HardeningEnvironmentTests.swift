import Foundation
import Testing
import WendaKit

/// Hostile environments: wenda still answers, warns once (one line on stderr) and says
/// what it could not save. Runs the built binary with piped questions.
@Suite struct HardeningEnvironmentTests {
    static let questions = ["辛顿离开了哪家公司？", "李飞飞说学术界缺什么？"]

    func answered(_ r: Wenda.Result) -> Bool {
        r.status == 0 && r.stdout.contains("“辛顿离开了谷歌。”") && r.stdout.contains("[1]")
    }

    func warnings(_ r: Wenda.Result) -> [Substring] {
        r.stderr.split(separator: "\n").filter { !$0.isEmpty }
    }

    /// The data and state folders cannot be made (their parent is a file: what a
    /// read-only home does to a user who is not root).
    @Test func unwritableFoldersAnswerAndWarnOnce() throws {
        let home = try TestHome()
        defer { home.remove() }
        let blocker = home.root.appendingPathComponent("blocker")
        try Data("a file, not a folder".utf8).write(to: blocker)
        var env = home.env
        env["XDG_DATA_HOME"] = blocker.appendingPathComponent("data").path
        env["XDG_STATE_HOME"] = blocker.appendingPathComponent("state").path
        let r = try Wenda.run(["shell", "--corpus", home.corpus.path], stdin: Self.questions.joined(separator: "\n") + "\n", env: env)
        #expect(answered(r), "\(r)")
        #expect(warnings(r).count == 1, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("wenda: transcripts are off"))
        // `sessions` says why in one line and exits 2.
        let list = try Wenda.run(["sessions", "list"], env: env)
        #expect(list.status == 2)
        #expect(warnings(list).count == 1)
    }

    /// `$HOME` names no folder and the XDG variables are not absolute paths: answers, and one
    /// line for each thing that cannot be saved there (the transcript, the index cache).
    @Test func missingHome() throws {
        let home = try TestHome()
        defer { home.remove() }
        let blocker = home.root.appendingPathComponent("blocker")
        try Data("x".utf8).write(to: blocker)
        let env = ["HOME": blocker.appendingPathComponent("home").path, "XDG_DATA_HOME": "relative", "XDG_STATE_HOME": "", "NO_COLOR": "1"]
        let r = try Wenda.run(["shell", "--corpus", home.corpus.path], stdin: Self.questions.joined(separator: "\n") + "\n", env: env)
        #expect(answered(r), "\(r)")
        let said = warnings(r)
        #expect(said.count == 2, "\(r.stderr)")
        #expect(said.filter { $0.contains("transcript") }.count == 1, "\(r.stderr)")
        #expect(said.filter { $0.contains("index cache") }.count == 1, "\(r.stderr)")
    }

    /// A full disk (here: a file-size limit of a few blocks): answers, one warning for each
    /// thing not saved (the transcript, the index cache), exit 0.
    @Test func fullDisk() throws {
        let home = try TestHome()
        defer { home.remove() }
        let input = Data((Self.questions.joined(separator: "\n") + "\n").utf8)
        let r = try Wenda.run(["shell", "--corpus", home.corpus.path], input: input, env: home.env, after: "ulimit -f 2")
        let err = r.stderr
        #expect(answered(r), "\(r)")
        // One line for each thing that could not be saved (the transcript, and the index
        // cache when the corpus is raw articles), never one per question.
        let said = warnings(r)
        #expect(said.count >= 1 && said.count <= 2, "\(err)")
        #expect(said.filter { $0.contains("transcript") }.count == 1, "\(err)")
        #expect(said.filter { $0.contains("index cache") }.count <= 1, "\(err)")
    }

    /// No TERM, and a locale that is not UTF-8: Chinese still goes in and comes out.
    @Test(arguments: [["LANG": "C", "LC_ALL": "POSIX", "TERM": ""], ["LANG": "", "LC_ALL": "C", "TERM": "dumb"]])
    func noTermAndAPosixLocale(_ extra: [String: String]) throws {
        let home = try TestHome()
        defer { home.remove() }
        var env = home.env
        for (k, v) in extra { env[k] = v }
        let r = try Wenda.run(["shell", "--corpus", home.corpus.path], stdin: Self.questions.joined(separator: "\n") + "\n", env: env)
        #expect(answered(r), "\(r)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        let show = try Wenda.run(["sessions", "show", "last"], env: env)
        #expect(show.stdout.contains("辛顿离开了哪家公司？"))
    }

    /// What wenda creates is private even with a permissive umask: folders 0700, the store
    /// 0600.
    @Test func filesArePrivateWhateverTheUmask() throws {
        let home = try TestHome()
        defer { home.remove() }
        let r = try Wenda.run(["shell", "--corpus", home.corpus.path], input: Data("辛顿离开了哪家公司？\n".utf8),
                              env: home.env, after: "umask 000")
        #expect(r.status == 0, "\(r)")
        let fm = FileManager.default
        func mode(_ path: String) -> Int? { (try? fm.attributesOfItem(atPath: path))?[.posixPermissions] as? Int }
        #expect(mode(home.storePath) == 0o600)
        #expect(mode(home.data.appendingPathComponent("wenda").path) == 0o700)
        for suffix in ["-wal", "-shm"] where fm.fileExists(atPath: home.storePath + suffix) {
            #expect(mode(home.storePath + suffix) == 0o600, "\(suffix)")
        }
    }

    /// The store's -wal and -shm files, while it is open, are as private as the store.
    @Test func walAndShmArePrivate() throws {
        let home = try TestHome()
        defer { home.remove() }
        let store = try TranscriptStore(path: home.storePath)
        let id = try store.startSession(mode: .shell, corpus: "c")
        try store.append(TranscriptTurn(result: AnswerResult(question: "问", noAnswer: true, answers: [], passages: [], elapsedMs: 1),
                                        rendered: "No answer."), to: id)
        let fm = FileManager.default
        for suffix in ["", "-wal", "-shm"] {
            let attrs = try fm.attributesOfItem(atPath: home.storePath + suffix)
            #expect(attrs[.posixPermissions] as? Int == 0o600, "\(suffix)")
        }
        _ = try store.sessions()
    }
}
