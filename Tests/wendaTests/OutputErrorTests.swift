import Foundation
import Testing

/// Output that cannot be written is a one-line error and an exit status, never a crash; a
/// reader that goes away ends wenda quietly, as it ends `cat`; what wenda says about its
/// input never reaches the terminal raw.
@Suite struct OutputErrorTests {
    static let fixtures = AskTests.fixtures
    static let question = "南京长江大桥的公路桥全长多少米？"

    /// Standard output is a file past a size limit (512 bytes), standing in for a full disk.
    @Test func aFullDiskIsAWriteError() throws {
        let r = try Wenda.run(["ask", "--no-transcript", "--explain", "--corpus", Self.fixtures, Self.question], input: nil,
                              after: "exec > \"$TMPDIR/out\"; ulimit -f 1")
        #expect(r.status == 2, "\(r)")
        // (The index cache cannot be written under the limit either: said apart.)
        #expect(r.stderr.hasSuffix("\nwenda: write error: File too large\n") || r.stderr == "wenda: write error: File too large\n", "\(r)")
    }

    @Test func aPipedRunThatCannotWriteExitsThree() throws {
        let input = String(repeating: Self.question + "\n", count: 20)
        let r = try Wenda.run(["--no-transcript", "--corpus", Self.fixtures], input: Data(input.utf8),
                              after: "exec > \"$TMPDIR/out\"; ulimit -f 1")
        #expect(r.status == 3, "\(r)")
        #expect(r.stderr.hasSuffix("wenda: write error: File too large\n"), "\(r)")
        #expect(!r.stderr.contains("Fatal"))
    }

    /// `>&-`: the write fails (never lands in a file wenda opened, such as the transcript
    /// store), and the turn is in the transcript all the same.
    @Test func aClosedStdoutLosesNothingOfTheTranscript() throws {
        let home = try TestHome()
        defer { home.remove() }
        let r = try Wenda.run(["ask", "--corpus", home.corpus.path, "辛顿离开了哪家公司？"], input: nil, env: home.env,
                              after: "exec >&-")
        #expect(r.status == 2, "\(r)")
        #expect(r.stderr == "wenda: write error: Bad file descriptor\n")
        let show = try home.wenda(["sessions", "show", "last"])
        #expect(show.status == 0, "\(show)")
        #expect(show.stdout.contains("辛顿离开了哪家公司？"))
        #expect(show.stdout.contains("谷歌"))
        let list = try Wenda.run(["sessions", "list"], input: nil, env: home.env, after: "exec >&-")
        #expect(list.status == 2)
        #expect(list.stderr == "wenda: write error: Bad file descriptor\n")
    }

    /// `wenda … | head -1`: the run ends by SIGPIPE, as `cat` does, saying nothing.
    @Test func aClosedPipeEndsQuietly() throws {
        let input = String(repeating: Self.question + "\n", count: 2000)
        let r = try Wenda.run(["--no-transcript", "--corpus", Self.fixtures], input: Data(input.utf8),
                              after: #"mkfifo "$TMPDIR/p"; head -c 1 "$TMPDIR/p" > /dev/null & exec > "$TMPDIR/p""#)
        #expect(r.status == SIGPIPE, "\(r)")  // killed by the signal
        #expect(r.stderr.isEmpty, "\(r.stderr)")
    }

    /// Bytes that are not UTF-8, with escape sequences among them: the line is named, never
    /// echoed raw; the other lines are answered; the run exits 3.
    @Test func aLineThatIsNotUTF8IsNeverEchoedRaw() throws {
        var input = Data([0xFF, 0xFE, 0x1B]) + Data("[31mred\u{07}\n".utf8)
        input += Data((Self.question + "\n").utf8)
        let r = try Wenda.run(["--no-transcript", "--corpus", Self.fixtures], input: input)
        #expect(r.status == 3, "\(r)")
        #expect(!r.stderrData.contains(0x1B) && !r.stderrData.contains(0x07), "no control reaches the terminal")
        #expect(r.stderr.hasPrefix("wenda: standard input, line 1: not UTF-8 text, skipped: "))
        #expect(r.stderr.contains("␛[31mred␇"))
        #expect(r.stdout.contains("4589米"))
    }

    /// No crash on output can come back: the executable writes standard output and error
    /// only through `Output` and `Diagnostics`.
    @Test func outputGoesThroughOnePlace() throws {
        let root = Wenda.packageRoot.appendingPathComponent("Sources/wenda")
        let files = try #require(FileManager.default.enumerator(atPath: root.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 10)
        let barePrint = try NSRegularExpression(pattern: #"(?<![.\w])(?<!func )print\("#)
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for banned in ["try!", "FileHandle.standardOutput", "FileHandle.standardError"] {
                #expect(!text.contains(banned), "\(file) uses \(banned)")
            }
            let found = barePrint.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
            #expect(found == 0, "\(file) prints with print()")
        }
    }
}
