@testable import Deep

/// Captured variables as a probe hands them over.
func variables(_ pairs: KeyValuePairs<StaticString, Any>) -> [_DeepVariable] {
    pairs.map { _DeepVariable(name: .literal($0.key), value: $0.value) }
}

/// `source` parsed and compiled, as a tracepoint's install does.
func compile(_ source: String, redaction: Redaction = Redaction()) throws -> CompiledExpression {
    CompiledExpression(try ExpressionParser.parse(source), redaction: redaction)
}

struct Item { var sku: String; var price: Double; var quantity: Int }

final class Person {
    let name: String
    var age: Int
    var friend: Person?
    init(name: String, age: Int) { self.name = name; self.age = age }
}

enum Status: Equatable { case pending, paid(amount: Double) }

struct Order {
    var id = 7
    var items = [Item(sku: "pen", price: 1.5, quantity: 2), Item(sku: "ink", price: 4, quantity: 1)]
    var note: String? = nil
    var status = Status.paid(amount: 7)
    var tags: [String: Int] = ["rush": 1]
}

extension ActiveTracepoint {
    /// A hit of a probe that passes `variables`.
    func hit(function: ProbeName, variables: [_DeepVariable], queue: SnapshotQueue) -> UInt64 {
        hit(
            function: function,
            variables: { probe in
                variables.forEach { probe.add($0) }
            }, queue: queue)
    }
}
