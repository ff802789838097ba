import CoreMetrics

/// One metric of a tracepoint, its expressions compiled at install to read the slots its
/// `TracepointMetrics` fills once for all of them. A fire records it through swift-metrics
/// (the factory the program bootstrapped, or the one the configuration names) and into its
/// tally; no user code runs (labels are strings, numbers, Bools or enum case names).
final class CompiledMetric: Sendable {
    /// Characters a label value keeps: the tally holds up to `MetricTally.maximumLabelSets`
    /// of each, and a label read from a request body must not keep the body alive.
    static let maximumLabelLength = 128

    let definition: TracepointMetric
    let tally: MetricTally
    private let value: CompiledExpression?
    private let labels: [(key: String, value: CompiledExpression)]

    init(
        _ definition: TracepointMetric, value: Expression?, labels: [(key: String, value: Expression)],
        slots: [String], redaction: Redaction, tally: MetricTally
    ) {
        self.definition = definition
        self.tally = tally
        self.value = value.map { CompiledExpression($0, redaction: redaction, slots: slots) }
        self.labels = labels.map { ($0.key, CompiledExpression($0.value, redaction: redaction, slots: slots)) }
    }

    /// Records the fire's value, or counts why it could not.
    func record(_ slots: CompiledExpression.Slots, factory: (any MetricsFactory)?) {
        let number: Double
        let dimensions: [(String, String)]
        do throws(ExpressionEvaluationError) {
            if let value { number = try Self.number(from: value.evaluate(slots)) } else { number = 1 }
            dimensions = try labels.map { label throws(ExpressionEvaluationError) in
                (label.key, try Self.text(from: label.value.evaluate(slots), label: label.key))
            }
        } catch {
            tally.refuse(error.description)
            return
        }
        if definition.type == .counter, number < 0 || number.rounded() != number || number > 0x1p62 {
            tally.refuse("a counter counts up by whole numbers; the value was \(number)")
            return
        }
        guard tally.admit(number, labels: dimensions.map(\.1)) else { return }
        let factory = factory ?? BootstrappedBackends.metricsFactory
        let label = definition.qualifiedName
        switch definition.type {
        case .counter: Counter(label: label, dimensions: dimensions, factory: factory).increment(by: Int64(number))
        case .gauge: Gauge(label: label, dimensions: dimensions, factory: factory).record(number)
        case .histogram, .summary:
            Recorder(label: label, dimensions: dimensions, aggregate: true, factory: factory).record(number)
        }
    }

    private static func number(from value: ExpressionValue) throws(ExpressionEvaluationError) -> Double {
        switch value {
        case .integer(let number): return Double(number)
        case .decimal(let number) where number.isFinite: return number
        case .bool(let flag): return flag ? 1 : 0
        default: throw ExpressionEvaluationError(description: "a metric's value must be a finite number; it was \(describe(value))")
        }
    }

    private static func text(from value: ExpressionValue, label: String) throws(ExpressionEvaluationError) -> String {
        switch value {
        case .string(let text): return String(text.prefix(maximumLabelLength))
        case .integer(let number): return String(number)
        case .decimal(let number): return String(number)
        case .bool(let flag): return String(flag)
        case .value(let value):
            if let name = Reflection.caseName(of: value) { return name }
            fallthrough
        case .null:
            throw ExpressionEvaluationError(
                description: "label `\(label)` must be a string, number, Bool or enum case; it was \(describe(value))")
        }
    }

    private static func describe(_ value: ExpressionValue) -> String {
        switch value {
        case .null: "nil"
        case .value(let value): "a \(type(of: value))"
        default: "\(value.any)"
        }
    }
}
