import Foundation
import MetricsTestKit
import Testing

@testable import Deep

/// Metric tracepoints: each fire records through swift-metrics (here into MetricsTestKit's
/// factory) and into the tally the status file shows.
@Suite struct MetricTests {
    let file = RecordInMemory(path: "/app/Shop.swift", lines: [10])
    let backend = TestMetrics()

    /// Every hit is counted: the CPU budget conditions and metrics share is the whole CPU (on
    /// a loaded machine the 1% default was once spent, and 31 of 100 hits were recorded).
    private func active(_ metrics: [TracepointMetric], condition: String? = nil) throws -> ActiveTracepoint {
        var configuration = Deep.Configuration(tracepointsPath: "/nonexistent/tracepoints.json", sinks: [])
        configuration.metricsFactory = backend
        configuration.quotas.conditionCPUShare = 1
        let tracepoint = Tracepoint(
            id: "m", path: "Shop.swift", line: 10, condition: condition, snapshot: false, fireCount: -1, firePeriodMilliseconds: 0,
            metrics: metrics)
        let compiled = Agent.compile(
            tracepoint, registry: FileRegistry(records: [file.record]), configuration: configuration,
            budgets: SharedBudgets(configuration.quotas), reusing: nil)
        guard case .active(let active) = compiled else { throw FixtureFailure() }
        return active
    }

    private func status(_ tracepoint: ActiveTracepoint, _ index: Int = 0) -> MetricStatus {
        tracepoint.counters.metricTallies[index].status(of: tracepoint.definition.metrics[index])
    }

    @Test func aCounterCountsFiresUnderItsLabelsAndSendsNothing() throws {
        let queue = SnapshotQueue(capacity: 4)
        let tracepoint = try active(
            [
                TracepointMetric(
                    name: "orders", type: .counter, labels: ["status": "order.status", "rush": "order.tags[\"rush\"] > 0"],
                    namespace: "shop")
            ],
            condition: "order.id == 7")
        for id in [7, 8, 7] {
            var order = Order()
            order.id = id
            _ = tracepoint.hit(function: "f()", variables: variables(["order": order]), queue: queue)
        }
        #expect(try backend.expectCounter("shop_orders", [("rush", "true"), ("status", "paid")]).totalValue == 2)
        #expect(queue.dequeue() == nil, "a fire that only records metrics sends no snapshot")
        #expect(tracepoint.counters.fires.load(ordering: .relaxed) == 2)
        let tally = status(tracepoint)
        #expect((tally.name, tally.recorded, tally.sum, tally.labelSets, tally.refused) == ("shop_orders", 2, 2, 1, 0))
    }

    @Test func distributionsAndGaugesRecordTheirValue() throws {
        let queue = SnapshotQueue(capacity: 4)
        let tracepoint = try active([
            TracepointMetric(name: "price", type: .histogram, expression: "item.price * item.quantity"),
            TracepointMetric(name: "stock", type: .gauge, expression: "item.quantity"),
        ])
        for quantity in [1, 3] {
            _ = tracepoint.hit(
                function: "f()", variables: variables(["item": Item(sku: "pen", price: 1.5, quantity: quantity)]), queue: queue)
        }
        #expect(try backend.expectRecorder("price").values == [1.5, 4.5])
        #expect(try backend.expectGauge("stock").lastValue == 3)
        #expect(status(tracepoint, 0).sum == 6 && status(tracepoint, 1).last == 3)
    }

    @Test func valuesThatAreNotNumbersOrLabelsThatAreNotScalarsAreRefused() throws {
        let queue = SnapshotQueue(capacity: 4)
        let tracepoint = try active([
            TracepointMetric(name: "bad_value", type: .histogram, expression: "order.note"),
            TracepointMetric(name: "bad_label", type: .counter, labels: ["items": "order.items"]),
            TracepointMetric(name: "backwards", type: .counter, expression: "0 - order.id"),
        ])
        _ = tracepoint.hit(function: "f()", variables: variables(["order": Order()]), queue: queue)
        #expect(status(tracepoint, 0).error == "a metric's value must be a finite number; it was nil")
        #expect(status(tracepoint, 1).error?.hasPrefix("label `items` must be a string, number, Bool or enum case; it was a Array") == true)
        #expect(status(tracepoint, 2).error == "a counter counts up by whole numbers; the value was -7.0")
        #expect((0..<3).allSatisfy { status(tracepoint, $0).refused == 1 && status(tracepoint, $0).recorded == 0 })
    }

    /// A long label value is cut, so that the tally never holds what the program handed over.
    @Test func longLabelValuesAreCut() throws {
        let queue = SnapshotQueue(capacity: 4)
        let tracepoint = try active([TracepointMetric(name: "by_note", type: .counter, labels: ["note": "note"])])
        let long = String(repeating: "x", count: 10_000)
        _ = tracepoint.hit(function: "f()", variables: variables(["note": long]), queue: queue)
        let cut = String(repeating: "x", count: CompiledMetric.maximumLabelLength)
        #expect(try backend.expectCounter("by_note", [("note", cut)]).totalValue == 1)
    }

    /// A label whose values never repeat cannot grow memory without bound.
    @Test func labelSetsBeyondTheLimitAreRefused() throws {
        let queue = SnapshotQueue(capacity: 4)
        let tracepoint = try active([TracepointMetric(name: "by_id", type: .counter, labels: ["id": "id"])])
        for id in 0...MetricTally.maximumLabelSets {
            _ = tracepoint.hit(function: "f()", variables: variables(["id": id]), queue: queue)
        }
        let tally = status(tracepoint)
        #expect((tally.recorded, tally.labelSets, tally.refused) == (MetricTally.maximumLabelSets, MetricTally.maximumLabelSets, 1))
        #expect(throws: (any Error).self) { try backend.expectCounter("by_id", [("id", String(MetricTally.maximumLabelSets))]) }
    }

    /// A metrics-only tracepoint is limited by no rate, so on a hot line its expressions
    /// draw on the CPU budget conditions share, and it is paused when that is spent.
    @Test func metricsOnlyTracepointsDrawOnTheExpressionBudget() throws {
        var configuration = Deep.Configuration(tracepointsPath: "/nonexistent/tracepoints.json", sinks: [])
        configuration.metricsFactory = backend
        configuration.quotas.conditionCPUShare = 1e-9  // a nanosecond a second: spent by the first timed fire
        let tracepoint = Tracepoint(
            id: "m", path: "Shop.swift", line: 10, snapshot: false, fireCount: -1, firePeriodMilliseconds: 0,
            metrics: [TracepointMetric(name: "hot", type: .counter)])
        let budgets = SharedBudgets(configuration.quotas)
        guard
            case .active(let active) = Agent.compile(
                tracepoint, registry: FileRegistry(records: [file.record]), configuration: configuration, budgets: budgets,
                reusing: nil)
        else { throw FixtureFailure() }
        let queue = SnapshotQueue(capacity: 4)
        for _ in 0..<40 { _ = active.hit(function: "f()", variables: variables(["n": 1]), queue: queue) }
        #expect(active.counters.throttledBy.load(ordering: .relaxed) == Throttle.conditionCPU.rawValue)
        #expect(status(active).recorded == 31, "the 16th fire spent the budget, the 32nd found it spent")
    }

    @Test func metricExpressionsThatDoNotParseAreStatuses() {
        var configuration = Deep.Configuration(tracepointsPath: "/nonexistent/tracepoints.json", sinks: [])
        configuration.metricsFactory = backend
        let tracepoint = Tracepoint(
            id: "m", path: "Shop.swift", line: 10, metrics: [TracepointMetric(name: "x", type: .counter, labels: ["tier": "a."])])
        let compiled = Agent.compile(
            tracepoint, registry: FileRegistry(records: [file.record]), configuration: configuration,
            budgets: SharedBudgets(configuration.quotas), reusing: nil)
        guard case .rejected(let status) = compiled else {
            Issue.record("installed")
            return
        }
        #expect(status.message == "metric `x`: label `tier`: expected a field name after `.` at column 3")
    }

    @Test func definitionsAreCheckedWhenRead() throws {
        func problem(_ json: String) -> String? {
            do {
                _ = try JSONDecoder().decode(TracepointMetric.self, from: Data(json.utf8))
                return nil
            } catch {
                return DecodingErrorText.describe(error)
            }
        }
        #expect(problem(#"{"name": "ok_total", "type": "counter"}"#) == nil)
        #expect(problem(#"{"name": "9lives", "type": "counter"}"#)?.contains("must be letters, digits") == true)
        #expect(problem(#"{"name": "g", "type": "gauge"}"#)?.contains("a gauge metric needs an expression") == true)
        #expect(problem(#"{"name": "c", "type": "counter", "labels": {"__x": "a"}}"#)?.contains("label `__x`") == true)
        #expect(problem(#"{"name": "c", "type": "meter"}"#) != nil)
        func tracepoint(metrics count: Int) -> String? {
            let metrics = (0..<count).map { #"{"name": "m\#($0)", "type": "counter"}"# }.joined(separator: ", ")
            do {
                _ = try JSONDecoder().decode(
                    Tracepoint.self, from: Data((#"{"id": "t", "path": "x", "line": 1, "metrics": ["# + metrics + "]}").utf8))
                return nil
            } catch {
                return DecodingErrorText.describe(error)
            }
        }
        #expect(tracepoint(metrics: Tracepoint.maximumMetrics) == nil)
        #expect(tracepoint(metrics: Tracepoint.maximumMetrics + 1)?.contains("has 21 metrics; a tracepoint records at most 20") == true)
    }
}
