import DeepModel
import Testing

@testable import DeepGRPC

@Suite struct SnapshotEncodingTests {
    private func snapshot(variables: [VariableNode], watches: [Snapshot.WatchResult] = []) -> Snapshot {
        Snapshot(
            id: "00112233445566778899aabbccddeeff", tracepointID: "tp", timestampNanos: 7, path: "/src/App/Orders.swift",
            line: 42, function: "total(of:)", thread: "main (1)", variables: variables, watches: watches,
            log: "total 3",
            frames: [
                .init(function: "total(of:)", path: "/src/App/Orders.swift", line: 42),
                .init(function: "start", image: "libc.so.6", address: "0x1"),
            ],
            attributes: ["process.pid": "9"], truncated: nil, durationNanos: 1500)
    }

    @Test func variablesGoIntoTheLookupAndAreReferencedByID() throws {
        let item = VariableNode(
            name: "first", type: "Item", value: "Item",
            children: [
                VariableNode(name: "sku", type: "String", value: "tea")
            ], ref: "0x10")
        let order = VariableNode(
            name: "order", type: "Order", value: "Order",
            children: [
                item, VariableNode(name: "again", type: "Item", value: "Item", ref: "0x10"),
                VariableNode(name: "note", type: "String", value: "long…", truncated: "max_string_length"),
            ])
        let wire = SnapshotEncoding.encode(
            snapshot(variables: [order]), tracepoint: nil, resource: [WireKeyValue("service.name", "orders")])

        #expect(wire.id == SnapshotEncoding.identifier("00112233445566778899aabbccddeeff"))
        #expect(wire.id.count == 16 && wire.id.first == 0x00 && wire.id.last == 0xff)
        #expect(wire.tracepoint.id == "tp")
        #expect(wire.tsNanos == 7 && wire.durationNanos == 1500)
        #expect(wire.logMsg == "total 3")
        #expect(wire.frames.count == 2)
        #expect(wire.frames[0].variables.map(\.name) == ["order"])
        #expect(wire.frames[0].appFrame && !wire.frames[1].appFrame)
        #expect(wire.frames[1].fileName == "libc.so.6" && wire.frames[1].variables.isEmpty)

        let root = try #require(wire.varLookup[wire.frames[0].variables[0].id])
        #expect(root.type == "Order")
        #expect(root.children.map(\.name) == ["first", "again", "note"])
        // The object met twice (same ref) is stored once; both names refer to it.
        #expect(root.children[0].id == root.children[1].id)
        let first = try #require(wire.varLookup[root.children[0].id])
        #expect(first.hash == "0x10")
        #expect(wire.varLookup[first.children[0].id]?.value == "tea")
        #expect(wire.varLookup[root.children[2].id]?.truncated == true)
        #expect(wire.varLookup.count == 4)
        #expect(wire.resource.map(\.key) == ["service.name"])
    }

    @Test func watchesReferToValuesOrCarryTheirError() {
        let wire = SnapshotEncoding.encode(
            snapshot(
                variables: [],
                watches: [
                    .init(expression: "order.total", value: VariableNode(name: "order.total", type: "Double", value: "3.5")),
                    .init(expression: "order.nope", value: nil, error: "unknown name `nope`"),
                ]), tracepoint: nil, resource: [])
        #expect(wire.watches.count == 2)
        #expect(wire.watches[0].goodResult.name == "order.total")
        #expect(wire.varLookup[wire.watches[0].goodResult.id]?.value == "3.5")
        #expect(wire.watches[1].errorResult == "unknown name `nope`")
        #expect(wire.watches.allSatisfy { $0.source == .watch })
    }

    @Test func attributesNameTheTracepointAndLocation() {
        let wire = SnapshotEncoding.encode(snapshot(variables: []), tracepoint: nil, resource: [])
        let attributes = Dictionary(uniqueKeysWithValues: wire.attributes.map { ($0.key, $0.value.text) })
        #expect(
            attributes == [
                "tracepoint": "tp", "path": "/src/App/Orders.swift", "line": "42", "function": "total(of:)",
                "thread_name": "main (1)", "process.pid": "9",
            ])
    }
}
