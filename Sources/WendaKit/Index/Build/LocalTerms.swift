import Foundation

/// What the index takes of each article before its terms are numbered: its distinct
/// terms (words, characters, bigrams) and each sentence's occurrences of them, found on
/// every core while the builder numbers them in article order.

/// One article's terms, numbered within the article: its distinct terms in order of first
/// appearance (kind, code, word), and each sentence's occurrences as indices into them,
/// then the title's.
struct LocalTerms: Sendable {
    var kinds: [TermKind] = []
    var codes: [UInt64] = []
    var words: [String] = []
    /// Words: the hash of the word's key (see `normalizedKeys`); others 0.
    var hashes: [UInt64] = []
    /// The words whose key is not their own text (local index, key: the word in
    /// canonical composition), in order; every other word is its own key.
    var normalizedKeys: [(local: Int32, key: String)] = []
    /// Sentence by sentence, then the title: local term indices with repetitions.
    var occurrences: [Int32] = []
    var offsets: [Int32] = [0]
    /// Each sentence's range in the folded text.
    var ranges: [Range<Int32>] = []

    /// The local terms of an article, from its folded text and tokens (see `prepare`).
    static func of(
        _ article: Article,
        _ prepared: (folded: [Unicode.Scalar], tokens: [Token], titleFolded: [Unicode.Scalar], titleTokens: [Token])
    ) -> LocalTerms {
        let (folded, tokens, titleFolded, titleTokens) = prepared
        // Terms go straight to their local index: no list of occurrences in between.
        var b = LocalTermsBuilder(length: folded.count)
        var ti = 0
        for paragraph in article.paragraphs {
            for sentence in paragraph.sentences {
                let r = max(0, sentence.range.lowerBound)..<min(folded.count, sentence.range.upperBound)
                while ti < tokens.count, tokens[ti].start < r.lowerBound { ti += 1 }
                var tj = ti
                while tj < tokens.count, tokens[tj].start < r.upperBound { tj += 1 }
                b.add(folded, tokens[ti..<tj], r)
                b.out.ranges.append(Int32(r.lowerBound)..<Int32(max(r.lowerBound, r.upperBound)))
            }
        }
        let title = article.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title == article.id {
            if let s = article.paragraphs.first?.sentences.first {
                // No title of its own: the first sentence stands in for the topic.
                let r = max(0, s.range.lowerBound)..<min(folded.count, s.range.upperBound)
                b.add(folded, tokens.filter { $0.start >= r.lowerBound && $0.end <= r.upperBound }[...], r)
            } else {
                b.out.offsets.append(Int32(b.out.occurrences.count))
            }
        } else {
            b.add(titleFolded, titleTokens[...], 0..<titleFolded.count)
        }
        return b.out
    }

    /// An article's folded text and tokens, and its title's. Tokens are `ArticleWords`:
    /// given (segmented once by the build, or read back from the corpus), or segmented here.
    static func prepare(_ article: Article, _ w: ArticleWords)
        -> (folded: [Unicode.Scalar], tokens: [Token], titleFolded: [Unicode.Scalar], titleTokens: [Token])
    {
        let title = ArticleWords.title(of: article)
        let useTitle = !(title.isEmpty || title == article.id)
        return (TermExtractor.fold(article.text), w.tokens,
                useTitle ? TermExtractor.fold(title) : [], useTitle ? w.titleTokens : [])
    }

    /// The local terms of an article whose words are known (as the build segmented it).
    static func of(_ article: Article, words: ArticleWords) -> LocalTerms {
        of(article, prepare(article, words))
    }
}

/// Finds an article's distinct terms, each looked up once per occurrence in tables of
/// its own (by packed code, or by the bytes of a word).
struct LocalTermsBuilder {
    var out = LocalTerms()
    var codeIDs: CodeTable
    var wordIDs: WordTable

    init(length: Int) {
        codeIDs = CodeTable(capacity: min(1 << 16, max(64, length)))
        wordIDs = WordTable(capacity: min(1 << 14, max(64, length / 2)))
        out.occurrences.reserveCapacity(length * 3)
    }

    /// Adds the terms of `folded[r]` (`tokens`: the segmenter's tokens of the same text),
    /// in `TermExtractor.forEachTerm`'s order: each Han character and the bigram it starts,
    /// then the words. Straight loops over the scalars and into local arrays: no closure
    /// per term, no appends through `self`.
    mutating func add(_ folded: [Unicode.Scalar], _ tokens: ArraySlice<Token>, _ r: Range<Int>) {
        var kinds = out.kinds, codes = out.codes, words = out.words, hashes = out.hashes
        var occurrences = out.occurrences
        out.kinds = []; out.codes = []; out.words = []; out.hashes = []; out.occurrences = []
        var hasHan = false
        folded.withUnsafeBufferPointer { s in
            s.withMemoryRebound(to: UInt32.self) { s in
                var i = r.lowerBound
                let end = r.upperBound
                var han = i < end && UnicodeText.isHan(s[i])
                while i < end {
                    let nextHan = i + 1 < end && UnicodeText.isHan(s[i + 1])
                    if han {
                        hasHan = true
                        let v = UInt64(s[i])
                        let c = UInt64(TermKind.character.rawValue) << 48 | v << 24
                        let found = codeIDs.find(c, orInsert: Int32(kinds.count))
                        if found.inserted { kinds.append(.character); codes.append(c); words.append(""); hashes.append(0) }
                        occurrences.append(found.value)
                        if nextHan {
                            let g = UInt64(TermKind.bigram.rawValue) << 48 | v << 24 | UInt64(s[i + 1])
                            let found = codeIDs.find(g, orInsert: Int32(kinds.count))
                            if found.inserted { kinds.append(.bigram); codes.append(g); words.append(""); hashes.append(0) }
                            occurrences.append(found.value)
                        }
                    }
                    han = nextHan
                    i += 1
                }
            }
        }
        for t in tokens where t.start >= r.lowerBound && t.end <= r.upperBound {
            guard var word = TermExtractor.wordTerm(t, hasHan: hasHan) else { continue }
            let next = Int32(kinds.count)
            let found = word.withUTF8 { bytes -> (value: Int32, inserted: Bool) in
                let hash = WordTable.hash(bytes)
                let found = wordIDs.find(bytes, hash: hash, orInsert: next)
                if found.inserted {
                    if WordTable.isNormalized(bytes) {
                        hashes.append(hash)
                    } else {
                        var key = String(decoding: bytes, as: UTF8.self).precomposedStringWithCanonicalMapping
                        hashes.append(key.withUTF8 { WordTable.hash($0) })
                        out.normalizedKeys.append((next, key))
                    }
                }
                return found
            }
            if found.inserted { kinds.append(.word); codes.append(0); words.append(word) }
            occurrences.append(found.value)
        }
        out.kinds = kinds; out.codes = codes; out.words = words; out.hashes = hashes
        out.occurrences = occurrences
        out.offsets.append(Int32(occurrences.count))
    }
}

/// The local terms of every article, found on every core (from a thread of their own)
/// and taken in article order by whoever numbers them.
final class LocalTermsSource: @unchecked Sendable {
    private let slots: Handover<LocalTerms>
    private let done: DispatchSemaphore?

    init(_ articles: [Article], _ words: ArticleWordsSource?, _ progress: (@Sendable (Article) -> Void)?) {
        let slots = Handover<LocalTerms>(articles.count)
        self.slots = slots
        done = Parallel.start {
            Parallel.forEach(articles.count) { i in
                let w = words?.words(at: i) ?? ArticleWords(articles[i])
                let terms = LocalTerms.of(articles[i], words: w)
                progress?(articles[i])
                slots.put(terms, at: i)
            }
        }
    }

    /// Terms of `count` articles still to come, each given by `put`.
    init(feeding count: Int) {
        slots = Handover<LocalTerms>(count)
        done = nil
    }

    func put(_ terms: LocalTerms, at i: Int) { slots.put(terms, at: i) }

    /// The terms of article `i`, waiting for them if need be (handed over once).
    func take(_ i: Int) -> LocalTerms { slots.take(i) }

    /// Waits until the workers are done.
    func finish() { done?.wait() }
}
