import Foundation

/// The decoded text of a source file: its Unicode scalars, each with the byte offset where
/// it starts in the file (and one more offset for the end of the file).
struct SourceText: Sendable {
    /// The encodings wenda can read, besides UTF-8.
    enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case gb18030 = "GB18030"
        case big5 = "Big5"

        var foundation: String.Encoding {
            switch self {
            case .utf8: return .utf8
            // NSStringEncoding values of kCFStringEncodingGB_18030_2000 and kCFStringEncodingBig5;
            // both decode on Linux and macOS.
            case .gb18030: return String.Encoding(rawValue: 0x8000_0632)
            case .big5: return String.Encoding(rawValue: 0x8000_0A03)
            }
        }
    }

    var scalars: [Unicode.Scalar]
    /// `scalars.count + 1` byte offsets.
    var offsets: [Int]
    var encoding: Encoding

    /// Text given as a string (a JSONL field): offsets count UTF-8 bytes of the string.
    init(string: String) {
        let scalars = string.scalarArray
        self.scalars = scalars
        offsets = [Int](unsafeUninitializedCapacity: scalars.count + 1) { out, count in
            var o = 0
            for (k, s) in scalars.enumerated() {
                out[k] = o
                o += UTF8.width(s)
            }
            out[scalars.count] = o
            count = scalars.count + 1
        }
        encoding = .utf8
    }

    /// Decodes the bytes of a file, or says why they are not text wenda can read.
    init(data: Data) throws(SourceTextError) {
        if data.isEmpty { throw .empty }
        let bytes = [UInt8](data)
        let head = bytes.prefix(8192)
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            throw .utf16
        }
        if head.contains(0) { throw .binary("NUL bytes") }
        var bom = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { bom = 3 }
        let body = bytes[bom...]
        if let s = String(validating: body, as: UTF8.self) {
            self.init(string: s)
            if bom > 0 { offsets = offsets.map { $0 + bom } }
        } else if let legacy = Self.decodeLegacy(Data(body)) {
            self = legacy
        } else {
            throw .notUTF8(Self.firstBadUTF8(body))
        }
        // Mostly control characters: not text, whatever the decoding said.
        let controls = scalars.lazy.filter { $0.value < 0x20 && !["\n", "\r", "\t", "\u{0C}"].contains($0) }.count
        if controls * 10 > scalars.count { throw .binary("mostly control characters") }
        if scalars.allSatisfy({ $0.isSpace }) { throw .empty }
    }

    /// GB18030 (a superset of GBK and GB2312) or Big5: whichever reads as more common
    /// Chinese; nil when neither does.
    static func decodeLegacy(_ data: Data) -> SourceText? {
        var best: (text: String, encoding: Encoding, score: Double)?
        for encoding in [Encoding.gb18030, .big5] {
            guard let text = String(data: data, encoding: encoding.foundation) else { continue }
            let score = chineseScore(text)
            if score > (best?.score ?? 0) { best = (text, encoding, score) }
        }
        guard let best, best.score >= 0.2 else { return nil }
        // Byte offsets in the file: each scalar re-encoded in the file's encoding.
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        var o = 0
        for s in best.text.unicodeScalars {
            scalars.append(s)
            offsets.append(o)
            o += String(s).data(using: best.encoding.foundation)?.count ?? 2
        }
        offsets.append(o)
        guard o == data.count else { return nil }
        return SourceText(scalars: scalars, offsets: offsets, encoding: best.encoding)
    }

    private init(scalars: [Unicode.Scalar], offsets: [Int], encoding: Encoding) {
        self.scalars = scalars
        self.offsets = offsets
        self.encoding = encoding
    }

    /// The share of the non-ASCII scalars that are among the most frequent Chinese
    /// characters (Simplified and Traditional): high for real text, low for mojibake.
    static func chineseScore(_ text: String) -> Double {
        var nonASCII = 0, common = 0
        for s in text.unicodeScalars where s.value >= 0x80 {
            nonASCII += 1
            if commonHan.contains(s) { common += 1 }
        }
        guard nonASCII > 0 else { return 0 }
        return Double(common) / Double(nonASCII)
    }

    static let commonHan: Set<Unicode.Scalar> = Set(
        "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趣曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵們這個國來時說會為發後對過無與進種麼還當開經點現學實動長問關從間樣見麼體變話頭東認條"
            .unicodeScalars)

    static func firstBadUTF8(_ bytes: ArraySlice<UInt8>) -> Int {
        var it = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&it) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }
}

enum SourceTextError: Error, Sendable, Equatable {
    case empty
    case binary(String)
    case utf16
    case notUTF8(Int)

    var reason: String {
        switch self {
        case .empty: return "empty file"
        case .binary(let why): return "binary file (\(why)), not an article"
        case .utf16: return "UTF-16 text is not supported: convert it to UTF-8"
        case .notUTF8(let at):
            return "not UTF-8 text (invalid byte at offset \(at)), nor GB18030/GBK or Big5 Chinese: convert it to UTF-8"
        }
    }
}
