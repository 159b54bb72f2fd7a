import Testing
@testable import WendaKit

/// The small set of a question's scalars that sentence scoring and highlighting ask about:
/// the same answers as `Set` for members, non-members, repeats and the empty set.
@Suite struct ScalarSetTests {
    @Test func agreesWithSet() {
        let question = Array("斯坦福大学的自然语言处理小组有多少块GPU？GPU".unicodeScalars)
        let set = ScalarSet(question)
        let reference = Set(question)
        for c in Array("斯坦福大学北京GPUgpu？。a0 的的".unicodeScalars) + question {
            #expect(set.contains(c) == reference.contains(c), "\(c)")
        }
        #expect(set.contains("斯"))
        #expect(!set.contains("北"))
        #expect(!set.isEmpty)
    }

    @Test func emptySetHoldsNothing() {
        let set = ScalarSet([Unicode.Scalar]())
        #expect(set.isEmpty)
        #expect(!set.contains("a"))
        #expect(!set.contains("中"))
    }
}
