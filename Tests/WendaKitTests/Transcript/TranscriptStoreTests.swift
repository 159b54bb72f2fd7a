import Foundation
import Testing
@testable import WendaKit

func temporaryFolder() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("wenda-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func sampleResult(_ question: String, answer: String, noAnswer: Bool = false) -> AnswerResult {
    let citation = Citation(docId: "000", title: "AI教母李飞飞", author: "ByteAILab", date: "2024-04-23",
                            source: "seeds/000.txt", paragraph: 3, sentence: 1, start: 10, end: 20)
    return AnswerResult(question: question, noAnswer: noAnswer,
                        answers: noAnswer ? [] : [QuotedSentence(text: answer, score: 1, highlight: [], citation: citation)],
                        passages: [], elapsedMs: 1.5)
}

@Suite struct TranscriptStoreTests {
    @Test func sessionIDsAreShortAndTimeOrdered() throws {
        let a = SessionID.make(at: Date(timeIntervalSince1970: 1_700_000_000))
        let b = SessionID.make(at: Date(timeIntervalSince1970: 1_700_000_000.002))
        #expect(a.rawValue.count == 13)
        #expect(a < b)
        #expect(abs(try #require(a.date).timeIntervalSince1970 - 1_700_000_000) < 0.001)
        #expect(SessionID.normalizePrefix("01JDX") == "01jdx")
    }

    @Test func storesTurnsAndShowsThem() throws {
        let dir = temporaryFolder()
        let store = try TranscriptStore(path: dir.appendingPathComponent("wenda/t.sqlite").path)
        let id = try store.startSession(mode: .shell, corpus: "seeds")
        let t1 = try store.append(TranscriptTurn(result: sampleResult("李飞飞说了什么？", answer: "学术界没钱没资源。"), rendered: "“学术界没钱没资源。” [1]"), to: id)
        let t2 = try store.append(TranscriptTurn(result: sampleResult("火星上有水吗", answer: "", noAnswer: true), rendered: "No answer."), to: id)
        #expect(t1.number == 1 && t2.number == 2)
        try store.endSession(id)

        let list = try store.sessions()
        #expect(list.count == 1)
        #expect(list[0].turnCount == 2)
        #expect(list[0].firstQuestion == "李飞飞说了什么？")
        #expect(list[0].endedAt != nil)

        let t = try #require(try store.transcript(id))
        #expect(t.turns.map(\.question) == ["李飞飞说了什么？", "火星上有水吗"])
        #expect(t.turns[1].noAnswer)
        #expect(t.turns[0].answerResult?.answers.first?.citation.title == "AI教母李飞飞")

        let md = TranscriptMarkdown.render(t)
        #expect(md.contains("## 1. 李飞飞说了什么？"))
        #expect(md.contains("> “学术界没钱没资源。” [1]"))
        let json = TranscriptJSON.pretty(t)
        let obj = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let turns = obj?["turns"] as? [[String: Any]]
        #expect(turns?.count == 2)
        #expect((turns?[0]["answer"] as? [String: Any])?["no_answer"] as? Bool == false)

        // Folder private, file private.
        let attrs = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("wenda").path)
        #expect((attrs[.posixPermissions] as? Int) == 0o700)
        let fattrs = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((fattrs[.posixPermissions] as? Int) == 0o600)
    }

    @Test func aTurnKeepsOnlyThePassagesItShows() throws {
        var answered = sampleResult("李飞飞说了什么？", answer: "学术界没钱没资源。")
        answered.passages = (1...20).map { PassageHit(docId: "000", paragraph: $0, score: Double(30 - $0), text: "段\($0)") }
        let kept = TranscriptTurn(result: answered, rendered: "x").answerResult
        #expect(kept?.passages.map(\.paragraph) == [3])   // the cited paragraph
        #expect(kept?.answers == answered.answers)

        var unanswered = sampleResult("火星上有水吗", answer: "", noAnswer: true)
        unanswered.passages = answered.passages
        let nearest = TranscriptTurn(result: unanswered, rendered: "No answer.").answerResult
        #expect(nearest?.passages.map(\.paragraph) == [1, 2, 3])
        #expect(nearest?.noAnswer == true)
    }

    @Test func searchFindsChineseWordsAndLatin() throws {
        let store = try TranscriptStore(path: temporaryFolder().appendingPathComponent("t.sqlite").path)
        let id = try store.startSession(mode: .shell, corpus: "seeds")
        try store.append(TranscriptTurn(result: sampleResult("李飞飞说了什么？", answer: "x"), rendered: "学术界没钱没资源。GPU很贵"), to: id)
        try store.append(TranscriptTurn(result: sampleResult("火星", answer: "x"), rendered: "没有"), to: id)
        #expect(store.hasFTS)
        #expect(try store.search("飞飞").count == 1)
        #expect(try store.search("学术界").count == 1)
        #expect(try store.search("资源 李飞飞").count == 1)
        #expect(try store.search("钱").count == 1)
        #expect(try store.search("gpu").count == 1)
        #expect(try store.search("ＧＰＵ").count == 1)
        #expect(try store.search("火星").count == 1)
        #expect(try store.search("李资").isEmpty)
        #expect(try store.search("学术界没资源").isEmpty)  // bigrams present, words not together
        #expect(try store.search("。？").isEmpty)
    }

    @Test func resolvesPrefixesAndReportsAmbiguity() throws {
        let store = try TranscriptStore(path: temporaryFolder().appendingPathComponent("t.sqlite").path)
        let base = Date(timeIntervalSince1970: 1_700_000_000)
        let a = SessionID(rawValue: "01hf00000aaaa"), b = SessionID(rawValue: "01hf00000abbb"), c = SessionID(rawValue: "01hg11111cccc")
        for (i, id) in [a, b, c].enumerated() {
            try store.startSession(id: id, mode: .ask, corpus: "seeds", at: base.addingTimeInterval(Double(i)))
        }
        #expect(try store.resolve("01hf00000ab") == b)
        #expect(try store.resolve("01HG") == c)
        #expect(try store.resolve("last") == c)
        #expect(throws: TranscriptError.self) { try store.resolve("01hf") }
        #expect(throws: TranscriptError.noSuchSession("zzz")) { try store.resolve("zzz") }
        #expect(throws: TranscriptError.noSuchSession("!!")) { try store.resolve("!!") }
        do { _ = try store.resolve("01hf"); Issue.record("expected ambiguity") } catch let e as TranscriptError {
            #expect(e.localizedDescription.contains("matches 2 sessions"))
        }
    }

    @Test func deleteAndPrune() throws {
        let store = try TranscriptStore(path: temporaryFolder().appendingPathComponent("t.sqlite").path)
        let old = Date().addingTimeInterval(-40 * 86400)
        let oldID = try store.startSession(mode: .pipe, corpus: "seeds", at: old)
        try store.append(TranscriptTurn(result: sampleResult("旧问题", answer: "x"), rendered: "旧答案", askedAt: old), to: oldID)
        let newID = try store.startSession(mode: .shell, corpus: "seeds")
        try store.append(TranscriptTurn(result: sampleResult("新问题", answer: "x"), rendered: "新答案"), to: newID)
        let gone = try store.prune(lastActiveBefore: Date().addingTimeInterval(-(try AgeParser.seconds("30d"))))
        #expect(gone.map(\.id) == [oldID])
        #expect(try store.search("旧问题").isEmpty)
        #expect(try store.delete(newID) == 1)
        #expect(try store.sessions().isEmpty)
        #expect(try AgeParser.seconds("2w") == 14 * 86400)
        #expect(try AgeParser.seconds("12h") == 12 * 3600)
        #expect(throws: TranscriptError.self) { try AgeParser.seconds("30") }
        #expect(throws: TranscriptError.self) { try AgeParser.seconds("5x") }
        #expect(throws: TranscriptError.self) { try AgeParser.seconds("-5d") }
        #expect(try AgeParser.seconds("6mo") == 180 * 86400)
        #expect(try AgeParser.seconds("1y") == 365 * 86400)
    }

    @Test func recorderStartsTheSessionWithItsFirstTurn() throws {
        let store = try TranscriptStore(path: temporaryFolder().appendingPathComponent("t.sqlite").path)
        let r = TranscriptRecorder(store: store, mode: .shell, corpus: "seeds")
        #expect(r.sessionID == nil)
        r.end()
        #expect(try store.sessions().isEmpty)
        r.record(sampleResult("问一", answer: "x"), rendered: "答一")
        let first = try #require(r.sessionID)
        r.record(sampleResult("问二", answer: "x"), rendered: "答二")
        r.end()
        r.record(sampleResult("问三", answer: "x"), rendered: "答三")
        #expect(r.sessionID != first)
        let list = try store.sessions()
        #expect(list.map(\.turnCount).sorted() == [1, 2])
    }
}

@Suite struct TranscriptConcurrencyTests {
    /// Several writers, each with its own connection pool as separate processes would
    /// have, append at once: no "database is locked", no lost or mixed turns.
    @Test func concurrentWritersLoseNothing() async throws {
        let path = temporaryFolder().appendingPathComponent("wenda/transcripts.sqlite").path
        let writers = 6, turnsEach = 40
        let ids = try await withThrowingTaskGroup(of: SessionID.self) { group in
            for w in 0..<writers {
                group.addTask {
                    let store = try TranscriptStore(path: path)  // opened concurrently too
                    let id = try store.startSession(mode: w % 2 == 0 ? .shell : .pipe, corpus: "seeds")
                    for n in 1...turnsEach {
                        let q = "写者\(w)的第\(n)个问题"
                        try store.append(TranscriptTurn(result: sampleResult(q, answer: "x"), rendered: "答\(w)-\(n)"), to: id)
                    }
                    try store.endSession(id)
                    return id
                }
            }
            var out: [SessionID] = []
            for try await id in group { out.append(id) }
            return out
        }
        let store = try TranscriptStore(path: path)
        #expect(Set(ids).count == writers)
        for id in ids {
            let t = try #require(try store.transcript(id))
            #expect(t.turns.map(\.number) == Array(1...turnsEach))
            let writer = t.turns[0].question.dropFirst(2).prefix(while: { $0 != "的" })
            #expect(t.turns.allSatisfy { $0.question.hasPrefix("写者\(writer)的") })
        }
        #expect(try store.search("问题").count == 50)  // limit
        #expect(try store.search("问题", limit: 1000).count == writers * turnsEach)
    }
}
