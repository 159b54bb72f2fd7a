/// Finds things of an answer type in a sentence: dates, numbers with their unit, reasons.
/// Used for the expected-answer-type bonus and for the highlight.
public enum AnswerSpotter {
    static let digits: Set<Unicode.Scalar> = Set("0123456789０１２３４５６７８９".unicodeScalars)
    static let hanNumerals: Set<Unicode.Scalar> = Set("〇零一二三四五六七八九十百千两".unicodeScalars)
    static let dateUnits: [String] = ["世纪", "年代", "年", "月", "日", "号"]
    static let units: Set<Unicode.Scalar> = Set(
        "个年月日天岁次位名人座条部本种倍届场家所件只头匹块张台辆艘架层米里斤吨元角分秒度克升户册篇首项株字章集期代批群支份栋间门枚颗粒周尺寸亩顷码毫厘英公平方片套笔根棵双盏%％".unicodeScalars)
    static let unitWords: [String] = ["美元", "英里", "公里", "千米", "厘米", "毫米", "平方公里", "公顷", "人民币", "港元", "欧元",
                                      "英镑", "日元", "小时", "分钟", "公斤", "千克", "摄氏度", "多万", "余万", "多个", "余个", "多人", "余人", "多年",
                                      "公分", "公尺", "人次", "架次", "车次", "班次", "场次", "gb", "mb", "kb", "tb", "km", "kg", "cm", "mm", "ml", "mg", "ghz", "mhz", "hz"]
    /// What may follow a century or a decade (15世纪初, 1960年代末期).
    static let periodParts: [String] = ["末期", "初期", "中期", "后期", "前期", "中叶", "初", "末"]
    static let reasonMarkers: [String] = ["因为", "由于", "为了", "因此", "所以", "导致", "原因", "以便", "目的", "从而", "因而"]
    // The same words as scalars, for the scans (every position of every sentence).
    static let dateUnitScalars = dateUnits.map { Array($0.unicodeScalars) }
    static let unitWordScalars = unitWords.map { Array($0.unicodeScalars) }
    static let periodPartScalars = periodParts.map { Array($0.unicodeScalars) }
    static let reasonMarkerScalars = reasonMarkers.map { Array($0.unicodeScalars) }
    static let century: [Unicode.Scalar] = Array("世纪".unicodeScalars)
    static let decade: [Unicode.Scalar] = Array("年代".unicodeScalars)
    static let era: [Unicode.Scalar] = Array("公元".unicodeScalars)
    static let beforeEra: [Unicode.Scalar] = Array("公元前".unicodeScalars)

    /// Whether `c` is one of `digits` (ASCII or full-width), without hashing.
    @inline(__always)
    static func isDigit(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return (v >= 0x30 && v <= 0x39) || (v >= 0xFF10 && v <= 0xFF19)
    }

    /// Whether `c` is one of `hanNumerals`, without hashing.
    @inline(__always)
    static func isHanNumeral(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "〇", "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千", "两": true
        default: false
        }
    }

    /// Spans of `type` items in `s` (scalars), in order.
    public static func spans(_ type: AnswerType, in s: [Unicode.Scalar]) -> [Range<Int>] {
        switch type {
        case .date: return dates(s)
        case .number: return numbers(s)
        case .reason: return markers(reasonMarkerScalars, in: s)
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

    @inline(__always)
    static func starts(_ s: [Unicode.Scalar], _ i: Int, _ w: [Unicode.Scalar]) -> Bool {
        guard i >= 0, i + w.count <= s.count else { return i >= 0 && w.isEmpty }
        for k in 0..<w.count where s[i + k] != w[k] { return false }
        return true
    }

    /// A run of digits (with . and ,) or of Han numerals starting at i; its end.
    static func numberRun(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        var j = i
        if j < s.count, isDigit(s[j]) {
            while j < s.count, isDigit(s[j]) || ((s[j] == "." || s[j] == ",") && j + 1 < s.count && isDigit(s[j + 1])) { j += 1 }
            return j
        }
        while j < s.count, isHanNumeral(s[j]) { j += 1 }
        return j > i ? j : nil
    }

    /// The end of the number that begins at `i`; nil when none does (or `i` is inside one).
    static func numberStarting(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        if i > 0, isDigit(s[i - 1]) || isHanNumeral(s[i - 1]) { return nil }
        return numberRun(s, i)
    }

    static func dates(_ s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < s.count {
            guard let e = numberStarting(s, i) else { i += 1; continue }
            var end = e
            var j = e
            // Chains like 1963年5月4日.
            while let u = dateUnitScalars.first(where: { starts(s, j, $0) }) {
                end = j + u.count
                j = end
                guard let n = numberRun(s, j) else { break }
                if dateUnitScalars.contains(where: { starts(s, n, $0) }) { j = n } else { break }
            }
            if end > e {
                if starts(s, end - 2, century) || starts(s, end - 2, decade), let p = periodPartScalars.first(where: { starts(s, end, $0) }) {
                    end += p.count
                }
                var start = i
                if start >= 3, starts(s, start - 3, beforeEra) { start -= 3 } else if start >= 2, starts(s, start - 2, era) { start -= 2 }
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
            guard let e = numberStarting(s, i) else { i += 1; continue }
            let isDigits = isDigit(s[i])
            var end = e
            // The whole numeral: 三万六千, 13.5亿, 2万5千 (a run after 万 or 亿 goes on).
            while end < s.count, s[end] == "万" || s[end] == "亿" || s[end] == "多" || s[end] == "余" {
                end += 1
                if s[end - 1] == "万" || s[end - 1] == "亿", let more = numberRun(s, end) { end = more }
            }
            if let w = unitWordScalars.first(where: { starts(s, end, $0) }) {
                end += w.count
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
        markers(words.map { Array($0.unicodeScalars) }, in: s)
    }

    static func markers(_ words: [[Unicode.Scalar]], in s: [Unicode.Scalar]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for i in 0..<s.count {
            let c = s[i]
            if let w = words.first(where: { $0.isEmpty || ($0[0] == c && starts(s, i, $0)) }) { out.append(i..<(i + w.count)) }
        }
        return out
    }
}
