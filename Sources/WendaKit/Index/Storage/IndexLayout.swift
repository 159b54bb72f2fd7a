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
        // The records, compressed in blocks with a dictionary (see `ArticleBlock`): each
        // article's offset among the records, the block table, the dictionary, the blocks.
        Entry("articleOffsets", \.articleOffsets, verifiedAtLoad: true),
        Entry("articleBlocks", \.articleBlocks, verifiedAtLoad: true),
        Entry("articleDictionary", \.articleDictionary, verifiedAtLoad: true),
        Entry("articles", \.articleRecords),
        // Paragraphs and sentences (each sentence's range, its paragraph found from its
        // run's, see `SentenceRange`), and each sentence's (and title's) distinct term ids
        // (coded as gaps, see `SentenceTermCoding`).
        Entry("paragraphs", \.paragraphs, verifiedAtLoad: true),
        Entry("sentences", \.sentences, verifiedAtLoad: true),
        Entry("sentenceParagraphBases", \.sentenceParagraphBases, verifiedAtLoad: true),
        Entry("sentenceTermBases", \.sentenceTermBases, verifiedAtLoad: true),
        Entry("sentenceTermOffsets", \.sentenceTermOffsets, verifiedAtLoad: true),
        Entry("sentenceTerms", \.sentenceTerms),
        Entry("titleTermOffsets", \.titleTermOffsets, verifiedAtLoad: true),
        Entry("titleTerms", \.titleTerms),
        // Passages: a paragraph, or a window of sentences of a long one.
        Entry("passageParagraph", \.passageParagraph, verifiedAtLoad: true),
        Entry("passageFirstSentence", \.passageFirstSentence, verifiedAtLoad: true),
        Entry("passageEndSentence", \.passageEndSentence, verifiedAtLoad: true),
        Entry("passageLength", \.passageLength, verifiedAtLoad: true),
        // The term dictionary: the sorted keys in blocks, each key's id (see `TermTable`).
        Entry("termKeyBlocks", \.termKeyBlocks, verifiedAtLoad: true),
        Entry("termKeyBytes", \.termKeyBytes),
        Entry("termSortedIDs", \.termSortedIDs),
        // Each term's record (where its postings and skip data start, its frequency and
        // score bound, its key's position) bit-packed in blocks (see `TermInfoStore`).
        Entry("termInfoBlocks", \.termInfoBlocks, verifiedAtLoad: true),
        Entry("termInfos", \.termInfos),
        // Postings, by term: blocks of 128 passages and counts (see `PostingBlocks`), and
        // each full block's skip data.
        Entry("postings", \.postings),
        Entry("postingSkips", \.postingSkips),
        // The collection's order of paragraphs.
        Entry("paragraphOrder", \.paragraphOrder, verifiedAtLoad: true),
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
        var elementType: any BitwiseCopyable.Type { T.self }
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
    /// The type of its elements, written as they are in memory: none may have padding,
    /// whose bytes are whatever memory held (a test checks).
    var elementType: any BitwiseCopyable.Type { get }
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
    /// Article `a`'s record is `articleOffsets[a]..<articleOffsets[a+1]` of the records,
    /// which are kept in the blocks `articleBlocks` (one more at the end) compressed with
    /// `articleDictionary` in `articleRecords`.
    var articleOffsets = Column<Int64>()
    var articleBlocks = Column<ArticleBlock>()
    var articleDictionary = Column<UInt8>()
    var articleRecords = Column<UInt8>()
    var paragraphs = Column<ParagraphRef>()
    /// Each sentence's range of its article's text (see `sentence(_:)` for the rest).
    var sentences = Column<SentenceRange>()
    /// The paragraph of the first sentence of each run of `SentenceTermCoding.run` sentences.
    var sentenceParagraphBases = Column<Int32>()
    /// Sorted distinct term ids of sentence `s`, coded (`SentenceTermCoding`) one sentence
    /// after another in `sentenceTerms`; the codings of sentences `g * stride` to
    /// `(g + 1) * stride` (`SentenceTermCoding.stride`) are `sentenceTermGroup(g)`, whose
    /// start is `sentenceTermBases[g * stride / SentenceTermCoding.run] + sentenceTermOffsets[g]`
    /// (an offset from the start of its run of sentences: 4 bytes every eighth sentence).
    var sentenceTermBases = Column<Int64>()
    var sentenceTermOffsets = Column<UInt32>()
    var sentenceTerms = Column<UInt8>()
    /// Sorted distinct term ids of article `a`'s title, coded as a sentence's
    /// (`SentenceTermCoding`) in `titleTerms[titleTermOffsets[a]..<titleTermOffsets[a+1]]`.
    var titleTermOffsets = Column<Int32>()
    var titleTerms = Column<UInt8>()
    var passageParagraph = Column<Int32>()
    var passageFirstSentence = Column<Int32>()
    var passageEndSentence = Column<Int32>()
    var passageLength = Column<Float>()
    /// The sorted keys in blocks (`TermTable.KeyBlock`, one more at the end), their bytes,
    /// and each key's id bit-packed.
    var termKeyBlocks = Column<TermTable.KeyBlock>()
    var termKeyBytes = Column<UInt8>()
    var termSortedIDs = Column<UInt8>()
    /// Each term's record (`TermInfoStore`): the blocks' headers and the packed records.
    var termInfoBlocks = Column<TermInfoStore.Block>()
    var termInfos = Column<UInt8>()
    /// Term `t`'s blocks of postings are the bytes its record gives (the bytes end with
    /// `PostingBlocks.padding` more); the skip data of its full blocks (a term has
    /// `frequency / 128`) starts at the row its record gives.
    var postings = Column<UInt8>()
    var postingSkips = Column<PostingBlocks.Skip>()
    /// Each paragraph's rank when sorted by article id, then position (for ties).
    var paragraphOrder = Column<Int32>()

    /// The columns of the sections a build made, in layout order (each held in memory).
    init(adopting sections: [any IndexSection]) {
        for (entry, section) in zip(IndexLayout.columns, sections) { entry.adopt(section, into: &self) }
    }

    init() {}

    /// The bytes of `sentenceTerms` that hold the coded terms of sentences `g * stride`
    /// to `(g + 1) * stride` (`SentenceTermCoding.stride`; the last group's end where the
    /// bytes end).
    @inline(__always)
    func sentenceTermGroup(_ g: Int) -> Range<Int> {
        let perRun = SentenceTermCoding.run / SentenceTermCoding.stride
        let lo = Int(sentenceTermBases[g / perRun]) + Int(sentenceTermOffsets[g])
        let hi = g + 1 < sentenceTermOffsets.count
            ? Int(sentenceTermBases[(g + 1) / perRun]) + Int(sentenceTermOffsets[g + 1]) : sentenceTerms.count
        return lo..<max(lo, hi)
    }

    /// The sections to write, in layout order.
    var sections: [any IndexSection] { IndexLayout.columns.map { $0.section(self) } }

    /// The term dictionary over these columns.
    var termTable: TermTable {
        TermTable(infos: TermInfoStore(blocks: termInfoBlocks, bytes: termInfos), keyBlocks: termKeyBlocks,
                  keyBytes: termKeyBytes, sortedIDs: termSortedIDs)
    }

    /// Whether the parts agree: counts that match, offsets whose ends are where they should
    /// be. (Each value is the builder's: checksum blocks are verified on reading.)
    func agree(_ meta: IndexMeta) -> Bool {
        let n = meta.articleCount, passages = meta.passageCount
        guard let info = termInfoBlocks.last, let key = termKeyBlocks.last else { return false }
        let t = Int(info.firstTerm), blocks = (t + TermInfoStore.blockSize - 1) / TermInfoStore.blockSize
        let codes = Int(key.first), keyBlocks = (codes + TermTable.blockSize - 1) / TermTable.blockSize
            + (t - codes + TermTable.blockSize - 1) / TermTable.blockSize
        return n >= 0 && articleOffsets.count == n + 1 && articleIDOffsets.count == n + 1
            && articleOffsets.last == articleBlocks.last?.start && Int(articleBlocks.last?.data ?? -1) == articleRecords.count
            && Int(articleIDOffsets.last ?? -1) == articleIDs.count
            && articleHashes.count == n
            && articleTitleOffsets.count == n + 1 && Int(articleTitleOffsets.last ?? -1) == articleTitles.count
            && sentenceTermOffsets.count == (sentences.count + SentenceTermCoding.stride - 1) / SentenceTermCoding.stride
            && titleTermOffsets.count == n + 1
            && sentenceTermBases.count == (sentences.count + SentenceTermCoding.run - 1) / SentenceTermCoding.run
            && sentenceParagraphBases.count == (sentences.count + SentenceTermCoding.run - 1) / SentenceTermCoding.run
            && passageParagraph.count == passages && passageFirstSentence.count == passages
            && passageEndSentence.count == passages && passageLength.count == passages
            && t >= 0 && termInfoBlocks.count == blocks + 1 && Int(info.skips) <= postingSkips.count
            && Int(info.postings) + PostingBlocks.padding == postings.count
            && Int(info.data) + TermInfoStore.padding == termInfos.count
            && codes <= t && Int(key.position) == t && termKeyBlocks.count == keyBlocks + 1 && Int(key.data) == termKeyBytes.count
            && termSortedIDs.count == (t * TermTable.width(t) + 7) / 8 + 8
            && (sentenceTermOffsets.isEmpty ? sentenceTerms.isEmpty
                : sentenceTermGroup(sentenceTermOffsets.count - 1).lowerBound <= sentenceTerms.count)
            && Int(titleTermOffsets.last ?? -1) == titleTerms.count
            && paragraphOrder.count == paragraphs.count
    }
}
