import Foundation
import Testing

/// The library's folders depend on each other one way: Support ← Text ← Corpus ← Index ←
/// Answer ← Transcript. A file may use the types declared in its own folder and the
/// folders before it, never one declared in a folder after it: the types each folder
/// declares at top level are read from the sources, and every identifier of every file
/// (comments and string literals left out) is looked up among them.
@Suite struct FolderDependencyTests {
    static let order = ["Support", "Text", "Corpus", "Index", "Answer", "Transcript"]

    static var library: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/WendaKit")
    }

    static func sources(_ folder: String) throws -> [(name: String, text: String)] {
        let root = library.appendingPathComponent(folder)
        guard let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var out: [(name: String, text: String)] = []
        for case let url as URL in walk where url.pathExtension == "swift" {
            out.append((String(url.path.dropFirst(library.path.count + 1)), try String(contentsOf: url, encoding: .utf8)))
        }
        return out.sorted { $0.name < $1.name }
    }

    /// The names of the types a file declares: at top level, or (`nested`) at any depth.
    static func declared(_ text: String, nested: Bool = false) -> [String] {
        let pattern = #/(?:(?:public|internal|private|fileprivate|final|indirect|@\w+)\s+)*(?:struct|enum|class|protocol|actor|typealias)\s+(\w+)/#
        return text.split(separator: "\n").compactMap { line in
            let code = nested ? line.drop { $0 == " " } : line[...]
            return (try? pattern.prefixMatch(in: code)).map { String($0.1) }
        }
    }

    /// The identifiers of a file's code: comments and string literals left out.
    static func identifiers(_ text: String) -> Set<String> {
        var code = text.replacing(#/"""[\s\S]*?"""/#, with: "")
        code = code.replacing(#/"(?:[^"\\\n]|\\.)*"/#, with: "")
        code = code.replacing(#/\/\/[^\n]*/#, with: "")
        code = code.replacing(#/\/\*[\s\S]*?\*\//#, with: "")
        return Set(code.matches(of: #/[A-Za-z_][A-Za-z0-9_]*/#).map { String($0.0) })
    }

    @Test func foldersDependOneWay() throws {
        // Where each type is declared at top level, and the first folder declaring a type
        // of that name at any depth (a nested type of the same name is another type).
        var owner: [String: Int] = [:], first: [String: Int] = [:]
        for (k, folder) in Self.order.enumerated() {
            for file in try Self.sources(folder) {
                for name in Self.declared(file.text) { owner[name] = k }
                for name in Self.declared(file.text, nested: true) where first[name] == nil { first[name] = k }
            }
        }
        #expect(owner["Column"] == Self.order.firstIndex(of: "Index"), "the declarations are read")
        #expect(owner["AnswerEngine"] == Self.order.firstIndex(of: "Answer"))
        var wrong: [String] = []
        for (k, folder) in Self.order.enumerated() {
            for file in try Self.sources(folder) {
                for name in Self.identifiers(file.text).sorted() {
                    if let o = owner[name], o > k, first[name].map({ $0 > k }) ?? true { wrong.append("\(file.name) uses \(name) (\(Self.order[o]))") }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
    }
}
