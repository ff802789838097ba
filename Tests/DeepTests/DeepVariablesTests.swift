import Testing

@testable import Deep

/// What a probe's closure hands over (`_DeepVariables`): all of it for a fire, only the
/// names a condition reads for its evaluation.
@Suite struct DeepVariablesTests {
    private func probe(_ variables: inout _DeepVariables) {
        variables.capture("order", Order())
        variables.capture("count", 3)
        variables.capture("note", "first")
        variables.capture("note", "shadowing")
    }

    @Test func aFireTakesEveryVariableInOrder() {
        #expect(_DeepVariables.all(of: probe).map(\.name.description) == ["order", "count", "note", "note"])
    }

    @Test func aConditionGetsOnlyTheNamesItReadsTheLastOfEach() throws {
        let kept = _DeepVariables.named(VariableNames(["note", "count"]), of: probe) { named in
            named.map { $0.state == .readable ? "\($0.value)" : "-" }
        }
        #expect(kept == ["shadowing", "3"])
    }

    @Test func aConditionOverOnlyItsNamesGivesWhatItGivesOverAll() throws {
        for source in ["count == 3 && note == \"shadowing\"", "order.items[1].sku == \"ink\"", "count > 5"] {
            let condition = try compile(source)
            let all = try condition.isTrue(_DeepVariables.all(of: probe))
            let named = _DeepVariables.named(condition.names, of: probe) { try? condition.isTrue($0) }
            #expect(named == all, "\(source)")
        }
    }
}
