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
    /// A corpus folder or file that cannot be written, and why.
    case cannotWrite(String, String)

    public var errorDescription: String? {
        switch self {
        case .notFound(let path): return "\(path): no such file or folder"
        case .noArticles(let path): return "\(path): no readable articles"
        case .cannotWrite(let path, let why): return "\(path): cannot be written: \(why)"
        }
    }
}
