import Foundation
import Testing

/// The `--json` contract end to end, as a script sees it: every key the README names has
/// its type, every quote is the built corpus's cleaned text at the place it cites, and the
/// README's own example is what wenda prints. Keys this test does not know (fields added
/// later) need only be well-typed.
@Suite struct JSONContractTests {
    /// A JSON value with its type, as a strict parser reads it (a Bool is never a number).
    indirect enum JSON: Decodable, Equatable, CustomStringConvertible {
        case null, bool(Bool), int(Int), double(Double), string(String), array([JSON]), object([String: JSON])

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null }
            else if let b = try? c.decode(Bool.self) { self = .bool(b) }
            else if let i = try? c.decode(Int.self) { self = .int(i) }
            else if let d = try? c.decode(Double.self) { self = .double(d) }
            else if let s = try? c.decode(String.self) { self = .string(s) }
            else if let a = try? c.decode([JSON].self) { self = .array(a) }
            else { self = .object(try c.decode([String: JSON].self)) }
        }

        static func parse(_ text: some StringProtocol) throws -> JSON { try JSONDecoder().decode(JSON.self, from: Data(text.utf8)) }

        subscript(key: String) -> JSON? { if case .object(let o) = self { return o[key] }; return nil }
        var string: String? { if case .string(let s) = self { return s }; return nil }
        var int: Int? { if case .int(let i) = self { return i }; return nil }
        var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
        var number: Double? {
            switch self { case .int(let i): Double(i); case .double(let d): d; default: nil }
        }
        var array: [JSON]? { if case .array(let a) = self { return a }; return nil }
        var object: [String: JSON]? { if case .object(let o) = self { return o }; return nil }
        var description: String {
            switch self {
            case .null: "null"
            case .bool(let b): "\(b)"
            case .int(let i): "\(i)"
            case .double(let d): "\(d)"
            case .string(let s): s.debugDescription
            case .array(let a): "[" + a.map(\.description).joined(separator: ",") + "]"
            case .object(let o): "{" + o.keys.sorted().map { "\($0):\(o[$0]!)" }.joined(separator: ",") + "}"
            }
        }
    }

    enum Kind { case string, int, number, bool, array, object, spans }

    static func has(_ kind: Kind, _ v: JSON) -> Bool {
        switch kind {
        case .string: v.string != nil
        case .int: v.int != nil
        case .number: v.number != nil
        case .bool: v.bool != nil
        case .array: v.array != nil
        case .object: v.object != nil
        case .spans: v.array?.allSatisfy { $0.array?.count == 2 && $0.array!.allSatisfy { $0.int != nil } } == true
        }
    }

    static let lineKeys: [String: Kind] = ["question": .string, "no_answer": .bool, "elapsed_ms": .number,
                                           "answers": .array, "passages": .array]
    static let answerKeys: [String: Kind] = ["text": .string, "score": .number, "supporting": .bool, "highlight": .spans,
                                             "citation": .object]
    static let citationKeys: [String: Kind] = ["doc_id": .string, "title": .string, "author": .string, "date": .string,
                                               "source": .string, "paragraph": .int, "sentence": .int, "sentence_end": .int,
                                               "start": .int, "end": .int, "stale": .bool]
    static let passageKeys: [String: Kind] = ["doc_id": .string, "paragraph": .int, "score": .number, "text": .string]

    /// Every known key present with its type; any other key a value that is not null.
    static func checkKeys(_ v: JSON, _ keys: [String: Kind], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let o = v.object else { Issue.record("\(what) is not an object: \(v)", sourceLocation: sourceLocation); return }
        for (k, kind) in keys {
            guard let value = o[k] else { Issue.record("\(what) has no \(k)", sourceLocation: sourceLocation); continue }
            #expect(has(kind, value), "\(what).\(k) is not \(kind): \(value)", sourceLocation: sourceLocation)
        }
        for (k, value) in o where keys[k] == nil {
            #expect(value != .null, "\(what).\(k) (a key this test does not know) is null", sourceLocation: sourceLocation)
        }
    }

    /// An article of a built corpus, read as a script would: its cleaned text known at the
    /// sentences (the corpus keeps sentence texts and where each stands).
    struct CorpusArticle {
        var file: JSON
        var paragraphs: [JSON] { file["paragraphs"]?.array ?? [] }

        /// Whether `text` is the cleaned text at `start..<end`: the sentences' scalars where
        /// sentences stand, white space between them.
        func holds(_ text: String, at start: Int, _ end: Int) -> Bool {
            let q = Array(text.unicodeScalars)
            guard end - start == q.count else { return false }
            var covered = [Bool](repeating: false, count: q.count)
            for p in paragraphs {
                for s in p["sentences"]?.array ?? [] {
                    guard let ss = s["start"]?.int, let se = s["end"]?.int, let st = s["text"]?.string else { return false }
                    let scalars = Array(st.unicodeScalars)
                    guard scalars.count == se - ss else { return false }
                    for i in max(ss, start)..<max(max(ss, start), min(se, end)) {
                        if q[i - start] != scalars[i - ss] { return false }
                        covered[i - start] = true
                    }
                }
            }
            return zip(q, covered).allSatisfy { $1 || $0.properties.isWhitespace }
        }
    }

    /// The corpus folder `dir`, by article id.
    static func corpus(_ dir: URL) throws -> [String: CorpusArticle] {
        let manifest = try JSON.parse(String(contentsOf: dir.appendingPathComponent("manifest.json"), encoding: .utf8))
        var out: [String: CorpusArticle] = [:]
        for e in try #require(manifest["articles"]?.array) {
            let id = try #require(e["id"]?.string), file = try #require(e["file"]?.string)
            out[id] = CorpusArticle(file: try JSON.parse(String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)))
        }
        return out
    }

    /// One line of `--json` output checked against the contract and the corpus it answers
    /// from; the line, parsed.
    @discardableResult
    static func check(_ line: some StringProtocol, top: Int, corpus: [String: CorpusArticle],
                      sourceLocation: SourceLocation = #_sourceLocation) throws -> JSON {
        let v = try JSON.parse(line)
        checkKeys(v, lineKeys, "line", sourceLocation: sourceLocation)
        let answers = v["answers"]?.array ?? [], passages = v["passages"]?.array ?? []
        #expect(v["no_answer"]?.bool == answers.isEmpty, "no_answer says whether there are answers", sourceLocation: sourceLocation)
        #expect(answers.count <= top, sourceLocation: sourceLocation)
        #expect(passages.count <= 20, sourceLocation: sourceLocation)
        #expect((v["elapsed_ms"]?.number ?? -1) >= 0, sourceLocation: sourceLocation)
        // A near miss: what was asked and what was found, both strings.
        if let m = v["mismatch"] {
            #expect(m.array?.isEmpty == false && m.array!.allSatisfy { $0["asked"]?.string != nil && $0["found"]?.string != nil },
                    "mismatch: \(m)", sourceLocation: sourceLocation)
        }
        for (n, a) in answers.enumerated() {
            checkKeys(a, answerKeys, "answers[\(n)]", sourceLocation: sourceLocation)
            // Scores relative to the first quote: 1 for it, 0…1 for the others; weaker ones supporting.
            let score = a["score"]?.number ?? -1
            #expect(n == 0 ? score == 1 : (0...1).contains(score), "answers[\(n)].score \(score)", sourceLocation: sourceLocation)
            #expect(n > 0 || a["supporting"]?.bool == false, "the first quote is never supporting", sourceLocation: sourceLocation)
            let c = try #require(a["citation"], sourceLocation: sourceLocation)
            checkKeys(c, citationKeys, "answers[\(n)].citation", sourceLocation: sourceLocation)
            let text = try #require(a["text"]?.string, sourceLocation: sourceLocation)
            let count = text.unicodeScalars.count
            for h in a["highlight"]?.array ?? [] {
                let s = h.array?.compactMap(\.int) ?? []
                #expect(s.count == 2 && 0 <= s[0] && s[0] < s[1] && s[1] <= count, "highlight \(h) inside the quote", sourceLocation: sourceLocation)
            }
            let id = try #require(c["doc_id"]?.string, sourceLocation: sourceLocation)
            let article = try #require(corpus[id], "\(id) is in the corpus", sourceLocation: sourceLocation)
            for k in ["title", "author", "date", "source"] {
                let cited = c[k], stored = article.file[k]
                #expect(cited == stored, "citation \(k) is the article's", sourceLocation: sourceLocation)
            }
            let start = try #require(c["start"]?.int, sourceLocation: sourceLocation)
            let end = try #require(c["end"]?.int, sourceLocation: sourceLocation)
            let verbatim = article.holds(text, at: start, end)
            #expect(verbatim, "“\(text)” is the cleaned text at \(start)..<\(end) of \(id)", sourceLocation: sourceLocation)
            // The paragraph and the sentences cited are where the quote begins and ends.
            let pn = try #require(c["paragraph"]?.int, sourceLocation: sourceLocation)
            let p = try #require(article.paragraphs.first { $0["number"]?.int == pn }, sourceLocation: sourceLocation)
            let sentences = p["sentences"]?.array ?? []
            let first = try #require(c["sentence"]?.int, sourceLocation: sourceLocation)
            let last = try #require(c["sentence_end"]?.int, sourceLocation: sourceLocation)
            #expect(1 <= first && first <= last && last <= sentences.count, "sentences \(first)–\(last) of ¶\(pn)", sourceLocation: sourceLocation)
            if 1 <= first && first <= last && last <= sentences.count {
                #expect(sentences[first - 1]["start"]?.int == start, sourceLocation: sourceLocation)
                #expect(sentences[last - 1]["end"]?.int == end, sourceLocation: sourceLocation)
            }
        }
        for (n, p) in passages.enumerated() {
            checkKeys(p, passageKeys, "passages[\(n)]", sourceLocation: sourceLocation)
            let id = try #require(p["doc_id"]?.string, sourceLocation: sourceLocation)
            let article = try #require(corpus[id], sourceLocation: sourceLocation)
            let para = try #require(article.paragraphs.first { $0["number"] == p["paragraph"] }, sourceLocation: sourceLocation)
            let text = try #require(p["text"]?.string, sourceLocation: sourceLocation)
            let verbatim = article.holds(text, at: para["start"]?.int ?? -1, para["end"]?.int ?? -1)
            #expect(verbatim, "passage ¶\(para["number"]?.description ?? "?") of \(id) is its paragraph's text", sourceLocation: sourceLocation)
        }
        let scores = passages.compactMap { $0["score"]?.number }
        #expect(zip(scores, scores.dropFirst()).allSatisfy { $0 >= $1 }, "passages best first", sourceLocation: sourceLocation)
        return v
    }

    /// A joined quote (a semicolon list running on) and a Traditional-Chinese article asked
    /// in Simplified characters, through a corpus built by `wenda build`.
    static let articles = [
        "tea.md": """
            ---
            title: 西湖茶园
            author: 茶农
            date: 2024-03-01
            ---
            西湖一带的茶园分布很广，历史悠久。狮峰山脚下的老茶园每年出产全村最早采摘的明前春茶；梅家坞一带的新茶园则出产全村数量最多的雨前茶。龙井村以游客众多闻名。

            茶园的采摘季节从三月持续到五月。

            """,
        "taida.txt": """
            國立臺灣大學位於臺北市大安區。該校創立於1928年，原名臺北帝國大學，是臺灣歷史最悠久的大學之一。

            臺灣大學的校園內種有許多杜鵑花，每年三月舉辦杜鵑花節。

            """,
    ]

    @Test func quotesAreTheBuiltCorpusText() throws {
        let folders = try BuildFolders(Self.articles)
        defer { folders.remove() }
        let out = folders.out
        let build = try folders.build()
        #expect(build.status == 0, "\(build)")
        let corpus = try Self.corpus(out)
        #expect(Set(corpus.keys) == ["tea", "taida"])

        let questions = ["狮峰山脚下的老茶园每年出产什么茶？", "台湾大学创立于哪一年？", "量子计算机的工作原理是什么？"]
        let r = try Wenda.run(["--json", "--top", "3", "--corpus", out.path], stdin: questions.joined(separator: "\n") + "\n")
        #expect(r.status == 0, "\(r)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 3, "one line a question: \(r.stdout)")
        guard lines.count == 3 else { return }
        let parsed = try lines.map { try Self.check($0, top: 3, corpus: corpus) }
        #expect(parsed.map { $0["question"]?.string } == questions)

        // The joined quote: two sentences, cited as a range, the cleaned text across both.
        let tea = try #require(parsed[0]["answers"]?.array?.first)
        #expect(tea["text"]?.string == "狮峰山脚下的老茶园每年出产全村最早采摘的明前春茶；梅家坞一带的新茶园则出产全村数量最多的雨前茶。")
        #expect(tea["citation"]?["sentence"]?.int == 2 && tea["citation"]?["sentence_end"]?.int == 3, "\(tea)")

        // The Traditional article: quoted as written, its answer highlighted.
        let taida = try #require(parsed[1]["answers"]?.array?.first)
        let text = try #require(taida["text"]?.string)
        #expect(text == "該校創立於1928年，原名臺北帝國大學，是臺灣歷史最悠久的大學之一。")
        let spans = taida["highlight"]?.array?.compactMap { $0.array?.compactMap(\.int) } ?? []
        let scalars = Array(text.unicodeScalars)
        #expect(spans.map { String(String.UnicodeScalarView(scalars[$0[0]..<$0[1]])) } == ["1928年"])

        // No answer: no quote, the nearest passages still the corpus's own text.
        #expect(parsed[2]["no_answer"] == .bool(true))
    }

    /// The README's `--json` example is what wenda prints: every key and value it shows
    /// (the time aside), the passages it lists first, over the seed corpus as committed.
    @Test func readmeExampleIsWhatWendaPrints() throws {
        let readme = try String(contentsOf: Wenda.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.components(separatedBy: "\n")
        let at = try #require(lines.firstIndex { $0.hasPrefix("$ wenda ask --json") }, "the README shows a --json example")
        let args = try #require(Self.shellWords(String(lines[at].dropFirst("$ wenda ".count))))
        let shown = try JSON.parse(lines[at + 1].replacingOccurrences(of: ", …]", with: "]"))
        let top = Int(args.firstIndex(of: "--top").map { args[$0 + 1] } ?? "3") ?? 3

        let r = try Wenda.run(args)
        #expect(r.status == 0, "\(r)")
        let corpus = try Self.corpus(Wenda.packageRoot.appendingPathComponent("corpus"))
        let printed = try Self.check(r.stdout.trimmingCharacters(in: .newlines), top: top, corpus: corpus)
        Self.expectShown(shown, in: printed, at: "")
    }

    /// What the README shows is in what was printed: objects key by key (the README may
    /// leave keys out), arrays element by element (it may elide the tail), `elapsed_ms`
    /// only by type.
    static func expectShown(_ shown: JSON, in printed: JSON, at path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        switch (shown, printed) {
        case (.object(let s), .object(let p)):
            for (k, v) in s {
                guard let pv = p[k] else { Issue.record("\(path).\(k) is shown but not printed", sourceLocation: sourceLocation); continue }
                if k == "elapsed_ms" { #expect(pv.number != nil, sourceLocation: sourceLocation); continue }
                expectShown(v, in: pv, at: path + "." + k, sourceLocation: sourceLocation)
            }
        case (.array(let s), .array(let p)):
            #expect(s.count <= p.count, "\(path): \(s.count) shown, \(p.count) printed", sourceLocation: sourceLocation)
            for (i, (sv, pv)) in zip(s, p).enumerated() { expectShown(sv, in: pv, at: "\(path)[\(i)]", sourceLocation: sourceLocation) }
        default:
            #expect(shown == printed, "\(path): the README shows \(shown), wenda prints \(printed)", sourceLocation: sourceLocation)
        }
    }

    /// Words of a command line as a shell splits them (double quotes only).
    static func shellWords(_ line: String) -> [String]? {
        var words: [String] = [], word = "", quoted = false, inWord = false
        for ch in line {
            if ch == "\"" { quoted.toggle(); inWord = true }
            else if ch == " " && !quoted { if inWord { words.append(word); word = ""; inWord = false } }
            else { word.append(ch); inWord = true }
        }
        if inWord { words.append(word) }
        return quoted ? nil : words
    }
}
