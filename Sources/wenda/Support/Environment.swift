// The environment, read here and only here: WendaKit is handed what it needs.
import Foundation
import WendaKit

enum Environment {
    /// The process's environment variables.
    static let values = ProcessInfo.processInfo.environment

    /// Where the history and transcripts live (`XDG_*`, `WENDA_HISTORY`).
    static var paths: WendaPaths { WendaPaths(environment: values) }

    /// Where indexes of article folders are cached (`XDG_CACHE_HOME`).
    static var indexCache: IndexCache { IndexCache.standard(values) }

    /// The user's home folder.
    static var home: String {
        if let h = values["HOME"], !h.isEmpty { return h }
        return FileManager.default.homeDirectoryForCurrentUser.path
    }
}
