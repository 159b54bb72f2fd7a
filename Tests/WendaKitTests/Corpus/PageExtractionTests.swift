import Foundation
import Testing
@testable import WendaKit

/// Saved web pages read for their article alone: the page furniture around it dropped,
/// each with its reason, the article's text with exact source offsets, its metadata.
@Suite struct PageExtractionTests {
    /// Every paragraph's source bytes are the paragraph (the fixtures' article text has no
    /// markup or entity inside a paragraph unless said).
    func expectExactOffsets(_ a: Article, _ source: Data, except: Set<Int> = []) {
        for p in a.paragraphs where !except.contains(p.number) {
            #expect(String(decoding: source[a.sourceRange(of: p.range)], as: UTF8.self) == a.text(of: p), "¶\(p.number)")
        }
    }

    @Test func chineseNewsPageKeepsOnlyTheArticle() throws {
        let (a, dropped, source) = try Fixtures.page("typhoon-zh.html")
        #expect(a.paragraphTexts == [
            "本报讯（记者 张三）今年第13号台风“海燕”于12日凌晨3时在福建省福清市沿海登陆，登陆时中心附近最大风力有12级。",
            "受台风影响，福州、莆田、宁德等地12日全天停课，沿海渡轮和部分航班暂停运行。",
            "气象部门预计，“海燕”登陆后将向西北方向移动，强度逐渐减弱，13日起福建大部分地区风雨明显减小。",
            "福建省防汛抗旱指挥部已启动防台风二级应急响应，转移危险区域群众3.2万人。",
        ])
        expectExactOffsets(a, source)
        // The ad inside the article and the related links never become paragraphs; what
        // was dropped says why, and where it stood.
        #expect(!a.text.contains("红包"))
        #expect(!a.text.contains("山竹"))
        let reasons = dropped.map(\.reason)
        for reason in ["navigation (<nav>)", "aside (<aside>)", "footer (<footer>)"] { #expect(reasons.contains(reason), "\(reason)") }
        #expect(dropped.contains { $0.reason.hasPrefix("advertisement") && $0.text == "点击领取新人红包，最高888元！" && $0.after == 2 })
        #expect(dropped.contains { $0.reason.hasPrefix("related links") && $0.text.contains("台风“山竹”过后广州全面复工复产") })
        #expect(dropped.contains { $0.reason.hasPrefix("breadcrumbs") })
    }

    @Test func englishNewsPageKeepsOnlyTheArticle() throws {
        let (a, dropped, source) = try Fixtures.page("bike-lanes-en.html")
        #expect(a.paragraphTexts == [
            "The Riverside City Council voted 7 to 2 on Tuesday to build 12 miles of protected bike lanes along Main Street and River Road, ending a debate that lasted more than a year.",
            "The project will cost $4.5 million and is expected to be finished by the autumn of 2025, according to the city’s transportation department.",
            "What changes for drivers",
            "Parking on the east side of Main Street will be removed between First and Ninth Avenue, and the speed limit will drop to 25 miles per hour.",
            "Council member Ana Lopez, who proposed the plan, said the lanes would make the street safer for children walking to school.",
        ])
        // The article's captions are kept as captions, not as its text.
        #expect(a.captions == ["A cyclist on Main Street", "A cyclist rides along Main Street."])
        expectExactOffsets(a, source, except: [2])
        // An entity maps back to the whole of it.
        let scalars = Array(a.text.unicodeScalars)
        let apostrophe = try #require(scalars.firstIndex(of: "’"))
        #expect(String(decoding: source[a.sourceRange(of: apostrophe..<(apostrophe + 1))], as: UTF8.self) == "&rsquo;")
        for reason in ["newsletter sign-up", "advertisement", "related links", "share buttons", "aside (<aside>)", "footer (<footer>)"] {
            #expect(dropped.contains { $0.reason.hasPrefix(reason) }, "\(reason)")
        }
        #expect(!a.text.contains("bakery"))
        #expect(!a.text.contains("Storm knocks out"))
    }

    /// What a reader of the page sees in the article's lines and no more: a name's hover
    /// card is no part of its sentence, an embedded post quoted by the article is kept, a
    /// linked headline with sentences of its own is text, a bare web address and a notice
    /// for browsers without scripts are not; the element named as the story is the article
    /// even with a note of the publisher's beside it.
    @Test func whatAReaderSeesInTheLines() throws {
        let (a, dropped, source) = try Fixtures.page("harbour-briefing-en.html")
        #expect(a.paragraphTexts == [
            "Good morning. The harbour board met on Sunday night and Mara Quill (harbour master) announced three changes.",
            "The night ferry to Gull Island will run every hour from June 1, after a debate that lasted most of the winter and split the board. "
                + "The board said the change answers a petition signed by 4,000 island residents, and costs the town nothing.",
            "The fish market will move to the north quay while its roof is repaired, which the board expects to take six weeks.",
            "Hourly ferries at last! Thank you to everyone who signed the petition.",
            "— Gull Island Residents (@gullisland) May 19, 2024",
            "A new pier for visiting yachts will be built at the east end of the harbour at a cost of 2.1 million pounds.",
        ])
        expectExactOffsets(a, source, except: [1, 2, 3, 5])
        // The hover card and a hidden aside are dropped where they stood, and said.
        #expect(dropped.contains { $0.reason.hasPrefix("pop-up") && $0.text.contains("Quill opens fish market") && $0.after == 1 })
        #expect(dropped.contains { $0.reason == "hidden (style)" && $0.text == "(map 4)" && $0.after == 3 })
        #expect(dropped.contains { $0.reason == "a web address alone" && $0.text == "https://coastline.example.com/harbour/pier-plans" })
        #expect(dropped.contains { $0.reason == "boilerplate text" && $0.text == "This slideshow requires JavaScript." })
        #expect(dropped.contains { $0.reason == "outside the article" && $0.text.hasPrefix("Coastline Daily is published by") })
        // ¶1's offsets skip the card: its first and last words stand where they say.
        let p1 = a.paragraphs[0]
        let covered = String(decoding: source[a.sourceRange(of: p1.range)], as: UTF8.self)
        #expect(covered.hasPrefix("Good morning.") && covered.hasSuffix("three changes."))
    }

    @Test func metadataFromMetaTagsJSONLDAndBylines() throws {
        // Meta tags: `name="author"`, `article:published_time`, `og:url`.
        let zh = try Fixtures.page("typhoon-zh.html").article
        #expect(zh.title == "台风“海燕”登陆福建 沿海多地停课停运")
        #expect(zh.author == "张三")
        #expect(zh.date == "2024-09-12")
        #expect(zh.url == "https://news.example.com/2024/0912/typhoon.html")
        // JSON-LD (an author list inside `@graph`), the canonical link.
        let en = try Fixtures.page("bike-lanes-en.html").article
        #expect(en.title == "City Council Approves New Bike Lanes")
        #expect(en.author == "Jane Doe")
        #expect(en.date == "2024-03-05")
        #expect(en.url == "https://gazette.example.com/news/bike-lanes")
        // Bylines in the text, and the dates written beside them.
        let byZh = try Fixtures.page("byline-zh.html").article
        #expect(byZh.author == "王五")
        #expect(byZh.date == "2023-03-28")
        #expect(byZh.title == "西湖龙井开采 茶农忙春收")
        let byEn = try Fixtures.page("byline-en.html").article
        #expect(byEn.author == "John Smith and Mary Major")
        #expect(byEn.date == "2023-06-02")
        #expect(byEn.paragraphs.count == 2)
    }

    @Test func aWebAddressRunningOnIsNone() {
        // A canonical link whose quote never closes (a damaged page) gives no address.
        let html = "<html><head><link rel=\"canonical\" href=\"https://example.com/a\n<p>x</p>\"><meta property=\"og:url\" content=\"https://example.com/a b\">"
            + "</head><body><p>One sentence of the article, long enough to be its text and kept as it.</p></body></html>"
        let a = ArticleReader.read(Data(html.utf8), source: "damaged.html").articles.first
        #expect(a?.url == "")
    }

    @Test func droppedTextStandsAmongTheParagraphsLeft() throws {
        // The reference list at the end is taken out of the text: the menu dropped after it
        // stands after the one paragraph left.
        let html = "<div><p>第一段，文章的正文写在这里。</p><p>参考资料：</p><p>https://example.com/a</p><nav>首页 新闻</nav></div>"
        let r = ArticleReader.readShowingDropped(Data(html.utf8), source: "piece.html")
        let (a, dropped) = try #require(r.articles.first)
        #expect(a.paragraphTexts == ["第一段，文章的正文写在这里。"])
        #expect(a.references == ["https://example.com/a"])
        #expect(dropped.map(\.after) == [1])
    }

    @Test func titlesLoseTheSiteName() {
        #expect(HTMLMetadata.withoutSiteName("台风“海燕”登陆福建_国内新闻_东南快报网", site: nil, heading: nil) == "台风“海燕”登陆福建")
        #expect(HTMLMetadata.withoutSiteName("City Council Approves New Bike Lanes | The Riverside Gazette", site: "The Riverside Gazette",
                                             heading: nil) == "City Council Approves New Bike Lanes")
        #expect(HTMLMetadata.withoutSiteName("Gazette - Council votes on the budget for next year", site: "Gazette", heading: nil)
            == "Council votes on the budget for next year")
        // A headline with a dash of its own keeps it.
        #expect(HTMLMetadata.withoutSiteName("Rain - and more rain - for the weekend ahead", site: nil,
                                             heading: "Rain - and more rain - for the weekend ahead")
            == "Rain - and more rain - for the weekend ahead")
    }

    @Test func tableRowsCarryTheirHeaderAndListsAreNoted() throws {
        let a = try Fixtures.page("phone-shipments-zh.html").article
        #expect(a.paragraphTexts.contains("小米：出货量 1,000万部，市场份额 14%"))
        #expect(a.paragraphTexts.contains("苹果：出货量 900万部，市场份额 13%"))
        // The header row is never a paragraph of its own.
        #expect(!a.paragraphTexts.contains { $0.hasPrefix("厂商") })
        // Each row's source range covers the row.
        let row = try #require(a.paragraphs.first { a.text(of: $0).hasPrefix("华为") })
        let source = try Fixtures.page("phone-shipments-zh.html").source
        let covered = String(decoding: source[a.sourceRange(of: row.range)], as: UTF8.self)
        #expect(covered.hasPrefix("华为</td>") && covered.hasSuffix("17%"))
        #expect(a.lists == [7...9])
    }

    @Test func aRankColumnSaysWhatItCounts() {
        let cells: ([String]) -> [TableRows.Cell] = { $0.map { $0.unicodeScalars.map { TableRows.Scalar(scalar: $0, start: 0, end: 0) } } }
        let rows = TableRows.sentences(header: cells(["排名", "球队", "积分"]), rows: [cells(["1", "广州队", "70"]), cells(["2", "上海队", "66"])],
                                       ends: [0, 0], wide: true)
        #expect(rows.map { String(String.UnicodeScalarView($0.scalars.map(\.scalar))) } == ["排名 1：球队 广州队，积分 70", "排名 2：球队 上海队，积分 66"])
        let named = TableRows.sentences(header: cells(["Team", "Points"]), rows: [cells(["Lions", "70"])], ends: [0], wide: false)
        #expect(named.map { String(String.UnicodeScalarView($0.scalars.map(\.scalar))) } == ["Lions: Points 70"])
    }

    @Test func deepNestingIsCappedAsBrowsersCapIt() {
        // Start tags nested deeper than the cap are read as if absent: the text stays.
        let html = "<html><body>" + String(repeating: "<section>", count: 5_000) + "<p>深处的一句话。</p>"
            + String(repeating: "</section>", count: 5_000) + "<p>之后的一句话。</p></body></html>"
        let a = ArticleReader.read(Data(html.utf8), source: "deep.html").articles.first
        #expect(a?.paragraphTexts == ["深处的一句话。", "之后的一句话。"])
    }
}
