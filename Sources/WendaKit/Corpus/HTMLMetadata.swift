import Foundation

/// What a web page says about its article besides the text: title, author, date and URL,
/// from its meta tags (Open Graph, `article:*`, `name="author"`…), its JSON-LD, `<title>`
/// and `<h1>`. Bylines and `<time>` in the article are read later, once the article is
/// found (`HTMLReader`).
struct HTMLMetadata {
    /// `property`/`name`/`itemprop` of each `<meta>` (lower case) → its `content`, first wins.
    var meta: [String: String] = [:]
    /// `<title>`, and the first `<h1>` of the page.
    var documentTitle: String?
    var firstHeading: String?
    /// `<link rel="canonical">`.
    var canonical: String?
    /// The article object of the page's JSON-LD (`NewsArticle`, `BlogPosting`…).
    var jsonLD: JSONValue?

    init(_ tree: HTMLTree) {
        var sawBody = false
        for (i, node) in tree.nodes.enumerated() where !node.isText {
            switch node.name {
            case "body": sawBody = true
            case "meta":
                guard let content = node.attribute("content")?.trimmingWhitespace(), !content.isEmpty else { continue }
                for key in ["property", "name", "itemprop"] {
                    if let k = node.attribute(key)?.lowercased(), !k.isEmpty, meta[k] == nil { meta[k] = content }
                }
            case "title" where documentTitle == nil && !sawBody:
                documentTitle = Self.collapse(tree.text(of: i))
            case "h1" where firstHeading == nil:
                let t = Self.collapse(tree.text(of: i))
                if !t.isEmpty { firstHeading = t }
            case "link" where canonical == nil:
                if node.attribute("rel")?.lowercased().split(separator: " ").contains("canonical") == true {
                    canonical = node.attribute("href")?.trimmingWhitespace()
                }
            case "script" where node.attribute("type")?.lowercased().contains("ld+json") == true:
                if jsonLD == nil { jsonLD = Self.articleObject(in: Self.parseJSONLD(tree.text(of: i))) }
            default: continue
            }
        }
    }

    // MARK: What the article's citation shows

    /// The site's name, to take off the end of a title.
    var siteName: String? {
        meta["og:site_name"] ?? jsonLD?["publisher"]?["name"]?.string ?? meta["application-name"]
    }

    /// The headline: `og:title`, JSON-LD `headline`, `twitter:title`, the page's `<h1>`,
    /// then `<title>`, with the site's name taken off ("Headline | Site", "标题_国内新闻_某某网").
    var title: String? {
        let candidates = [meta["og:title"], jsonLD?["headline"]?.string, meta["twitter:title"], firstHeading, documentTitle]
        guard let raw = candidates.compactMap({ $0.map(Self.collapse) }).first(where: { !$0.isEmpty }) else { return nil }
        return Self.withoutSiteName(raw, site: siteName, heading: firstHeading)
    }

    /// The author: `<meta name="author">`, `article:author`, JSON-LD `author`, other
    /// common meta names. Profile URLs are no name.
    var author: String? {
        let ld = jsonLD.flatMap { Self.names($0["author"] ?? $0["creator"]) }
        for value in [meta["author"], meta["article:author"], ld, meta["byl"], meta["parsely-author"], meta["sailthru.author"],
                      meta["dc.creator"], meta["dcterms.creator"], meta["citation_author"]] {
            if let v = value.map(Self.collapse), let name = Byline.cleanName(v) { return name }
        }
        return nil
    }

    /// The date published, as `YYYY-MM-DD` when it can be read so.
    var date: String? {
        for value in [meta["article:published_time"], jsonLD?["datePublished"]?.string, meta["datepublished"],
                      meta["og:published_time"], meta["pubdate"], meta["publishdate"], meta["publish-date"],
                      meta["parsely-pub-date"], meta["sailthru.date"], meta["dc.date"], meta["dcterms.created"],
                      meta["date"], meta["citation_publication_date"], jsonLD?["dateCreated"]?.string] {
            if let v = value, let d = DateText.normalized(v) { return d }
        }
        return nil
    }

    /// The page's address: `og:url`, the canonical link, JSON-LD `url`; a web address
    /// holds no white space (an attribute left open on a damaged page runs on for lines).
    var url: String? {
        for value in [meta["og:url"], canonical, jsonLD?["url"]?.string, jsonLD?["mainEntityOfPage"]?["@id"]?.string,
                      jsonLD?["mainEntityOfPage"]?.string] {
            if let v = value?.trimmingWhitespace(), v.hasPrefix("http://") || v.hasPrefix("https://"),
               v.unicodeScalars.count <= 2048, !v.unicodeScalars.contains(where: { $0.properties.isWhitespace || CleanText.isControl($0) }) {
                return v
            }
        }
        return nil
    }

    /// JSON-LD `articleBody`: the article's text as the site gives it to search engines.
    var articleBody: String? {
        jsonLD?["articleBody"]?.string.map(Self.collapse).flatMap { $0.isEmpty ? nil : $0 }
    }

    // MARK: Helpers

    /// White space runs made one space, trimmed.
    static func collapse(_ s: String) -> String {
        s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static let titleSeparators = [" | ", " - ", " – ", " — ", " :: ", " » ", " · ", "｜", " ｜ ", "_", "|"]

    /// A title without the site's name (and section) around it: "Headline | Site",
    /// "标题_国内新闻_东南快报网", "Site: Headline" when the site is known.
    static func withoutSiteName(_ title: String, site: String?, heading: String?) -> String {
        var parts = [title]
        var used: String?
        for sep in titleSeparators where title.contains(sep) {
            parts = title.components(separatedBy: sep).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
            used = sep
            break
        }
        guard used != nil, parts.count > 1, heading.map(collapse) != title else { return title }
        // The page's own heading names the part that is the headline.
        if let h = heading.map(collapse), let part = parts.first(where: { $0 == h }) { return part }
        func isSite(_ p: String) -> Bool {
            guard let site = site?.lowercased(), !site.isEmpty else { return false }
            let q = p.lowercased()
            return q == site || q.contains(site) || site.contains(q)
        }
        func short(_ p: String) -> Bool {
            let wide = p.unicodeScalars.filter(UnicodeText.isWide).count
            return wide > 0 ? p.unicodeScalars.count <= 12 : p.split(separator: " ").count <= 4 && p.count <= 32
        }
        var kept = parts
        while kept.count > 1, let last = kept.last, isSite(last) || (short(last) && kept.dropLast().joined().count > last.count) {
            kept.removeLast()
        }
        while kept.count > 1, let first = kept.first, isSite(first) { kept.removeFirst() }
        return kept.joined(separator: used!)
    }

    /// The JSON values of a JSON-LD script: strict JSON first, then with raw line breaks
    /// made spaces and trailing commas dropped (both common on pages).
    static func parseJSONLD(_ text: String) -> JSONValue? {
        var bytes = Array(text.utf8)
        if let v = JSONBytes.parse(bytes) { return v }
        for k in bytes.indices where bytes[k] < 0x20 { bytes[k] = 0x20 }
        if let v = JSONBytes.parse(bytes) { return v }
        let repaired = String(decoding: bytes, as: UTF8.self)
            .replacingOccurrences(of: #",\s*([}\]])"#, with: "$1", options: .regularExpression)
        return JSONBytes.parse(Array(repaired.utf8))
    }

    static let articleTypes = ["newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
                               "opinionnewsarticle", "reviewnewsarticle", "liveblogposting", "techarticle", "scholarlyarticle",
                               "socialmediaposting", "report", "backgroundnewsarticle"]

    /// The article object among JSON-LD values (arrays and `@graph` looked into); a
    /// `WebPage` only when there is no article.
    static func articleObject(in value: JSONValue?) -> JSONValue? {
        guard let value else { return nil }
        var stack = [value]
        var page: JSONValue?
        var seen = 0
        while let v = stack.popLast(), seen < 1000 {
            seen += 1
            switch v {
            case .array(let items): stack += items.reversed()
            case .object:
                let types: [String] = (v["@type"]?.array?.compactMap(\.string) ?? v["@type"]?.string.map { [$0] } ?? []).map { $0.lowercased() }
                if types.contains(where: articleTypes.contains) { return v }
                if page == nil, types.contains("webpage") { page = v }
                if let graph = v["@graph"] { stack.append(graph) }
                if let main = v["mainEntity"] { stack.append(main) }
            default: continue
            }
        }
        return page
    }

    /// The names of a JSON-LD `author`: a string, a `Person` with a `name`, or a list.
    static func names(_ v: JSONValue?) -> String? {
        guard let v else { return nil }
        switch v {
        case .string(let s): return s
        case .array(let items):
            let all = items.compactMap { names($0) }.filter { !$0.isEmpty }
            return all.isEmpty ? nil : all.joined(separator: ", ")
        case .object: return v["name"]?.string
        default: return nil
        }
    }
}
