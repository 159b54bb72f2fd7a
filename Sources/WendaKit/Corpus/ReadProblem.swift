import Foundation

/// Something that kept an article (or a line of a JSONL file) from being read: shown as
/// `FILE: reason` or `FILE:LINE: reason`.
public struct ReadProblem: Error, Sendable, Hashable, CustomStringConvertible, LocalizedError {
    public var file: String
    public var line: Int?
    public var reason: String

    public init(file: String, line: Int? = nil, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var errorDescription: String? { description }

    public var description: String {
        if let line { return "\(file):\(line): \(reason)" }
        return "\(file): \(reason)"
    }
}

/// Errors that stop a whole corpus from being used.
public enum CorpusError: LocalizedError, Sendable {
    case notFound(String)
    case noArticles(String)
    /// No article under a path could be read: the first file's problem, and how many there were.
    case noneReadable(String, ReadProblem, Int)

    /// What stops a corpus at `path` that gave no article: the problems of its files when
    /// there were any.
    public static func nothingRead(_ path: String, _ problems: [ReadProblem]) -> CorpusError {
        problems.first.map { .noneReadable(path, $0, problems.count) } ?? .noArticles(path)
    }

    public var errorDescription: String? {
        switch self {
        case .notFound(let path): return "\(path): no such file or folder"
        case .noArticles(let path): return "\(path): no readable articles"
        case .noneReadable(let path, let first, let count):
            if count == 1, first.file == path { return first.description }
            return "\(path): no readable articles (\(first)\(count > 1 ? "; \(count - 1) more problem\(count == 2 ? "" : "s")" : ""))"
        }
    }
}
