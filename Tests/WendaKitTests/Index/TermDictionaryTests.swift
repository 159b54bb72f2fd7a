import Testing
@testable import WendaKit

/// The term dictionary's block coding: every record of the term info store read back as
/// written across block edges and widths, every key found by its code or word (and none
/// found that is not there), and a term met in one passage kept in its record.
@Suite struct TermDictionaryTests {
    /// Records with fields of every width, 0 included, over several blocks and a short last one.
    @Test func termInfosReadBackAsWritten() {
        for count in [0, 1, 127, 128, 129, 300, 1000] {
            var rng = SplitMix(seed: UInt64(count))
            var postings: [UInt64] = [0], skips: [UInt64] = [0]
            var fields: [[UInt64]] = []
            for t in 0..<count {
                // Some runs of terms alike (zero-width fields), some far apart.
                let wide = t % 200 < 30
                postings.append(postings[t] + (wide ? rng.next() % 1_000_000 : rng.next() % 3))
                skips.append(skips[t] + (wide ? rng.next() % 40 : 0))
                fields.append([wide ? rng.next() % 100_000 : 1, wide ? rng.next() % 60_000 : 1,
                               rng.next() % (wide ? 1 << 20 : 16), UInt64(count - 1 - t)])
            }
            let store = TermInfoStore(count: count, postingsEnd: Int64(postings[count]), skipsEnd: Int32(skips[count])) { f, t in
                switch f {
                case .postings: postings[t]
                case .skips: skips[t]
                case .frequency: fields[t][0]
                case .maxCount: fields[t][1]
                case .boundOrPassage: fields[t][2]
                case .key: fields[t][3]
                }
            }
            #expect(store.count == count)
            for t in 0..<count {
                let expected = TermInfoStore.Info(postings: Int(postings[t]), postingsEnd: Int(postings[t + 1]),
                                                  frequency: Int(fields[t][0]), skips: Int(skips[t]),
                                                  maxCount: UInt16(fields[t][1]), boundOrPassage: Int(fields[t][2]),
                                                  key: Int(fields[t][3]))
                #expect(store.info(t) == expected, "term \(t) of \(count)")
                #expect(store.frequency(t) == Int(fields[t][0]))
                #expect(store.key(t) == Int(fields[t][3]))
            }
            #expect(store.info(count) == nil && store.info(-1) == nil)
            #expect(store.frequency(count) == 0 && store.key(count) == -1)
        }
    }

    /// Codes and words in several blocks each (words sharing long prefixes, and one that is
    /// another's prefix): each found by its key, its kind, code and text read back by id,
    /// and keys between, before and after them not found.
    @Test func everyKeyIsFoundAndNoOther() {
        var kinds: [TermKind] = [], codes: [UInt64] = [], words: [String] = []
        let han = Array("的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴百")
        for (i, c) in han.enumerated() {
            let s = c.unicodeScalars.first!
            kinds.append(.character); codes.append(TermExtractor.code(.character, s)); words.append("")
            if i + 1 < han.count {
                kinds.append(.bigram); codes.append(TermExtractor.code(.bigram, s, han[i + 1].unicodeScalars.first!)); words.append("")
            }
            kinds.append(.word); codes.append(0); words.append(String(c) + String(han[(i * 7) % han.count]) + (i % 3 == 0 ? "" : "\(i)"))
        }
        for w in ["a", "ab", "abc", "abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz0", "zz", "café"] {
            kinds.append(.word); codes.append(0); words.append(w)
        }
        // Distinct keys only (a build numbers each once).
        var seen = Set<String>()
        var keep: [Int] = []
        for i in kinds.indices where seen.insert(kinds[i] == .word ? "w" + words[i] : "c\(codes[i])").inserted { keep.append(i) }
        kinds = keep.map { kinds[$0] }; codes = keep.map { codes[$0] }; words = keep.map { words[$0] }
        let keys = SortedTermKeys(kinds: kinds, codes: codes, words: words)
        let infos = TermInfoStore(count: kinds.count, postingsEnd: 0, skipsEnd: 0) { f, t in f == .key ? UInt64(keys.positions[t]) : 0 }
        let table = TermTable(infos: infos, keyBlocks: Column(keys.blocks), keyBytes: Column(keys.bytes), sortedIDs: Column(keys.sortedIDs))
        #expect(table.count == kinds.count)
        #expect(table.codeCount == kinds.filter { $0 != .word }.count)
        #expect(table.codeCount > 2 * TermTable.blockSize && kinds.count - table.codeCount > 2 * TermTable.blockSize)
        for i in kinds.indices {
            let id = Int32(i)
            #expect(table.kind(id) == kinds[i])
            let key = table.key(id)
            #expect(key.kind == kinds[i] && key.code == codes[i] && key.word == (kinds[i] == .word ? words[i] : ""))
            if kinds[i] == .word {
                #expect(table.id(word: words[i]) == id, "\(words[i])")
                #expect(table.text(id) == words[i])
                #expect(table.code(id) == 0)
            } else {
                #expect(table.id(code: codes[i]) == id)
                #expect(table.code(id) == codes[i])
                #expect(table.text(id) == TermExtractor.decode(codes[i]))
            }
        }
        for w in ["", "abcd", "abcdefghijklmnopqrstuvwxyz1", "zzz", "0", "\u{10FFFF}", "cafe"] { #expect(table.id(word: w) == -1, "\(w)") }
        let sorted = codes.filter { $0 != 0 }.sorted()
        for c in [1, sorted[0] - 1, sorted[sorted.count / 2] + 1, sorted[sorted.count - 1] + 1, UInt64.max] where !sorted.contains(c) {
            #expect(table.id(code: c) == -1)
        }
        // An empty dictionary finds nothing.
        let none = SortedTermKeys(kinds: [], codes: [], words: [])
        let empty = TermTable(infos: TermInfoStore(count: 0, postingsEnd: 0, skipsEnd: 0) { _, _ in 0 }, keyBlocks: Column(none.blocks),
                              keyBytes: Column(none.bytes), sortedIDs: Column(none.sortedIDs))
        #expect(empty.count == 0 && empty.id(word: "a") == -1 && empty.id(code: codes[0]) == -1)
    }

    /// A term met in one passage has its posting in its record, in memory and saved alike,
    /// and its score bound is that passage's length and count.
    @Test func aTermInOnePassageKeepsItsPostingInItsRecord() throws {
        let articles = [
            makeArticle("a", "北京是中国的首都。\n长城在北京的北边，长城很长。"),
            makeArticle("b", "上海是中国最大的城市。"),
        ]
        let index = PassageIndex(articles: articles)
        let id = index.termID(.bigram, "长城")
        #expect(id >= 0)
        #expect(index.statistics.documentFrequency(id) == 1)
        let postings = index.postings(id)
        #expect(postings.passages == [1] && postings.counts == [2])
        let bound = index.scoreBound(id)
        #expect(bound.maxCount == 2 && bound.minLength == index.columns.passageLength[1])
        let twice = index.termID(.bigram, "中国")
        #expect(index.postings(twice).passages == [0, 2])
        #expect(index.scoreBound(twice).minLength == min(index.columns.passageLength[0], index.columns.passageLength[2]))
    }
}
