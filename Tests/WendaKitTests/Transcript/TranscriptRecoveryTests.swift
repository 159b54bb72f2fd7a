import Foundation
import Testing
@testable import WendaKit

@Suite struct TranscriptRecoveryTests {
    /// A store whose pages are garbage is moved aside, with a notice, and a new one works.
    @Test(arguments: [false, true])
    func damagedStoreIsMovedAside(validHeader: Bool) throws {
        let dir = temporaryFolder().appendingPathComponent("wenda")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("transcripts.sqlite").path
        var bytes = validHeader ? Array("SQLite format 3\0".utf8) : []
        var rng = SplitMix(seed: validHeader ? 1 : 2)  // seeded: the same garbage every run
        bytes += (0..<6000).map { _ in UInt8(truncatingIfNeeded: rng.next() >> 56) }
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))

        var notices: [String] = []
        let store = try TranscriptStore.openRecovering(path: path) { notices.append($0) }
        #expect(notices.count == 1)
        #expect(notices.first?.contains("damaged") == true)
        let aside = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".damaged-") }
        #expect(aside.count == 1)

        let id = try store.startSession(mode: .ask, corpus: "seeds")
        try store.append(TranscriptTurn(result: sampleResult("问题", answer: "答案。"), rendered: "答案。"), to: id)
        #expect(try store.sessions().count == 1)
    }

    /// An intact store is opened as it is, without a notice.
    @Test func intactStoreIsKept() throws {
        let path = temporaryFolder().appendingPathComponent("wenda/transcripts.sqlite").path
        let first = try TranscriptStore(path: path)
        let id = try first.startSession(mode: .ask, corpus: "seeds")
        try first.append(TranscriptTurn(result: sampleResult("问题", answer: "答案。"), rendered: "答案。"), to: id)
        var notices: [String] = []
        let again = try TranscriptStore.openRecovering(path: path) { notices.append($0) }
        #expect(notices.isEmpty)
        #expect(try again.sessions().count == 1)
    }
}

@Suite struct TranscriptCreationRaceTests {
    /// Several openers creating one new store at the same moment: each opens it (none
    /// meets "table already exists"), and every turn lands.
    @Test func simultaneousCreation() async throws {
        for _ in 0..<20 {
            let path = temporaryFolder().appendingPathComponent("wenda/transcripts.sqlite").path
            let stored = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 0..<8 {
                    group.addTask {
                        let store = try TranscriptStore(path: path)
                        let id = try store.startSession(mode: .pipe, corpus: "c\(n)")
                        try store.append(TranscriptTurn(result: sampleResult("问\(n)", answer: "答。"), rendered: "答。"), to: id)
                        return 1
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(stored == 8)
            #expect(try TranscriptStore(path: path).sessions().count == 8)
        }
    }
}
