import Foundation
import Testing

/// An incremental `wenda build` reuses what did not change: an article whose text is
/// edited is segmented again, an unchanged one is not. Shown by planting a different valid
/// segmentation in the unchanged article's corpus file: a rebuild that segmented it again
/// would put the segmenter's words back.
@Suite struct IncrementalBuildTests {
    static let edited = "a.txt", unchanged = "b.md"
    static let articles = [
        edited: "长江大桥在1968年建成通车。它是一座公路铁路两用桥。\n",
        unchanged: "---\ntitle: 西湖茶园\n---\n西湖一带的茶园分布很广，历史悠久。龙井村以游客众多闻名。\n",
    ]

    /// `file` with one Chinese word of one of its sentences cut in two (`茶园` → `茶 园`):
    /// still words that spell the sentence, so a reader takes them.
    static func plantingASplitWord(_ file: String) -> String? {
        guard let pattern = try? NSRegularExpression(pattern: #""words":"([^"\\]*)","kinds":"([a-z]*)""#) else { return nil }
        let ns = file as NSString
        for m in pattern.matches(in: file, range: NSRange(location: 0, length: ns.length)) {
            var words = ns.substring(with: m.range(at: 1)).split(separator: " ").map(String.init)
            var kinds = Array(ns.substring(with: m.range(at: 2)))
            guard words.count == kinds.count,
                  let i = words.indices.first(where: { kinds[$0] == "w" && $0 > 0 && words[$0].unicodeScalars.count >= 2 }) else { continue }
            let w = words[i]
            words[i] = String(w.prefix(1)) + " " + String(w.dropFirst())
            kinds.insert("w", at: i)
            let planted = "\"words\":\"\(words.joined(separator: " "))\",\"kinds\":\"\(String(kinds))\""
            return ns.replacingCharacters(in: m.range, with: planted)
        }
        return nil
    }

    @Test func aRebuildKeepsTheWordsOfWhatDidNotChange() throws {
        let folders = try BuildFolders(Self.articles)
        defer { folders.remove() }
        let (src, out) = (folders.src, folders.out)
        let first = try folders.build()
        #expect(first.status == 0, "\(first)")

        // Plant another segmentation in the unchanged article's file.
        let keptFile = out.appendingPathComponent("b.json")
        let original = try String(contentsOf: keptFile, encoding: .utf8)
        let planted = try #require(Self.plantingASplitWord(original), "a word to split in \(original)")
        #expect(planted != original)
        try planted.write(to: keptFile, atomically: true, encoding: .utf8)

        // Edit the other article's text, and build again.
        let newSentence = "大桥的公路桥全长4589米。"
        try (Self.articles[Self.edited]! + newSentence + "\n").write(to: src.appendingPathComponent(Self.edited), atomically: true, encoding: .utf8)
        let second = try folders.build()
        #expect(second.status == 0, "\(second)")

        // The planted words survive; the edited article is segmented and written again.
        #expect(try String(contentsOf: keptFile, encoding: .utf8) == planted, "the unchanged article's words are reused, not segmented again")
        let editedFile = try String(contentsOf: out.appendingPathComponent("a.json"), encoding: .utf8)
        #expect(editedFile.contains(newSentence))
        // The rebuilt corpus answers from the edited text, and from the unchanged article verbatim.
        let r = try Wenda.run(["--json", "--corpus", out.path], stdin: "大桥的公路桥全长多少米？\n西湖一带的茶园历史怎么样？\n")
        #expect(r.status == 0, "\(r)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        guard lines.count == 2 else { return }
        let a = try #require((try jsonObject(lines[0])["answers"] as? [[String: Any]])?.first)
        #expect(a["text"] as? String == newSentence)
        let b = try #require((try jsonObject(lines[1])["answers"] as? [[String: Any]])?.first)
        #expect(b["text"] as? String == "西湖一带的茶园分布很广，历史悠久。")
    }
}
