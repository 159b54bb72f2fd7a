import Foundation

/// The context of a session of questions: a follow-up that leans on the previous question
/// — one led by a pronoun (她是哪所大学的教授？) or an elliptical one (2023年呢？) — is
/// completed from it before it is answered; a fully specified question is left as it is
/// and becomes the new context.
public struct Conversation: Sendable {
    /// The previous question, as answered (completed if it was a follow-up).
    public private(set) var previous: String?
    /// Its topic: the first content word (a name, a thing), or nil.
    public private(set) var topic: String?

    public init() {}

    static let leadingPronouns: [String] = ["她们", "他们", "它们", "该公司", "该国", "此人", "他", "她", "它", "其", "该", "这个", "那个"]
    static let ellipsisEnds: [String] = ["呢？", "呢?", "呢", "怎么样？", "如何？"]

    /// The question to answer for `question` in this conversation; it is remembered.
    public mutating func resolve(_ question: String) -> String {
        let q = question.trimmingCharacters(in: .whitespaces)
        var resolved = q
        if let prev = previous {
            if let topic, let p = Self.leadingPronouns.first(where: { q.hasPrefix($0) }) {
                resolved = topic + q.dropFirst(p.count)
            } else if let e = Self.ellipsisEnds.first(where: { q.hasSuffix($0) }), q.count - e.count <= 8 {
                resolved = Self.substitute(String(q.dropLast(e.count)), into: prev)
            }
        }
        previous = resolved
        if let t = Self.topic(of: resolved) { topic = t }
        return resolved
    }

    /// `fragment` put in place of the item of the same kind in `question` (2023年 for
    /// 2020年, a number for a number), or in place of the question's topic.
    static func substitute(_ fragment: String, into question: String) -> String {
        let f = Array(fragment.unicodeScalars), q = Array(question.unicodeScalars)
        for type in [AnswerType.date, .number] where AnswerSpotter.spans(type, in: f).first == 0..<f.count {
            if let r = AnswerSpotter.spans(type, in: q).first {
                return String(String.UnicodeScalarView(q[..<r.lowerBound] + f + q[r.upperBound...]))
            }
        }
        // The word that shares the most characters with the fragment (公路桥 for 铁路桥).
        let fc = Set(f)
        var best: Token?, bestShared = 0
        for t in Segmenter.shared.tokenize(question) where t.kind == .word && t.end - t.start >= 2 {
            let shared = Set(q[t.start..<t.end]).intersection(fc).count
            if shared > bestShared { best = t; bestShared = shared }
        }
        if let best {
            return String(String.UnicodeScalarView(q[..<best.start] + f + q[best.end...]))
        }
        if let t = topic(of: question), let r = question.range(of: t) {
            return question.replacingCharacters(in: r, with: fragment)
        }
        return fragment + question
    }

    /// The first content word of a question: a Chinese word of two or more characters
    /// or a Latin name, question words left out.
    static func topic(of question: String) -> String? {
        let aq = QuestionAnalyzer.analyze(question)
        for t in Segmenter.shared.tokenize(question) where (t.kind == .word && t.end - t.start >= 2) || t.kind == .latin {
            guard (t.start..<t.end).allSatisfy({ aq.content[$0] }) else { continue }
            if leadingPronouns.contains(t.text) { continue }
            return t.text
        }
        return nil
    }
}
