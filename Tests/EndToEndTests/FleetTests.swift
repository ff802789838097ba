import DeepModel
import Foundation
import Testing

/// Fleet mode against a Deep server speaking the published protocol: `FleetApp`
/// (instrumented by the build plugin, linked with DeepGRPC) polls the test server for
/// tracepoints and sends it snapshots, which the server decodes with Deep's own stubs.
@Suite(.serialized) struct FleetTests {
    private let subtotalLine: Int

    init() throws { subtotalLine = try FixturePackage.line(of: "subtotal", in: "../../FleetApp/Orders.swift") }

    private func tracepoint(
        _ id: String, args: [String: String] = [:], watches: [String] = [],
        targeting: [String: String] = [:]
    ) -> [String: Any] {
        [
            "ID": id, "path": "FleetApp/Orders.swift", "line_number": subtotalLine, "args": args, "watches": watches,
            "targeting": targeting.map { ["key": $0.key, "value": ["string_value": $0.value]] },
        ]
    }

    private func start(against peer: DeepServerPeer) throws -> RunningProgram {
        try RunningProgram(
            FixturePackage.tool("FleetApp"),
            environment: [
                "DEEP_SERVICE_URL": peer.address, "DEEP_SERVICE_SECURE": peer.certificate == nil ? "false" : "true",
                "DEEP_SERVICE_CA_FILE": peer.certificate?.path ?? "", "DEEP_POLL_TIMER": "0.2",
                "DEEP_SERVICE_TIMEOUT": "1", "DEEP_SERVICE_NAME": "fleet-app", "DEEP_SERVICE_AUTH": "Bearer t0ken",
                "DEEP_RESOURCE_ATTRIBUTES": "deployment.environment=test, team=a%2Cb",
            ], arguments: ["stop"])
    }

    private func stop(_ program: RunningProgram) throws -> (status: Int32, output: [String], errors: String) {
        try Data().write(to: program.directory.appendingPathComponent("stop"))
        return program.finish()
    }

    @Test func ourWireSchemaIsThePublishedOne() throws {
        let script = FixturePackage.fixtures.appendingPathComponent("DeepServer/check_schema.py")
        let result = try Command.run(
            "env", TestPython.command([script.path, FixturePackage.repository.appendingPathComponent("Protos").path]))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.components(separatedBy: "\n").filter { $0.hasSuffix("facts)") }.count == 4)
    }

    @Test func pollsFiresAndSendsASnapshotTheServerDecodes() throws {
        let peer = try DeepServerPeer(tracepoints: [
            tracepoint(
                "tp-order", args: ["condition": "order.quantity > 3", "log_msg": "order {order.id} of {order.sku}"],
                watches: ["order.sku", "order.missing"], targeting: ["service.name": "fleet-app"]),
            tracepoint("tp-billing", targeting: ["service.name": "billing"]),
            tracepoint("tp-bad", args: ["fire_count": "lots"]),
            tracepoint("tp-units", args: ["snapshot": "no_collect", "fire_count": "-1", "fire_period": "0"])
                .merging([
                    "metrics": [
                        [
                            "name": "units", "namespace": "fleet", "type": "HISTOGRAM", "expression": "order.quantity",
                            "labelExpressions": [
                                ["key": "sku", "expression": "order.sku"], ["key": "region", "static": ["string_value": "eu"]],
                            ],
                        ]
                    ]
                ]) { $1 },
        ])
        let program = try start(against: peer)
        try program.wait(upTo: 30, for: "a snapshot at the server") { try !peer.snapshots().isEmpty }
        try program.wait(upTo: 10, for: "the status file") {
            try program.status()?.tracepoints.count == 4
        }
        let status = try #require(try program.status())
        let list = try Command.run(FixturePackage.tool("deep").path, ["list"], in: program.directory)
        let (exitStatus, output, _) = try stop(program)
        #expect(exitStatus == 0)
        #expect(output.last == "done")

        let received = try #require(try peer.snapshots().first)
        #expect(received["authorization"] as? String == "Bearer t0ken")
        #expect(received["id_length"] as? Int == 16)
        let snapshot = try #require(received["snapshot"] as? [String: Any])
        #expect(value(snapshot, "tracepoint", "ID") as? String == "tp-order")
        #expect(value(snapshot, "tracepoint", "args", "condition") as? String == "order.quantity > 3")
        #expect(UInt64(snapshot["ts_nanos"] as? String ?? "") ?? 0 > 1_700_000_000_000_000_000)
        #expect(UInt64(snapshot["duration_nanos"] as? String ?? "") ?? 0 > 0)

        // The frame: location, and its variables by reference into var_lookup.
        let lookup = try #require(snapshot["var_lookup"] as? [String: [String: Any]])
        func resolve(_ reference: Any?) -> [String: Any]? { (value(reference, "ID") as? String).flatMap { lookup[$0] } }
        let frame = try #require(value(snapshot, "frames", 0) as? [String: Any])
        #expect((frame["file_name"] as? String)?.hasSuffix("Tests/FleetApp/Orders.swift") == true)
        #expect(frame["method_name"] as? String == "total(of:)")
        #expect(frame["line_number"] as? Int == subtotalLine)
        #expect(frame["app_frame"] as? Bool == true)
        let orderReference = try #require((frame["variables"] as? [[String: Any]])?.first { $0["name"] as? String == "order" })
        let order = try #require(resolve(orderReference))
        #expect(order["type"] as? String == "Order")
        let fields = Dictionary(
            uniqueKeysWithValues: (order["children"] as? [[String: Any]] ?? []).map {
                ($0["name"] as? String ?? "", resolve($0))
            })
        let quantity = try #require(Int(fields["quantity"]??["value"] as? String ?? ""))
        #expect(quantity > 3)
        #expect(fields["unitPrice"]??["value"] as? String == "12.5")
        #expect(fields["sku"]??["type"] as? String == "String")
        let sku = try #require(fields["sku"]??["value"] as? String)
        let id = try #require(fields["id"]??["value"] as? String)
        #expect((value(snapshot, "frames") as? [Any])?.count ?? 0 > 1)
        #expect(value(snapshot, "frames", 1, "method_name") as? String == "FleetApp_main")

        // Watches: a value by reference, an error in words; both from the WATCH source (0,
        // which protobuf JSON leaves out).
        #expect(value(snapshot, "watches", 0, "expression") as? String == "order.sku")
        #expect(resolve(value(snapshot, "watches", 0, "good_result"))?["value"] as? String == sku)
        #expect(value(snapshot, "watches", 0, "source") == nil)
        #expect(value(snapshot, "watches", 1, "expression") as? String == "order.missing")
        #expect((value(snapshot, "watches", 1, "error_result") as? String)?.contains("missing") == true)
        #expect(snapshot["log_msg"] as? String == "order \(id) of \(sku)")

        func attributes(_ list: Any?) -> [String: String] {
            Dictionary(
                uniqueKeysWithValues: (list as? [[String: Any]] ?? []).map { entry in
                    (
                        entry["key"] as? String ?? "",
                        (value(entry, "value", "string_value") ?? value(entry, "value", "int_value")) as? String ?? ""
                    )
                })
        }
        let snapshotAttributes = attributes(snapshot["attributes"])
        #expect(snapshotAttributes["tracepoint"] == "tp-order")
        #expect(snapshotAttributes["line"] == String(subtotalLine))
        #expect(snapshotAttributes["function"] == "total(of:)")
        let resource = attributes(snapshot["resource"])
        #expect(resource["service.name"] == "fleet-app")
        #expect(resource["deployment.environment"] == "test")
        #expect(resource["team"] == "a,b")
        #expect(resource["telemetry.sdk.language"] == "swift")
        #expect(resource["process.name"] == "FleetApp")

        // Polls: the same resource; no hash at first, then the server's.
        let polls = try peer.polls()
        #expect(polls.count >= 2)
        #expect(value(polls.first, "request", "current_hash") == nil)
        let hash = try #require(value(polls.last, "request", "current_hash") as? String)
        #expect(!hash.isEmpty)
        #expect(attributes(value(polls.first, "request", "resource", "attributes")) == resource)
        #expect(polls.allSatisfy { $0["authorization"] as? String == "Bearer t0ken" })

        // Status: one fired (once, its default), one meant for another service, one with a
        // bad argument.
        #expect(status.tracepoint("tp-order")?.state == .completed)
        #expect(status.tracepoint("tp-billing")?.state == .excluded)
        #expect(status.tracepoint("tp-billing")?.message == "targeting: service.name is `fleet-app` in this process, not `billing`")
        #expect(status.tracepoint("tp-bad")?.state == .error)
        #expect(status.tracepoint("tp-bad")?.message == "args.fire_count: `lots` is not a whole number")
        // A metric from the wire (a label's static value and one from an expression), recorded
        // at every call with no snapshot sent.
        let units = try #require(status.tracepoint("tp-units")?.metrics?.first)
        #expect(units.name == "fleet_units" && units.type == .histogram && units.recorded > 0 && units.refused == 0)
        #expect(units.labelSets > 0 && units.labelSets <= 3, "one per sku")
        #expect(try peer.snapshots().allSatisfy { value($0, "snapshot", "tracepoint", "ID") as? String != "tp-units" })
        #expect(status.server?.state == .connected)
        #expect(status.server?.currentHash == hash)
        #expect(list.output.contains("Deep server \(peer.address): connected"))
    }

    /// Deep's `method_name` and `stage` over the wire: the exit of `total(of:)`, found by name
    /// in the program's probe records, with the call's duration and what it returned.
    @Test func aMethodTracepointFromTheServerFiresAtTheMethodsExit() throws {
        let peer = try DeepServerPeer(tracepoints: [
            tracepoint("tp-method", args: ["method_name": "total", "stage": "method_end", "condition": "return > 0"])
        ])
        let program = try start(against: peer)
        try program.wait(upTo: 30, for: "a snapshot at the server") { try !peer.snapshots().isEmpty }
        #expect(try stop(program).status == 0)
        let snapshot = try #require(try peer.snapshots().first?["snapshot"] as? [String: Any])
        #expect(value(snapshot, "tracepoint", "args", "method_name") as? String == "total")
        #expect(value(snapshot, "frames", 0, "line_number") as? Int == subtotalLine + 3)  // the closing brace
        #expect(UInt64(snapshot["duration_nanos"] as? String ?? "") ?? 0 > 0)
        #expect(value(snapshot, "watches", 0, "expression") as? String == "return")
    }

    @Test func tlsWithAPrivateCertificateAuthority() throws {
        let peer = try DeepServerPeer(tracepoints: [tracepoint("tp-tls")], tls: true)
        let program = try start(against: peer)
        try program.wait(upTo: 30, for: "a snapshot over TLS") { try !peer.snapshots().isEmpty }
        #expect(try program.status()?.server?.secure == true)
        #expect(value(try peer.snapshots().first, "snapshot", "tracepoint", "ID") as? String == "tp-tls")
        #expect(try stop(program).status == 0)
    }

    @Test func faultsAtTheServerNeverStopTheProgramAndKeepTheLastGoodSet() throws {
        let peer = try DeepServerPeer(tracepoints: [tracepoint("tp-hot", args: ["fire_count": "-1", "fire_period": "100"])])
        let program = try start(against: peer)
        func server() throws -> ServerStatus? { try program.status()?.server }
        func snapshotsArrive() throws {
            let before = try peer.snapshots().count
            try program.wait(upTo: 30, for: "more snapshots at the server") { try peer.snapshots().count > before + 2 }
        }
        try snapshotsArrive()

        // Each fault fails polls and says how; the tracepoint stays installed and keeps
        // firing (sends still work); a good poll brings the connection back.
        for (mode, error) in [
            ("malformed", "poll failed"), ("huge", "resourceExhausted"),
            ("slow", "deadlineExceeded"), ("error", "refusing polls"),
        ] {
            try peer.misbehave(mode)
            try program.wait(upTo: 30, for: "a failed poll (\(mode))") {
                let current = try server()
                return current?.state == .unreachable && current?.lastError?.contains(error) == true
            }
            #expect(try program.status()?.tracepoints.first?.state == .installed, "\(mode)")
            #expect(try program.status()?.error?.contains("keeping the last good set") == true, "\(mode)")
            try snapshotsArrive()
            try peer.misbehave("ok")
            try program.wait(upTo: 30, for: "a good poll after \(mode)") { try server()?.state == .connected }
        }

        // The server goes away (connections reset): the program runs on, snapshots it cannot
        // send are given up and counted; when the server is back, polls and sends resume.
        peer.kill()
        let printed = program.lines.count
        try program.wait(upTo: 30, for: "snapshots given up") { (try server()?.snapshotsFailed ?? 0) > 0 }
        // The sends may give up before the program's next line: wait for it rather than race it.
        try program.wait(upTo: 30, for: "the program to run on") { program.lines.count > printed }
        #expect(try program.status()?.tracepoints.first?.state == .installed)
        try peer.start()
        try program.wait(upTo: 30, for: "the server back") { try server()?.state == .connected }
        try snapshotsArrive()

        let (exitStatus, output, errors) = try stop(program)
        #expect(exitStatus == 0)
        #expect(output.last == "done")
        #expect(errors.contains("warning deep: [Deep] Deep server \(peer.address): poll failed"))
        #expect(errors.contains("notice deep: [Deep] reached the Deep server at \(peer.address) again"))
    }
}
