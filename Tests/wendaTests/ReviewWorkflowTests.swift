import Foundation
import Testing
import WendaKit

/// Issue-level workflow of reviewing: resume a session after a restart, judge answers,
/// record `/more`, and turn the judged answers into a questions file `wenda eval` scores.
@Suite struct ReviewWorkflowTests {
    /// After a restart, `wenda shell --continue` carries the topic on: "她" is 李飞飞, and the
    /// follow-up is appended to the same session.
    @Test func aResumedSessionAnswersTheFollowUpFromItsTopic() throws {
        let home = try TestHome()
        defer { home.remove() }
        let first = try Wenda.run(["shell", "--corpus", "seeds", "--top", "1"], stdin: "李飞飞是谁？\n", env: home.env)
        #expect(first.status == 0, "\(first)")
        let id = try #require(try TranscriptStore(path: home.storePath).sessions().first?.id)

        // Another process, no --corpus: the session's own corpus, its topic, its id.
        let resumed = try Wenda.run(["shell", "--continue", "--top", "1"], stdin: "她是哪所大学的教授？\n", env: home.env,
                                    cwd: home.root)
        #expect(resumed.status == 0, "\(resumed)")
        #expect(resumed.stdout.contains("Resumed session \(id.rawValue)"))
        #expect(resumed.stdout.contains("follow-ups carry on from “李飞飞”"), "\(resumed.stdout)")
        #expect(resumed.stdout.contains("斯坦福大学"), "\(resumed.stdout)")
        let store = try TranscriptStore(path: home.storePath)
        #expect(try store.sessions().count == 1)
        let t = try #require(try store.transcript(id))
        #expect(t.turns.map(\.number) == [1, 2])
        #expect(t.turns[1].question == "她是哪所大学的教授？")
        #expect(t.turns[1].askedAs == "李飞飞是哪所大学的教授？")
        let answer = try #require(t.turns[1].answerResult?.answers.first)
        #expect(answer.text.contains("斯坦福大学的教授，李飞飞"))
        let span = try #require(answer.highlight.first)
        #expect(String(String.UnicodeScalarView(Array(answer.text.unicodeScalars)[span[0]..<span[1]])) == "斯坦福大学")

        // Without the session, "她" is nobody: the question stays as typed.
        let fresh = try TestHome()
        defer { fresh.remove() }
        _ = try Wenda.run(["shell", "--corpus", "seeds"], stdin: "她是哪所大学的教授？\n", env: fresh.env)
        let alone = try #require(try TranscriptStore(path: fresh.storePath).transcript(try TranscriptStore(path: fresh.storePath).resolve("last")))
        #expect(alone.turns[0].askedAs == nil)
    }

    @Test func continueNamesASessionAndKeepsItsCorpus() throws {
        let h = try ReviewHome()
        defer { h.remove() }
        let nothing = try h.wenda(["shell", "--continue"], stdin: "龙井茶产于哪里？\n")
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("no session matches 'last'"), "\(nothing.stderr)")
        let older = try h.newSession(["龙井茶产于哪里？"])
        _ = try h.shell(["北京量子实验室买了多少台服务器？"])
        let byID = try h.wenda(["shell", "--continue", String(older.rawValue.prefix(10))], stdin: "每年什么时候采摘明前茶？\n")
        #expect(byID.status == 0, "\(byID)")
        #expect(try TranscriptStore(path: h.storePath).transcript(older)?.turns.count == 2)
        let other = try h.wenda(["shell", "--continue", "--corpus", "seeds"], stdin: "问题\n")
        #expect(other.status == 2)
        #expect(other.stderr.contains("--continue answers from it"), "\(other.stderr)")
        #expect(try h.wenda(["shell", "--continue", "--no-transcript"], stdin: "").status == 2)
        let stray = try h.wenda(["shell", String(older.rawValue.prefix(10))], stdin: "")
        #expect(stray.status == 2)
        #expect(stray.stderr.contains("goes with --continue"))
    }

    /// `last` (and `--continue` without an id) is the session used last, as `llm chat -c`
    /// carries on the latest response's conversation: one carried on today comes before
    /// one begun after it.
    @Test func lastIsTheSessionUsedLast() throws {
        let h = try ReviewHome()
        defer { h.remove() }
        let older = try h.newSession(["龙井茶产于哪里？"])
        let newer = try h.newSession(["北京量子实验室买了多少台服务器？"])
        let store = try TranscriptStore(path: h.storePath)
        #expect(try store.resolve("last") == newer)
        #expect(try h.wenda(["shell", "--continue", older.rawValue], stdin: "每年什么时候采摘明前茶？\n").status == 0)
        #expect(try store.resolve("last") == older)
        let again = try h.wenda(["shell", "--continue"], stdin: "研究员们每天工作多久？\n")
        #expect(again.stdout.contains("Resumed session \(older.rawValue)"), "\(again)")
        #expect(try store.transcript(older)?.turns.count == 3)
        #expect(try store.transcript(newer)?.turns.count == 1)
        #expect(try h.wenda(["sessions", "show", "last"]).stdout.contains("Session \(older.rawValue)"))
        // The list stays in the order the sessions began.
        #expect(try store.sessions().map(\.id) == [newer, older])
    }

    /// `/resume ID` in a running shell appends to that session; a corpus changed since the
    /// session is said once.
    @Test func resumeInTheShellAndAChangedCorpus() throws {
        let h = try ReviewHome()
        defer { h.remove() }
        let a = try h.newSession(["北京量子实验室买了多少台服务器？"])
        let store = try TranscriptStore(path: h.storePath)
        // The corpus changes: an article is added.
        Thread.sleep(forTimeInterval: 0.02)
        try ((ReviewHome.articles + [#"{"id":"new","title":"新文章","text":"新加的文章。"}"#]).joined(separator: "\n") + "\n")
            .write(to: h.corpus, atomically: true, encoding: .utf8)
        let r = try h.shell(["龙井茶产于哪里？", "/resume \(a.rawValue.prefix(9))", "实验室的咖啡机坏了几次？", "研究员们每天工作多久？", "/resume nope"])
        #expect(r.status == 0, "\(r)")
        #expect(r.stdout.contains("Resumed session \(a.rawValue)"))
        #expect(r.stderr.components(separatedBy: "has changed since session").count == 2, "\(r.stderr)")
        #expect(r.stderr.contains("no session matches 'nope'"))
        let sessions = try store.sessions()
        #expect(sessions.count == 2)
        #expect(try store.transcript(a)?.turns.map(\.question) == ["北京量子实验室买了多少台服务器？", "实验室的咖啡机坏了几次？", "研究员们每天工作多久？"])
        #expect(sessions.first { $0.id != a }?.turnCount == 1)
        // A session over the corpus as it is now says nothing.
        let c = try h.newSession(["龙井茶产于哪里？"])
        let quiet = try h.shell(["/resume \(c.rawValue)", "龙井茶产于哪里？"])
        #expect(!quiet.stderr.contains("has changed"), "\(quiet.stderr)")
    }

    @Test func moreIsRecordedAsATurn() throws {
        let h = try ReviewHome()
        defer { h.remove() }
        let r = try h.shell(["北京量子实验室买了多少台服务器？", "/more", "/more"])
        #expect(r.status == 0)
        let turns = try h.turns()
        #expect(turns.count >= 2, "\(r.stdout)")
        #expect(turns[0]["more_of"] is NSNull)
        #expect(turns[1]["more_of"] as? Int == 1)
        #expect(turns[1]["question"] as? String == "北京量子实验室买了多少台服务器？")
        let texts = turns.compactMap { (($0["answer"] as? [String: Any])?["answers"] as? [[String: Any]])?.first?["text"] as? String }
        #expect(Set(texts).count == texts.count, "each /more quotes something new: \(texts)")
        let show = try h.wenda(["sessions", "show", "last"]).stdout
        #expect(show.contains("/more: further answers to [1]"))
        #expect(show.contains("[2]"))  // numbered on from the first answer
    }

    /// `/good`, `/bad NOTE`, `/good N`, `/note`: stored with the turn, shown, searchable,
    /// exported, and `sessions list --marked` lists only sessions with marks.
    @Test func marksAndNotesAreKeptShownSearchedAndExported() throws {
        let h = try ReviewHome()
        defer { h.remove() }
        _ = try h.shell(["研究员们每天工作多久？"])  // a session without marks
        let r = try h.shell(["/good", "北京量子实验室买了多少台服务器？", "/good", "龙井茶产于哪里？", "/bad 应该说是西湖龙井村",
                             "/note 1 数字对了", "/good 7", "/unmark 2", "/bad 2"])
        #expect(r.stdout.contains("No answer in this session yet"))
        #expect(r.stdout.contains("Marked turn 1 (“北京量子实验室买了多少台服务器？”) good."), "\(r.stdout)")
        #expect(r.stdout.contains("No turn 7 in this session: it has turns 1–2."))
        let turns = try h.turns()
        #expect(turns[0]["mark"] as? String == "good")
        #expect(turns[0]["note"] as? String == "数字对了")
        #expect(turns[1]["mark"] as? String == "bad")
        #expect(turns[1]["note"] as? String == "应该说是西湖龙井村")  // kept through /unmark and /bad again

        let show = try h.wenda(["sessions", "show", "last"]).stdout
        #expect(show.contains("marked good: 数字对了"))
        #expect(show.contains("marked bad: 应该说是西湖龙井村"))
        let search = try h.wenda(["sessions", "search", "龙井村"])
        #expect(search.stdout.contains("[bad]"))
        #expect(search.stdout.contains("    note: 应该说是西湖«龙井村»"), "\(search.stdout)")
        let md = try h.wenda(["sessions", "export", "last"]).stdout
        #expect(md.contains("**Marked bad**: 应该说是西湖龙井村"))
        #expect(md.contains("- Marked: 1 good, 1 bad"))

        let marked = try h.wenda(["sessions", "list", "--marked"])
        let rows = marked.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 1)
        #expect(rows.first?.contains("1 good, 1 bad") == true, "\(marked.stdout)")
        #expect(try h.wenda(["sessions", "list"]).stdout.split(separator: "\n").count == 3)
        let off = try Wenda.run(["shell", "--corpus", h.corpus.path, "--no-transcript"], stdin: "龙井茶产于哪里？\n/good\n", env: h.env)
        #expect(off.stdout.contains("Transcripts are off"))
    }

    /// The marked turns as a questions file: `wenda eval` scores the good ones and checks
    /// the bad ones against the answer said to be wrong — fixed once the articles change.
    @Test func markedTurnsBecomeAQuestionSetThatEvalScores() throws {
        let h = try ReviewHome()
        defer { h.remove() }
        let none = try h.shell(["龙井茶产于哪里？"])
        #expect(none.status == 0)
        let empty = h.root.appendingPathComponent("empty.jsonl")
        let unmarked = try h.wenda(["sessions", "export", "--all", "--format", "eval", "-o", empty.path])
        #expect(unmarked.status == 1)
        #expect(unmarked.stderr.contains("no turn is marked good or bad"))
        #expect(!FileManager.default.fileExists(atPath: empty.path))

        _ = try h.shell(["北京量子实验室买了多少台服务器？", "/good", "龙井茶产于哪里？", "/bad 要说到龙井村", "量子计算机的工作原理是什么？", "/good"])
        let file = h.root.appendingPathComponent("mine.jsonl")
        let export = try h.wenda(["sessions", "export", "--all", "--format", "eval", "-o", file.path])
        #expect(export.status == 0, "\(export)")
        #expect(export.stderr.contains("2 good turns as questions to score, 1 bad turn"), "\(export.stderr)")
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(lines.count == 3)
        let good = try #require(lines.first { ($0["question"] as? String) == "北京量子实验室买了多少台服务器？" })
        #expect(good["answers"] as? [String] == ["40台"])
        #expect(good["doc_id"] as? String == "lab")
        #expect((good["id"] as? String)?.hasSuffix("#1") == true)
        let bad = try #require(lines.first { ($0["mark"] as? String) == "bad" })
        #expect(bad["note"] as? String == "要说到龙井村")
        #expect((bad["wrong"] as? [[String: Any]])?.first?["text"] as? String == "龙井茶产于杭州西湖。")
        #expect(bad["answers"] == nil)
        let noAnswer = try #require(lines.first { ($0["question"] as? String) == "量子计算机的工作原理是什么？" })
        #expect(noAnswer["no_answer"] as? Bool == true)

        func eval() throws -> [String: String] {
            let r = try h.wenda(["eval", file.path, "--corpus", h.corpus.path])
            #expect(r.status == 0, "\(r)")
            return Dictionary(uniqueKeysWithValues: r.stdout.split(separator: "\n").map { line -> (String, String) in
                let parts = line.split(separator: " ", omittingEmptySubsequences: true)
                return (String(parts[0]), String(parts.last ?? ""))
            })
        }
        let before = try eval()
        #expect(before["questions"] == "2")
        #expect(before["top1"] == "1")
        #expect(before["no_answer_ok"] == "1")
        #expect(before["bad_marked"] == "1")
        #expect(before["bad_repeated"] == "1")  // the same articles give the same wrong answer
        // The article is rewritten: the answer said to be wrong is no longer given.
        try (ReviewHome.articles.dropLast() + [#"{"id":"tea","title":"龙井茶","text":"西湖龙井茶的产地是杭州西湖区龙井村。\n每年清明前采摘的叫明前茶。"}"#])
            .joined(separator: "\n").write(to: h.corpus, atomically: true, encoding: .utf8)
        let after = try eval()
        #expect(after["bad_repeated"] == "0")
        #expect(after["top1"] == "1")
    }

    /// What the eval export says counts what it wrote, and only once it is written.
    @Test func theEvalExportSaysWhatItWroteOnceWritten() throws {
        let h = try ReviewHome()
        defer { h.remove() }
        _ = try h.shell(["北京量子实验室买了多少台服务器？", "/good"])
        let file = h.root.appendingPathComponent("one.jsonl")
        let one = try h.wenda(["sessions", "export", "last", "--format", "eval", "-o", file.path])
        #expect(one.status == 0)
        #expect(one.stderr == "wenda: 1 good turn as a question to score → \(file.path)\n", "\(one.stderr)")
        let nowhere = h.root.appendingPathComponent("no/such/folder/one.jsonl").path
        let failed = try h.wenda(["sessions", "export", "last", "--format", "eval", "-o", nowhere])
        #expect(failed.status == 2)
        #expect(!failed.stderr.contains("to score"), "\(failed.stderr)")
        #expect(failed.stderr.split(separator: "\n").count == 1)
    }

    /// Ranked, filtered, and saying in which field: a match in the question comes before
    /// one in an answer, which comes before one in a passage only.
    @Test func searchIsRankedFilteredAndNamesTheField() throws {
        let h = try ReviewHome()
        defer { h.remove() }
        let store = try TranscriptStore(path: h.storePath)
        let long = Date().addingTimeInterval(-40 * 86400)
        let a = try store.startSession(mode: .shell, corpus: "a.jsonl", corpusPath: "/data/a.jsonl", at: long)
        let b = try store.startSession(mode: .shell, corpus: "b.jsonl", corpusPath: "/data/b.jsonl")
        func turn(_ q: String, answer: String, passage: String, at: Date = Date()) -> TranscriptTurn {
            let result = AnswerResult(question: q, noAnswer: false, answers: [], passages: [PassageHit(docId: "d", paragraph: 4, score: 1, text: passage)], elapsedMs: 1)
            return TranscriptTurn(askedAt: at, question: q, answerText: answer, answerJSON: result.jsonLine(), noAnswer: false, elapsedMs: 1)
        }
        try store.append(turn("答案里有什么？", answer: "“实验室的咖啡机坏了三次。” [1]", passage: "实验室的咖啡机坏了三次。"), to: b)
        try store.append(turn("段落里有什么？", answer: "“研究员很忙。” [1]", passage: "研究员很忙。咖啡机也很忙。"), to: b)
        try store.append(turn("咖啡机坏了几次？", answer: "“三次。” [1]", passage: "三次。", at: long), to: a)
        for i in 1...8 { try store.append(turn("别的问题\(i)", answer: "“别的答案。” [1]", passage: "别的段落。", at: long), to: a) }

        let r = try h.wenda(["sessions", "search", "咖啡机"])
        #expect(r.status == 0)
        let heads = r.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") }.map(String.init)
        #expect(heads.count == 3)
        #expect(heads[0].contains("咖啡机坏了几次？") && heads[1].contains("答案里有什么？") && heads[2].contains("段落里有什么？"), "\(r.stdout)")
        #expect(r.stdout.contains("    question: «咖啡机»坏了几次？"))
        #expect(r.stdout.contains("    answer: “实验室的«咖啡机»坏了三次。” [1]"))
        #expect(r.stdout.contains("    passage ¶4: 研究员很忙。«咖啡机»也很忙。"))

        let recent = try h.wenda(["sessions", "search", "咖啡机", "--since", "30d"])
        #expect(!recent.stdout.contains("咖啡机坏了几次？") && recent.stdout.contains("答案里有什么？"))
        let onA = try h.wenda(["sessions", "search", "咖啡机", "--corpus", "/data/a.jsonl"])
        #expect(onA.stdout.split(separator: "\n").filter { !$0.hasPrefix(" ") }.count == 1)
        #expect(try h.wenda(["sessions", "search", "咖啡机", "--corpus", "b.jsonl"]).stdout.contains("段落里有什么？"))
        #expect(try h.wenda(["sessions", "search", "咖啡机", "--since", "2999-01-01"]).status == 1)
        #expect(try h.wenda(["sessions", "search", "咖啡机", "--since", "yesterday"]).status == 2)

        let json = try h.wenda(["sessions", "search", "咖啡机", "--format", "json"])
        let hits = try json.stdout.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(hits.map { $0["fields"] as? [String] } == [["question"], ["answer", "passage"], ["passage"]])
        #expect((hits[0]["id"] as? String) == "\(a.rawValue)#1")
    }

    @Test func exportAllAsJSONLines() throws {
        let h = try ReviewHome()
        defer { h.remove() }
        for q in ["龙井茶产于哪里？", "北京量子实验室买了多少台服务器？", "研究员们每天工作多久？"] { _ = try h.shell([q]) }
        let r = try h.wenda(["sessions", "export", "--all", "--format", "json"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        let firsts = objects.compactMap { ($0["turns"] as? [[String: Any]])?.first?["question"] as? String }
        #expect(firsts == ["龙井茶产于哪里？", "北京量子实验室买了多少台服务器？", "研究员们每天工作多久？"])  // oldest first
        #expect(try h.wenda(["sessions", "export", "--format", "json"]).status == 2)  // neither ids nor --all
        let two = try h.wenda(["sessions", "export", "last", "last", "--format", "json"])
        #expect(two.stdout.split(separator: "\n").count == 2)
    }
}
