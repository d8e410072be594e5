import Engine
import Serving
import Testing

/// A `RandomIndexSource` that returns scripted draws and records each bound it was
/// asked for, so tests can assert both the choice and how the draws were taken.
struct ScriptedRandom: RandomIndexSource {
    var draws: [Int]
    private(set) var bounds: [Int] = []

    init(_ draws: [Int] = []) { self.draws = draws }

    var remaining: Int { draws.count }

    mutating func index(below n: Int) -> Int {
        bounds.append(n)
        precondition(!draws.isEmpty, "ScriptedRandom: no draw left (asked for one below \(n))")
        let value = draws.removeFirst()
        precondition((0..<n).contains(value), "ScriptedRandom: scripted draw \(value) not below \(n)")
        return value
    }
}

@Suite struct ControlScriptedRandomTests {
    @Test func randomStreamDrawsStayInRangeAndAreReproducible() {
        let first = RandomStream(name: "lb", seed: 7)
        let second = RandomStream(name: "lb", seed: 7)
        for bound in [1, 2, 3, 10, 1000] {
            for _ in 0..<200 {
                let a = first.index(below: bound), b = second.index(below: bound)
                #expect(a == b)
                #expect((0..<bound).contains(a))
            }
        }
    }

    @Test func scriptedRandomRecordsBounds() {
        var random = ScriptedRandom([2, 0])
        #expect(random.index(below: 5) == 2)
        #expect(random.index(below: 4) == 0)
        #expect(random.bounds == [5, 4])
        #expect(random.remaining == 0)
    }
}
