import Foundation

/// Reads articles from files, folders and corpus JSONL. (Interim: JSONL and plain text.)
public enum CorpusLoader {
    /// The articles under `paths` (files or folders, read in name order), with the
    /// problems of those that could not be read. Throws only when a path does not exist.
    public static func load(_ paths: [String]) throws -> (articles: [Article], problems: [ReadProblem]) {
        var articles: [Article] = []
        var problems: [ReadProblem] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                throw CorpusError.notFound(path)
            }
            var files: [String] = []
            if isDir.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                files = names.filter { !$0.hasPrefix(".") }.sorted().map { (path as NSString).appendingPathComponent($0) }
            } else {
                files = [path]
            }
            for file in files {
                do {
                    articles += try read(file)
                } catch let p as ReadProblem {
                    problems.append(p)
                } catch {
                    problems.append(ReadProblem(file: file, reason: error.localizedDescription))
                }
            }
        }
        return (articles, problems)
    }

    static func read(_ file: String) throws -> [Article] {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ReadProblem(file: file, reason: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ReadProblem(file: file, reason: "not UTF-8 text")
        }
        let id = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        if file.hasSuffix(".jsonl") {
            var out: [Article] = []
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
                guard let obj = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                      let id = obj["id"] as? String, let body = obj["text"] as? String else {
                    continue
                }
                out.append(article(id: id, title: obj["title"] as? String ?? id, source: file, line: n + 1, text: body))
            }
            return out
        }
        return [article(id: id, title: id, source: file, line: nil, text: text)]
    }

    static func article(id: String, title: String, source: String, line: Int?, text: String) -> Article {
        var offsets: [Int] = []
        var o = 0
        for s in text.unicodeScalars { offsets.append(o); o += String(s).utf8.count }
        offsets.append(o)
        return Article(id: id, title: title, source: source, line: line, text: text,
                       sourceOffsets: offsets, paragraphs: SentenceSplitter.paragraphs(in: text))
    }
}
