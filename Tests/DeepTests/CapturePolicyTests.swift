import Foundation
import Testing

@testable import Deep

struct Account {
    var owner = "ada"
    var password = "hunter2"
    var apiKey = "k-123"
    var tokenCount = 3
    var headers = ["Authorization": "Bearer abc", "Accept": "json"]
    var login = Login()
}

struct Login {
    var user = "ada"
    var sessionToken = "s-456"
}

struct Credentials { var host = "db"; var user = "app" }

@Suite struct RedactionTests {
    let redaction = Redaction(excludedNames: ["tokenCount"], neverCapturedTypes: ["Credentials"])

    @Test(arguments: ["password", "userPassword", "db_password", "X-Api-Key", "$secret", "@token", "[\"Authorization\"]", "cookie"])
    func secretNames(name: String) {
        #expect(redaction.isSecret(name))
    }

    @Test(arguments: ["passwordPolicy", "tokenCount", "owner", "author", "[0]"])
    func ordinaryNames(name: String) {
        #expect(!redaction.isSecret(name))
    }

    private func capture(_ pairs: KeyValuePairs<StaticString, Any>) -> [VariableNode] {
        var capturer = VariableCapturer(limits: CaptureLimits(), redaction: redaction)
        return variables(pairs).compactMap { capturer.capture($0) }
    }

    @Test func variablesFieldsAndKeysAreRedactedInSnapshots() throws {
        let nodes = capture(["account": Account(), "password": "x", "db": Credentials(), "spare": Credentials?.some(.init())])
        let account = try #require(nodes.first)
        func child(_ node: VariableNode, _ name: String) -> VariableNode? { node.children.first { $0.name == name } }
        #expect(child(account, "owner")?.value == "ada")
        #expect(child(account, "password") == VariableNode(name: "password", type: "String", value: "<redacted>"))
        #expect(child(account, "apiKey")?.value == "<redacted>")
        #expect(child(account, "tokenCount")?.value == "3", "excluded from redaction")
        let headers = try #require(child(account, "headers"))
        #expect(child(headers, "[Authorization]")?.value == "<redacted>")
        #expect(child(headers, "[Accept]")?.value == "json")
        let login = try #require(child(account, "login"))
        #expect(child(login, "sessionToken")?.value == "<redacted>" && child(login, "user")?.value == "ada")
        #expect(nodes[1].value == "<redacted>")
        #expect(nodes[2] == VariableNode(name: "db", type: "Credentials", value: "<redacted>"), "a never-captured type")
        #expect(nodes[3].value == "<redacted>" && nodes[3].children.isEmpty, "an optional of a never-captured type")
    }

    private var scope: [_DeepVariable] { variables(["account": Account(), "db": Credentials()]) }

    @Test func logTemplatesRedactNamesAndNestedFields() throws {
        let render = { (template: String) in try CompiledLogTemplate(LogTemplate(parsing: template), redaction: redaction).render(scope) }
        #expect(try render("{account.owner} {account.password} {account.login.sessionToken.count}") == "ada <redacted> <redacted>")
        #expect(try render("{account.headers[\"Authorization\"]}") == "<redacted>")
        #expect(try render("{account.login}") == "Login(user: ada, sessionToken: <redacted>)")
        #expect(try render("{db.host}") == "<redacted>")
    }

    @Test func conditionsCannotReadSecrets() {
        #expect(throws: ExpressionEvaluationError(description: "`password` is redacted and cannot be used in an expression")) {
            try compile("account.password == \"hunter2\"", redaction: redaction).isTrue(scope)
        }
        #expect((try? compile("account.tokenCount == 3", redaction: redaction).isTrue(scope)) == true)
    }

    @Test func watchesAreRedacted() throws {
        let value = try compile("account.apiKey", redaction: redaction).resolve(scope)
        var capturer = VariableCapturer(limits: CaptureLimits(), redaction: redaction)
        #expect(
            capturer.node(named: "account.apiKey", value, depth: 1)
                == VariableNode(name: "account.apiKey", type: "String", value: "<redacted>"))
    }

    @Test func theEnvironmentExtendsTheList() {
        let configuration = Deep.Configuration.fromEnvironment([
            "DEEP_REDACT_NAMES": "ssnLast4, pan", "DEEP_REDACT_EXCLUDE": "authorName", "DEEP_REDACT_TYPES": "App.Vault",
        ])
        #expect(configuration.redaction.isSecret("customer_pan") && configuration.redaction.isSecret("password"))
        #expect(configuration.redaction.neverCapturedTypes == ["App.Vault"])
    }

    /// Durations in milliseconds: fractions are kept, a value past a day is a day (a huge one
    /// once trapped converting to nanoseconds, before `main`), and one that does not parse
    /// leaves the default.
    @Test(arguments: [
        ("250", Duration.milliseconds(250)), ("0.5", .microseconds(500)), ("1e300", .seconds(86_400)),
        ("soon", .seconds(5)), ("-3", .seconds(5)),
    ])
    func durationsAreReadInMilliseconds(text: String, expected: Duration) {
        let configuration = Deep.Configuration.fromEnvironment(["DEEP_FLUSH_TIMEOUT_MS": text, "DEEP_CPU_PER_HIT_MS": text])
        #expect(configuration.flushTimeout == expected)
        #expect(configuration.quotas.cpuPerHit == (expected == .seconds(5) ? Quotas().cpuPerHit : expected))
    }
}

@Suite struct LimitsAndQuotasTests {
    let file = RecordInMemory(path: "/app/Orders.swift", lines: [10, 20])

    private func active(_ tracepoint: Tracepoint, configuration: Deep.Configuration) throws -> ActiveTracepoint {
        let registry = FileRegistry(records: [file.record])
        guard
            case .active(let compiled) = Agent.compile(
                tracepoint, registry: registry, configuration: configuration,
                budgets: SharedBudgets(configuration.quotas), reusing: nil)
        else { throw FixtureFailure() }
        return compiled
    }

    private var configuration: Deep.Configuration {
        Deep.Configuration(tracepointsPath: "/nonexistent/tracepoints.json", sinks: [])
    }

    @Test func aTracepointOverridesLimitsAndTheSizeLimitIsMarked() throws {
        let json =
            #"{"id": "a", "path": "Orders.swift", "line": 10, "max_var_depth": 2, "max_collection_size": 3, "max_snapshot_bytes": 400}"#
        let definition = try JSONDecoder().decode(Tracepoint.self, from: Data(json.utf8))
        #expect(definition.limits == CaptureLimits.Overrides(maxDepth: 2, maxCollectionSize: 3, maxSnapshotBytes: 400))
        let roundTrip = try JSONDecoder().decode(Tracepoint.self, from: JSONEncoder().encode(definition))
        #expect(roundTrip == definition)
        let tracepoint = try active(definition, configuration: configuration)
        #expect(tracepoint.limits.maxDepth == 2 && tracepoint.limits.maxStringLength == 1024)
        let queue = SnapshotQueue(capacity: 4)
        _ = tracepoint.hit(
            function: "f()", variables: variables(["list": Array(0..<100), "order": Order(), "more": Array(0..<100)]), queue: queue)
        let snapshot = try #require(queue.dequeue()).snapshot
        #expect(snapshot.variables[0].truncated == "collection: 3 of 100 elements")
        #expect(snapshot.truncated == "size: 400 bytes")
        #expect(snapshot.variables.count < 3)
    }

    @Test func invalidOverridesAreRejected() {
        let json = #"{"id": "a", "path": "Orders.swift", "line": 10, "max_variables": 0}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Tracepoint.self, from: Data(json.utf8)) }
    }

    @Test func theSnapshotRatePausesATracepoint() throws {
        var configuration = configuration
        configuration.quotas.snapshotsPerSecond = 2
        let tracepoint = try active(
            Tracepoint(id: "a", path: "Orders.swift", line: 10, fireCount: -1, firePeriodMilliseconds: 0),
            configuration: configuration)
        let queue = SnapshotQueue(capacity: 64)
        var quiet: [UInt64] = []
        for _ in 0..<10 { quiet.append(tracepoint.hit(function: "f()", variables: [], queue: queue)) }
        // A second's burst (2, plus the one the budget starts with), then paused.
        #expect(tracepoint.counters.fires.load(ordering: .relaxed) == 3)
        #expect(quiet.prefix(3) == [0, 0, 0] && quiet[3] > HitClock.monotonicNanoseconds())
        #expect(tracepoint.counters.throttled.load(ordering: .relaxed) == 1, "later hits return at once while paused")
        #expect(Throttle(rawValue: tracepoint.counters.throttledBy.load(ordering: .relaxed)) == .snapshotRate)
    }

    @Test func aTracepointOverItsCPUBudgetIsDisabled() throws {
        var configuration = configuration
        configuration.quotas.cpuPerHit = .nanoseconds(1)
        let tracepoint = try active(
            Tracepoint(id: "a", path: "Orders.swift", line: 10, fireCount: -1, firePeriodMilliseconds: 0),
            configuration: configuration)
        let queue = SnapshotQueue(capacity: 64)
        for _ in 0..<5 where !tracepoint.isFinished {
            _ = tracepoint.hit(function: "f()", variables: variables(["order": Order()]), queue: queue)
        }
        #expect(tracepoint.isFinished)
        #expect(tracepoint.counters.fires.load(ordering: .relaxed) == 3)
        #expect(
            tracepoint.counters.disabled.load()?.text.hasPrefix(
                "disabled: 3 fires in a row took more than the CPU budget of 0.0 ms per hit") == true)
    }

    @Test func snapshotTracepointsExpireADayAfterCreation() throws {
        let created = Date().addingTimeInterval(-25 * 3600)
        let old = try active(Tracepoint(id: "a", path: "Orders.swift", line: 10, created: created), configuration: configuration)
        _ = old.hit(function: "f()", variables: [], queue: SnapshotQueue(capacity: 4))
        #expect(old.isFinished && old.counters.fires.load(ordering: .relaxed) == 0)
        let logOnly = try active(
            Tracepoint(id: "b", path: "Orders.swift", line: 10, log: "x", snapshot: false, created: created),
            configuration: configuration)
        #expect(logOnly.endNanos == nil, "log tracepoints have no default expiry")
    }

    @Test func rateLimiterAllowsABurstThenTheRate() {
        let limiter = RateLimiter(perSecond: 10)
        let start: UInt64 = 5_000_000_000
        let taken = (0..<20).filter { _ in limiter.take(now: start) == nil }.count
        #expect(taken == 11)
        #expect(limiter.take(now: start + 100_000_000) == nil, "one more after a tenth of a second")
        var time = HitTime()
        #expect(RateLimiter(perSecond: 10).available(at: &time) == nil, "a fresh budget is available")
        limiter.charge(100, now: HitClock.monotonicNanoseconds())
        #expect(limiter.available(at: &time) != nil, "ten seconds in debt")
    }

    /// A hit asks the clock only when a time no later than now cannot settle the question.
    @Test func aHitTimeAnswersAsTheClockWould() {
        HitClock.noteRecent()
        let before = HitClock.monotonicNanoseconds()
        var time = HitTime()
        let past = !time.isBefore(0) && !time.isBefore(before)
        #expect(past, "times in the past")
        let future = time.isBefore(before + 60_000_000_000)
        #expect(future, "a minute from now")
        let now = time.now()
        let again = time.now()
        #expect(now >= before && again == now, "read once")
        let around = !time.isBefore(now) && time.isBefore(now + 1)
        #expect(around)
    }
}
