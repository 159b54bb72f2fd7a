// What the executable tells the library about its environment: WendaKit reads no
// environment variable and writes nothing to stderr itself.
import Foundation

/// Settings the program using WendaKit sets once, at start, before any work (they are
/// read from any thread afterwards, never written again).
public enum LibrarySettings {
    /// Cores a build uses (`WENDA_THREADS` in wenda); nil: every active core.
    nonisolated(unsafe) public static var threads: Int?

    /// A compiled dictionary to read instead of the bundled one: a `.wdict` file or a
    /// folder holding `jieba.wdict` (`WENDA_DICTIONARY` in wenda).
    nonisolated(unsafe) public static var dictionary: String?

    /// Told each answered question's no-answer features, a tab-separated line (for
    /// calibrating the threshold; `WENDA_FEATURES` in wenda); nil: not computed.
    nonisolated(unsafe) public static var featureSink: (@Sendable (String) -> Void)?

    /// Folders searched for the helper programs a reader runs (`pdftotext`, `pdfinfo`):
    /// the `PATH` in wenda; /usr/bin and /usr/local/bin are searched after them.
    nonisolated(unsafe) public static var toolPath: [String] = []

    /// How long a remote shard may take to connect or to answer one exchange before it is
    /// named as not answering (`WENDA_SHARD_TIMEOUT`, seconds, in wenda).
    nonisolated(unsafe) public static var shardTimeout: Duration = .seconds(10)
}
