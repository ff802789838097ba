import DeepModel
import Foundation
import Testing

/// A tracepoint set on a running program: snapshot content, log, watches, status, live
/// changes, and a program whose output stays its own.
@Suite struct CheckoutTests {
    private var executable: URL { get throws { try FixturePackage.debug.get().executable("Checkout") } }

    private func tracepoints(_ entries: [[String: Any]]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: ["tracepoints": entries]), as: UTF8.self)
    }

    @Test func snapshotOfLocalsWithLogAndWatches() throws {
        let line = try FixturePackage.line(of: "subtotal", in: "Checkout/Store.swift")
        let program = try RunningProgram(
            executable,
            tracepoints: try tracepoints([
                [
                    "id": "big-cart", "path": "Checkout/Store.swift", "line": line,
                    "condition": "quantity >= 3 && customer.name == \"ada\"",
                    "log": "{name} buys {quantity} x {unitPrice} ({cart.count} items)",
                    "watches": ["cart[0].price * 2", "customer.visits", "cart.count > 2", "missing.value"],
                ]
            ]))
        program.send("checkout ada 1 2.5")
        program.send("checkout bob 3 1.0")
        program.send("checkout ada 3 2.0")
        program.send("checkout ada 4 2.0")
        let result = program.finish()

        let plain = try RunningProgram(try FixturePackage.debug.get().executable("CheckoutPlain"))
        plain.send("checkout ada 1 2.5")
        plain.send("checkout bob 3 1.0")
        plain.send("checkout ada 3 2.0")
        plain.send("checkout ada 4 2.0")
        #expect(result.output == plain.finish().output, "the runtime must not write to the program's output")
        #expect(result.output.last == "user code run by capture: 0")

        let snapshots = try program.snapshots()
        try #require(snapshots.count == 1, "fire_count defaults to 1")
        let snapshot = snapshots[0]
        #expect(snapshot.tracepointID == "big-cart")
        #expect(snapshot.path.hasSuffix("Tests/EndToEndTests/Fixtures/Checkout/Store.swift"))
        #expect(snapshot.line == line)
        #expect(snapshot.function == "Store.checkout(customer:quantity:unitPrice:coupon:)")
        #expect(snapshot.id.count == 32)
        #expect(snapshot.timestampNanos > 1_700_000_000_000_000_000)
        #expect(snapshot.log == "ada buys 3 x 2.0 (3 items)")

        #expect(snapshot.variables.map(\.name) == ["self", "name", "quantity", "unitPrice", "coupon", "customer", "cart", "tier"])
        #expect(snapshot.variable("quantity")?.value == "3")
        #expect(snapshot.variable("quantity")?.type == "Int")
        #expect(snapshot.variable("coupon")?.value == "nil")
        #expect(snapshot.variable("tier")?.value == ".standard")
        let cart = try #require(snapshot.variable("cart"))
        #expect(cart.type == "Array<Item>")
        #expect(cart.value == "3 elements")
        #expect(cart.children.first?.name == "[0]")
        #expect(cart.children.first?.children.named("sku")?.value == "sku-3")

        // Stored fields only: no `computed`, no `customMirror`; a cycle is cut and marked.
        let customer = try #require(snapshot.variable("customer"))
        #expect(customer.children.map(\.name) == ["name", "visits", "referrer", "notes"])
        #expect(customer.children.named("visits")?.value == "2")
        let referrer = try #require(customer.children.named("referrer"))
        #expect(referrer.truncated == "cycle")
        #expect(referrer.ref == customer.ref)

        let watches = snapshot.watches
        #expect(watches.map(\.expression) == ["cart[0].price * 2", "customer.visits", "cart.count > 2", "missing.value"])
        #expect(watches[0].value?.value == "4.0")
        #expect(watches[1].value?.value == "2")
        #expect(watches[2].value?.value == "true")
        #expect(watches[3].error?.hasPrefix("unknown name `missing`") == true)

        #expect(snapshot.frames.first?.function == "Store.checkout(customer:quantity:unitPrice:coupon:)")
        #expect(snapshot.frames.first?.line == line)
        #expect(snapshot.caller?.function.contains("main") == true)

        // The log message also goes through swift-log (its default handler: standard error).
        #expect(result.errors.contains("ada buys 3 x 2.0 (3 items)"))
        #expect(result.errors.contains("tracepoint=big-cart"))
    }

    @Test func stringsAreCutAtTheLimitAndMarked() throws {
        let line = try FixturePackage.line(of: "total", in: "Checkout/Store.swift")
        let program = try RunningProgram(
            executable,
            tracepoints: try tracepoints([
                ["id": "t", "path": "Store.swift", "line": line]
            ]))
        program.send("checkout ada 1 1.0")
        program.finish()
        let banner = try #require(try program.snapshots().first?.variable("banner"))
        #expect(banner.value.count == 1024)
        #expect(banner.truncated == "string: 1024 of 2000 characters")
    }

    @Test func theTracepointsFileAppliesBeforeTheFirstLine() throws {
        let line = try FixturePackage.line(of: "first-line", in: "Checkout/main.swift")
        let program = try RunningProgram(
            executable,
            tracepoints: try tracepoints([
                ["id": "start", "path": "main.swift", "line": line, "log": "starting with {handled}"]
            ]))
        let result = program.finish()  // no input: the program ends at once
        #expect(result.status == 0)
        let snapshots = try program.snapshots()
        #expect(snapshots.count == 1, "queued snapshots are flushed at exit")
        #expect(snapshots.first?.log == "starting with 0")
        #expect(snapshots.first?.function == "main")
    }

    /// `shippingCost` is `@inlinable` in another module: its probes use the helpers its file
    /// exports to the modules that compile it.
    @Test func aTracepointInAnotherModulesInlinableCodeFires() throws {
        let line = try FixturePackage.line(of: "shipping-rule", in: "Shipping/Rules.swift")
        let program = try RunningProgram(
            executable,
            tracepoints: try tracepoints([
                ["id": "rule", "path": "Shipping/Rules.swift", "line": line, "log": "weight {weight}"]
            ]))
        program.send("checkout ada 1 2.5")
        #expect(program.finish().status == 0)
        let snapshot = try #require(try program.snapshots().first)
        #expect(snapshot.function == "shippingCost(for:)")
        #expect(snapshot.log == "weight 0.0")
        #expect(snapshot.variable("weight")?.type == "Double")
    }

    @Test func statusExplainsEveryProblem() throws {
        let subtotal = try FixturePackage.line(of: "subtotal", in: "Checkout/Store.swift")
        let program = try RunningProgram(
            executable,
            tracepoints: try tracepoints([
                ["id": "typo", "path": "Store.swift", "line": subtotal, "condition": "ordr.total > 1"],
                ["id": "blank", "path": "Store.swift", "line": 1],
                ["id": "ambiguous", "path": "Rules.swift", "line": 2],
                ["id": "unknown", "path": "Nowhere.swift", "line": 3],
                ["id": "syntax", "path": "Store.swift", "line": subtotal, "condition": "quantity >"],
                ["id": "template", "path": "Store.swift", "line": subtotal, "log": "total {quantity"],
                ["id": "once", "path": "Billing/Rules.swift", "line": 2],
                ["id": "bad-entry", "path": "Store.swift"],
                ["id": "once", "path": "Shipping/Rules.swift", "line": 2],
            ]))
        program.send("checkout ada 1 1.0")
        program.send("checkout ada 1 1.0")
        program.finish()
        let status = try #require(try program.status())
        #expect(status.exited)
        func entry(_ id: String, _ state: TracepointStatus.State) -> String? {
            status.tracepoints.first { $0.id == id && $0.state == state }?.message
        }
        #expect(entry("typo", .error)?.hasPrefix("condition: unknown name `ordr`; in scope: self, name, quantity") == true)
        #expect(entry("blank", .error)?.hasPrefix("location: no code at line 1 of ") == true)
        // The nearest probe-able line is a stored property's initial value.
        let initialValue = try FixturePackage.line(of: "customer-visits", in: "Checkout/Store.swift")
        #expect(entry("blank", .error)?.hasSuffix("Store.swift; nearest is \(initialValue)") == true)
        let ambiguous = try #require(entry("ambiguous", .error))
        #expect(ambiguous.contains("`Rules.swift` matches 2 files:"))
        #expect(ambiguous.contains("Checkout/Billing/Rules.swift") && ambiguous.contains("Fixtures/Shipping/Rules.swift"))
        #expect(entry("unknown", .error)?.contains("no instrumented file matches `Nowhere.swift`") == true)
        #expect(entry("syntax", .error) == "condition: expected a value, found the end at column 11")
        #expect(entry("template", .error)?.hasPrefix("log: `{` has no matching `}`") == true)
        #expect(entry("once", .completed) == "fired 1 of 1 times")
        #expect(entry("once", .error)?.contains("duplicate id") == true)
        #expect(entry("bad-entry", .error) == "invalid tracepoint: missing field `line`")
        let typo = try #require(status.tracepoint("typo"))
        #expect(typo.hits == 1, "a condition that fails stops its tracepoint at the first hit")
        #expect(typo.fires == 0)
    }

    @Test func changesToTheFileTakeEffectWhileTheProgramRuns() throws {
        let line = try FixturePackage.line(of: "billing-rule", in: "Checkout/Billing/Rules.swift")
        let program = try RunningProgram(executable)
        program.send("checkout ada 1 1.0")
        try program.wait(for: "the first receipt") { program.lines.contains("receipt 5.5") }
        #expect(try program.snapshots().isEmpty)

        try program.writeTracepoints(
            try tracepoints([
                [
                    "id": "coupon", "path": "Billing/Rules.swift", "line": line, "fire_count": -1, "fire_period_ms": 0,
                    "condition": "coupon == \"HALF\"",
                ]
            ]))
        try program.wait(for: "the tracepoint to be installed") {
            try program.status()?.tracepoints.first?.state == .installed
        }
        program.send("checkout ada 2 1.0 HALF")
        program.send("checkout ada 2 1.0 NONE")
        try program.wait(for: "a snapshot") { try program.snapshots().count == 1 }

        // A malformed file is reported and the last good set stays.
        try program.writeTracepoints("{\"tracepoints\": [")
        try program.wait(for: "the file error") { try program.status()?.error?.contains("tracepoints.json") == true }
        program.send("checkout ada 3 1.0 HALF")
        try program.wait(for: "a second snapshot") { try program.snapshots().count == 2 }

        // Deleting the file removes every tracepoint.
        try FileManager.default.removeItem(at: program.tracepointsFile)
        try program.wait(for: "no tracepoints") { try program.status()?.tracepoints.isEmpty == true }
        program.send("checkout ada 3 1.0 HALF")
        let result = program.finish()
        #expect(result.status == 0)
        #expect(try program.snapshots().count == 2)
        #expect(try program.snapshots().map { $0.variables.first?.value } == ["HALF", "HALF"])
    }

    /// A frame already inside a loop that makes calls runs the loop's plain copy; a
    /// tracepoint set on a line of the loop takes effect at its next iteration.
    @Test func aTracepointSetDuringALongLoopFiresInThatFrame() throws {
        let line = try FixturePackage.line(of: "spin-round", in: "Checkout/main.swift")
        let program = try RunningProgram(executable)
        program.send("spin 20")
        try program.wait(for: "the loop to start") { program.lines.contains("spinning") }
        try program.writeTracepoints(try tracepoints([["id": "round", "path": "Checkout/main.swift", "line": line]]))
        try program.wait(for: "a snapshot from the running loop") { try !program.snapshots().isEmpty }
        let snapshot = try #require(try program.snapshots().first)
        #expect(snapshot.line == line)
        #expect(snapshot.variable("rounds") != nil)
        #expect(!program.lines.contains { $0.hasPrefix("spun") }, "the frame ended before the tracepoint fired")
    }

    @Test func disabledRuntimeWritesNothing() throws {
        let line = try FixturePackage.line(of: "subtotal", in: "Checkout/Store.swift")
        let program = try RunningProgram(
            executable,
            tracepoints: try tracepoints([
                ["id": "t", "path": "Store.swift", "line": line]
            ]), environment: ["DEEP_DISABLED": "1"])
        program.send("checkout ada 1 1.0")
        let result = program.finish()
        #expect(result.output.contains("receipt 5.5"))
        #expect(try program.snapshots().isEmpty)
        #expect(try program.status() == nil)
    }
}
