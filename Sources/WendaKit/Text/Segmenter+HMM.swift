// The segmenter's hidden Markov model (jieba's `finalseg`): unknown words joined from
// characters the dictionary does not cover.
import Foundation

extension Segmenter {
    /// Viterbi over the BMES model for `a ..< b` (jieba's `finalseg`): a word ends at every
    /// E or S state. States are numbered B 0, E 1, M 2, S 3. A character the model has never
    /// seen scores the same in every state (so the transitions decide); a known character
    /// never seen in a state scores -1e6 there.
    func hmmCut(_ s: UnsafeBufferPointer<UInt32>, _ a: Int, _ b: Int, into out: inout [TokenSpan], scratch: inout Scratch) {
        let n = b - a
        let d = dictionary
        if scratch.viterbi.count < 4 * n {
            let cap = 4 * n + 64
            scratch.viterbi = [Double](repeating: 0, count: cap)
            scratch.back = [UInt8](repeating: 0, count: cap)
            scratch.emission = [Double](repeating: 0, count: cap)
            scratch.states = [UInt8](repeating: 0, count: cap)
        }
        let emit = d.tables.emit
        let impossible = -3.14e100
        @inline(__always) func tr(_ from: Int, _ to: Int) -> Double {
            let v = d.trans[from * 4 + to]
            return v.isFinite ? v : impossible
        }
        let tBE = tr(0, 1), tBM = tr(0, 2), tES = tr(1, 3), tEB = tr(1, 0)
        let tMM = tr(2, 2), tME = tr(2, 1), tSS = tr(3, 3), tSB = tr(3, 0)
        scratch.viterbi.withUnsafeMutableBufferPointer { V in
        scratch.back.withUnsafeMutableBufferPointer { back in
        scratch.emission.withUnsafeMutableBufferPointer { E in
        scratch.states.withUnsafeMutableBufferPointer { states in
            for k in 0..<n {
                let c = d.id(of: s[a + k])
                if c == SegmenterDictionary.noID {
                    for y in 0..<4 { E[k * 4 + y] = -20 }
                    continue
                }
                let row = Int(c) * 4
                let allNaN = emit[row].isNaN && emit[row + 1].isNaN && emit[row + 2].isNaN && emit[row + 3].isNaN
                for y in 0..<4 {
                    let e = emit[row + y]
                    E[k * 4 + y] = e.isNaN ? (allNaN ? -20 : -1e6) : Double(e)
                }
            }
            for y in 0..<4 { V[y] = d.start[y] + E[y] }
            var t = 1
            while t < n {
                let p = (t - 1) * 4, q = t * 4
                // B from E or S
                let bE = V[p + 1] + tEB, bS = V[p + 3] + tSB
                if bE >= bS { V[q] = bE + E[q]; back[q] = 1 } else { V[q] = bS + E[q]; back[q] = 3 }
                // E from B or M
                let eB = V[p] + tBE, eM = V[p + 2] + tME
                if eB >= eM { V[q + 1] = eB + E[q + 1]; back[q + 1] = 0 } else { V[q + 1] = eM + E[q + 1]; back[q + 1] = 2 }
                // M from M or B
                let mM = V[p + 2] + tMM, mB = V[p] + tBM
                if mM >= mB { V[q + 2] = mM + E[q + 2]; back[q + 2] = 2 } else { V[q + 2] = mB + E[q + 2]; back[q + 2] = 0 }
                // S from S or E
                let sS = V[p + 3] + tSS, sE = V[p + 1] + tES
                if sS >= sE { V[q + 3] = sS + E[q + 3]; back[q + 3] = 3 } else { V[q + 3] = sE + E[q + 3]; back[q + 3] = 1 }
                t += 1
            }
            var state = V[(n - 1) * 4 + 1] >= V[(n - 1) * 4 + 3] ? 1 : 3
            var k = n - 1
            while k >= 0 {
                states[k] = UInt8(state)
                if k > 0 { state = Int(back[k * 4 + state]) }
                k -= 1
            }
        }}}}
        var begin = 0
        for k in 0..<n {
            let st = scratch.states[k]
            if st == 0 { begin = k }
            else if st == 1 { emitHMMWord(s, a + begin, a + k + 1, into: &out); begin = k + 1 }
            else if st == 3 { out.append(TokenSpan(start: a + k, end: a + k + 1, kind: .word)); begin = k + 1 }
        }
        if begin < n { emitHMMWord(s, a + begin, b, into: &out) }
    }

    /// A word the HMM found. Two characters that are each common words on their own (这一,
    /// 更大, 图为) are more likely two words than one unknown word: when the sum of their
    /// log-frequencies as single-character words exceeds `hmmPairLimit`, they stay apart.
    func emitHMMWord(_ s: UnsafeBufferPointer<UInt32>, _ a: Int, _ b: Int, into out: inout [TokenSpan]) {
        if b - a == 2 {
            let d = dictionary
            let lt = log(max(d.total, 1))
            let f1 = (d.wordLogP(s, a, a + 1) ?? d.minLogP) + lt
            let f2 = (d.wordLogP(s, a + 1, b) ?? d.minLogP) + lt
            if f1 + f2 > Segmenter.hmmPairLimit {
                out.append(TokenSpan(start: a, end: a + 1, kind: .word))
                out.append(TokenSpan(start: a + 1, end: b, kind: .word))
                return
            }
        }
        out.append(TokenSpan(start: a, end: b, kind: .word))
    }

    /// Joint single-word log-frequency above which the HMM's two-character word is split.
    static let hmmPairLimit: Double = 20.5
}
