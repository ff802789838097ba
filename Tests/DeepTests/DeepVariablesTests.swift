import Testing

@testable import Deep

/// What a probe's closure hands over (`_DeepVariables`): all of it for a fire, only the
/// names a condition reads for its evaluation.
@Suite struct DeepVariablesTests {
    private func probe(_ variables: inout _DeepVariables) {
        variables.capture("order", Order())
        variables.capture("count", 3)
        variables.capture("ratio", 0.5)
        variables.capture("paid", true)
        variables.capture("small", Int32(2))
        variables.capture("maybe", Int?.some(4))
        variables.capture("note", "first")
        variables.capture("note", "shadowing")
    }

    @Test func aFireTakesEveryVariableInOrder() {
        #expect(
            _DeepVariables.all(of: probe).map(\.name.description)
                == ["order", "count", "ratio", "paid", "small", "maybe", "note", "note"])
    }

    @Test func aConditionGetsOnlyTheNamesItReadsTheLastOfEach() throws {
        let kept = _DeepVariables.named(VariableNames(["note", "count", "missing"]), of: probe) { named in
            (0..<named.count).map { named[$0].any.map { "\($0)" } ?? "-" }
        }
        #expect(kept == ["shadowing", "3", "-"])
    }

    /// The test a probe inlines before it passes a variable (`NameFilter`): never false for
    /// a wanted name, whatever its length (past 63 bytes, too), and false for most others.
    @Test func theNameFilterLetsEveryWantedNameThroughAndFewOthers() {
        let long = String(repeating: "long", count: 20)
        let wanted = VariableNames(["order", "count", "ratio", "paid", "x", "é", long]).filter
        let names: [StaticString] = [
            "order", "count", "ratio", "paid", "x", "é",
            "longlonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglonglong",
        ]
        #expect(names.allSatisfy(wanted.mayContain))
        let others: [StaticString] = ["step", "seed", "state", "total", "i", "index", "self", "customer", "items", "name"]
        #expect(others.filter(wanted.mayContain).count <= 2)
        #expect(others.allSatisfy(NameFilter.everything.mayContain))
    }

    /// A probe's `Int`, `Double` and `Bool` are kept unboxed (`VariableSlots`) and a condition
    /// compares them in place (`Compiler.truth`): each must give what the general evaluator
    /// (an `ExpressionValue` for every node) gives, the same result or the same error.
    @Test(arguments: [
        "count == 3 && note == \"shadowing\"", "order.items[1].sku == \"ink\"", "count > 5", "count < 4", "3 == count",
        "count >= 3.0", "count != 2", "count + 1 == 4", "-count < 0", "ratio < 1", "ratio == 0.5", "paid", "!paid",
        "paid && count <= 3", "paid == true", "small == 2", "small < 3", "maybe == 4", "maybe > 3", "count == \"3\"",
        "paid < 1", "ratio", "count", "missing == 1", "count < missing", "count / 0 == 1", "note < 3", "1 < 2", "true",
    ])
    func aConditionOverOnlyItsNamesGivesWhatItGivesOverAll(_ source: String) throws {
        let condition = try compile(source)
        let general = Result { () throws(ExpressionEvaluationError) in
            try ExpressionOperations.truth(condition.evaluate(_DeepVariables.all(of: probe)), "a condition")
        }
        let named = Result { () throws(ExpressionEvaluationError) in try condition.isTrue(over: probe) }
        let all = Result { () throws(ExpressionEvaluationError) in try condition.isTrue(_DeepVariables.all(of: probe)) }
        #expect(named == general, "\(source)")
        #expect(all == general, "\(source)")
    }
}
