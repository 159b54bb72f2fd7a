import Foundation

/// How a build changes a collection's segments: the articles it is given are matched by
/// content hash against the live articles of the segments; those found stay where they
/// are, the others (added or changed) go into one new segment, and the live articles
/// matched by none (changed or gone) are marked deleted in a new deletion file of their
/// segment. Nothing already written is rewritten, so adding one article to a large
/// collection writes a segment of one article. Then the new list of segments is
/// published (`SegmentList.publish`).
///
/// Merging (the policy): segments fall in size tiers a factor `mergeFactor` apart
/// (by live passages: tier ⌊log₈ n⌋); when a tier holds `mergeFactor` segments, counting
/// the one being written, all of that tier's are folded into the one being written (their
/// live articles written again into it), and again while a tier is full. A segment with
/// more than half of its articles deleted is folded in too. So a collection keeps at most
/// seven segments of each tier, a segment's articles are written again about once per
/// tier they climb (as in Lucene's log merge policy), and deleted articles do not pile up.
/// `merge` (`wenda build --merge`) folds every segment into one.
struct SegmentUpdate {
    static let mergeFactor = 8

    /// The places a build can be stopped at (tests stop it there, to see that the old
    /// collection still answers and the next build is not troubled).
    enum Stage: Sendable, CaseIterable {
        /// The new segment written, nothing published.
        case segmentWritten
        /// The deletion files written too.
        case deletionsWritten
        /// The new list published, the files it no longer names not yet removed.
        case published
    }

    /// The articles given (numbers into them) that go into the new segment, in order.
    var fed: [Int] = []
    /// The segments kept, with their deleted articles (ascending) and whether that is new.
    var kept: [(entry: SegmentList.Entry, deleted: [Int32], changed: Bool)] = []
    /// How many segments were folded into the new one.
    var folded = 0
    /// Whether the collection is exactly the list's (nothing to write).
    var unchanged: Bool { fed.isEmpty && folded == 0 && !kept.contains { $0.changed } }

    /// `plan` over `list`; when a segment of it cannot be read, a plan that writes the
    /// collection whole.
    static func planOrWhole(_ folder: URL, list: SegmentList?, options: IndexOptions, hashes: [UInt64], paragraphs: [Int],
                            merge: Bool) throws -> SegmentUpdate {
        do {
            return try plan(folder, list: list, options: options, hashes: hashes, paragraphs: paragraphs, merge: merge)
        } catch {
            return try plan(folder, list: nil, options: options, hashes: hashes, paragraphs: paragraphs, merge: true)
        }
    }

    /// The update of the collection in `folder` (listed by `list`; none: built whole) to
    /// articles whose content hashes are `hashes` and paragraph counts `paragraphs`.
    /// Throws when a segment of the list cannot be read (the collection is then built whole).
    static func plan(_ folder: URL, list: SegmentList?, options: IndexOptions, hashes: [UInt64], paragraphs: [Int], merge: Bool)
        throws -> SegmentUpdate
    {
        var u = SegmentUpdate()
        guard let list, !merge else {
            u.fed = Array(hashes.indices)
            u.folded = list?.segments.count ?? 0
            return u
        }
        // Each segment's articles: hash and whether deleted; the live ones by hash.
        var segments: [(index: PassageIndex, deleted: [Int32])] = []
        var live: [UInt64: (segment: Int, article: Int32)] = [:]
        for (k, e) in list.segments.enumerated() {
            let index = try IndexFile.load(folder.appendingPathComponent(e.name), fingerprint: nil, options: options).index
            var deleted: [Int32] = []
            if let d = e.deletions {
                guard let read = DeletionFile.read(folder.appendingPathComponent(d), articles: index.articles.count) else {
                    throw IndexFile.LoadError.damaged
                }
                deleted = read
            }
            guard index.articles.count == e.articles, deleted.count == e.deletedArticles else { throw IndexFile.LoadError.damaged }
            var d = 0
            for a in 0..<Int32(index.articles.count) {
                if d < deleted.count, deleted[d] == a { d += 1; continue }
                let h = index.contentHash(ofArticle: Int(a))
                if h != 0 && live[h] == nil { live[h] = (k, a) }
            }
            live.reserveCapacity(live.count + index.articles.count)
            segments.append((index, deleted))
        }
        // Articles given whose hash is live stay; the others are fed.
        var claimedBy = segments.map { [Int32](repeating: -1, count: $0.index.articles.count) }
        var fedParagraphs = 0
        for (i, h) in hashes.enumerated() {
            if let at = live[h], claimedBy[at.segment][Int(at.article)] < 0 {
                claimedBy[at.segment][Int(at.article)] = Int32(i)
            } else {
                u.fed.append(i)
                fedParagraphs += paragraphs[i]
            }
        }
        // Each segment's deletions once the unclaimed live articles are deleted, and its
        // live passages then.
        var deletions: [[Int32]] = []
        var livePassages: [Int] = []
        var changed: [Bool] = []
        for (k, s) in segments.enumerated() {
            let old = Set(s.deleted)
            var deleted = s.deleted, gone = 0
            for a in 0..<Int32(s.index.articles.count) where claimedBy[k][Int(a)] < 0 && !old.contains(a) {
                deleted.append(a)
                gone += Segment.passages(ofArticle: Int(a), s.index.columns).count
            }
            deleted.sort()
            deletions.append(deleted)
            changed.append(deleted.count != s.deleted.count)
            livePassages.append(list.segments[k].livePassages - gone)
        }
        let fold = folds(deleted: deletions.map(\.count), articles: segments.map(\.index.articles.count), livePassages: livePassages,
                         fedParagraphs: fedParagraphs)
        for k in segments.indices {
            if fold[k] {
                // Its live articles, claimed by articles given, are written again.
                for i in claimedBy[k] where i >= 0 { u.fed.append(Int(i)) }
                u.folded += 1
            } else if livePassages[k] > 0 || deletions[k].count < segments[k].index.articles.count {
                var e = list.segments[k]
                e.deletedArticles = deletions[k].count
                e.deletedPassages = e.passages - livePassages[k]
                u.kept.append((e, deletions[k], changed[k]))
            } else {
                u.folded += 1  // every article deleted: the segment is dropped
            }
        }
        u.fed.sort()
        return u
    }

    /// The policy: which segments are folded into the one being written (of
    /// `fedParagraphs` paragraphs before folding), given each segment's deleted articles,
    /// articles and live passages once the build's deletions are made: those mostly
    /// deleted, then full tiers.
    static func folds(deleted: [Int], articles: [Int], livePassages: [Int], fedParagraphs: Int) -> [Bool] {
        var fold = articles.indices.map { k in 2 * deleted[k] > articles[k] }
        var size = fedParagraphs + zip(fold, livePassages).reduce(0) { $0 + ($1.0 ? $1.1 : 0) }
        func tier(_ n: Int) -> Int { n <= 1 ? 0 : Int(log(Double(n)) / log(Double(mergeFactor))) }
        while true {
            let t = tier(size)
            let same = articles.indices.filter { !fold[$0] && livePassages[$0] > 0 && tier(livePassages[$0]) == t }
            guard same.count + 1 >= mergeFactor else { break }
            for k in same { fold[k] = true; size += livePassages[k] }
        }
        return fold
    }

    /// The update that adds articles of `paragraphs` paragraphs in all to the collection
    /// of `list` and changes none of its articles: what `plan` gives when every live
    /// article is given unchanged, worked out from the list alone. `fed` is left to the
    /// caller, with the live articles of the segments `folded` (numbers into the list).
    static func appending(_ list: SegmentList, paragraphs: Int) -> (update: SegmentUpdate, folded: [Int]) {
        var u = SegmentUpdate()
        let segments = list.segments
        let fold = folds(deleted: segments.map(\.deletedArticles), articles: segments.map(\.articles),
                         livePassages: segments.map(\.livePassages), fedParagraphs: paragraphs)
        var folded: [Int] = []
        for (k, e) in segments.enumerated() {
            if fold[k] {
                u.folded += 1
                if e.liveArticles > 0 { folded.append(k) }
            } else if e.livePassages > 0 || e.deletedArticles < e.articles {
                u.kept.append((e, [], false))
            } else {
                u.folded += 1
            }
        }
        return (u, folded)
    }

    /// Writes the update to `folder` and publishes the new list: `build` writes the new
    /// segment's articles (`fed`) to the file it is given and returns its meta;
    /// `fingerprint` is what the collection is now built from (asked for once the new
    /// segment is written). `interrupt` is called at each `Stage` (a test throws there).
    func apply(to folder: URL, list: SegmentList?, options: IndexOptions, problems: [ReadProblem],
               build: (URL) throws -> IndexMeta, fingerprint: () throws -> UInt64,
               interrupt: (Stage) throws -> Void = { _ in }) throws -> SegmentList {
        let generation = (list?.generation ?? 0) + 1
        // A stopped build's files go first: none is named after a generation to come.
        (list ?? SegmentList(format: 0, generation: 0, fingerprint: 0, options: "", segments: [])).removeStrays(in: folder)
        var entries: [SegmentList.Entry] = []
        if !fed.isEmpty {
            let name = SegmentList.segmentName(generation)
            let url = folder.appendingPathComponent(name)
            let meta = try build(url)
            try Durable.sync(url)
            entries.append(.init(name: name, deletions: nil, articles: meta.articleCount, deletedArticles: 0,
                                 passages: meta.passageCount, deletedPassages: 0))
        }
        try interrupt(.segmentWritten)
        var keptEntries: [SegmentList.Entry] = []
        for (entry, deleted, changed) in kept {
            var e = entry
            if changed {
                let name = SegmentList.deletionName(e.name, generation)
                try DeletionFile.write(deleted, to: folder.appendingPathComponent(name))
                e.deletions = name
            }
            keptEntries.append(e)
        }
        entries = keptEntries + entries
        try interrupt(.deletionsWritten)
        var next = SegmentList(format: Int(IndexFile.version), generation: generation, fingerprint: try fingerprint(),
                               options: IndexMeta.optionsKey(options), segments: entries, problems: problems)
        // In a corpus folder the fingerprint is the checksum of the manifest this build has
        // just written: its state is kept with it.
        next.manifest = SourceRecord.state(of: folder.appendingPathComponent(CorpusWriter.manifestName)).map(SegmentList.ManifestState.init)
        try next.publish(to: folder)
        try interrupt(.published)
        next.removeStrays(in: folder)
        return next
    }
}

/// Some of a store's articles, in order (the articles a new segment is written from).
struct ArticleSelection<Base: RandomAccessCollection<Article> & Sendable>: RandomAccessCollection, Sendable where Base.Index == Int {
    let base: Base
    let picked: [Int]
    var startIndex: Int { 0 }
    var endIndex: Int { picked.count }
    subscript(i: Int) -> Article { base[picked[i]] }
}
