import Foundation
import Testing

/// The corpus follows the user from any folder: --corpus, else WENDA_CORPUS, else the
/// `corpus` setting (`wenda config`), else ./seeds; else one line naming the three ways.
@Suite struct CorpusChoiceTests {
    /// A folder with no `seeds` in it, and the answer fixtures by absolute path.
    struct Place {
        let root: URL
        var elsewhere: URL { root.appendingPathComponent("elsewhere") }
        var config: URL { root.appendingPathComponent("config") }
        let fixtures = Wenda.packageRoot.appendingPathComponent(AskTests.fixtures).path
        let seeds = Wenda.packageRoot.appendingPathComponent("seeds").path
        var env: [String: String] { ["HOME": root.path, "XDG_CONFIG_HOME": config.path] }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-corpus-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("elsewhere"), withIntermediateDirectories: true)
        }

        func wenda(_ args: [String], env extra: [String: String] = [:], stdin: String? = nil) throws -> Wenda.Result {
            try Wenda.run(args, stdin: stdin, env: env.merging(extra) { $1 }, cwd: elsewhere)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    static let bridge = "南京长江大桥的公路桥全长多少米？"
    static let stanford = "斯坦福大学的自然语言处理小组有多少块GPU？"

    @Test func noCorpusIsOneLineNamingTheThreeWays() throws {
        let place = try Place()
        defer { place.remove() }
        let r = try place.wenda(["ask", Self.bridge])
        #expect(r.status == 2)
        #expect(r.stderr == "wenda: no corpus: give --corpus PATH, set WENDA_CORPUS=PATH, or run `wenda config set corpus PATH`\n")
        let paths = try place.wenda(["paths"])
        #expect(paths.status == 0)
        let line = paths.stdout.split(separator: "\n").first { $0.hasPrefix("corpus ") }
        #expect(line?.hasSuffix("(none: no corpus: give --corpus PATH, set WENDA_CORPUS=PATH, or run `wenda config set corpus PATH`)") == true, "\(paths.stdout)")
    }

    @Test func theEnvironmentThenTheConfigFollowTheUser() throws {
        let place = try Place()
        defer { place.remove() }
        // WENDA_CORPUS, from a folder without seeds.
        let fromEnv = try place.wenda(["ask", "--top", "1", Self.bridge], env: ["WENDA_CORPUS": place.fixtures])
        #expect(fromEnv.status == 0, "\(fromEnv)")
        #expect(fromEnv.stdout.contains("4589米"))

        // `config set` keeps an absolute path, whatever folder it was given from.
        let set = try Wenda.run(["config", "set", "corpus", AskTests.fixtures], env: place.env)
        #expect(set.status == 0, "\(set)")
        let get = try place.wenda(["config", "get", "corpus"])
        #expect(get.stdout == place.fixtures + "\n")
        #expect(try place.wenda(["config", "list"]).stdout == "corpus = \(place.fixtures)\n")
        let file = try String(contentsOf: place.config.appendingPathComponent("wenda/config"), encoding: .utf8)
        #expect(file == "corpus = \(place.fixtures)\n")
        let fromConfig = try place.wenda(["ask", "--top", "1", Self.bridge])
        #expect(fromConfig.status == 0, "\(fromConfig)")
        #expect(fromConfig.stdout.contains("4589米"))
        let paths = try place.wenda(["paths"])
        #expect(paths.stdout.contains("\(place.fixtures)  (from corpus in \(place.config.path)/wenda/config)"), "\(paths.stdout)")

        // The environment comes before the config, --corpus before both.
        let envWins = try place.wenda(["ask", "--top", "1", Self.stanford], env: ["WENDA_CORPUS": place.seeds])
        #expect(envWins.stdout.contains("68块GPU"), "\(envWins)")
        let optionWins = try place.wenda(["ask", "--top", "1", "--corpus", place.fixtures, Self.bridge], env: ["WENDA_CORPUS": place.seeds])
        #expect(optionWins.stdout.contains("4589米"), "\(optionWins)")
        let pathsJSON = try place.wenda(["paths", "--json"], env: ["WENDA_CORPUS": place.seeds])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(pathsJSON.stdout.utf8)) as? [String: Any])
        #expect(obj["corpus_from"] as? String == "WENDA_CORPUS")
        #expect(obj["corpus"] as? String == place.seeds)

        // A piped run and the shell read it too.
        let piped = try place.wenda(["--json"], stdin: Self.bridge + "\n")
        #expect(piped.status == 0)
        #expect(piped.stdout.contains("4589米"))

        // A corpus from the config that has gone says where the path came from.
        #expect(try place.wenda(["config", "set", "corpus", place.root.appendingPathComponent("gone").path]).status == 0)
        let gone = try place.wenda(["ask", Self.bridge])
        #expect(gone.status == 2)
        #expect(gone.stderr.hasSuffix("(the corpus from corpus in \(place.config.path)/wenda/config)\n"), "\(gone.stderr)")

        #expect(try place.wenda(["config", "unset", "corpus"]).status == 0)
        #expect(try place.wenda(["config", "get", "corpus"]).status == 1)
        #expect(try place.wenda(["ask", Self.bridge]).status == 2)
    }

    @Test func theConfigFileKeepsCommentsAndSaysWhatItDoesNotKnow() throws {
        let place = try Place()
        defer { place.remove() }
        let folder = place.config.appendingPathComponent("wenda")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "# my settings\ncolour = blue\ncorpus = ~/articles\n".write(to: folder.appendingPathComponent("config"), atomically: true, encoding: .utf8)
        let list = try place.wenda(["config", "list"])
        #expect(list.stdout == "corpus = ~/articles\n")
        #expect(list.stderr == "wenda: \(folder.path)/config:2: unknown setting 'colour'\n")
        // `~/` is the home folder.
        let paths = try place.wenda(["paths"])
        #expect(paths.stdout.contains("\(place.root.path)/articles  (from corpus in"), "\(paths.stdout)")
        #expect(try place.wenda(["config", "set", "corpus", "/data/news"]).status == 0)
        let text = try String(contentsOf: folder.appendingPathComponent("config"), encoding: .utf8)
        #expect(text == "# my settings\ncolour = blue\ncorpus = /data/news\n")
        let bad = try place.wenda(["config", "set", "colour", "red"])
        #expect(bad.status == 2)
        #expect(bad.stderr == "wenda: unknown setting 'colour'; settings: corpus\n")
    }
}
