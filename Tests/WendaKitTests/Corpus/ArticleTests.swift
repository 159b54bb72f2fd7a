import Testing
@testable import WendaKit

@Suite struct ArticleTests {
    @Test func sliceCountsUnicodeScalars() {
        let text = "李飞飞说：GPU很贵。"
        let a = Article(id: "a", title: "t", source: "a.txt", text: text, sourceOffsets: [], paragraphs: [])
        #expect(a.slice(5..<8) == "GPU")
    }
}
