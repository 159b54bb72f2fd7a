import Foundation

/// The shards of a collection as a question reaches them: where each one is (a line of
/// a Xapian stub file: a local folder, `remote HOST:PORT` served by `xapian-tcpsrv`, or
/// `remote :PROGRAM ARGS`, a program speaking Xapian's remote protocol such as
/// `xapian-progsrv` or `ssh HOST xapian-progsrv`), the open databases searched as one,
/// and what to do when one stops answering: every exchange is bounded by a timeout, a
/// broken connection is opened again once (a server that closed an idle connection), and
/// a shard that still does not answer is named in the error.

/// Where one shard is, as a stub line gives it.
public struct ShardAddress: Sendable, Hashable, CustomStringConvertible {
    public enum Place: Sendable, Hashable {
        case local(String)
        case tcp(host: String, port: Int)
        case program(String, arguments: String)
    }

    public var place: Place
    /// Its number among the shards (0-based).
    public var number: Int

    /// "shard 2 (remote 127.0.0.1:8102)".
    public var description: String {
        switch place {
        case .local(let path): "shard \(number) (\(path))"
        case .tcp(let host, let port): "shard \(number) (remote \(host):\(port))"
        case .program(let program, let arguments): "shard \(number) (remote :\(program) \(arguments))"
        }
    }

    /// The shards a stub lists (its lines `auto PATH`, `glass PATH`, `remote HOST:PORT`,
    /// `remote :PROGRAM ARGS`; `#` comments and blank lines skipped; a relative path is
    /// taken from the stub's folder).
    public static func parse(stub text: String, file: String) throws -> [ShardAddress] {
        let folder = URL(fileURLWithPath: file).deletingLastPathComponent()
        var out: [ShardAddress] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            let rest = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            func bad(_ why: String) -> ShardError { .stub(file, n + 1, why) }
            guard !rest.isEmpty else { throw bad("\(parts[0]) needs a path or address") }
            switch parts[0] {
            case "auto", "glass":
                let path = rest.hasPrefix("/") ? rest : folder.appendingPathComponent(rest).path
                out.append(ShardAddress(place: .local(path), number: out.count))
            case "remote":
                if rest.hasPrefix(":") {
                    let words = rest.dropFirst().split(separator: " ", maxSplits: 1).map(String.init)
                    guard let program = words.first, !program.isEmpty else { throw bad("remote : needs a program") }
                    out.append(ShardAddress(place: .program(program, arguments: words.count > 1 ? words[1] : ""), number: out.count))
                } else {
                    guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
                          (1...65535).contains(port) else { throw bad("remote needs HOST:PORT or :PROGRAM ARGS") }
                    var host = String(rest[..<colon])
                    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
                    guard !host.isEmpty else { throw bad("remote needs HOST:PORT or :PROGRAM ARGS") }
                    out.append(ShardAddress(place: .tcp(host: host, port: port), number: out.count))
                }
            default:
                throw bad("\(parts[0]) is not a kind of database wenda reads (auto, glass or remote)")
            }
        }
        guard !out.isEmpty else { throw ShardError.stub(file, 0, "it lists no shard") }
        return out
    }

    /// Opens the shard; `timeout` bounds each exchange with a remote one and the connection.
    func open(timeout: Duration) throws -> XapianDatabase {
        do {
            switch place {
            case .local(let path): return try XapianDatabase.local(path)
            case .tcp(let host, let port): return try XapianDatabase.tcp(host: host, port: port, timeout: timeout, connectTimeout: timeout)
            case .program(let program, let arguments): return try XapianDatabase.program(program, arguments: arguments, timeout: timeout)
            }
        } catch {
            throw ShardError.describe(error, self)
        }
    }
}

/// What went wrong with the shards of a collection, in one line naming the shard.
public enum ShardError: LocalizedError, Sendable, Hashable {
    /// A shard that did not answer (or could not be opened).
    case unreachable(String, String)
    /// A shard that answers but is not one a wenda build wrote, or not of this collection.
    case foreign(String, String)
    case stub(String, Int, String)
    case writing(String, String)

    public var errorDescription: String? {
        switch self {
        case .unreachable(let shard, let why): "\(shard): \(why)"
        case .foreign(let shard, let why): "\(shard): \(why)"
        case .stub(let file, let line, let why): line > 0 ? "\(file):\(line): \(why)" : "\(file): \(why)"
        case .writing(let path, let why): "\(path): \(why)"
        }
    }

    static func describe(_ e: XapianError, _ shard: ShardAddress) -> ShardError {
        // Xapian's messages end with their context ("(context: remote:tcp(127.0.0.1:8100))"),
        // which the shard's name already gives.
        var why = e.message
        if let r = why.range(of: " (context: ") {
            // (The context holds parentheses of its own.)
            var depth = 1, end = r.upperBound
            while end < why.endIndex, depth > 0 {
                if why[end] == "(" { depth += 1 } else if why[end] == ")" { depth -= 1 }
                end = why.index(after: end)
            }
            why = String(why[..<r.lowerBound] + why[end...])
        }
        if let r = why.range(of: "NetworkTimeoutError: ") { why = "no answer in time: " + why[r.upperBound...] }
        for prefix in ["NetworkError: ", "DatabaseOpeningError: ", "DatabaseNotFoundError: "] where why.hasPrefix(prefix) {
            why = String(why.dropFirst(prefix.count))
        }
        // (Said by the server: the shard's name already says it is remote.)
        if why.hasPrefix("REMOTE:") { why = String(why.dropFirst("REMOTE:".count)) }
        // Xapian sends a program remote's own error output nowhere: say how to see it.
        if case .program(let program, let arguments) = shard.place, why.hasPrefix("Connection closed unexpectedly") {
            why += " (the program ended; run `\(program) \(arguments)` to see why)"
        }
        switch e.kind {
        case .network, .notFound: return .unreachable(shard.description, why)
        default: return .foreign(shard.description, why)
        }
    }
}

/// The open shards of a collection and the database that searches them as one. Not
/// thread-safe: its owner holds a lock around every use.
final class ShardConnection {
    let addresses: [ShardAddress]
    let timeout: Duration
    private(set) var shards: [XapianDatabase] = []
    private(set) var all: XapianDatabase?
    /// Each shard's settings as first read: a shard reopened must still be the same build.
    private(set) var settings: [ShardSettings] = []

    init(_ addresses: [ShardAddress], timeout: Duration) throws {
        self.addresses = addresses
        self.timeout = timeout
        try connect()
    }

    /// Opens every shard (again), each checked to be a shard of the same build as before.
    func connect() throws {
        all = nil
        shards = []
        var opened: [XapianDatabase] = [], read: [ShardSettings] = []
        for a in addresses {
            let db = try a.open(timeout: timeout)
            let text: String
            do { text = try db.metadata(ShardSettings.key) } catch { throw ShardError.describe(error, a) }
            guard let s = ShardSettings(text: text) else {
                throw ShardError.foreign(a.description, "not a shard a wenda build wrote")
            }
            guard s.format == ShardCatalogue.format else {
                throw ShardError.foreign(a.description, "written by another version of wenda (shard format \(s.format), this one reads \(ShardCatalogue.format)); build it again")
            }
            if !settings.isEmpty, settings[a.number].build != s.build {
                throw ShardError.foreign(a.description, "built again since it was opened; open the collection again")
            }
            opened.append(db)
            read.append(s)
        }
        do {
            all = opened.count == 1 ? opened[0] : try XapianDatabase.combined(opened)
        } catch {
            throw ShardError.describe(error, addresses[0])
        }
        shards = opened
        settings = read
    }

    /// Runs `body` with the shards searched as one. A connection that broke (or a local
    /// shard rewritten under it) is opened again and `body` tried once more; a shard that
    /// still fails is named.
    func run<T>(_ body: (XapianDatabase) throws(XapianError) -> T) throws -> T {
        if all == nil { try connect() }
        do {
            return try body(all!)
        } catch let e where e.kind == .network || e.kind == .modified {
            all = nil
            try connect()
            do {
                return try body(all!)
            } catch {
                all = nil
                // Which shard: each asked in turn to answer.
                for (k, s) in shards.enumerated() {
                    do { try s.keepAlive() } catch { throw ShardError.describe(error, addresses[k]) }
                }
                throw ShardError.describe(error, addresses[0])
            }
        } catch {
            throw ShardError.foreign(addresses.count == 1 ? addresses[0].description : "the shards", error.message)
        }
    }

    /// Runs `body` with one shard (its metadata), naming it in any error.
    func run<T>(shard k: Int, _ body: (XapianDatabase) throws(XapianError) -> T) throws -> T {
        if all == nil { try connect() }
        do { return try body(shards[k]) } catch { throw ShardError.describe(error, addresses[k]) }
    }
}
