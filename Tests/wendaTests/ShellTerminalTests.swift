import Foundation
import Testing
@testable import wenda

/// The parts of the shell's terminal handling that need no terminal: Ctrl-R's search,
/// the choice of pager and the width of text.
@Suite struct ShellTerminalTests {
    static let history = ["她向拜登建议什么", "谏言的内容", "谁离开了谷歌", "How many GPUs", "谁离开了谷歌", "/open 谁"]

    @Test(arguments: ["向", "谏", "谁", "博", "飞", "斯"])
    func searchFindsAnyCharacter(_ c: String) {
        let entries = ["博士", "起飞", "斯坦福", "她向拜登建议什么", "谏言的内容", "谁离开了谷歌"]
        var s = HistorySearch(entries: entries, original: "")
        s.type(c)
        #expect(!s.failed)
        #expect(s.line.contains(c))
        #expect(s.prompt == "(reverse-i-search)`\(c)': ")
    }

    @Test func ctrlRAgainGoesOlderPassingOverTheSameLine() {
        var s = HistorySearch(entries: Self.history, original: "typed")
        #expect(s.line == "typed")
        s.type("谁")
        #expect(s.line == "/open 谁")
        s.older()
        #expect(s.line == "谁离开了谷歌")
        #expect(s.found == 4)
        s.older()  // index 2 reads the same: passed over
        #expect(s.failed)
        #expect(s.line == "谁离开了谷歌")
        #expect(s.prompt.hasPrefix("(failed reverse-i-search)"))
        s.newer()
        #expect(s.line == "/open 谁")
        s.type("离")  // "谁离" is not in the newest: goes on older
        #expect(s.line == "谁离开了谷歌")
        s.deleteBackward()
        s.deleteBackward()
        #expect(s.query.isEmpty)
        #expect(s.line == "typed")
    }

    @Test func lowerCaseMatchesAnyCaseAndACapitalMatchesExactly() {
        var s = HistorySearch(entries: Self.history, original: "")
        s.type("gpu")
        #expect(s.line == "How many GPUs")
        var exact = HistorySearch(entries: Self.history, original: "")
        exact.type("Gpu")
        #expect(exact.failed)
    }

    @Test func anEmptyCtrlRTakesThePreviousQuery() {
        var s = HistorySearch(entries: Self.history, original: "")
        s.older()
        #expect(s.query.isEmpty && s.found == nil)
        s.older(previousQuery: "建议")
        #expect(s.line == "她向拜登建议什么")
    }

    @Test func pagerComesFromTheEnvironment() {
        let path = ["PATH": "/usr/bin:/bin"]
        let less = Pager.onPath("less", environment: path)
        #expect(Pager.command(environment: path) == (less ? "less -FRX" : nil))
        #expect(Pager.command(environment: ["PAGER": "more"]) == "more")
        #expect(Pager.command(environment: ["PAGER": "more", "WENDA_PAGER": "most -s"]) == "most -s")
        #expect(Pager.command(environment: ["PAGER": "more", "WENDA_PAGER": ""]) == nil)
        #expect(Pager.command(environment: ["PAGER": ""]) == nil)
        #expect(Pager.command(environment: ["PAGER": "cat"]) == nil)
        #expect(Pager.command(environment: ["PAGER": "less -FRX", "PATH": "/nonexistent"]) == nil)
        // Never with --no-pager, never when piped.
        #expect(Pager.standard(disabled: true, environment: ["PAGER": "more"], isTerminal: true).command == nil)
        #expect(Pager.standard(environment: ["PAGER": "more"], isTerminal: false).command == nil)
        #expect(Pager.standard(environment: ["PAGER": "more"], isTerminal: true).command == "more")
        // Short text is written as it is, even with a pager.
        #expect(!Pager(command: "false").show("one line\n"))
    }

    @Test func pagedOnlyWhenTallerThanTheScreen() {
        let screen = (rows: 10, columns: 20)
        let nine = String(repeating: "line\n", count: 9)
        #expect(!Pager.isTaller(nine, than: screen))  // nine rows and the prompt fit
        #expect(Pager.isTaller(nine + "line\n", than: screen))
        // Wide characters wrap sooner: 9 lines of 15 Han characters are 30 columns each.
        let wide = String(repeating: String(repeating: "汉", count: 15) + "\n", count: 5)
        #expect(Terminal.rows(of: wide, width: 20) == 10)
        #expect(Pager.isTaller(wide, than: screen))
    }

    @Test func widthsOfText() {
        #expect(Terminal.columns(of: "abc") == 3)
        #expect(Terminal.columns(of: "斯坦福") == 6)
        #expect(Terminal.columns(of: "ＧＰＵ") == 6)
        #expect(Terminal.columns(of: "e\u{301}") == 1)
        #expect(Terminal.columns(of: "\u{1B}[1;33m68块\u{1B}[0m") == 4)
        #expect(Terminal.columns(of: Style(enabled: true).prompt("wenda> ")) == 7)
        #expect(Terminal.rows(of: "", width: 10) == 1)
        #expect(Terminal.rows(of: "a\n\nb\n", width: 10) == 3)
        #expect(Terminal.rows(of: String(repeating: "x", count: 21), width: 10) == 3)
    }
}
