import Foundation

/// Where wenda keeps its transcripts, from the environment the executable hands it:
/// `$XDG_DATA_HOME/wenda/transcripts.sqlite` (`~/.local/share/wenda/`), never the
/// temporary folder. (The shell's history file is the executable's business.)
public struct WendaPaths: Sendable, Hashable {
    public var environment: [String: String]

    /// The paths `environment` (the program's variables: `HOME`, `XDG_*`) names.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    var home: URL {
        if let h = environment["HOME"], !h.isEmpty { return URL(fileURLWithPath: h, isDirectory: true) }
        return FileManager.default.homeDirectoryForCurrentUser
    }

    /// An XDG base folder: the variable when it is an absolute path, else `~/<fallback>`.
    public func xdg(_ variable: String, _ fallback: String) -> URL {
        if let v = environment[variable], v.hasPrefix("/") { return URL(fileURLWithPath: v, isDirectory: true) }
        return home.appendingPathComponent(fallback, isDirectory: true)
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
        try FileIO.makePrivateFolder(folder)
    }
}
