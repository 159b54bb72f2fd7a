import Foundation
import Testing

/// `make install` puts what a user needs outside the checkout, and the installed wenda
/// answers from any folder; `make uninstall` takes it all away again.
@Suite struct InstallTests {
    static let manual = Wenda.packageRoot.appendingPathComponent(".build/plugins/GenerateManual/outputs/wenda/wenda.1")

    /// `make test` makes the manual page before the tests run (the plugin cannot run while
    /// `swift test` holds the build folder), so `make install` here compiles nothing.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: manual.path), "run through `make test`, which makes the manual page first"))
    func installAskFromElsewhereAndUninstall() throws {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("wenda-install-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        let prefix = root.appendingPathComponent("prefix"), elsewhere = root.appendingPathComponent("elsewhere")
        try fm.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let make = try Wenda.launch(URL(fileURLWithPath: "/usr/bin/env"), ["make", "--no-print-directory", "install", "CONFIG=debug", "PREFIX=\(prefix.path)"],
                                    input: nil, environment: ProcessInfo.processInfo.environment, cwd: Wenda.packageRoot, timeout: 300)
        #expect(make.status == 0, "\(make)")
        #expect(!make.stdout.contains("swift build") && !make.stdout.contains("Compiling"), "nothing compiled: \(make.stdout)")
        let files = ["bin/wenda", "share/wenda/dictionary/jieba.wdict", "share/wenda/dictionary/LICENSE.md",
                     "share/wenda/cedict/cedict-glosses.tsv", "share/wenda/cedict/cedict-synonyms.tsv", "share/wenda/cedict/LICENSE.md", "share/doc/wenda/cedict-LICENSE.md",
                     "share/man/man1/wenda.1",
                     "share/bash-completion/completions/wenda", "share/zsh/site-functions/_wenda",
                     "share/fish/vendor_completions.d/wenda.fish", "share/doc/wenda/LICENSE",
                     "share/doc/wenda/opencc-NOTICE.md", "share/doc/wenda/jieba-LICENSE.md"]
        for f in files { #expect(fm.fileExists(atPath: prefix.appendingPathComponent(f).path), "\(f)") }
        let page = try String(contentsOf: prefix.appendingPathComponent("share/man/man1/wenda.1"), encoding: .utf8)
        #expect(page.contains(".Dt WENDA 1") && page.contains("--corpus"))
        #expect(try String(contentsOf: prefix.appendingPathComponent("share/bash-completion/completions/wenda"), encoding: .utf8).contains("sessions"))

        // The installed binary, from another folder, with the corpus from the environment,
        // reads the dictionary installed beside it.
        let wenda = prefix.appendingPathComponent("bin/wenda")
        let corpus = Wenda.packageRoot.appendingPathComponent(AskTests.fixtures).path
        let env = Wenda.environment(privateRoot: root, overrides: ["WENDA_CORPUS": corpus])
        let asked = try Wenda.launch(wenda, ["--top", "1", "南京长江大桥的公路桥全长多少米？"], input: nil, environment: env, cwd: elsewhere, timeout: 120)
        #expect(asked.status == 0, "\(asked)")
        #expect(asked.stdout.contains("4589米"))
        let paths = try Wenda.launch(wenda, ["paths", "--json"], input: nil, environment: env, cwd: elsewhere, timeout: 60)
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(paths.stdout.utf8)) as? [String: Any])
        #expect(obj["dictionary"] as? String == prefix.appendingPathComponent("share/wenda/dictionary/jieba.wdict").path)
        #expect(obj["corpus_from"] as? String == "WENDA_CORPUS")

        let un = try Wenda.launch(URL(fileURLWithPath: "/usr/bin/env"), ["make", "--no-print-directory", "uninstall", "CONFIG=debug", "PREFIX=\(prefix.path)"],
                                  input: nil, environment: ProcessInfo.processInfo.environment, cwd: Wenda.packageRoot, timeout: 120)
        #expect(un.status == 0, "\(un)")
        for f in files { #expect(!fm.fileExists(atPath: prefix.appendingPathComponent(f).path), "\(f) removed") }
        #expect(!fm.fileExists(atPath: prefix.appendingPathComponent("share/wenda").path))
    }
}
