import DeepModel
import Foundation
import Testing

/// The `deep` command against running instrumented programs: set a tracepoint, read what
/// comes back, list and delete; every refusal and its message; redaction and quotas as an
/// operator sees them.
@Suite struct DeepCommandTests {
    static let tool = FixturePackage.tool("deep")

    private var checkoutManifest: [String] { ["--manifest", FixturePackage.manifestPath(of: "Checkout")] }
    private var policyManifest: [String] { ["--manifest", FixturePackage.manifestPath(of: "Policy")] }

    /// Runs `deep` in the program's directory.
    private func deep(_ arguments: [String], in program: RunningProgram) throws -> Command.Result {
        try Command.run(Self.tool.path, arguments, in: program.directory, separateErrors: true)
    }

    private func start(_ target: String, environment: [String: String] = [:]) throws -> RunningProgram {
        let program = try RunningProgram(try FixturePackage.debug.get().executable(target), environment: environment)
        try program.wait(for: "the program to start") { program.lines.first?.hasSuffix("ready") == true }
        return program
    }

    /// A captured string once reached the terminal raw: escape sequences in it could recolour,
    /// move or retitle the operator's terminal.
    @Test func controlCharactersInCapturedStringsAreShownEscaped() throws {
        let program = try start("Checkout", environment: ["DEEP_CPU_PER_HIT_MS": "1000"])
        let line = try FixturePackage.line(of: "subtotal", in: "Checkout/Store.swift")
        #expect(try deep(["set", "Store.swift:\(line)", "--log", "for {name}"] + checkoutManifest, in: program).status == 0)
        try program.wait(for: "the tracepoint to be installed") {
            try program.status()?.tracepoints.first?.state == .installed
        }
        program.send("checkout \u{1B}]0;owned\u{07}ada 3 2.0")
        try program.wait(for: "the snapshot") { try program.snapshots().count == 1 }
        for command in [["snapshots"], ["snapshots", "--format", "json"]] {
            let output = try deep(command, in: program).output
            #expect(!output.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" }, "\(command)")
        }
        #expect(try deep(["snapshots"], in: program).output.contains("log: for \\u{1B}]0;owned\\u{7}ada"))
        #expect(program.finish().status == 0)
    }

    /// A metric tracepoint counts every call, sends no snapshot, and shows what it recorded
    /// in the status file and `deep list`, with no metrics backend bootstrapped.
    @Test func metricTracepointsRecordAndShowWhatTheyRecorded() throws {
        let program = try start("Checkout")
        let line = try FixturePackage.line(of: "subtotal", in: "Checkout/Store.swift")
        let set = try deep(
            [
                "set", "Store.swift:\(line)", "--id", "sizes",
                "--metric", "name=checkout_items type=histogram value=quantity labels=customer:name help=items per checkout",
                "--metric", "name=checkouts namespace=shop",
            ] + checkoutManifest, in: program)
        #expect(set.status == 0, "\(set.error)")
        let file = try JSONDecoder().decode([String: [Tracepoint]].self, from: Data(contentsOf: program.tracepointsFile))
        let written = try #require(file["tracepoints"]?.first)
        #expect((written.snapshot, written.fireCount, written.firePeriodMilliseconds) == (false, -1, 0))
        #expect(written.metrics.map(\.qualifiedName) == ["checkout_items", "shop_checkouts"])
        #expect(written.metrics.first?.labels == ["customer": "name"] && written.metrics.first?.help == "items per checkout")

        try program.wait(for: "the tracepoint to be installed") { try program.status()?.tracepoint("sizes")?.state == .installed }
        for order in ["ada 3 2.0", "bob 1 1.0", "ada 2 2.0"] { program.send("checkout \(order)") }
        try program.wait(for: "three values recorded") {
            try program.status()?.tracepoint("sizes")?.metrics?.first?.recorded == 3
        }
        let metrics = try #require(try program.status()?.tracepoint("sizes")?.metrics)
        #expect(metrics.map(\.name) == ["checkout_items", "shop_checkouts"])
        #expect((metrics[0].sum, metrics[0].last, metrics[0].labelSets, metrics[0].refused) == (6, 2, 2, 0))
        #expect((metrics[1].recorded, metrics[1].sum) == (3, 3))
        #expect(try program.snapshots().isEmpty)

        let listed = try deep(["list"], in: program).output
        #expect(listed.contains("metric checkout_items (histogram): 3 recorded, sum 6, last 2, 2 label sets"), "\(listed)")
        #expect(listed.contains("metric shop_checkouts (counter): 3 recorded, sum 3, last 1"), "\(listed)")

        let noValue = try deep(["set", "Store.swift:\(line)", "--metric", "name=cart type=gauge"] + checkoutManifest, in: program)
        #expect(noValue.status != 0 && noValue.error.contains("a gauge metric needs an expression"), "\(noValue.error)")
        let badLabel = try deep(["set", "Store.swift:\(line)", "--metric", "name=c labels=who:name."] + checkoutManifest, in: program)
        #expect(badLabel.status == 1 && badLabel.error.contains("metric c label who"), "\(badLabel.error)")
        #expect(program.finish().status == 0)
    }

    @Test func setSeeTheSnapshotListAndDelete() throws {
        // What the command shows is under test here, not the CPU budget per hit (that has its
        // own test): a debug build's first capture on a busy CI machine can pass 5 ms.
        let program = try start("Checkout", environment: ["DEEP_CPU_PER_HIT_MS": "1000"])
        let line = try FixturePackage.line(of: "subtotal", in: "Checkout/Store.swift")
        let set = try deep(
            [
                "set", "Checkout/Store.swift:\(line)", "--id", "big-cart",
                "--condition", "quantity >= 3", "--log", "{name} buys {quantity}", "--watch", "cart.count",
            ] + checkoutManifest, in: program)
        #expect(set.status == 0, "\(set.error)")
        #expect(set.output == "big-cart\n")
        #expect(set.error.hasPrefix("set big-cart at ") && set.error.contains("Checkout/Store.swift:\(line)"))
        let file = try JSONDecoder().decode([String: [Tracepoint]].self, from: Data(contentsOf: program.tracepointsFile))
        let written = file["tracepoints"]?.first
        #expect(written?.condition == "quantity >= 3")
        #expect(written?.created != nil, "the default expiry counts from here")

        try program.wait(for: "the tracepoint to be installed") {
            try program.status()?.tracepoints.first?.state == .installed
        }
        program.send("checkout bob 1 1.0")
        program.send("checkout ada 3 2.0")
        try program.wait(for: "the snapshot") { try program.snapshots().count == 1 }

        let text = try deep(["snapshots"], in: program)
        #expect(text.status == 0)
        let lines = text.output.components(separatedBy: "\n")
        #expect(
            lines[0].hasPrefix("── ")
                && lines[0].contains("big-cart  Store.swift:\(line)  Store.checkout(customer:quantity:unitPrice:coupon:)"))
        #expect(lines[1] == "log: ada buys 3")
        #expect(lines.contains("quantity: Int = 3"))
        #expect(lines.contains("name: String = \"ada\""))
        #expect(lines.contains("cart: Array<Item> = 3 elements"))
        #expect(lines.contains("  [0]: Item"))
        #expect(lines.contains { $0.hasPrefix("    referrer: Optional<Customer> = Customer @ 0x") && $0.hasSuffix("… (cycle)") })
        #expect(lines.contains("watches:") && lines.contains("  cart.count: Int = 3"))

        let json = try deep(["snapshots", "--format", "json", "--tracepoint", "big-cart"], in: program)
        let snapshot = try JSONDecoder().decode(Snapshot.self, from: Data(json.output.utf8))
        #expect(snapshot.log == "ada buys 3")
        let id = snapshot.id
        #expect(try deep(["snapshots", "--tracepoint", "other"], in: program).output.isEmpty)

        let shown = try deep(["show", String(id.prefix(8))], in: program)
        #expect(shown.status == 0)
        #expect(shown.output.hasPrefix("── \(id)  big-cart  "))
        #expect(shown.output.contains("\nframes:\n  Store.checkout(customer:quantity:unitPrice:coupon:)  "))
        #expect(shown.output.contains("\nattributes:\n") && shown.output.contains("  process.pid = \(program.process.processIdentifier)"))

        try program.wait(for: "the status to count the fire") {
            try program.status()?.tracepoints.first?.state == .completed
        }
        let list = try deep(["list"], in: program)
        let listed = list.output.components(separatedBy: "\n")
        #expect(
            listed[0].split(separator: " ", omittingEmptySubsequences: true) == ["ID", "LOCATION", "KIND", "CONDITION", "HITS", "FIRES"])
        #expect(listed[1].hasPrefix("big-cart  Checkout/Store.swift:\(line)  snapshot+log  quantity >= 3"))
        #expect(listed[1].hasSuffix("  2     1"))
        #expect(listed[2] == "    pid \(program.process.processIdentifier) Checkout: completed; fired 1 of 1 times")
        let listJSON = try deep(["list", "--format", "json"], in: program)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listJSON.output.utf8)) as? [[String: Any]])
        #expect(value(rows, 0, "processes", 0, "status", "fires") as? Int == 1)
        #expect(value(rows, 0, "processes", 0, "running") as? Bool == true)

        let deleted = try deep(["delete", "big-cart"], in: program)
        #expect(deleted.status == 0 && deleted.output == "big-cart\n")
        try program.wait(for: "the runtime to drop it") {
            try program.status()?.tracepoints.isEmpty == true
        }
        #expect(try deep(["list"], in: program).output.hasPrefix("No tracepoints in "))
        #expect(program.finish().status == 0)
    }

    /// `--method` finds a function in the manifests by the name a snapshot gives it; at
    /// `method_end` the snapshot has the call's duration, which the condition can test.
    @Test func methodTracepointsAreSetByName() throws {
        let program = try start("Checkout", environment: ["DEEP_CPU_PER_HIT_MS": "1000"])
        defer { _ = program.finish() }
        let exit = try FixturePackage.line(of: "total", in: "Checkout/Store.swift") + 3  // the closing brace
        let set = try deep(
            [
                "set", "--method", "Store.checkout", "--stage", "method_end", "--id", "slow", "--condition",
                "duration > 1ns && quantity >= 3",
            ]
                + checkoutManifest, in: program)
        #expect(set.status == 0, "\(set.error)")
        #expect(set.error.contains("Checkout/Store.swift:\(exit) (exit of Store.checkout)"), "\(set.error)")
        let written = try JSONDecoder().decode([String: [Tracepoint]].self, from: Data(contentsOf: program.tracepointsFile))["tracepoints"]
        #expect(written?.first?.methodName == "Store.checkout" && written?.first?.stage == .methodEnd)
        try program.wait(for: "the tracepoint to be installed") { try program.status()?.tracepoints.first?.state == .installed }
        program.send("checkout bob 1 1.0")
        program.send("checkout ada 3 2.0")
        try program.wait(for: "the snapshot") { try program.snapshots().count == 1 }
        let snapshot = try #require(try program.snapshots().first)
        #expect(snapshot.line == exit && snapshot.variable("quantity")?.value == "3")
        let duration = UInt64(try #require(snapshot.variable("duration")?.value))
        #expect(duration != nil && duration == snapshot.durationNanos)
        #expect(snapshot.watches.first { $0.expression == "return" }?.value?.type == "Receipt")
        let listed = try deep(["list"], in: program).output.components(separatedBy: "\n")
        #expect(listed[1].hasPrefix("slow  Store.checkout exit  snapshot  duration > 1ns && quantity >= 3"), "\(listed)")

        let unknown = try deep(["set", "--method", "checkot"] + checkoutManifest, in: program)
        #expect(unknown.status == 1)
        #expect(
            unknown.error.hasPrefix(
                "deep: no instrumented function is named `checkot`; nearest are Store.checkout(customer:quantity:unitPrice:coupon:)"))
        let capture = try deep(
            ["set", "--method", "checkout", "--stage", "method_capture", "--id", "captured"] + checkoutManifest, in: program)
        #expect(capture.status == 0 && capture.error.contains("(entry to exit of checkout)"), "\(capture.error)")
        try program.wait(for: "method_capture to be installed") { try program.status()?.tracepoint("captured")?.state == .installed }
        program.send("checkout cy 2 1.0")
        try program.wait(for: "the method_capture snapshot") { try program.snapshots().contains { $0.tracepointID == "captured" } }
        let captured = try #require(try program.snapshots().first { $0.tracepointID == "captured" })
        #expect(
            captured.line == exit && captured.variable("name")?.value.contains("cy") == true && captured.durationNanos != nil, "\(captured)"
        )
        #expect(captured.watches.first { $0.expression == "return" }?.value?.type == "Receipt")
        let lineEnd = try deep(["set", "--method", "checkout", "--stage", "line_end"] + checkoutManifest, in: program)
        #expect(
            lineEnd.error.hasPrefix("Error: --method takes a method stage: method_start, method_end or method_capture\n"),
            "\(lineEnd.error)")
        let spanAtEntry = try deep(
            ["set", "--method", "checkout", "--stage", "method_start", "--span", "method"] + checkoutManifest, in: program)
        #expect(spanAtEntry.error.contains("--span method covers the call, so it is recorded at the method's exit"), "\(spanAtEntry.error)")
        let spanned = try deep(
            ["set", "--method", "checkout", "--span", "method", "--id", "spanned", "--format", "json"] + checkoutManifest, in: program)
        let spannedTracepoint = try JSONDecoder().decode(Tracepoint.self, from: Data(spanned.output.utf8))
        #expect(spannedTracepoint.span == .method && spannedTracepoint.stage == .methodEnd)
        let noLine = try deep(["set", "Store.swift"] + checkoutManifest, in: program)
        #expect(noLine.status != 0 && noLine.error.contains("give the line: Store.swift:LINE, or --method NAME"), "\(noLine.error)")
    }

    @Test func manifestsBelowTheDirectoryAreFoundAndFollowPrintsNewSnapshots() throws {
        let program = try start("Checkout")
        let build = program.directory.appendingPathComponent("build/Checkout")
        try FileManager.default.createDirectory(at: build, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: FixturePackage.manifestPath(of: "Checkout")),
            to: build.appendingPathComponent("deep-manifest.json"))
        let follower = try RunningProgram(
            Self.tool, environment: ["DEEP_SNAPSHOTS": program.snapshotsFile.path],
            arguments: ["snapshots", "--follow"])
        let line = try FixturePackage.line(of: "subtotal", in: "Checkout/Store.swift")
        let set = try deep(["set", "Store.swift:\(line)", "--id", "followed", "--fire-count", "2", "--fire-period", "0"], in: program)
        #expect(set.status == 0, "\(set.error)")
        try program.wait(for: "the tracepoint to be installed") {
            try program.status()?.tracepoints.first?.state == .installed
        }
        program.send("checkout ada 1 2.0")
        try follower.wait(for: "the first snapshot to be printed") { follower.lines.contains("name: String = \"ada\"") }
        program.send("checkout bob 2 2.0")
        try follower.wait(for: "the second snapshot to be printed") { follower.lines.contains("name: String = \"bob\"") }
        #expect(follower.lines.filter { $0.hasPrefix("── ") && $0.contains("  followed  Store.swift:\(line)  ") }.count == 2)
        follower.process.terminate()
        #expect(program.finish().status == 0)
    }

    @Test func refusalsSayWhatIsWrongAndWriteNothing() throws {
        let program = try start("Checkout")
        defer { _ = program.finish() }
        let line = try FixturePackage.line(of: "subtotal", in: "Checkout/Store.swift")
        let both = checkoutManifest + ["--manifest", FixturePackage.manifestPath(of: "Shipping")]
        func refusal(_ arguments: [String]) throws -> (Int32, String) {
            let result = try deep(arguments, in: program)
            #expect(result.output.isEmpty)
            return (result.status, result.error)
        }
        let store = try #require(FixturePackage.fixtures.appendingPathComponent("Checkout/Store.swift").path as String?)
        #expect(
            try refusal(["set", "Nowhere.swift:3"] + checkoutManifest) == (
                1,
                "deep: no instrumented file matches `Nowhere.swift`; give a path that ends with whole path components of an instrumented file\n"
            ))
        #expect(
            try refusal(["set", "tore.swift:\(line)"] + checkoutManifest).1.hasPrefix("deep: no instrumented file matches `tore.swift`"))
        let ambiguous = try refusal(["set", "Rules.swift:5"] + both)
        #expect(ambiguous.0 == 1)
        #expect(
            ambiguous.1.hasPrefix("deep: `Rules.swift` matches 2 files: ")
                && ambiguous.1.contains("Fixtures/Checkout/Billing/Rules.swift, ")
                && ambiguous.1.hasSuffix("Fixtures/Shipping/Rules.swift; give more of the path\n"))
        #expect(try refusal(["set", "Store.swift:1"] + checkoutManifest).1.hasPrefix("deep: no code at line 1 of \(store); nearest is "))
        let probed = try #require(try FixturePackage.debug.get().manifests["Checkout"]?.files.first { $0.path == "Store.swift" }?.lines)
        let gap = try #require(probed.first { !probed.contains($0 + 1) && $0 < probed.last! }) + 1
        let between = try refusal(["set", "Store.swift:\(gap)"] + checkoutManifest)
        #expect(between.1.hasSuffix("; nearest probed lines are \(gap - 1) and \(probed.first { $0 > gap }!)\n"), "\(between.1)")
        #expect(
            try refusal(["set", "Store.swift:\(line)", "--condition", "quantity >="] + checkoutManifest) == (
                1,
                """
                deep: condition does not parse: expected a value, found the end at column 12
                  quantity >=
                             ^

                """
            ))
        #expect(
            try refusal(["set", "Store.swift:\(line)", "--log", "{name} buys {quantity"] + checkoutManifest) == (
                1,
                """
                deep: log template does not parse: `{` has no matching `}` at column 13
                  {name} buys {quantity
                              ^

                """
            ))
        #expect(
            try refusal(["set", "Store.swift:\(line)", "--watch", "cart[0"] + checkoutManifest).1
                .hasPrefix("deep: watch does not parse: expected `]`"))
        // Once a stack overflow in the parser: now an error, its excerpt bounded.
        let nested = String(repeating: "(", count: 50_000) + "quantity" + String(repeating: ")", count: 50_000)
        let tooDeep = try refusal(["set", "Store.swift:\(line)", "--condition", nested] + checkoutManifest)
        #expect(tooDeep.0 == 1 && tooDeep.1.hasPrefix("deep: condition does not parse: longer than 1000 characters (100008)"))
        #expect(tooDeep.1.count < 400)
        #expect(
            try refusal(
                [
                    "set", "Store.swift:\(line)", "--condition",
                    String(repeating: "(", count: 40) + "quantity"
                        + String(repeating: ")", count: 40),
                ] + checkoutManifest
            ).1
                .hasPrefix("deep: condition does not parse: nested more than 32 levels deep"))
        #expect(
            try refusal(["set", "Store.swift:\(line)", "--log", "total: }"] + checkoutManifest).1
                .hasPrefix("deep: log template does not parse: `}` has no matching `{`"))
        #expect(try refusal(["set", "Store.swift:\(line)", "--id", ""] + checkoutManifest).1.contains("--id must be a name"))
        #expect(
            try refusal(["set", "Store.swift:\(line)", "--fire-count", "-5"] + checkoutManifest).1
                .contains("give a number of 1 or more, or unlimited"))
        #expect(
            try refusal(["set", "Store.swift:\(line)", "--until", "-5m"] + checkoutManifest).1
                .contains("a duration must be more than 0"))
        #expect(
            try refusal(["set", "Store.swift:\(line)", "--until", "2020-01-01T00:00:00Z"] + checkoutManifest).1
                .contains("it is in the past"))
        #expect(try refusal(["set", "Store.swift:\(line)"]).0 == 66, "no manifest below the program's directory")
        #expect(try refusal(["set", "Store.swift"] + checkoutManifest).0 == 64)
        #expect(
            try refusal(["set", "Store.swift:\(line)", "--no-snapshot"] + checkoutManifest).1
                .contains("--no-snapshot without --log, --watch or --metric would capture nothing"))
        #expect(try refusal(["delete", "nope"]) == (1, "deep: no tracepoint `nope`; there are no tracepoints (nothing was deleted)\n"))
        #expect(!FileManager.default.fileExists(atPath: program.tracepointsFile.path), "nothing was written")

        try "{ not json".write(to: program.tracepointsFile, atomically: true, encoding: .utf8)
        let malformed = try refusal(["set", "Store.swift:\(line)"] + checkoutManifest)
        #expect(malformed.0 == 65 && malformed.1.contains("fix or remove"))
        #expect(try String(contentsOf: program.tracepointsFile, encoding: .utf8) == "{ not json", "left as it was")

        // An entry that is not an object is kept, as is every other entry.
        try #"{"tracepoints": [42, {"id": "kept", "path": "Store.swift", "line": \#(line)}]}"#
            .write(to: program.tracepointsFile, atomically: true, encoding: .utf8)
        #expect(try deep(["set", "Store.swift:\(line)", "--id", "new"] + checkoutManifest, in: program).status == 0)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: program.tracepointsFile)) as? [String: Any])
        let kept = try #require(entries["tracepoints"] as? [Any])
        #expect(kept.count == 3 && kept[0] as? Int == 42)
        #expect(kept.compactMap { ($0 as? [String: Any])?["id"] as? String } == ["kept", "new"])
    }

    @Test func secretsAreRedactedInSnapshotsLogsAndWatches() throws {
        let program = try start("Policy")
        let line = try FixturePackage.line(of: "sign-in", in: "Policy/Accounts.swift")
        let set = try deep(
            [
                "set", "Accounts.swift:\(line)", "--id", "sign-in",
                "--log", "{account.owner} with {account.password} and {account.login}",
                "--watch", "account.headers", "--watch", "account.login.sessionToken",
            ] + policyManifest, in: program)
        #expect(set.status == 0, "\(set.error)")
        try program.wait(for: "the tracepoint to be installed") {
            try program.status()?.tracepoints.first?.state == .installed
        }
        program.send("sign-in")
        try program.wait(for: "the snapshot") { try program.snapshots().count == 1 }
        let text = try deep(["snapshots"], in: program).output
        #expect(text.contains("\nlog: ada with <redacted> and Login(user: ada@example.com, sessionToken: <redacted>, attempts: 1)\n"))
        #expect(text.contains("\n  password: String = <redacted>\n"))
        #expect(text.contains("\n    sessionToken: String = <redacted>\n"))
        #expect(text.contains("\n    [Authorization]: String = <redacted>\n"))
        #expect(text.contains("\n    [Accept]: String = \"application/json\"\n"))
        #expect(text.contains("\n  account.login.sessionToken: String = <redacted>\n"))
        let everything = try String(contentsOf: program.snapshotsFile, encoding: .utf8)
        for secret in ["correct horse", "st-93f1", "eyJhbGciOi"] { #expect(!everything.contains(secret)) }

        let conditioned = try deep(
            [
                "set", "Accounts.swift:\(line)", "--id", "guess", "--condition", "account.password == \"hunter2\"",
            ] + policyManifest, in: program)
        #expect(conditioned.status == 0)
        try program.wait(for: "the tracepoint to be installed") {
            try program.status()?.tracepoint("guess") != nil
        }
        program.send("sign-in")
        try program.wait(for: "the condition error") {
            try deep(["list"], in: program).output.contains(
                "error; condition: `password` is redacted and cannot be used in an expression")
        }
        #expect(program.finish().status == 0)
    }

    @Test func aHotLineIsThrottledAndItsProbeSwitchedOff() throws {
        let program = try start("Policy")
        let line = try FixturePackage.line(of: "hot", in: "Policy/Hot.swift")
        program.send("hot 1")
        try program.wait(for: "a plain rate") { program.lines.contains { $0.hasPrefix("iterations ") } }
        let plain = Self.rates(program.lines)
        let set = try deep(
            ["set", "Hot.swift:\(line)", "--id", "hot", "--fire-count", "unlimited", "--fire-period", "0"] + policyManifest,
            in: program)
        #expect(set.status == 0, "\(set.error)")
        try program.wait(for: "the tracepoint to be installed") {
            try program.status()?.tracepoints.first?.state == .installed
        }
        let before = program.lines.count
        program.send("hot 2")
        try program.wait(for: "the throttled run") { program.lines.count > before && program.lines.last?.hasPrefix("iterations ") == true }
        let throttled = Self.rates(Array(program.lines[before...]))
        let iterations = Int(program.lines.last!.split(separator: " ")[1])!
        try program.wait(for: "the status to say it was throttled") {
            try program.status()?.tracepoints.first?.message?.hasPrefix("throttled ") == true
        }
        let status = try #require(try program.status()?.tracepoints.first)
        #expect(status.state == .installed)
        #expect(status.message?.hasPrefix("throttled ") == true)
        #expect(status.message?.hasSuffix("times, last by the process-wide snapshot rate (20/s)") == true)
        #expect(status.hits * 1000 < iterations, "a throttled probe is switched off: \(status.hits) hits in \(iterations) iterations")
        #expect(try program.snapshots().count >= 10)
        print(
            "hot loop, iterations per second (median of 100 ms windows): plain \(plain), with a throttled snapshot tracepoint \(throttled)")
        #expect(program.finish().status == 0)
    }

    /// The median of the `rate` lines.
    private static func rates(_ lines: [String]) -> Int {
        let rates = lines.compactMap { $0.hasPrefix("rate ") ? Int($0.dropFirst(5)) : nil }.sorted()
        return rates.isEmpty ? 0 : rates[rates.count / 2]
    }

    @Test func aTracepointOverItsCPUBudgetIsDisabled() throws {
        let program = try start("Policy", environment: ["DEEP_CPU_PER_HIT_MS": "0.000001"])
        let line = try FixturePackage.line(of: "sign-in", in: "Policy/Accounts.swift")
        #expect(
            try deep(
                ["set", "Accounts.swift:\(line)", "--fire-count", "unlimited", "--fire-period", "0"] + policyManifest,
                in: program
            ).status == 0)
        try program.wait(for: "the tracepoint to be installed") {
            try program.status()?.tracepoints.first?.state == .installed
        }
        for _ in 0..<5 { program.send("sign-in") }
        try program.wait(for: "the tracepoint to be disabled") {
            try deep(["list"], in: program).output.contains(
                ": disabled; disabled: 3 fires in a row took more than the CPU budget of 0.0 ms per hit")
        }
        #expect(try program.snapshots().count == 3)
        #expect(program.finish().status == 0)
    }

    /// `deep ui` runs deep-ui, found beside deep, with its arguments: deep-ui's own check
    /// answers (the page itself: DeepUITests and scripts/ui-check).
    @Test func uiRunsDeepUIWithItsArguments() throws {
        let result = try Command.run(Self.tool.path, ["ui", "--port", "70000"], separateErrors: true)
        #expect(result.status == 64)
        #expect(result.error.contains("--port must be from 0 to 65535"), "\(result.error)")
        let help = try Command.run(Self.tool.path, ["ui", "--help"])
        #expect(help.output.contains("USAGE: deep ui [--host <host>] [--port <port>]"), "\(help.output)")
    }
}
