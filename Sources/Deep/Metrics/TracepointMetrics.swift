import CoreMetrics
import DeepModel

/// The metrics of one tracepoint: their expressions read one set of slots, which a fire
/// fills with a single pass over the probe's variables.
struct TracepointMetrics: Sendable {
    private let names: VariableNames
    let metrics: [CompiledMetric]
    /// Where values go; nil for the factory the program bootstrapped (`MetricsSystem`).
    private let factory: (any MetricsFactory)?

    /// Parses and compiles `definitions`; the first syntax error is thrown, prefixed with the
    /// metric's name. `tallies` are the definitions' own, kept while the tracepoint is.
    init(
        _ definitions: [TracepointMetric], tallies: [MetricTally], redaction: Redaction, factory: (any MetricsFactory)?
    ) throws(ExpressionSyntaxError) {
        self.factory = factory
        var parsed: [(definition: TracepointMetric, value: Expression?, labels: [(key: String, value: Expression)])] = []
        for definition in definitions {
            let prefix = "metric `\(definition.name)`: "
            let value = try definition.expression.map { source throws(ExpressionSyntaxError) in
                try ExpressionSyntaxError.prefixing(prefix) { () throws(ExpressionSyntaxError) in try ExpressionParser.parse(source) }
            }
            let labels = try definition.labels.sorted { $0.key < $1.key }.map { label throws(ExpressionSyntaxError) in
                (
                    key: label.key,
                    value: try ExpressionSyntaxError.prefixing(prefix + "label `\(label.key)`: ") { () throws(ExpressionSyntaxError) in
                        try ExpressionParser.parse(label.value)
                    }
                )
            }
            parsed.append((definition, value, labels))
        }
        let slots = CompiledExpression.names(in: parsed.flatMap { [$0.value].compactMap { $0 } + $0.labels.map(\.value) })
        names = VariableNames(slots)
        metrics = zip(parsed, tallies).map { entry, tally in
            CompiledMetric(entry.definition, value: entry.value, labels: entry.labels, slots: slots, redaction: redaction, tally: tally)
        }
    }

    /// Records each metric for one fire of `probe`.
    func record(_ probe: (inout _DeepVariables) -> Void) {
        _DeepVariables.named(names, of: probe) { slots in
            for metric in metrics { metric.record(slots, factory: factory) }
        }
    }
}
