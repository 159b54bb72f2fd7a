/// A small list of words that say the same thing, so a question and the sentence that
/// answers it can match across a paraphrase (卒/逝世, 之女/女儿). One or two characters
/// each: they are matched as characters or bigrams.
enum Synonyms {
    static let groups: [[String]] = [
        ["去世", "逝世", "过世", "病逝", "辞世", "病故", "卒"],
        ["女儿", "之女", "长女", "次女"],
        ["儿子", "之子", "长子", "次子"],
        ["出生", "生于", "出世", "诞生"],
        ["创办", "创立", "创建", "建立", "成立", "设立", "创设"],
        ["位于", "坐落", "地处"],
        ["首都", "国都", "首府"],
        ["妻子", "之妻", "夫人"],
        ["丈夫", "之夫"],
        ["父亲", "之父"],
        ["母亲", "之母"],
        ["担任", "出任", "就任", "任职"],
        ["别名", "别称", "又称", "亦称", "又名", "简称"],
        ["毕业", "就读"],
        ["面积", "占地"],
        ["发明", "发现"],
        ["目的", "为了"],
        ["原因", "由于", "因为"],
        ["开始", "始于", "起初"],
        ["结束", "终止", "告终"],
        ["获得", "荣获", "获颁", "赢得"],
        ["举行", "举办"],
        ["属于", "隶属"],
        ["包括", "包含", "涵盖"],
        ["导演", "执导"],
        ["主演", "饰演", "出演"],
    ]

    static let table: [String: [String]] = {
        var t: [String: [String]] = [:]
        for g in groups {
            for w in g { t[w, default: []] += g.filter { $0 != w } }
        }
        return t
    }()

    /// The other words of `word`'s group (none when it has none).
    static func alternatives(of word: String) -> [String] { table[word] ?? [] }
}
