import Foundation

/// Reads a PDF through poppler's `pdftotext -layout` (Debian `poppler-utils`), keeping the
/// page each paragraph stands on for citations; title, author and date from `pdfinfo`.
/// Offsets of a PDF article count UTF-8 bytes of the text `pdftotext` gives (a PDF's own
/// bytes hold no text to point at).
enum PDFReader {
    /// The article of the PDF at `url`, shown as `source`.
    static func read(_ url: URL, source: String, id: String) throws -> Article {
        guard let tool = findTool("pdftotext") else {
            throw ReadProblem(file: source, reason: "skipped: reading a PDF needs pdftotext (Debian package poppler-utils)")
        }
        let out: Data
        do {
            out = try run(tool, ["-layout", "-enc", "UTF-8", "-q", url.path, "-"])
        } catch let failure as ToolFailure {
            throw ReadProblem(file: source, reason: "not a readable PDF (\(failure.message))")
        }
        guard let text = String(data: out, encoding: .utf8) else {
            throw ReadProblem(file: source, reason: "pdftotext gave no UTF-8 text")
        }
        let src = SourceText(string: text)
        // Pages end with a form feed: each is read on its own, its lines noting the page.
        let s = src.scalars
        var lines: [CleanText.Line] = []
        var pages: [Int] = []
        var pageStart = 0
        var page = 1
        for i in 0...s.count where i == s.count || s[i] == "\u{0C}" {
            let r = TextReader(src: src, markdown: false).read(pageStart..<i)
            let blocks = lines.last?.block ?? 0
            for var line in r.lines {
                line.block += blocks
                lines.append(line)
                pages.append(page)
            }
            page += 1
            pageStart = i + 1
        }
        guard !lines.isEmpty else {
            throw ReadProblem(file: source, reason: "no text in the PDF (a scanned PDF needs OCR first)")
        }
        var article = ArticleReader.article(lines: lines, id: id, source: source, line: nil)
        let info = (try? findTool("pdfinfo").map { try run($0, ["-enc", "UTF-8", "-isodates", url.path]) }) ?? nil
        let fields = info.map { parseInfo(String(decoding: $0, as: UTF8.self)) } ?? [:]
        let firstLine = lines.first?.string ?? ""
        article.title = fields["Title"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (firstLine.unicodeScalars.count <= 80 ? firstLine : id)
        article.author = fields["Author"] ?? ""
        article.date = fields["CreationDate"].flatMap(DateText.normalized) ?? ""
        article.setPages(pages)
        return article
    }

    /// `Key: value` lines of `pdfinfo`.
    static func parseInfo(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon]), value = String(line[line.index(after: colon)...]).trimmingWhitespace()
            if !value.isEmpty { out[key] = value }
        }
        return out
    }

    struct ToolFailure: Error { var message: String }

    /// The path of a program in `LibrarySettings.toolPath` (or /usr/bin), nil when it is
    /// not installed.
    static func findTool(_ name: String) -> String? {
        let dirs = LibrarySettings.toolPath + ["/usr/bin", "/usr/local/bin"]
        return dirs.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a program and returns its standard output; its standard error's last line
    /// is the failure's message when it exits non-zero.
    static func run(_ tool: String, _ arguments: [String]) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        // Read both pipes to their ends before waiting: a large output never blocks.
        final class Collected: @unchecked Sendable { var data = Data() }
        let errors = Collected()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errors.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let message = String(decoding: errors.data, as: UTF8.self).split(separator: "\n").last.map(String.init)
            throw ToolFailure(message: message ?? "\((tool as NSString).lastPathComponent) exit status \(p.terminationStatus)")
        }
        return data
    }
}
