import Atomics
import Testing

@testable import Deep

@Suite struct CaptureTests {
    private func capture(_ value: Any, limits: CaptureLimits = CaptureLimits()) -> VariableNode? {
        var capturer = VariableCapturer(limits: limits, redaction: Redaction())
        return capturer.node(named: "v", value, depth: 1)
    }

    /// What a hit may leave for the agent to read (`TypeFacts.detachable`): values whose copy
    /// shares nothing the program can change, and nothing that holds an object.
    @Test func onlyValuesThatCannotChangeAreDetachable() {
        struct Plain { var id: Int; var name: String; var tags: [String]; var scores: [String: [Double]]; var note: String? }
        struct Nested { var plain: Plain; var pair: (Int, String); var children: [Nested] }
        struct Holding { var id: Int; var person: Person }
        struct Weak { weak var person: Person? }
        struct Raw { var person: Unmanaged<Person> }
        struct Unowned { unowned(unsafe) let person: Person }
        enum Flag { case on, off }
        let person = Person(name: "Ada", age: 36)
        let plain = Plain(id: 1, name: "a", tags: [], scores: [:], note: nil)
        let detachable: [Any] = [
            1, 2.5, true, "text", [1, 2], ["a": 1], Int?.none as Any, plain,
            Nested(plain: plain, pair: (1, "b"), children: []), Flag.on, UnsafePointer<Int>?.none as Any,
            1..<3,
        ]
        let attached: [Any] = [
            person, Holding(id: 1, person: person), [person], Person?.some(person) as Any,
            Weak(person: person), Raw(person: .passUnretained(person)), Unowned(person: person),
            CollectionOfOne(Unmanaged.passUnretained(person)), ["a": person], (1, person), { () in 1 },
        ]
        for value in detachable { #expect(TypeFacts.of(value).detachable, "\(type(of: value))") }
        for value in attached { #expect(!TypeFacts.of(value).detachable, "\(type(of: value))") }
    }

    @Test func scalarsHaveTypeAndValue() {
        #expect(capture(42) == VariableNode(name: "v", type: "Int", value: "42"))
        #expect(capture(UInt8(7))?.value == "7")
        #expect(capture(2.5) == VariableNode(name: "v", type: "Double", value: "2.5"))
        #expect(capture(true)?.value == "true")
        #expect(capture("hi") == VariableNode(name: "v", type: "String", value: "hi"))
        #expect(capture(Int?.none as Any) == VariableNode(name: "v", type: "Optional<Int>", value: "nil"))
        #expect(capture(Int?.some(3) as Any) == VariableNode(name: "v", type: "Optional<Int>", value: "3"))
    }

    @Test func structsEnumsAndCollectionsBecomeTrees() throws {
        let order = try #require(capture(Order()))
        #expect(order.type == "Order")
        #expect(order.children.map(\.name) == ["id", "items", "note", "status", "tags"])
        let items = order.children[1]
        #expect(items.value == "2 elements")
        #expect(items.children.map(\.name) == ["[0]", "[1]"])
        #expect(items.children[0].children.map(\.value) == ["pen", "1.5", "2"])
        let status = order.children[3]
        #expect(status.value == ".paid")
        #expect(status.children == [VariableNode(name: "amount", type: "Double", value: "7.0")])
        #expect(order.children[4].children == [VariableNode(name: "[rush]", type: "Int", value: "1")])
        #expect(capture((1, label: "x"))?.children.map(\.name) == [".0", "label"])
    }

    @Test func objectsCarryAnIdentityAndCyclesAreCut() throws {
        let ada = Person(name: "Ada", age: 36)
        let bob = Person(name: "Bob", age: 40)
        ada.friend = bob
        bob.friend = ada
        let node = try #require(capture([ada, bob]))
        let first = node.children[0]
        #expect(first.ref != nil && first.value.hasPrefix("Person @ 0x"))
        let friend = try #require(first.children.first { $0.name == "friend" })
        #expect(friend.ref == node.children[1].ref, "the same object, the same ref")
        let back = try #require(friend.children.first { $0.name == "friend" })
        #expect(back.ref == first.ref && back.truncated == "cycle" && back.children.isEmpty)
        // Bob is shown in full in both places: shared, not cyclic there.
        #expect(node.children[1].children.count == 3)
    }

    @Test func everyLimitIsMarked() throws {
        var limits = CaptureLimits()
        limits.maxDepth = 2
        limits.maxCollectionSize = 3
        limits.maxStringLength = 4
        let deep = try #require(capture(Order(), limits: limits))
        #expect(deep.children[1].truncated == "depth: 2" && deep.children[1].children.isEmpty)
        let list = try #require(capture(Array(0..<10), limits: limits))
        #expect(list.children.count == 3 && list.truncated == "collection: 3 of 10 elements")
        let text = try #require(capture("abcdefgh", limits: limits))
        #expect(text.value == "abcd" && text.truncated == "string: 4 of 8 characters")

        limits = CaptureLimits()
        limits.maxVariables = 4
        var capturer = VariableCapturer(limits: limits, redaction: Redaction())
        let captured = variables(["a": 1, "b": [1, 2, 3, 4], "c": 3]).compactMap { capturer.capture($0) }
        #expect(captured.map(\.name) == ["a", "b"])
        #expect(captured[1].children.count == 2)
        #expect(capturer.cut == "variables: 4")
    }

    @Test func noUserCodeRuns() throws {
        let node = try #require(capture(Sneaky()))
        #expect(node.children.map(\.name) == ["stored"])
        #expect(Sneaky.runs == 0)
        #expect(InlineRenderer(redaction: Redaction()).render(Sneaky()) == "Sneaky(stored: 1)")
        #expect(Sneaky.runs == 0)
    }

    @Test func lockGuardedValuesAreNotOpened() throws {
        let node = try #require(capture(Guarded()))
        let counter = try #require(node.children.first)
        #expect(counter.type == "ManagedAtomic<Int>" && counter.children.isEmpty)
    }

    @Test func unreadableValuesShowTheirType() throws {
        func capture(nonEscaping body: () -> Void) -> VariableNode? {
            var capturer = VariableCapturer(limits: CaptureLimits(), redaction: Redaction())
            return _DeepVariables.all { $0.capture("body", body) }.first.flatMap { capturer.capture($0) }
        }
        #expect(capture(nonEscaping: {}) == VariableNode(name: "body", type: "() throws -> ()", value: "<function>"))
        let escaping: (Int) -> Int = { $0 }
        #expect(self.capture(escaping)?.value == "(Int) -> Int", "an escaping function value is shown by its type")
    }
}

final class Guarded { let counter = ManagedAtomic(0) }

/// A type whose every customisation point has a side effect.
struct Sneaky: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    nonisolated(unsafe) static var runs = 0
    var stored = 1
    var computed: Int { Sneaky.runs += 1; return 2 }
    var description: String { Sneaky.runs += 1; return "sneaky" }
    var debugDescription: String { Sneaky.runs += 1; return "sneaky" }
    var customMirror: Mirror { Sneaky.runs += 1; return Mirror(self, children: []) }
}
