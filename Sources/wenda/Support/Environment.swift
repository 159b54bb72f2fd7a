// The environment, read here and only here: WendaKit is handed what it needs.
import Foundation
import WendaKit

enum Environment {
    /// The process's environment variables.
    static let values = ProcessInfo.processInfo.environment

    /// Where the history and transcripts live (`XDG_*`, `WENDA_HISTORY`).
    static var paths: WendaPaths { WendaPaths(environment: values) }

    /// The shell's input history: `$WENDA_HISTORY`, else `$XDG_STATE_HOME/wenda/history`
    /// (`~/.local/state/wenda/history`).
    static var historyFile: URL {
        if let h = values["WENDA_HISTORY"], !h.isEmpty { return URL(fileURLWithPath: h) }
        return paths.xdg("XDG_STATE_HOME", ".local/state").appendingPathComponent("wenda/history")
    }

    /// Where indexes of article folders are cached (`XDG_CACHE_HOME`).
    static var indexCache: IndexCache { IndexCache.standard(values) }

    /// Hands WendaKit what it needs of the environment (it reads none itself): build
    /// threads (`WENDA_THREADS`), another compiled dictionary (`WENDA_DICTIONARY`), where
    /// helper programs like `pdftotext` are (`PATH`), and for calibration the no-answer
    /// features of every question on stderr (`WENDA_FEATURES`), how long a remote shard
    /// may take to answer (`WENDA_SHARD_TIMEOUT`, seconds).
    static func configureLibrary() {
        LibrarySettings.toolPath = (values["PATH"] ?? "").split(separator: ":").map(String.init)
        if let s = values["WENDA_THREADS"], let n = Int(s), n >= 1 { LibrarySettings.threads = n }
        if let d = values["WENDA_DICTIONARY"], !d.isEmpty { LibrarySettings.dictionary = d }
        if values["WENDA_FEATURES"] != nil { LibrarySettings.featureSink = { Diagnostics.line($0) } }
        if let s = values["WENDA_SHARD_TIMEOUT"], let t = Double(s), t > 0 {
            LibrarySettings.shardTimeout = .milliseconds(Int(min(t, 86_400) * 1000))
        }
    }

    /// The user's home folder.
    static var home: String {
        if let h = values["HOME"], !h.isEmpty { return h }
        return FileManager.default.homeDirectoryForCurrentUser.path
    }
}
