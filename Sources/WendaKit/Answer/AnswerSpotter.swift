/// Finds things of an answer type in a sentence: dates, numbers with their unit, reasons.
/// Used for the expected-answer-type bonus and for the highlight.
public enum AnswerSpotter {
    static let digits: Set<Unicode.Scalar> = Set("0123456789０１２３４５６７８９".unicodeScalars)
    static let hanNumerals: Set<Unicode.Scalar> = Set("〇零一二三四五六七八九十百千两".unicodeScalars)
    static let bigNumerals: Set<Unicode.Scalar> = Set("万亿".unicodeScalars)
    static let dateUnits: [String] = ["世纪", "年代", "年", "月", "日", "号"]
    static let units: Set<Unicode.Scalar> = Set(
        "个年月日天岁次位名人座条部本种倍届场家所件只头匹块张台辆艘架层米里斤吨元角分秒度克升户册篇首项株字章集期代批群支份栋间门枚颗粒周尺寸亩顷码毫厘英公平方%％".unicodeScalars)
    static let unitWords: [String] = ["美元", "英里", "公里", "千米", "厘米", "毫米", "平方公里", "公顷", "人民币", "港元", "欧元",
                                      "英镑", "日元", "小时", "分钟", "公斤", "千克", "摄氏度", "多万", "余万", "多个", "余个", "多人", "余人", "多年",
                                      "公分", "公尺", "gb", "mb", "kb", "tb", "km", "kg", "cm", "mm", "ml", "mg", "ghz", "mhz", "hz"]
    /// What may follow a century or a decade (15世纪初, 1960年代末期).
    static let periodParts: [String] = ["末期", "初期", "中期", "后期", "前期", "中叶", "初", "末"]
    static let reasonMarkers: [String] = ["因为", "由于", "为了", "因此", "所以", "导致", "原因", "以便", "目的", "从而", "因而"]

    /// Spans of `type` items in `s` (scalars), in order.
    public static func spans(_ type: AnswerType, in s: [Unicode.Scalar]) -> [Range<Int>] {
        switch type {
        case .date: return dates(s)
        case .number: return numbers(s)
        case .reason: return markers(reasonMarkers, in: s)
        default: return []
        }
    }

    static func starts(_ s: [Unicode.Scalar], _ i: Int, _ w: String) -> Bool {
        var k = i
        for c in w.unicodeScalars {
            guard k < s.count, s[k] == c else { return false }
            k += 1
        }
        return true
    }

    /// A run of digits (with . and ,) or of Han numerals starting at i; its end.
    static func numberRun(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        var j = i
        if j < s.count, digits.contains(s[j]) {
            while j < s.count, digits.contains(s[j]) || ((s[j] == "." || s[j] == ",") && j + 1 < s.count && digits.contains(s[j + 1])) { j += 1 }
            return j
        }
        while j < s.count, hanNumerals.contains(s[j]) { j += 1 }
        return j > i ? j : nil
    }

    static func dates(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < s.count {
            if i > 0, digits.contains(s[i - 1]) || hanNumerals.contains(s[i - 1]) { i += 1; continue }
            guard let e = numberRun(s, i) else { i += 1; continue }
            var end = e
            var j = e
            // Chains like 1963年5月4日.
            while let u = dateUnits.first(where: { starts(s, j, $0) }) {
                end = j + u.unicodeScalars.count
                j = end
                guard let n = numberRun(s, j) else { break }
                if dateUnits.contains(where: { starts(s, n, $0) }) { j = n } else { break }
            }
            if end > e {
                if starts(s, end - 2, "世纪") || starts(s, end - 2, "年代"), let p = periodParts.first(where: { starts(s, end, $0) }) {
                    end += p.unicodeScalars.count
                }
                var start = i
                if start >= 3, starts(s, start - 3, "公元前") { start -= 3 } else if start >= 2, starts(s, start - 2, "公元") { start -= 2 }
                out.append(start..<end)
                i = end
            } else {
                i = e
            }
        }
        return out
    }

    static func numbers(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < s.count {
            if i > 0, digits.contains(s[i - 1]) || hanNumerals.contains(s[i - 1]) { i += 1; continue }
            guard let e = numberRun(s, i) else { i += 1; continue }
            let isDigits = digits.contains(s[i])
            var end = e
            while end < s.count, bigNumerals.contains(s[end]) || s[end] == "多" || s[end] == "余" { end += 1 }
            if let w = unitWords.first(where: { starts(s, end, $0) }) {
                end += w.unicodeScalars.count
            } else if end < s.count, units.contains(s[end]) {
                end += 1
            } else if !isDigits && end - i < 2 {
                i = e
                continue
            }
            // An ordinal keeps its 第 (第10届).
            out.append((i > 0 && s[i - 1] == "第" ? i - 1 : i)..<end)
            i = max(end, i + 1)
        }
        return out
    }

    static func markers(_ words: [String], in s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for i in 0..<s.count {
            if let w = words.first(where: { starts(s, i, $0) }) { out.append(i..<(i + w.unicodeScalars.count)) }
        }
        return out
    }
}
