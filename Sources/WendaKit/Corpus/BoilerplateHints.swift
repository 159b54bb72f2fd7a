/// What an element's tag, role, attributes and class/id names say about it before its text
/// is weighed: never text (scripts, styles), page furniture (`<nav>`, `<footer>`, hidden
/// parts, menus, share bars, related links, ads), or a likely article container.
enum BoilerplateHints {
    /// Elements whose content a reader never sees as text.
    static let invisible: Set<String> = [
        "head", "script", "style", "template", "iframe", "svg", "math", "object", "embed", "canvas",
        "select", "option", "optgroup", "datalist", "button", "textarea", "input", "map", "area",
        "audio", "video", "source", "track", "picture", "noembed", "noframes", "frameset", "frame", "title",
    ]

    /// Elements that break text into blocks (a browser starts a new line for them).
    static let blockTags: Set<String> = [
        "p", "div", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "section", "article", "header",
        "footer", "aside", "nav", "main", "figure", "figcaption", "pre", "address", "hr", "form", "fieldset",
        "legend", "details", "summary", "body", "html", "center", "hgroup", "menu", "dialog", "search",
        "noscript", "listing", "xmp", "plaintext", "dir",
    ]

    /// Page furniture by its tag, and the reason a reader is told.
    static let tagReasons: [String: String] = [
        "nav": "navigation (<nav>)", "aside": "aside (<aside>)", "footer": "footer (<footer>)",
        "header": "header (<header>)", "form": "form (<form>)", "menu": "menu (<menu>)",
        "dialog": "dialog (<dialog>)", "noscript": "shown only without JavaScript (<noscript>)",
        "search": "search (<search>)",
    ]

    static let roleReasons: [String: String] = [
        "navigation": "navigation (role)", "banner": "page banner (role)", "contentinfo": "page footer (role)",
        "complementary": "aside (role)", "menu": "menu (role)", "menubar": "menu (role)", "search": "search (role)",
        "dialog": "dialog (role)", "alertdialog": "dialog (role)", "toolbar": "toolbar (role)",
        "tablist": "tabs (role)",
    ]

    /// Class names of parts a browser hides or leaves to screen readers (whole names).
    static let hiddenClasses: Set<String> = [
        "hidden", "hide", "is-hidden", "u-hidden", "d-none", "sr-only", "visually-hidden", "visuallyhidden",
        "screen-reader-text", "screen-reader-only", "screenreader-only", "offscreen", "invisible", "a11y-hidden",
    ]

    /// Words of class and id names that mark page furniture (matched on whole words of
    /// the name: `share-bar`, `relatedPosts`, `ad_slot`; pinyin for Chinese sites).
    static let furnitureWords: [String: String] = [
        "comment": "comments", "comments": "comments", "commentlist": "comments", "disqus": "comments",
        "replies": "comments", "sidebar": "sidebar", "rail": "sidebar", "related": "related links",
        "recommended": "related links", "recommendations": "related links", "recirc": "related links",
        "recirculation": "related links", "morestories": "related links", "readmore": "related links",
        "alsoread": "related links", "youmaylike": "related links", "youmightlike": "related links",
        "trending": "related links", "popular": "related links", "mostread": "related links",
        "mostpopular": "related links", "outbrain": "related links", "taboola": "related links",
        "zergnet": "related links", "share": "share buttons", "sharing": "share buttons",
        "sharebar": "share buttons", "social": "share buttons", "sns": "share buttons",
        "newsletter": "newsletter sign-up", "subscribe": "newsletter sign-up", "subscription": "newsletter sign-up",
        "signup": "newsletter sign-up", "promo": "promotion", "promos": "promotion", "promotion": "promotion",
        "sponsor": "advertisement", "sponsored": "advertisement", "advert": "advertisement",
        "advertisement": "advertisement", "advertising": "advertisement", "ad": "advertisement",
        "ads": "advertisement", "adsense": "advertisement", "adslot": "advertisement", "adunit": "advertisement",
        "dfp": "advertisement", "breadcrumb": "breadcrumbs", "breadcrumbs": "breadcrumbs",
        "nav": "navigation", "navbar": "navigation", "navigation": "navigation", "menu": "menu",
        "footer": "footer", "masthead": "page header", "toolbar": "toolbar", "popup": "pop-up",
        "modal": "pop-up", "rollover": "pop-up", "tooltip": "pop-up", "popover": "pop-up", "hovercard": "pop-up",
        "cookie": "cookie notice", "cookies": "cookie notice", "consent": "cookie notice",
        "gdpr": "cookie notice", "widget": "widget", "tags": "tags", "tagcloud": "tags", "taglist": "tags",
        "pagination": "pagination", "pager": "pagination", "skiplink": "navigation",
        "xgwz": "related links", "xgxw": "related links", "tuijian": "related links", "fenxiang": "share buttons",
        "pinglun": "comments", "guanggao": "advertisement",
    ]

    /// Why an element is page furniture by its tag, role, hiding or class/id words; nil
    /// when nothing says so.
    static func reason(_ node: HTMLTree.Node) -> String? {
        if let r = tagReasons[node.name] { return r }
        if let role = node.attribute("role")?.lowercased(), let r = roleReasons[role] { return r }
        if node.attribute("hidden") != nil { return "hidden" }
        if node.attribute("aria-hidden")?.lowercased() == "true" { return "hidden (aria-hidden)" }
        if let style = node.attribute("style")?.lowercased().filter({ !$0.isWhitespace }),
           style.contains("display:none") || style.contains("visibility:hidden") {
            return "hidden (style)"
        }
        // The page's own root elements carry site-wide class names (feature flags…).
        if node.name == "html" || node.name == "body" { return nil }
        let cls = node.attribute("class") ?? ""
        for name in cls.split(separator: " ") where hiddenClasses.contains(name.lowercased()) { return "hidden (class \(name))" }
        for value in [cls, node.attribute("id") ?? ""] where !value.isEmpty {
            let words = nameWords(value)
            // A post embedded in the article (`social-media-embed`, `twitter-tweet`) is
            // quoted by it, not a share button.
            let embedded = words.contains("embed") || words.contains("tweet")
            for (k, w) in words.enumerated() {
                for name in [w, k + 1 < words.count ? w + words[k + 1] : nil, k + 2 < words.count ? w + words[k + 1] + words[k + 2] : nil] {
                    guard let name, let r = furnitureWords[name], !(embedded && r == "share buttons") else { continue }
                    return "\(r) (\(value.prefix(60)))"
                }
            }
        }
        return nil
    }

    /// Whether an element inside a line of text (a `<span>`, not a block) is text a reader
    /// never sees in the line: hidden, or a pop-up shown on hovering a name. Other
    /// furniture words on inline elements (a `share` link in a sentence) say too little.
    static func isUnseenInline(_ reason: String) -> Bool {
        reason == "hidden" || reason.hasPrefix("hidden (style") || reason.hasPrefix("hidden (class") || reason.hasPrefix("pop-up")
    }

    /// The words of a class or id value: split at anything not a letter or digit and where
    /// a lower-case letter meets a capital (`relatedPosts` → related, posts), lower-cased.
    static func nameWords(_ value: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousLower = false
        for s in value.unicodeScalars {
            let isUpper = s.value >= 0x41 && s.value <= 0x5A
            let isLower = s.value >= 0x61 && s.value <= 0x7A
            let isDigit = s.value >= 0x30 && s.value <= 0x39
            if !(isUpper || isLower || isDigit) {
                if !current.isEmpty { words.append(current); current = "" }
                previousLower = false
                continue
            }
            if isUpper && previousLower, !current.isEmpty { words.append(current); current = "" }
            current.unicodeScalars.append(isUpper ? Unicode.Scalar(s.value + 32)! : s)
            previousLower = isLower || isDigit
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// Words of class/id names of blocks around an image (its caption, its credit).
    static let imageWords: Set<String> = ["image", "img", "photo", "picture", "pic", "media", "gallery", "figure", "credit",
                                          "caption", "thumbnail", "slideshow"]

    /// Words of class/id names of likely article containers.
    static let contentWords: Set<String> = [
        "article", "articlebody", "content", "entry", "post", "story", "body", "text", "main", "blog", "news",
        "detail", "zhengwen",
    ]
}
