/// The saved index's first section: the options it was built with (those that change
/// what is saved), the problems of articles that could not be read, the passage
/// statistics and the article count.
struct IndexMeta: Sendable {
    /// The options that change what is saved or how it scores, as text (see `optionsKey`).
    var optionsKey: String
    var problems: [ReadProblem]
    var passageCount: Int
    var averagePassageLength: Double
    /// Whether any paragraph was cut into windows.
    var hasWindows: Bool
    var articleCount: Int

    init(options: IndexOptions, problems: [ReadProblem], passageCount: Int, averagePassageLength: Double,
         hasWindows: Bool, articleCount: Int) {
        optionsKey = Self.optionsKey(options)
        self.problems = problems
        self.passageCount = passageCount
        self.averagePassageLength = averagePassageLength
        self.hasWindows = hasWindows
        self.articleCount = articleCount
    }

    /// The options that change what is saved or how it scores, as text.
    static func optionsKey(_ o: IndexOptions) -> String {
        "maxPassageLength=\(o.maxPassageLength),windowLength=\(o.windowLength)"
    }

    var bytes: [UInt8] {
        var meta = BinaryWriter()
        meta.string(optionsKey)
        meta.int(problems.count)
        for p in problems { meta.string(p.file); meta.int(p.line ?? -1); meta.string(p.reason) }
        meta.int(passageCount); meta.double(averagePassageLength)
        meta.int(hasWindows ? 1 : 0)
        meta.int(articleCount)
        return meta.bytes
    }

    /// The meta read back (throws `BinaryReader.Truncated` when it is cut short).
    init(_ raw: UnsafeRawBufferPointer) throws {
        var r = BinaryReader(raw)
        optionsKey = try r.string()
        problems = []
        for _ in 0..<(try r.count()) {
            let file = try r.string(), line = try r.int(), reason = try r.string()
            problems.append(ReadProblem(file: file, line: line < 0 ? nil : line, reason: reason))
        }
        passageCount = try r.int()
        averagePassageLength = try r.double()
        hasWindows = try r.int() != 0
        articleCount = try r.int()
    }

    /// The same meta with other read problems.
    func with(problems: [ReadProblem]) -> IndexMeta {
        var m = self
        m.problems = problems
        return m
    }
}
