/// Cuts cleaned text into paragraphs (at "\n") and sentences. (Interim: ends at 。！？；!?;
/// and line breaks, closing quotes kept with their sentence.)
public enum SentenceSplitter {
    static let enders: Set<Unicode.Scalar> = ["。", "！", "？", "；", "!", "?", ";", "…"]
    static let closers: Set<Unicode.Scalar> = ["”", "’", "」", "』", "）", ")", "\"", "'", "》", "】"]

    /// Paragraphs of `text` (split at line breaks), each cut into sentences.
    public static func paragraphs(in text: String) -> [Paragraph] {
        let scalars = Array(text.unicodeScalars)
        var paragraphs: [Paragraph] = []
        var start = 0
        func flush(_ end: Int) {
            let sentences = self.sentences(scalars, start..<end)
            if !sentences.isEmpty {
                let range = sentences.first!.range.lowerBound..<sentences.last!.range.upperBound
                paragraphs.append(Paragraph(number: paragraphs.count + 1, range: range, sentences: sentences))
            }
        }
        for (i, s) in scalars.enumerated() where s == "\n" {
            flush(i)
            start = i + 1
        }
        flush(scalars.count)
        return paragraphs
    }

    static func sentences(_ scalars: [Unicode.Scalar], _ range: Range<Int>) -> [Sentence] {
        var out: [Sentence] = []
        var start = range.lowerBound
        var i = range.lowerBound
        func emit(_ end: Int) {
            var a = start, b = end
            while a < b, scalars[a].properties.isWhitespace { a += 1 }
            while b > a, scalars[b - 1].properties.isWhitespace { b -= 1 }
            if a < b { out.append(Sentence(number: out.count + 1, range: a..<b)) }
            start = end
        }
        while i < range.upperBound {
            if enders.contains(scalars[i]) {
                var j = i + 1
                while j < range.upperBound, enders.contains(scalars[j]) || closers.contains(scalars[j]) { j += 1 }
                emit(j)
                i = j
            } else {
                i += 1
            }
        }
        emit(range.upperBound)
        return out
    }
}
