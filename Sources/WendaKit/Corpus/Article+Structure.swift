/// What an article's paragraphs are besides text: the page of a PDF each stands on, and
/// the lists (items of a `<ul>`/`<ol>` or a Markdown list) a run of them makes. Kept in
/// `metadata` (`page_starts`, `list_items`) so the segmented corpus and the saved index
/// carry them as they carry every other metadata key.
extension Article {
    static let pageStartsKey = "page_starts"
    static let listItemsKey = "list_items"

    /// For each page that has text, its number and its first paragraph: `[(1, 1), (2, 5)]`.
    public var pageStarts: [(page: Int, paragraph: Int)] {
        guard let value = metadata[Self.pageStartsKey] else { return [] }
        return value.split(separator: " ").compactMap { pair in
            let parts = pair.split(separator: ":")
            guard parts.count == 2, let page = Int(parts[0]), let paragraph = Int(parts[1]) else { return nil }
            return (page, paragraph)
        }
    }

    /// The page (1-based) paragraph `number` stands on; nil for an article without pages.
    public func page(ofParagraph number: Int) -> Int? {
        pageStarts.last { $0.paragraph <= number }?.page ?? pageStarts.first?.page
    }

    /// The lists of the article: each the paragraph numbers of its items.
    public var lists: [ClosedRange<Int>] {
        guard let value = metadata[Self.listItemsKey] else { return [] }
        return value.split(separator: " ").compactMap { span in
            let parts = span.split(separator: "-")
            guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a <= b else { return nil }
            return a...b
        }
    }

    /// Records lists given as ranges of line (paragraph) indices, 0-based.
    mutating func setLists(_ ranges: [Range<Int>]) {
        let spans = ranges.filter { !$0.isEmpty && $0.upperBound <= paragraphs.count }
            .map { "\($0.lowerBound + 1)-\($0.upperBound)" }
        if spans.isEmpty { metadata[Self.listItemsKey] = nil } else { metadata[Self.listItemsKey] = spans.joined(separator: " ") }
    }

    /// Records the first paragraph of each page, given each paragraph's page.
    mutating func setPages(_ pageOfParagraph: [Int]) {
        var pairs: [String] = []
        var last = 0
        for (k, page) in pageOfParagraph.enumerated() where page != last {
            pairs.append("\(page):\(k + 1)")
            last = page
        }
        if pairs.isEmpty { metadata[Self.pageStartsKey] = nil } else { metadata[Self.pageStartsKey] = pairs.joined(separator: " ") }
    }
}
