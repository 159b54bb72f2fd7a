/// Renders an `AnswerResult` for people: the quoted sentence(s), then numbered citations
/// under them. Plain text unless `color` is asked for (then the highlight is bold and the
/// citations dim), so it reads the same in a terminal and in a log file.
public struct AnswerRenderer: Sendable {
    public var color: Bool
    /// How many characters of a nearest passage to show when there is no answer.
    public var passagePreview: Int
    /// Nearest passages shown when there is no answer.
    public var nearest: Int

    public init(color: Bool = false, passagePreview: Int = 80, nearest: Int = 3) {
        self.color = color
        self.passagePreview = passagePreview
        self.nearest = nearest
    }

    public func render(_ result: AnswerResult) -> String {
        var lines: [String] = []
        if result.noAnswer || result.answers.isEmpty {
            lines.append("No answer found in the articles.")
            let near = result.passages.prefix(nearest)
            if !near.isEmpty {
                lines.append("Nearest passages:")
                for (i, p) in near.enumerated() {
                    lines.append("  \(i + 1). \(TerminalText.safe(p.docId, keepNewlines: false)) ¶\(p.paragraph): \(TerminalText.safe(preview(p.text)))")
                }
            }
            return lines.joined(separator: "\n") + "\n"
        }
        for (i, a) in result.answers.enumerated() {
            lines.append("\(quoted(a)) [\(i + 1)]")
        }
        lines.append("")
        for (i, a) in result.answers.enumerated() {
            lines.append(dim("[\(i + 1)] \(citation(a.citation))"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `title · author · date · ¶N sentence M · source`, empty fields left out.
    public func citation(_ c: Citation) -> String {
        [c.title, c.author, c.date, "¶\(c.paragraph) sentence \(c.sentence)", c.source]
            .filter { !$0.isEmpty }
            .map { TerminalText.safe($0, keepNewlines: false) }
            .joined(separator: " · ")
    }

    func quoted(_ a: QuotedSentence) -> String {
        // Article text never reaches a terminal raw: controls are shown, not obeyed; each
        // highlight segment is made safe on its own so the emphasis stays where it was.
        guard color, let h = a.highlight.first, h.count == 2 else { return "“\(TerminalText.safe(a.text))”" }
        let s = Array(a.text.unicodeScalars)
        let lo = max(0, min(h[0], s.count)), hi = max(lo, min(h[1], s.count))
        func str(_ r: Range<Int>) -> String { TerminalText.safe(String(String.UnicodeScalarView(s[r]))) }
        return "“\(str(0..<lo))\u{1B}[1m\(str(lo..<hi))\u{1B}[0m\(str(hi..<s.count))”"
    }

    func dim(_ s: String) -> String { color ? "\u{1B}[2m\(s)\u{1B}[0m" : s }

    func preview(_ text: String) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: " ")
        let s = Array(flat.unicodeScalars)
        if s.count <= passagePreview { return flat }
        return String(String.UnicodeScalarView(s[0..<passagePreview])) + "…"
    }
}

import Foundation

extension AnswerResult {
    /// One JSON line (the `--json` contract), without a line end.
    public func jsonLine() -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        guard let data = try? e.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
