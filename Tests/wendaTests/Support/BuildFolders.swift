// A folder of article files and a folder for `wenda build` to write into, under one new
// temporary folder: the set-up of the tests that build a corpus of their own.
import Foundation

struct BuildFolders {
    /// The article files, as given.
    let src: URL
    /// Not made: `wenda build --out` makes it.
    let out: URL
    private let root: URL

    /// `articles`: file name → text.
    init(_ articles: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-build-\(UUID().uuidString)")
        src = root.appendingPathComponent("src")
        out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: src, withIntermediateDirectories: true)
        for (name, text) in articles { try text.write(to: src.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    }

    /// `wenda build src --out out`.
    func build() throws -> Wenda.Result { try Wenda.run(["build", src.path, "--out", out.path]) }

    func remove() { try? FileManager.default.removeItem(at: root) }
}
