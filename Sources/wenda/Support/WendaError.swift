// How a wenda command ends when it does not succeed, and the one place that maps each way
// to its exit status (0 answered, 1 no answer, 2 usage or input error, 3 an error in a
// run of piped questions).
import Foundation

enum WendaError: LocalizedError, Equatable {
    /// A command line that cannot be run: the message, one line.
    case usage(String)
    /// Input that cannot be used (a corpus, a file, a session id): the message, one line.
    case input(String)
    /// Nothing was answered (one question, or none of a piped run's): said by the answer.
    case noAnswer
    /// A run of piped questions met an error on some of them (each already said).
    case questionsFailed
    /// Standard output could not be written (`No space left on device`); `piped`: during
    /// a run of piped questions.
    case write(reason: String, piped: Bool)
    /// The reader of standard output went away (`| head -1`): end quietly, as `cat` does.
    case brokenPipe
    /// Already said on stderr; end with this status.
    case status(Int32)

    /// The exit status of each way to end.
    var status: Int32 {
        switch self {
        case .noAnswer: return 1
        case .usage, .input: return 2
        case .questionsFailed: return 3
        case .write(_, let piped): return piped ? 3 : 2
        case .brokenPipe: return 128 + SIGPIPE
        case .status(let s): return s
        }
    }

    /// What to say on stderr, if anything.
    var message: String? {
        switch self {
        case .usage(let m), .input(let m): return m
        case .write(let reason, _): return "write error: \(reason)"
        case .noAnswer, .questionsFailed, .brokenPipe, .status: return nil
        }
    }

    var errorDescription: String? { message }

    /// The same failure of a piped run (a write error there exits 3).
    var inPipedRun: WendaError {
        if case .write(let reason, _) = self { return .write(reason: reason, piped: true) }
        return self
    }

    /// Says the message and ends the process with the status. A broken pipe ends it by
    /// SIGPIPE, with the default action, as `cat` ends.
    func exit() -> Never {
        if let message { Diagnostics.warn(message) }
        if self == .brokenPipe {
            signal(SIGPIPE, SIG_DFL)
            raise(SIGPIPE)
        }
        Foundation.exit(status)
    }
}

extension WendaError {
    /// An error from WendaKit (a corpus that cannot be read…) as input the user gave.
    static func input(_ error: Error) -> WendaError {
        if let e = error as? WendaError { return e }
        return .input(error.localizedDescription)
    }
}
