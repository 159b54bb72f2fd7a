// Which corpus a command answers from, and why: --corpus, else $WENDA_CORPUS, else the
// `corpus` setting of the config file, else ./seeds where it exists.
import Foundation
import WendaKit

/// The corpus in force and where it came from (shown by `wenda paths`; the shell's
/// `/corpus` uses it too).
struct CorpusChoice: Equatable, Sendable {
    enum Origin: String, Sendable {
        case option = "--corpus"
        case environment = "WENDA_CORPUS"
        case config
        case seeds = "./seeds"
    }

    /// The path, as given (or as the config file means it).
    var path: String
    var origin: Origin

    /// Where it came from, in words: "--corpus", "WENDA_CORPUS", "corpus in ~/.config/wenda/config".
    var originText: String {
        switch origin {
        case .option, .environment: return origin.rawValue
        case .config: return "corpus in \(Config.file.path)"
        case .seeds: return "./seeds, found in this folder"
        }
    }

    /// The corpus of this run: `option` (--corpus), else `WENDA_CORPUS`, else the config
    /// file's `corpus`, else `seeds` in the working folder when it is there. None of them:
    /// a usage error naming the three ways to choose one.
    static func resolve(option: String?, environment: [String: String],
                        config: () throws(WendaError) -> Config = { () throws(WendaError) in try Config() }) throws(WendaError) -> CorpusChoice {
        if let option { return CorpusChoice(path: option, origin: .option) }
        if let v = environment["WENDA_CORPUS"], !v.isEmpty { return CorpusChoice(path: v, origin: .environment) }
        let settings = try config()
        if let v = settings.value("corpus"), !v.isEmpty { return CorpusChoice(path: Config.expand(v), origin: .config) }
        if FileManager.default.fileExists(atPath: "seeds") { return CorpusChoice(path: "seeds", origin: .seeds) }
        throw .usage(noCorpus)
    }

    static let noCorpus = "no corpus: give --corpus PATH, set WENDA_CORPUS=PATH, or run `wenda config set corpus PATH`"

    /// An error opening this corpus, in one line that says where the path came from when
    /// it was not typed on this command line.
    func failure(_ error: Error) -> String {
        let message = error.localizedDescription
        return origin == .option ? message : "\(message) (the corpus from \(originText))"
    }
}
