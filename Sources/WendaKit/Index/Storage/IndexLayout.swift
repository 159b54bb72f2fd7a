/// The layout of the saved index, in one place: every column, in file order, with the
/// name of its section and when it is verified. The writer, the loader, verification and
/// the element sizes all go through `IndexLayout.columns`; adding a column is a property
/// of `IndexColumns` and one line here (a test checks that every property is listed).
enum IndexLayout {
    static let columns: [any IndexColumn] = [
        // What loading reads first: options, read problems, passage statistics, article count.
        Entry("meta", \.meta, verifiedAtLoad: true),
        // Articles: ids apart (ties and listings need only those), then one record each.
        Entry("articleIDOffsets", \.articleIDOffsets, verifiedAtLoad: true),
        Entry("articleIDs", \.articleIDs),
        // Each article's content hash: a later build keeps an article whose hash it finds
        // live in a segment, and writes only the others (see `SegmentUpdate`).
        Entry("articleHashes", \.articleHashes),
        // Titles apart too: the shell completes and finds titles without decoding articles.
        Entry("articleTitleOffsets", \.articleTitleOffsets, verifiedAtLoad: true),
        Entry("articleTitles", \.articleTitles),
        Entry("articleOffsets", \.articleOffsets, verifiedAtLoad: true),
        Entry("articles", \.articleRecords),
        // Paragraphs and sentences, and each sentence's (and title's) distinct term ids
        // (a sentence's coded as gaps, see `SentenceTermCoding`).
        Entry("paragraphs", \.paragraphs, verifiedAtLoad: true),
        Entry("sentences", \.sentences, verifiedAtLoad: true),
        Entry("sentenceTermOffsets", \.sentenceTermOffsets, verifiedAtLoad: true),
        Entry("sentenceTerms", \.sentenceTerms),
        Entry("titleTermOffsets", \.titleTermOffsets, verifiedAtLoad: true),
        Entry("titleTerms", \.titleTerms),
        // Passages: a paragraph, or a window of sentences of a long one.
        Entry("passageParagraph", \.passageParagraph, verifiedAtLoad: true),
        Entry("passageFirstSentence", \.passageFirstSentence, verifiedAtLoad: true),
        Entry("passageEndSentence", \.passageEndSentence, verifiedAtLoad: true),
        Entry("passageLength", \.passageLength, verifiedAtLoad: true),
        // The term dictionary (see `TermTable`).
        Entry("termKinds", \.termKinds, verifiedAtLoad: true),
        Entry("termKeys", \.termKeys, verifiedAtLoad: true),
        Entry("termSortedCodes", \.termSortedCodes, verifiedAtLoad: true),
        Entry("termCodeIDs", \.termCodeIDs, verifiedAtLoad: true),
        Entry("termWordBytes", \.termWordBytes, verifiedAtLoad: true),
        Entry("termWordStarts", \.termWordStarts, verifiedAtLoad: true),
        Entry("termWordIDs", \.termWordIDs, verifiedAtLoad: true),
        // Postings, by term: blocks of 128 passages and counts (see `PostingBlocks`), and
        // each full block's skip data. Where a term's bytes and skip data start is kept for
        // every 64th term in full, for the others from there (see `PostingBlocks.termGroup`).
        Entry("postingOffsetBase", \.postingOffsetBase, verifiedAtLoad: true),
        Entry("postingOffsets", \.postingOffsets, verifiedAtLoad: true),
        Entry("postings", \.postings),
        Entry("termBlockBase", \.termBlockBase, verifiedAtLoad: true),
        Entry("postingSkips", \.postingSkips),
        // Statistics, the collection's order of paragraphs, and each term's score bound.
        Entry("frequencies", \.frequencies),
        Entry("paragraphOrder", \.paragraphOrder, verifiedAtLoad: true),
        Entry("termMaxCount", \.termMaxCount),
        Entry("termMinLength", \.termMinLength),
    ]

    /// The position of the section named `name` in the file.
    static func position(of name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// One line of the layout: a column of `IndexColumns` and its section.
    struct Entry<T: BitwiseCopyable>: IndexColumn {
        let name: String
        let path: WritableKeyPath<IndexColumns, Column<T>> & Sendable
        let verifiedAtLoad: Bool

        init(_ name: String, _ path: WritableKeyPath<IndexColumns, Column<T>> & Sendable, verifiedAtLoad: Bool = false) {
            self.name = name
            self.path = path
            self.verifiedAtLoad = verifiedAtLoad
        }

        var elementSize: Int { MemoryLayout<T>.stride }
        var key: PartialKeyPath<IndexColumns> { path }
        func count(_ c: IndexColumns) -> Int { c[keyPath: path].count }
        func section(_ c: IndexColumns) -> any IndexSection { MemorySection(c[keyPath: path]) }
        func verifyAll(_ c: IndexColumns) -> Bool { c[keyPath: path].verifyAll() }

        func adopt(_ section: any IndexSection, into c: inout IndexColumns) {
            guard let s = section as? MemorySection, let column = s.keep as? Column<T> else {
                preconditionFailure("section \(name) is not held in memory")
            }
            c[keyPath: path] = column
        }

        func map(_ file: MappedFile, at pointer: UnsafeRawPointer, count: Int, check: SectionCheck?, into c: inout IndexColumns) {
            c[keyPath: path] = Column(pointer: pointer, count: count, owner: file, check: check)
        }
    }
}

/// A column of the layout, whatever the type of its elements.
protocol IndexColumn: Sendable {
    /// The section's name (in messages about damage).
    var name: String { get }
    /// Whether the loader verifies the whole section (small tables, and those whose values
    /// point into other sections or the text); the others are verified a block at a time
    /// when first read.
    var verifiedAtLoad: Bool { get }
    var elementSize: Int { get }
    /// The column's key path (what a build's sections are filed under).
    var key: PartialKeyPath<IndexColumns> { get }
    func count(_ c: IndexColumns) -> Int
    /// The column as a section to write.
    func section(_ c: IndexColumns) -> any IndexSection
    /// Takes the column from a section a build kept in memory.
    func adopt(_ section: any IndexSection, into c: inout IndexColumns)
    /// Reads the column in place from a saved index.
    func map(_ file: MappedFile, at pointer: UnsafeRawPointer, count: Int, check: SectionCheck?, into c: inout IndexColumns)
    func verifyAll(_ c: IndexColumns) -> Bool
}

/// Every column of an index: arrays of its own (built in memory) or regions of the saved
/// file (read in place). See `IndexLayout` for what each holds and the order on disk.
struct IndexColumns: Sendable {
    var meta = Column<UInt8>()
    var articleIDOffsets = Column<Int64>()
    var articleIDs = Column<UInt8>()
    /// Per article: its content hash (`CorpusWriter.contentHash`, 0 when not known).
    var articleHashes = Column<UInt64>()
    /// Article `a`'s title: `articleTitles[articleTitleOffsets[a]..<articleTitleOffsets[a+1]]` (UTF-8).
    var articleTitleOffsets = Column<Int64>()
    var articleTitles = Column<UInt8>()
    var articleOffsets = Column<Int64>()
    var articleRecords = Column<UInt8>()
    var paragraphs = Column<ParagraphRef>()
    var sentences = Column<SentenceRef>()
    /// Sorted distinct term ids of sentence `s`, coded (`SentenceTermCoding`) in the bytes
    /// `sentenceTerms[sentenceTermOffsets[s]..<sentenceTermOffsets[s+1]]`.
    var sentenceTermOffsets = Column<Int64>()
    var sentenceTerms = Column<UInt8>()
    /// Sorted distinct term ids of each article's title.
    var titleTermOffsets = Column<Int32>()
    var titleTerms = Column<Int32>()
    var passageParagraph = Column<Int32>()
    var passageFirstSentence = Column<Int32>()
    var passageEndSentence = Column<Int32>()
    var passageLength = Column<Float>()
    var termKinds = Column<UInt8>()
    var termKeys = Column<Int32>()
    var termSortedCodes = Column<UInt64>()
    var termCodeIDs = Column<Int32>()
    var termWordBytes = Column<UInt8>()
    var termWordStarts = Column<Int32>()
    var termWordIDs = Column<Int32>()
    /// Term `t`'s blocks start at byte `postingOffsetBase[t / 64] + postingOffsets[t]` of
    /// `postings` and end where term `t + 1`'s start (the bytes end with
    /// `PostingBlocks.padding` more); the skip data of its full blocks starts at row
    /// `termBlockBase[t / 64]` of `postingSkips` plus the full blocks of the terms before
    /// it in its group of 64 (a term has `frequencies[t] / 128`).
    var postingOffsetBase = Column<Int64>()
    var postingOffsets = Column<UInt32>()
    var postings = Column<UInt8>()
    var termBlockBase = Column<Int32>()
    var postingSkips = Column<PostingBlocks.Skip>()
    /// Per term: passages holding it (its number of postings).
    var frequencies = Column<Int32>()
    /// Each paragraph's rank when sorted by article id, then position (for ties).
    var paragraphOrder = Column<Int32>()
    /// Per term: its largest count in a passage, and the shortest passage holding it
    /// (what the term can add to a passage's score at most: see `ScoreFunction`).
    var termMaxCount = Column<UInt16>()
    var termMinLength = Column<Float>()

    /// The columns of the sections a build made, in layout order (each held in memory).
    init(adopting sections: [any IndexSection]) {
        for (entry, section) in zip(IndexLayout.columns, sections) { entry.adopt(section, into: &self) }
    }

    init() {}

    /// The sections to write, in layout order.
    var sections: [any IndexSection] { IndexLayout.columns.map { $0.section(self) } }

    /// The term dictionary over these columns.
    var termTable: TermTable {
        TermTable(kinds: termKinds, keys: termKeys, sortedCodes: termSortedCodes, codeIDs: termCodeIDs,
                  wordBytes: termWordBytes, wordStarts: termWordStarts, wordIDs: termWordIDs)
    }

    /// Whether the parts agree: counts that match, offsets whose ends are where they should
    /// be. (Each value is the builder's: checksum blocks are verified on reading.)
    func agree(_ meta: IndexMeta) -> Bool {
        let n = meta.articleCount, t = termKinds.count, passages = meta.passageCount
        return n >= 0 && articleOffsets.count == n + 1 && articleIDOffsets.count == n + 1
            && Int(articleOffsets.last ?? -1) == articleRecords.count && Int(articleIDOffsets.last ?? -1) == articleIDs.count
            && articleHashes.count == n
            && articleTitleOffsets.count == n + 1 && Int(articleTitleOffsets.last ?? -1) == articleTitles.count
            && sentenceTermOffsets.count == sentences.count + 1 && titleTermOffsets.count == n + 1
            && postingOffsets.count == t + 1 && postingOffsetBase.count == t / PostingBlocks.termGroup + 1
            && termBlockBase.count == t / PostingBlocks.termGroup + 1 && frequencies.count == t && termMaxCount.count == t && termMinLength.count == t
            && passageParagraph.count == passages && passageFirstSentence.count == passages
            && passageEndSentence.count == passages && passageLength.count == passages
            && Int(termBlockBase.last ?? -1) <= postingSkips.count
            && Int(postingOffsetBase.last ?? -1) + Int(postingOffsets.last ?? 0) + PostingBlocks.padding == postings.count
            && Int(sentenceTermOffsets.last ?? -1) == sentenceTerms.count && Int(titleTermOffsets.last ?? -1) == titleTerms.count
            && paragraphOrder.count == paragraphs.count && termKeys.count == t
            && termWordStarts.count == termWordIDs.count + 1 && termSortedCodes.count == termCodeIDs.count
            && Int(termWordStarts.last ?? -1) == termWordBytes.count
    }
}
