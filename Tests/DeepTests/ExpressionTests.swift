import Testing

@testable import Deep

@Suite struct ExpressionTests {
    let scope = variables(["order": Order(), "count": 3, "ratio": 0.5, "name": "Ada", "maybe": Int?.none])

    private func evaluate(_ source: String) throws -> ExpressionValue {
        try compile(source).evaluate(scope)
    }

    private func isTrue(_ source: String) throws -> Bool {
        try compile(source).isTrue(scope)
    }

    @Test func precedenceFollowsTheUsualRules() throws {
        #expect(
            try ExpressionParser.parse("a || b && !c == d + e * f")
                == .binary(
                    .or, .variable("a"),
                    .binary(
                        .and, .variable("b"),
                        .binary(
                            .equal, .unary(.not, .variable("c")),
                            .binary(.add, .variable("d"), .binary(.multiply, .variable("e"), .variable("f")))))))
        #expect(try ExpressionParser.parse("items[0].price") == .member(.subscripted(.variable("items"), .literal(.integer(0))), "price"))
    }

    @Test(arguments: [
        ("count == 3", true), ("count > 2 && ratio < 1", true), ("count + 1 * 2 == 5", true),
        ("(count + 1) * 2 == 8", true), ("count % 2 == 1", true), ("ratio * 4 == 2", true),
        ("name == \"Ada\"", true), ("name != \"Bob\"", true), ("name < \"Bob\"", true),
        ("name.count == 3", true), ("!name.isEmpty", true),
        ("maybe == nil", true), ("order.note == nil", true), ("order.id != nil", true),
        ("order.items.count == 2", true), ("order.items[1].sku == \"ink\"", true),
        ("order.items[0].price * order.items[0].quantity == 3", true),
        ("order.status == \"paid\"", true), ("order.status == \".paid\"", true), ("order.status.amount == 7", true),
        ("order.tags[\"rush\"] == 1", true), ("order.tags[\"none\"] == nil", true),
        ("-count < 0", true), ("count >= 3 || missing", true), ("count < 3 && missing", false),
    ])
    func evaluates(source: String, expected: Bool) throws {
        #expect(try isTrue(source) == expected, "\(source)")
    }

    @Test func resolvedPathsKeepTheirType() throws {
        #expect(try compile("order.items[0].quantity").resolve(scope) is Int)
        #expect(try compile("order.items[0]").resolve(scope) is Item)
    }

    @Test(arguments: [
        ("ordr.id", "unknown name `ordr`; in scope: order, count, ratio, name, maybe"),
        ("order.total", "Order has no stored field `total`"),
        ("order.items[5]", "index 5 is out of range (count 2)"),
        ("count / 0 == 1", "division by zero"),
        ("-(0 - 9223372036854775807 - 1) == 0", "integer overflow in `-`"),  // once a trap, found by fuzzing
        ("name > 3", "cannot apply `>` to a string and an integer"),
        ("count && true", "&& needs a Bool, got an integer"),
        ("maybe.value", "`.value` of nil"),
    ])
    func explainsEvaluationErrors(source: String, message: String) {
        #expect(throws: ExpressionEvaluationError(description: message)) { try evaluate(source) }
    }

    /// `duration` (a `method_end` variable) is in nanoseconds; a literal may carry a unit.
    @Test(
        arguments: [
            ("50ms", 50_000_000), ("1.5s", 1_500_000_000), ("2us", 2_000), ("3µs", 3_000), ("100ns", 100), ("1_000ms", 1_000_000_000),
        ] as [(String, Int64)])
    func durationsAreNanoseconds(literal: String, nanoseconds: Int64) throws {
        #expect(
            try ExpressionParser.parse("duration > \(literal)") == .binary(.greater, .variable("duration"), .literal(.integer(nanoseconds)))
        )
    }

    @Test(arguments: [
        ("count >", "expected a value, found the end", 7),
        ("count == (1", "expected `)`", 11),
        ("\"open", "unterminated string", 0),
        ("a b", "unexpected `b`", 2),
        ("a.", "expected a field name after `.`", 2),
        ("d > 1.5ns", "duration `1.5ns` is out of range or not a whole number of nanoseconds", 4),
        ("d > 10000000000s", "duration `10000000000s` is out of range or not a whole number of nanoseconds", 4),
        ("d > 50sec", "unknown unit `sec` (a duration takes ns, us, ms or s)", 6),
    ])
    func explainsSyntaxErrorsWithTheirPosition(source: String, message: String, offset: Int) {
        #expect(throws: ExpressionSyntaxError(message: message, offset: offset)) { try ExpressionParser.parse(source) }
    }

    @Test func nonBooleanConditionIsAnError() {
        #expect(throws: ExpressionEvaluationError(description: "a condition needs a Bool, got an integer")) {
            try isTrue("count")
        }
    }

    @Test func fieldsAreReadInEveryKindOfValue() throws {
        let owner = Holder(id: 7)
        let branch = Branch(owner: owner)
        let scope = variables(["branch": branch, "pair": Pair(first: 1, second: "two"), "shown": Pair(first: "a", second: 2) as Any])
        for condition in [
            "branch.base == 3",  // the superclass's field
            "branch.owner.id == 7", "branch.watcher.id == 7", "branch.keeper.id == 7",  // strong, weak, unowned
            "pair.second == \"two\"", "shown.first == \"a\"", "shown.second == 2",  // generic, and held as Any
        ] {
            #expect(try compile(condition).isTrue(scope), "\(condition)")
        }
        withExtendedLifetime(owner) {}
    }

    @Test func aNoncopyableFieldIsNeverCopied() throws {
        let box = Drawer()
        #expect(try compile("drawer.count == 2").isTrue(variables(["drawer": box])))
        // The runtime's reflection shows a noncopyable field as `()`.
        #expect(throws: ExpressionEvaluationError(description: "() has no stored field `code`")) {
            try compile("drawer.key.code == 7").isTrue(variables(["drawer": box]))
        }
    }

    @Test func oneFieldStepReadsValuesOfDifferentTypes() throws {
        // The same step meets both layouts; each keeps its own offset.
        let field = try compile("value.id")
        for _ in 0..<2 {
            #expect(try field.resolve(variables(["value": Narrow(id: 1)])) as? Int == 1)
            #expect(try field.resolve(variables(["value": Wide(label: "x", id: 2)])) as? Int == 2)
            #expect(try field.resolve(variables(["value": Optional(Wide(label: "y", id: 3))])) as? Int == 3)
            #expect(throws: ExpressionEvaluationError(description: "Int has no stored field `id`")) {
                try field.resolve(variables(["value": 4]))
            }
        }
    }

    @Test func conditionsReadStoredFieldsOnly() throws {
        let watched = Watched()
        #expect(throws: ExpressionEvaluationError.self) { try compile("w.computed == 1").evaluate(variables(["w": watched])) }
        #expect(Watched.runs == 0)
    }
}

final class Watched {
    nonisolated(unsafe) static var runs = 0
    var stored = 1
    var computed: Int { Watched.runs += 1; return 1 }
}

final class Holder {
    let id: Int
    init(id: Int) { self.id = id }
}

class Ledger {
    var base = 3
}

final class Branch: Ledger {
    let owner: Holder
    weak var watcher: Holder?
    unowned let keeper: Holder

    init(owner: Holder) {
        (self.owner, watcher, keeper) = (owner, owner, owner)
    }
}

struct Pair<First, Second> { var first: First; var second: Second }
struct Narrow { var id: Int }
/// Too large for an `Any`'s inline storage.
struct Wide { var label: String; var note = "wide"; var id: Int }

struct Key: ~Copyable { var code = 7 }

/// A class may store a noncopyable value, which a condition must not copy.
final class Drawer {
    var key = Key()
    var count = 2
}
