import Foundation

/// One article of the segmented corpus (`corpus/<id>.json`), written by `wenda build`:
/// JSON with a fixed key order, one sentence a line. Offsets: `start`/`end` count Unicode
/// scalars of the cleaned article text; `source_start`/`source_end` are UTF-8 byte offsets
/// in the source file (for JSONL: in the decoded `text` field of line `line`). `words` are
/// the segmenter's tokens of the sentence, joined by one space, and `kinds` their kinds, a
/// letter each (`w` Chinese word, `l` Latin, `n` number, `p` punctuation, `o` other);
/// `title_words`/`title_kinds` the same for the title. Format 1 (pretty-printed, without
/// kinds) is still read; a build rewrites it.
public struct CorpusFile: Sendable, Hashable {
    public static let format = "wenda-corpus/2"

    public var format: String
    public var id: String
    public var title: String
    public var author: String
    public var date: String
    public var url: String
    public var source: String
    public var line: Int?
    public var metadata: [String: String]
    public var captions: [String]
    public var references: [String]
    public var titleWords: String?
    public var titleKinds: String?
    public var paragraphs: [ParagraphEntry]

    public struct ParagraphEntry: Sendable, Hashable {
        public var number: Int
        public var block: Int
        public var start: Int
        public var end: Int
        public var sourceStart: Int
        public var sourceEnd: Int
        public var sentences: [SentenceEntry]
    }

    public struct SentenceEntry: Sendable, Hashable {
        public var number: Int
        public var start: Int
        public var end: Int
        public var sourceStart: Int
        public var sourceEnd: Int
        public var text: String
        public var words: String
        public var kinds: String?
    }

    /// The corpus entry of an article, its text cut into words by `segmenter`.
    public init(_ article: Article, segmenter: Segmenter = .shared) {
        self.init(article, words: ArticleWords(article, segmenter: segmenter))
    }

    /// The corpus entry of an article whose words are known.
    public init(_ article: Article, words: ArticleWords) {
        format = Self.format
        id = article.id
        title = article.title
        author = article.author
        date = article.date
        url = article.url
        source = article.source
        line = article.line
        metadata = article.metadata
        captions = article.captions
        references = article.references
        (titleWords, titleKinds) = ArticleWords.spelled(words.titleTokens)
        var bySentence = words.bySentence(article).makeIterator()
        // Every paragraph's source range, each followed by its sentences', found at once.
        var sourceRanges = article.sourceRanges(of: article.paragraphs.flatMap { [$0.range] + $0.sentences.map(\.range) })
            .makeIterator()
        var texts = Self.sentenceTexts(article).makeIterator()
        paragraphs = article.paragraphs.map { p in
            let ps = sourceRanges.next()!
            return ParagraphEntry(
                number: p.number, block: p.block, start: p.range.lowerBound, end: p.range.upperBound,
                sourceStart: ps.lowerBound, sourceEnd: ps.upperBound,
                sentences: p.sentences.map { s in
                    let ss = sourceRanges.next()!
                    let spelled = ArticleWords.spelled(bySentence.next() ?? [])
                    return SentenceEntry(
                        number: s.number, start: s.range.lowerBound, end: s.range.upperBound,
                        sourceStart: ss.lowerBound, sourceEnd: ss.upperBound, text: texts.next() ?? article.slice(s.range),
                        words: spelled.words, kinds: spelled.kinds)
                })
        }
    }

    /// The text of every sentence of an article, in order: cut from its UTF-8 bytes in one
    /// pass (sentences come in text order; one that does not is sliced on its own).
    static func sentenceTexts(_ article: Article) -> [String] {
        var text = article.text
        return text.withUTF8 { bytes -> [String] in
            var out: [String] = []
            var scalar = 0, byte = 0
            func advance(to target: Int) {
                while scalar < target, byte < bytes.count {
                    let b = bytes[byte]
                    byte += UnicodeText.utf8Length(lead: b)
                    scalar += 1
                }
            }
            for p in article.paragraphs {
                for s in p.sentences {
                    guard s.range.lowerBound >= scalar else {
                        out.append(article.slice(s.range))
                        continue
                    }
                    advance(to: s.range.lowerBound)
                    let lo = min(byte, bytes.count)
                    advance(to: s.range.upperBound)
                    out.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[lo..<min(byte, bytes.count)]), as: UTF8.self))
                }
            }
            return out
        }
    }

    /// The words the file keeps for `article` (the article it was written from), without
    /// segmenting; nil when it does not keep them all (format 1, a word with a space).
    public func words(of article: Article) -> ArticleWords? {
        guard let titleWords, let titleKinds,
              let titleTokens = ArticleWords.tokens(words: titleWords, kinds: titleKinds,
                                                    in: ArticleWords.title(of: article), offset: 0)
        else { return nil }
        var tokens: [Token] = []
        for p in paragraphs {
            for s in p.sentences {
                guard let kinds = s.kinds,
                      let t = ArticleWords.tokens(words: s.words, kinds: kinds, in: s.text, offset: s.start)
                else { return nil }
                tokens += t
            }
        }
        return ArticleWords(tokens: tokens, titleTokens: titleTokens)
    }

    /// The article again, as far as the corpus keeps it: text, paragraphs, sentences and
    /// metadata; source offsets only at sentence starts and ends.
    public var article: Article {
        var scalars: [Unicode.Scalar] = []
        var starts: [Int] = []
        var ends: [Int] = []
        var lastEnd = 0
        for p in paragraphs {
            if !scalars.isEmpty { scalars.append("\n"); starts.append(lastEnd); ends.append(lastEnd) }
            for s in p.sentences {
                while scalars.count < s.start { scalars.append(" "); starts.append(lastEnd); ends.append(lastEnd) }
                let add = Array(s.text.unicodeScalars)
                scalars += add
                starts += [s.sourceStart] + Array(repeating: s.sourceStart, count: max(0, add.count - 1))
                ends += Array(repeating: s.sourceEnd, count: add.count)
                lastEnd = s.sourceEnd
            }
        }
        starts.append(lastEnd)
        let ps = paragraphs.map { p in
            Paragraph(number: p.number, range: p.start..<p.end,
                      sentences: p.sentences.map { Sentence(number: $0.number, range: $0.start..<$0.end) }, block: p.block)
        }
        return Article(id: id, title: title, author: author, date: date, url: url, source: source, line: line,
                       metadata: metadata, text: String(String.UnicodeScalarView(scalars)), sourceOffsets: starts,
                       paragraphs: ps, captions: captions, references: references, sourceEnds: ends)
    }
}
