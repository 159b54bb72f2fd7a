// Question analysis: what a question asks for (its answer type) and which of its words
// carry its content.
/// The kind of thing a question asks for.
public enum AnswerType: String, Sendable, Hashable, Codable, CaseIterable {
    case date, number, person, place, reason, method, definition, other
    /// An organisation (哪所大学, which company).
    case organisation
}

/// A question taken apart for matching: which characters carry content (question words
/// and particles do not), and what kind of answer it expects.
public struct AnalyzedQuestion: Sendable, Hashable {
    public var text: String
    /// The folded scalars of `text`.
    public var folded: [Unicode.Scalar]
    /// For each scalar: does it take part in matching?
    public var content: [Bool]
    public var answerType: AnswerType
    /// The question word(s) found, as scalar ranges of `text`.
    public var questionWords: [Range<Int>]
    /// The unit asked for by 多少/几 (多少米 → 米), if any, folded.
    public var unit: [Unicode.Scalar]?

    /// The content of the question, question words and particles left out.
    public var contentText: String {
        var v = String.UnicodeScalarView()
        for (i, s) in text.unicodeScalars.enumerated() where content[i] { v.append(s) }
        return String(v)
    }
}

public enum QuestionAnalyzer {
    /// Question words, longest first within a shared start: they are left out of matching.
    static let questionWords: [String] = [
        "为什么", "为何", "什么样的", "什么样", "什么时候", "什么", "多少", "哪里", "哪儿", "哪些", "哪个", "哪位",
        "哪一", "哪种", "哪", "谁", "怎么样", "怎么", "怎样", "如何", "何时", "何地", "何处", "何种", "何人",
        "几", "吗", "呢", "啊", "呀", "吧", "请问", "是否", "多大", "多高", "多长", "多久", "多远", "多重",
        "多深", "多宽", "多快", "多少钱",
    ]
    /// Characters that never carry content on their own.
    static let particles: Set<Unicode.Scalar> = ["的", "了", "吗", "呢", "么", "啊", "呀", "吧", "是", "？", "?"]

    /// Patterns for the expected answer type, tried in order.
    static let typePatterns: [(AnswerType, [String])] = [
        (.reason, ["为什么", "为何", "原因", "出于什么目的", "什么目的", "何故", "为了什么"]),
        (.date, ["什么时候", "何时", "哪一年", "哪年", "哪个年代", "什么年代", "哪一天", "哪天", "几月", "几号", "几日",
                 "什么时间", "哪个时期", "什么时期", "哪个朝代", "什么朝代", "年份", "日期", "哪个世纪", "哪一时期", "何年",
                 "什么日子", "哪一个时期", "哪段时间"]),
        (.person, ["是谁", "谁", "哪位", "什么人", "哪个人", "哪些人", "何人", "哪一位"]),
        (.place, ["哪里", "哪儿", "什么地方", "何处", "何地", "在哪", "哪个国家", "哪个城市", "哪座", "哪个地区",
                  "哪个省", "什么地区", "哪些地区", "哪些国家", "什么国家", "哪国", "位于哪", "什么位置", "哪个位置"]),
        (.number, ["多少", "几", "多大", "多高", "多长", "多久", "多远", "多重", "多深", "多宽", "多快", "第几", "多少钱"]),
        (.method, ["怎么", "如何", "怎样", "通过什么", "用什么方法", "什么方式", "什么方法"]),
        (.definition, ["是什么", "什么是", "指什么", "称为什么", "叫什么", "名为什么", "什么意思", "称作什么", "被称为什么", "什么"]),
    ]

    /// A verb ending in 为 before 什么: "called / named / become what", a definition.
    static let calledWhatPatterns: [[Unicode.Scalar]] =
        ["称为什么", "名为什么", "成为什么", "作为什么", "改为什么", "译为什么", "视为什么", "列为什么", "定为什么", "命名为什么"]
            .map { Array($0.unicodeScalars) }
    /// Reason patterns that still hold beside a "called what".
    static let reasonNotCalled: [[Unicode.Scalar]] =
        ["为何", "原因", "出于什么目的", "什么目的", "何故", "为了什么"].map { Array($0.unicodeScalars) }

    static let questionWordScalars: [[Unicode.Scalar]] =
        questionWords.map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }
    static let typePatternScalars: [(AnswerType, [[Unicode.Scalar]])] =
        typePatterns.map { ($0.0, $0.1.map { Array($0.unicodeScalars) }) }

    public static func analyze(_ question: String) -> AnalyzedQuestion {
        let scalars = Array(question.unicodeScalars)
        let folded = TermExtractor.fold(question)
        var content = [Bool](repeating: true, count: scalars.count)
        var words: [Range<Int>] = []
        let q = folded
        func matches(_ w: [Unicode.Scalar], at i: Int) -> Bool {
            guard i + w.count <= q.count else { return false }
            for k in 0..<w.count where q[i + k] != w[k] { return false }
            return true
        }
        let qw = questionWordScalars
        var i = 0
        while i < q.count {
            if let w = qw.first(where: { matches($0, at: i) }) {
                for k in i..<(i + w.count) { content[k] = false }
                words.append(i..<(i + w.count))
                i += w.count
            } else {
                if particles.contains(q[i]) || !(UnicodeText.isHan(q[i]) || q[i].properties.isAlphabetic
                    || q[i].properties.numericType != nil) {
                    content[i] = false
                }
                i += 1
            }
        }
        var type = AnswerType.other
        // 称为什么 and the like read 称为 + 什么 ("called what"), not 称 + 为什么 ("why").
        let calledWhat = calledWhatPatterns.contains { AnswerEngine.occurs($0, in: folded) }
        outer: for (t, patterns) in typePatternScalars {
            for p in patterns where AnswerEngine.occurs(p, in: folded) {
                if t == .reason && calledWhat && !reasonNotCalled.contains(where: { AnswerEngine.occurs($0, in: folded) }) {
                    continue outer
                }
                type = t
                break outer
            }
        }
        var unit: [Unicode.Scalar]?
        for r in words {
            let w = String(String.UnicodeScalarView(q[r]))
            guard w == "多少" || w == "几", r.upperBound < q.count else { continue }
            if let u = AnswerSpotter.unitWords.first(where: { AnswerSpotter.starts(q, r.upperBound, $0) }) {
                unit = Array(u.unicodeScalars)
            } else if AnswerSpotter.units.contains(q[r.upperBound]) {
                unit = [q[r.upperBound]]
            }
        }
        if type == .other || type == .definition, let t = organisationType(folded) { type = t }
        if let e = english(folded) {
            type = e.type
            unit = e.unit
            for r in e.words { for k in r { content[k] = false } }
            words = e.words + words
        }
        return AnalyzedQuestion(text: question, folded: folded, content: content, answerType: type, questionWords: words,
                                unit: unit)
    }
}
