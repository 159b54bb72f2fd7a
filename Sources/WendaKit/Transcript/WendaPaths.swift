import Foundation

/// Where wenda keeps what it remembers (design §5), from the environment:
/// input history in `$WENDA_HISTORY`, else `$XDG_STATE_HOME/wenda/history`
/// (`~/.local/state/wenda/history`); transcripts in `$XDG_DATA_HOME/wenda/transcripts.sqlite`
/// (`~/.local/share/wenda/`). Never the temporary folder.
public struct WendaPaths: Sendable, Hashable {
    public var environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    var home: URL {
        if let h = environment["HOME"], !h.isEmpty { return URL(fileURLWithPath: h, isDirectory: true) }
        return FileManager.default.homeDirectoryForCurrentUser
    }

    /// An XDG base folder: the variable when it is an absolute path, else `~/<fallback>`.
    func xdg(_ variable: String, _ fallback: String) -> URL {
        if let v = environment[variable], v.hasPrefix("/") { return URL(fileURLWithPath: v, isDirectory: true) }
        return home.appendingPathComponent(fallback, isDirectory: true)
    }

    /// The input-history file of the shell.
    public var historyFile: URL {
        if let h = environment["WENDA_HISTORY"], !h.isEmpty { return URL(fileURLWithPath: h) }
        return xdg("XDG_STATE_HOME", ".local/state").appendingPathComponent("wenda/history")
    }

    /// The folder of the transcript store.
    public var dataFolder: URL {
        xdg("XDG_DATA_HOME", ".local/share").appendingPathComponent("wenda", isDirectory: true)
    }

    /// The transcript store.
    public var transcriptStore: URL {
        dataFolder.appendingPathComponent("transcripts.sqlite")
    }

    /// Creates `folder` (and its parents) private to the user: 0700.
    public static func makePrivateFolder(_ folder: URL) throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: folder.path) {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true,
                                   attributes: [.posixPermissions: 0o700])
        }
    }
}
