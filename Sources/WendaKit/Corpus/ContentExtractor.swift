import Foundation
/// Finds a page's article among its lines, in the family of Readability, jusText and
/// trafilatura: page furniture goes first (navigation, headers and footers, asides, forms,
/// menus, hidden parts, share bars, related links, ads: `BoilerplateHints`); each line is
/// weighed by its text (in characters, a Chinese one counting as a short word), the share
/// of it that is link text and its punctuation; the article is the element holding most
/// of the weight (confirmed by JSON-LD `articleBody` or `itemprop="articleBody"` when the
/// page has them); inside it, lines of links, ad labels, image captions, datelines,
/// bylines and the headline again are dropped, the rest kept. Every line dropped says why.
struct ContentExtractor {
    let tree: HTMLTree
    let page: PageText
    let metadata: HTMLMetadata

    /// Per line: its weight, the share of it in links, its punctuation, its text.
    var weight: [Double] = []
    var linkShare: [Double] = []
    var punctuation: [Int] = []
    var texts: [String] = []
    /// The element chosen as the article.
    private(set) var container = 0

    init(tree: HTMLTree, page: PageText, metadata: HTMLMetadata) {
        self.tree = tree
        self.page = page
        self.metadata = metadata
        for line in page.lines {
            var w = 0.0, n = 0, p = 0
            for s in line.scalars where !s.isSpace {
                n += 1
                if UnicodeText.isWide(s) { w += 3 } else { w += 1 }
                if Self.sentencePunctuation.contains(s) { p += 1 }
            }
            weight.append(w)
            linkShare.append(n > 0 ? Double(page.info[weight.count - 1].links) / Double(n) : 0)
            punctuation.append(p)
            texts.append(line.string)
        }
    }

    static let sentencePunctuation: Set<Unicode.Scalar> = Set(".,;:!?。，；：！？、".unicodeScalars)
    static let sentenceEnds: Set<Unicode.Scalar> = Set(".!?。！？\"”’)）」".unicodeScalars)

    enum Class { case good, bad, neutral }

    /// What a line looks like on its own; a table's rows are judged together.
    func classify(_ i: Int, tables: [Int: (weight: Double, links: Double)]) -> (Class, String?) {
        var w = weight[i], ls = linkShare[i]
        if page.info[i].kind == .row, let t = tables[page.info[i].owner] {
            w = t.weight
            ls = t.weight > 0 ? t.links / t.weight : 0
            if ls > 0.5 { return (.bad, "mostly links") }
            return w >= 80 && ls <= 0.3 ? (.good, nil) : (.neutral, nil)
        }
        // A linked headline with a sentence or two of its own after it (a news digest's
        // items) is text; a line of links with a word between them is not.
        if ls > 0.5, w * (1 - ls) < 80 || punctuation[i] < 2 { return (.bad, "mostly links") }
        if ls > 0.5 { return (.neutral, nil) }
        if Self.isBoilerplateText(texts[i], weight: w) { return (.bad, "boilerplate text") }
        if Self.isWebAddress(texts[i]) { return (.bad, "a web address alone") }
        if case .heading = page.info[i].kind { return (.neutral, nil) }
        if ls <= 0.3, w >= 80, punctuation[i] >= 1 || w >= 160 { return (.good, nil) }
        return (.neutral, nil)
    }

    /// Labels of ads and page furniture that make a whole line (in several languages).
    static let boilerplateLabels: Set<String> = [
        "advertisement", "advert", "ad", "ads", "sponsored", "iklan", "anzeige", "werbung", "publicidade", "publicidad",
        "publicité", "pubblicità", "реклама", "広告", "广告", "赞助", "share", "tweet", "comments", "comment", "print",
        "email", "close", "caption", "related", "related news", "related stories", "more", "more:", "topics", "tags",
        "don't miss", "explore further", "read more", "see also", "相关阅读", "相关新闻", "分享", "评论", "返回顶部",
    ]

    /// Phrases of page furniture that stand as a line of their own.
    static let boilerplatePhrases = [
        "advertisement", "story continues below", "continue reading", "share this", "share on", "follow us",
        "sign up", "subscribe", "all rights reserved", "copyright", "click here", "read more", "related:",
        "skip to", "recommended", "you may also like", "join the conversation", "点击", "分享到", "版权所有", "扫一扫", "关注我们", "责任编辑",
        "相关阅读", "相关新闻", "广告",
    ]

    /// What a page says to a browser without scripts, anywhere in a short line.
    static let scriptNotices = ["requires javascript", "enable javascript", "javascript is disabled", "javascript must be enabled",
                                "需要启用javascript", "请启用javascript"]

    static func isBoilerplateText(_ text: String, weight: Double) -> Bool {
        guard weight < 100 else { return false }
        let t = text.lowercased()
        if boilerplateLabels.contains(t.trimmingCharacters(in: .punctuationCharacters.union(.whitespaces))) { return true }
        return t.hasPrefix("©") || boilerplatePhrases.contains { t.hasPrefix($0) } || scriptNotices.contains { t.contains($0) }
    }

    /// A line that is one web address and nothing else: no sentence to quote.
    static func isWebAddress(_ text: String) -> Bool {
        let t = text.trimmingWhitespace()
        guard !t.contains(" "), t.hasPrefix("http://") || t.hasPrefix("https://") || t.hasPrefix("www.") else { return false }
        return t.unicodeScalars.count > 8
    }

    /// Nodes from `i` up to the document.
    func ancestors(_ i: Int) -> [Int] {
        var out: [Int] = []
        var n = i
        while n >= 0 { out.append(n); n = tree.nodes[n].parent }
        return out
    }

    func isInside(_ node: Int, _ ancestor: Int) -> Bool {
        node >= ancestor && node < tree.end(of: ancestor)
    }

    /// Each line's verdict: nil to keep it, or why it is dropped.
    mutating func verdicts() -> [String?] {
        let count = page.lines.count
        guard count > 0 else { return [] }
        var tables: [Int: (weight: Double, links: Double)] = [:]
        for i in 0..<count where page.info[i].kind == .row {
            let t = tables[page.info[i].owner] ?? (0, 0)
            tables[page.info[i].owner] = (t.weight + weight[i], t.links + weight[i] * linkShare[i])
        }
        let classes = (0..<count).map { classify($0, tables: tables) }
        // Page furniture holding most of the page's good text is no furniture (a page
        // wrapped whole in a `<form>`, an article in a `<div class="hidden">` shown later).
        var good = [Double](repeating: 0, count: tree.nodes.count)
        for i in 0..<count where classes[i].0 == .good {
            for a in ancestors(page.info[i].owner) { good[a] += weight[i] }
        }
        let total = max(good[0], 1)
        var furniture = [String?](repeating: nil, count: count)
        for i in 0..<count {
            furniture[i] = page.info[i].furniture.first { good[$0.node] < 0.5 * total }?.reason
        }
        // Each line's value to the elements around it: good text adds, links take away.
        var score = [Double](repeating: 0, count: tree.nodes.count)
        for i in 0..<count where furniture[i] == nil {
            let v: Double
            switch classes[i].0 {
            case .good: v = weight[i] * (1 - linkShare[i])
            case .bad: v = -0.5 * weight[i]
            case .neutral: v = linkShare[i] < 0.2 && weight[i] >= 30 ? 0.3 * weight[i] : 0
            }
            if v == 0 { continue }
            for a in ancestors(page.info[i].owner) { score[a] += v }
        }
        var out = [String?](repeating: nil, count: count)
        // A piece of HTML (a seed file's body) is the article: only furniture goes.
        if tree.isFragment {
            container = 0
            for i in 0..<count { out[i] = furniture[i] }
            return out
        }
        container = chooseContainer(score: score, furniture: furniture)
        var candidates: [Int] = []
        for i in 0..<count {
            if let f = furniture[i] { out[i] = f; continue }
            if !isInside(page.info[i].owner, container) { out[i] = "outside the article"; continue }
            candidates.append(i)
        }
        // Inside the article, lines that are not its text: image credits, datelines,
        // bylines, the headline again. The rest of it is kept: measured on saved news
        // pages, dropping short lines at its edges (as jusText does) lost more article
        // text than furniture.
        let titles = Set([metadata.title, metadata.meta["og:title"], metadata.firstHeading].compactMap { $0.map(HTMLMetadata.collapse) })
        for i in candidates {
            let (c, why) = classes[i]
            if c == .bad { out[i] = why; continue }
            if page.info[i].inFigure, page.info[i].kind != .row, !page.info[i].inQuote {
                out[i] = Self.imageCaption
                continue
            }
            let text = HTMLMetadata.collapse(texts[i])
            if titles.contains(text) {
                out[i] = "the title (shown as the article's title)"
                continue
            }
            if let author = metadata.author, text == author || text == "By " + author || text == "by " + author {
                out[i] = "byline"
                continue
            }
            guard c == .neutral else { continue }
            if !page.info[i].inQuote {
                if weight[i] < 80, Byline.author(inLine: texts[i]) != nil { out[i] = "byline"; continue }
                if isDateline(i) { out[i] = "dateline"; continue }
            }
        }
        return out
    }

    static let imageCaption = "image caption or credit (kept as a caption)"

    static let datelinePrefixes = ["updated", "published", "posted", "last updated", "last modified", "发布时间", "更新时间", "发表于", "时间："]
    static let clockTime = try! NSRegularExpression(pattern: #"\b\d{1,2}:\d{2}\b"#)

    /// A short line that gives when the article was published or updated.
    func isDateline(_ i: Int) -> Bool {
        guard weight[i] < 70, !isSentence(i) else { return false }
        let t = texts[i]
        let lower = t.lowercased()
        if Self.datelinePrefixes.contains(where: lower.hasPrefix) { return true }
        if DateText.normalized(t) != nil { return true }
        return Self.clockTime.firstMatch(in: t, range: NSRange(location: 0, length: (t as NSString).length)) != nil
    }

    /// Whether a line reads as a sentence: long enough, ending as sentences end.
    func isSentence(_ i: Int) -> Bool {
        guard weight[i] >= 40, let last = page.lines[i].scalars.last else { return false }
        return Self.sentenceEnds.contains(last)
    }

    /// The element holding the article: the one JSON-LD `articleBody` confirms, else an
    /// `itemprop="articleBody"` element, else the element reached from the body by going
    /// down to the child holding most of the text's value while it holds nearly all.
    func chooseContainer(score: [Double], furniture: [String?]) -> Int {
        let body = tree.nodes.indices.first { tree.nodes[$0].name == "body" } ?? 0
        if let confirmed = confirmedByJSONLD(furniture: furniture) { return confirmed }
        let marked = tree.nodes.indices.filter { tree.nodes[$0].attribute("itemprop")?.lowercased() == "articlebody" }
        if let best = marked.max(by: { score[$0] < score[$1] }), score[best] > 0.3 * score[body] {
            return best
        }
        var e = body
        while true {
            // A child named as the article (`article-body`, `story`, `content`) may leave
            // a little more of its parent's text behind (a standfirst, a last line).
            guard let c = tree.nodes[e].children.filter({ !tree.nodes[$0].isText }).max(by: { score[$0] < score[$1] }),
                  score[c] >= (isNamedContent(c) ? 0.7 : 0.8) * score[e], score[c] > 0 else { break }
            e = c
        }
        // The article is what holds its paragraphs, never one of them.
        while e > body, Self.paragraphTags.contains(tree.nodes[e].name) || !BoilerplateHints.blockTags.contains(tree.nodes[e].name) {
            e = tree.nodes[e].parent
        }
        return e
    }

    /// Whether an element's tag, class or id names it the article's text.
    func isNamedContent(_ n: Int) -> Bool {
        let node = tree.nodes[n]
        if node.name == "article" || node.name == "main" { return true }
        let words = BoilerplateHints.nameWords((node.attribute("class") ?? "") + " " + (node.attribute("id") ?? ""))
        return words.contains(where: BoilerplateHints.contentWords.contains)
    }

    static let paragraphTags: Set<String> = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "dt", "dd", "figcaption",
                                             "address", "blockquote", "tr", "td", "th", "caption"]

    /// The element JSON-LD `articleBody` points at: the deepest one holding nine tenths
    /// of the lines whose text it contains, when those are a good share of it.
    func confirmedByJSONLD(furniture: [String?]) -> Int? {
        guard let body = metadata.articleBody, body.unicodeScalars.count >= 200 else { return nil }
        var found: [Int: Double] = [:]
        var total = 0.0
        for (i, t) in texts.enumerated() where furniture[i] == nil && t.unicodeScalars.count >= 30 {
            if body.contains(HTMLMetadata.collapse(t)) {
                total += weight[i]
                for a in ancestors(page.info[i].owner) { found[a, default: 0] += weight[i] }
            }
        }
        let bodyWeight = body.unicodeScalars.reduce(0.0) { $0 + ($1.isSpace ? 0 : UnicodeText.isWide($1) ? 3 : 1) }
        guard total >= 0.3 * bodyWeight else { return nil }
        return found.filter { $0.value >= 0.9 * total }.keys.max()
    }
}
