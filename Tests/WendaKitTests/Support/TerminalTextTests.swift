import Testing
@testable import WendaKit

@Suite struct TerminalTextTests {
    @Test func controlsAreShownNotObeyed() {
        let hostile = "标题\u{1B}]0;pwned\u{07}正文\u{1B}[2J\u{08}\r\u{0}\u{7F}\u{9B}31m\u{202E}evil\u{2066}x"
        let safe = TerminalText.safe(hostile)
        #expect(safe == "标题␛]0;pwned␇正文␛[2J␈␍␀␡\u{FFFD}31mevilx")
        #expect(TerminalText.isSafe(safe))
        #expect(!safe.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
    }

    @Test func textStaysAsItIs() {
        let text = "李飞飞说：“学术界没钱。”\n\tEnglish, emoji 😀, Ελληνικά, العربية."
        #expect(TerminalText.safe(text) == text)
        #expect(TerminalText.safe("a\nb", keepNewlines: false) == "a␤b")
    }
}
