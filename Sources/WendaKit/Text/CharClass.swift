/// Character classes of the segmenter, on raw scalar values (no String, no allocation).
enum CharClass {
    @inline(__always) static func isASCIILetter(_ v: UInt32) -> Bool {
        (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A
    }

    /// ASCII or full-width digit.
    @inline(__always) static func isDigit(_ v: UInt32) -> Bool {
        (v >= 0x30 && v <= 0x39) || (v >= 0xFF10 && v <= 0xFF19)
    }

    /// ○ and 〇, the zero of Chinese numerals.
    @inline(__always) static func isNumeralZero(_ v: UInt32) -> Bool {
        v == 0x25CB || v == 0x3007
    }

    /// 〇 is an ideograph; ○ (a geometric shape) counts as one only beside another numeral.
    static func zeroStandsInNumeral(_ s: UnsafeBufferPointer<UInt32>, _ i: Int) -> Bool {
        if s[i] == 0x3007 { return true }
        return (i > 0 && isChineseNumeral(s[i - 1])) || (i + 1 < s.count && isChineseNumeral(s[i + 1]))
    }

    @inline(__always) static func isChineseNumeral(_ v: UInt32) -> Bool {
        switch v {
        case 0x25CB, 0x3007, 0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341:
            return true  // ○ 〇 零 一 二 三 四 五 六 七 八 九 十
        default:
            return false
        }
    }

    /// A letter of Latin or another alphabetic script (not Han), full width included.
    static func isLetter(_ v: UInt32) -> Bool {
        if v < 0x80 { return isASCIILetter(v) }
        if (v >= 0xFF21 && v <= 0xFF3A) || (v >= 0xFF41 && v <= 0xFF5A) { return true }
        if UnicodeText.isHan(v) || v == 0x3007 { return false }
        return Unicode.Scalar(v)?.properties.isAlphabetic ?? false
    }

    @inline(__always) static func isAlnum(_ v: UInt32) -> Bool {
        if v < 0x80 { return isASCIILetter(v) || (v >= 0x30 && v <= 0x39) }
        return isDigit(v) || isLetter(v)
    }

    @inline(__always) static func isCombining(_ v: UInt32) -> Bool {
        if v < 0x300 || UnicodeText.isHan(v) || (v >= 0x2000 && v <= 0x20CF) || (v >= 0x3000 && v <= 0x3098) || (v >= 0xFF00 && v <= 0xFFEF) { return false }
        return isCombiningSlow(v)
    }

    static func isCombiningSlow(_ v: UInt32) -> Bool {
        guard let s = Unicode.Scalar(v) else { return false }
        switch s.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Joins two letters or digits inside a Latin token: `Levels.fyi`, `don't`, `e-mail`, `AT&T`.
    @inline(__always) static func isInnerConnector(_ v: UInt32) -> Bool {
        v == 0x2E || v == 0x27 || v == 0x2D || v == 0x5F || v == 0x26 || v == 0x40 || v == 0x2019 || v == 0xFF0E || v == 0xFF0D || v == 0xFF3F || v == 0xFF20
    }

    /// Joins two digits inside a number: `1.4`, `1,000`, `10:30`, `1/2`, full-width forms too.
    @inline(__always) static func isNumberConnector(_ v: UInt32) -> Bool {
        v == 0x2E || v == 0x2C || v == 0x3A || v == 0x2F || v == 0xFF0E || v == 0xFF1A || v == 0x2236 || v == 0xFF0F || v == 0xB7
    }

    static func isPunctuation(_ v: UInt32) -> Bool {
        if v < 0x80 { return true }
        if (v >= 0x3000 && v <= 0x303F) || (v >= 0xFF00 && v <= 0xFF65) || (v >= 0x2000 && v <= 0x206F) { return true }
        guard let s = Unicode.Scalar(v) else { return false }
        if s.properties.isEmoji && v > 0x2100 { return false }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol:
            return true
        case .otherSymbol:
            return !(s.properties.isEmojiPresentation)
        default:
            return false
        }
    }
}

/// Units that a number keeps: `70%`, `1.4亿`, `2023年`, `12月`, `5日`, `3时`.
enum Units {
    /// The end of the number starting before `j` with its unit joined.
    static func join(_ s: UnsafeBufferPointer<UInt32>, _ j: Int, dateOnly: Bool = false) -> Int {
        let n = s.count
        guard j < n else { return j }
        // Traditional units read as Simplified ones (萬 億 時 號 分鐘…).
        @inline(__always) func fold(_ v: UInt32) -> UInt32 {
            guard v >= 0x3400, v <= 0x9FFF else { return v }
            let f = Normalizer.basicTable[Int(v - 0x3400)]
            return f == 0 ? v : f
        }
        let u = fold(s[j])
        let next: UInt32 = j + 1 < n ? fold(s[j + 1]) : 0
        switch u {
        case 0x25, 0xFF05, 0x2030:  // % ％ ‰
            return dateOnly ? j : j + 1
        case 0x4E07, 0x4EBF:  // 万 亿
            if dateOnly { return j }
            if next == 0x4EBF || next == 0x4E07 { return j + 2 }
            return j + 1
        case 0x5E74:  // 年
            if next == 0x4EE3 { return j + 2 }  // 年代
            if next == 0x7EA7 { return j }  // 年级
            return j + 1
        case 0x6708:  // 月
            if next == 0x4EFD { return j + 2 }  // 月份
            return j + 1
        case 0x65E5:  // 日
            return j + 1
        case 0x53F7:  // 号
            if next == 0x7801 { return j }  // 号码
            return dateOnly ? j : j + 1
        case 0x65F6:  // 时
            switch next {
            case 0x95F4, 0x5019, 0x671F, 0x4EE3, 0x523B, 0x5C1A: return j  // 时间 时候 时期 时代 时刻 时尚
            default: return dateOnly ? j : j + 1
            }
        case 0x5206:  // 分
            switch next {
            case 0x949F, 0x4E4B, 0x522B: return j  // 分钟 分之 分别
            default: return dateOnly ? j : j + 1
            }
        case 0x79D2:  // 秒
            if next == 0x949F { return j }  // 秒钟
            return dateOnly ? j : j + 1
        default:
            return j
        }
    }
}
