import Foundation
import Testing
import WendaKit

/// `wenda sessions export --format html`: one self-contained page, checked as text here and
/// in a real browser (headless Chromium) below.
enum HostileArchive {
    /// An archive whose articles and questions try to break out of the page.
    static let articles = [
        #"{"id":"evil","title":"</title><script>document.documentElement.setAttribute('data-pwned','title')</script>坏标题","author":"<b>作者</b>","date":"2025-03-04","url":"javascript:document.documentElement.setAttribute('data-pwned','url')","text":"第一段说明了背景。\n实验室主任说：</style><script>document.documentElement.setAttribute('data-pwned','text')</script>我们去年买了40台服务器。<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">\n第三段讲了别的事情。"}"#,
        #"{"id":"tea","title":"龙井茶","url":"https://example.org/longjing/an-address-without-any-space-that-a-phone-must-wrap-rather-than-scroll-sideways-0123456789","text":"龙井茶的历史很长。\n龙井茶产于杭州西湖。\n每年清明前采摘的叫明前茶。"}"#,
    ]

    /// The page exported from a session over the hostile archive (with a mark and a hostile
    /// note), written to `folder/page.html`.
    static func export(into folder: URL, home: ReviewHome) throws -> URL {
        let r = try home.shell(["</style><script>alert(1)</script>实验室去年买了多少台服务器？", "/good",
                                "/note <script>document.documentElement.setAttribute('data-pwned','note')</script>数字对",
                                "龙井茶产于哪里？", "/bad 不够具体"], top: 1)
        #expect(r.status == 0, "\(r)")
        let page = folder.appendingPathComponent("page.html")
        let e = try home.wenda(["sessions", "export", "last", "--format", "html", "-o", page.path])
        #expect(e.status == 0, "\(e)")
        return page
    }
}

@Suite struct HTMLExportTests {
    @Test func thePageIsSelfContainedEscapedAndLinked() throws {
        let h = try ReviewHome(articles: HostileArchive.articles)
        defer { h.remove() }
        let html = try String(contentsOf: try HostileArchive.export(into: h.root, home: h), encoding: .utf8)
        // Nothing of the articles or questions became markup.
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b>作者"))
        #expect(html.contains("&lt;/style&gt;&lt;script&gt;document.documentElement.setAttribute(&#39;data-pwned&#39;,&#39;text&#39;)"))
        #expect(html.contains("&lt;/title&gt;&lt;script&gt;"))
        #expect(html.components(separatedBy: "</style>").count == 2)  // only the page's own
        #expect(html.components(separatedBy: "</title>").count == 2)
        // Self-contained: no file, font, image or script is fetched; a policy forbids them.
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'"))
        #expect(Self.matches(#"(<[a-z][^>]*\ssrc=)"#, in: html).isEmpty)
        for outside in ["<link", "@import", "url("] { #expect(!html.contains(outside), "\(outside)") }
        // The javascript: address is text, the https one a link.
        #expect(!html.contains("href=\"javascript:"))
        #expect(html.contains("href=\"https://example.org/longjing/an-address-without-any-space-that-a-phone-must-wrap-rather-than-scroll-sideways-0123456789\""))
        // The answer span highlighted; each citation links to an appendix entry, and back.
        #expect(html.contains("<mark>40台</mark>"))
        let hrefs = Self.matches(##"href="#([^"]+)""##, in: html)
        let ids = Set(Self.matches(#"id="([^"]+)""#, in: html))
        #expect(hrefs.count >= 4)
        for target in hrefs { #expect(ids.contains(target), "no anchor for #\(target)") }
        #expect(hrefs.contains { $0.hasPrefix("c-") } && hrefs.contains { $0.hasPrefix("r-") })
        // The quoted paragraph between its neighbours, with the article's details.
        #expect(html.contains("<span class=\"pn\">¶1</span> 第一段说明了背景。"))
        #expect(html.contains("<span class=\"pn\">¶3</span> 第三段讲了别的事情。"))
        #expect(html.contains("2025-03-04"))
        #expect(html.contains("&lt;b&gt;作者&lt;/b&gt;"))
        // Marks and notes.
        #expect(html.contains("✓ good"))
        #expect(html.contains("✗ bad"))
        #expect(html.contains("不够具体"))
        #expect(html.contains("&lt;script&gt;document.documentElement.setAttribute(&#39;data-pwned&#39;,&#39;note&#39;)&lt;/script&gt;数字对"))
        // Print and phone.
        #expect(html.contains("@media print"))
        #expect(html.contains("name=\"viewport\" content=\"width=device-width, initial-scale=1\""))
    }

    /// Without the articles (the corpus moved away), the page still quotes and cites, with
    /// the paragraph as recorded and a word that its neighbours are not shown.
    @Test func withoutTheCorpusThePassagesAreShownAsRecorded() throws {
        let h = try ReviewHome()
        defer { h.remove() }
        _ = try h.shell(["北京量子实验室买了多少台服务器？"])
        try FileManager.default.removeItem(at: h.corpus)
        let r = try h.wenda(["sessions", "export", "last", "--format", "html"])
        #expect(r.status == 0)
        #expect(r.stderr.contains("appendix shows the passages as recorded"), "\(r.stderr)")
        #expect(r.stdout.contains("<mark>40台</mark>"))
        #expect(r.stdout.contains("王小明"))  // the rest of the recorded paragraph
        #expect(r.stdout.contains("could not be read now"))
    }

    static func matches(_ pattern: String, in text: String) -> [String] {
        let re = try! NSRegularExpression(pattern: pattern)
        return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}

/// Headless Chromium (Debian's `chromium`; `make setup-browser` installs it, and `.ci/run`
/// calls that) loads the page inside a checking page whose own script reads the page's
/// DOM: the highlight is there, every citation link finds its anchor, and nothing of the
/// hostile articles ran.
enum Browser {
    static var path: String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let p = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: p) { return p }
            }
        }
        return nil
    }

    /// Loads `page` in a frame of a checking page and returns what its script found.
    static func check(_ page: URL) throws -> [String: Any] {
        let folder = page.deletingLastPathComponent()
        let checker = folder.appendingPathComponent("check.html")
        try """
            <!DOCTYPE html><html><body><pre id="out">not run</pre>
            <iframe id="f" src="\(page.lastPathComponent)" style="width:800px;height:600px"></iframe>
            <iframe id="phone" src="\(page.lastPathComponent)" style="width:360px;height:640px"></iframe>
            <script>
            window.addEventListener('load', function () {
              var out = {ran: true};
              try {
                var f = document.getElementById('f'), d = f.contentDocument;
                out.title = d.title;
                out.scripts = d.querySelectorAll('script').length;
                out.pwned = d.documentElement.getAttribute('data-pwned');
                out.handlers = d.querySelectorAll('[onerror],[onload],[onclick]').length;
                out.images = d.querySelectorAll('img').length;
                out.marks = Array.from(d.querySelectorAll('.quotes mark')).map(function (m) { return m.textContent; });
                out.markColour = f.contentWindow.getComputedStyle(d.querySelector('.quotes mark')).backgroundColor;
                var cites = Array.from(d.querySelectorAll('a.cite'));
                out.cites = cites.length;
                out.unresolved = cites.filter(function (a) {
                  var t = d.getElementById(a.getAttribute('href').slice(1));
                  return !t || t.tagName !== 'LI' || !t.closest('.appendix');
                }).map(function (a) { return a.getAttribute('href'); });
                var backs = Array.from(d.querySelectorAll('a.back'));
                out.backs = backs.length;
                out.backsUnresolved = backs.filter(function (a) {
                  var t = d.getElementById(a.getAttribute('href').slice(1));
                  return !t || !t.classList.contains('cite');
                }).length;
                // (A closing script tag written whole would end this very script.)
                out.shownAsText = d.body.textContent.indexOf("<script>document.documentElement.setAttribute('data-pwned','text')<" + "/script>") >= 0;
                out.neighbours = d.querySelectorAll('.sources .context .nb').length;
                // On a phone's width nothing runs off the side (long addresses wrap).
                var p = document.getElementById('phone').contentDocument.documentElement;
                out.phoneOverflow = p.scrollWidth - p.clientWidth;
              } catch (e) { out.error = String(e); }
              document.getElementById('out').textContent = JSON.stringify(out);
            });
            </script></body></html>
            """.write(to: checker, atomically: true, encoding: .utf8)
        let root = try Wenda.makePrivateRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let r = try Wenda.launch(URL(fileURLWithPath: path!), [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--allow-file-access-from-files",
            "--user-data-dir=" + root.appendingPathComponent("profile").path, "--virtual-time-budget=10000",
            "--dump-dom", checker.absoluteString,
        ], input: nil, environment: Wenda.environment(privateRoot: root), cwd: folder, timeout: 120)
        guard let start = r.stdout.range(of: "<pre id=\"out\">"), let end = r.stdout.range(of: "</pre>", range: start.upperBound..<r.stdout.endIndex) else {
            Issue.record("no result from the browser: \(r)")
            return [:]
        }
        let json = String(r.stdout[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        guard let found = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else {
            Issue.record("the checking page said: \(json)")
            return [:]
        }
        return found
    }
}

@Suite(.enabled(if: Browser.path != nil, "chromium is not installed (`make test` installs it through `make setup-browser` where it can): the exported HTML page is not checked in a browser"))
struct HTMLBrowserTests {
    @Test(.timeLimit(.minutes(3)))
    func aBrowserShowsTheHighlightFollowsTheLinksAndRunsNoScript() throws {
        let h = try ReviewHome(articles: HostileArchive.articles)
        defer { h.remove() }
        let found = try Browser.check(try HostileArchive.export(into: h.root, home: h))
        #expect(found["ran"] as? Bool == true, "the checking page's own script runs: \(found)")
        #expect(found["error"] == nil, "\(found)")
        #expect(found["scripts"] as? Int == 0)
        #expect(found["pwned"] is NSNull, "a script of the articles ran: \(found)")
        #expect(found["handlers"] as? Int == 0)
        #expect(found["images"] as? Int == 0)
        #expect(found["shownAsText"] as? Bool == true)
        #expect((found["title"] as? String)?.contains("</style><script>alert(1)</script>") == true)
        #expect((found["marks"] as? [String])?.contains("40台") == true, "\(found)")
        #expect(found["markColour"] as? String == "rgb(255, 240, 166)")  // the page's style applies
        #expect((found["cites"] as? Int ?? 0) >= 2)
        #expect((found["unresolved"] as? [String])?.isEmpty == true, "\(found)")
        #expect(found["backs"] as? Int == found["cites"] as? Int)
        #expect(found["backsUnresolved"] as? Int == 0)
        #expect((found["neighbours"] as? Int ?? 0) >= 2)
        #expect(found["phoneOverflow"] as? Int == 0, "wider than a phone's screen: \(found)")
    }
}
