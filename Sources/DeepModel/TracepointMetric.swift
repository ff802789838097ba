#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A metric a tracepoint records at each fire, as Deep's `Metric`: through swift-metrics into
/// whatever backend the program bootstrapped, and into the status file either way.
///
///     {"name": "orders_priced", "type": "counter", "labels": {"tier": "order.tier"}}
///     {"name": "order_total", "type": "histogram", "expression": "order.total", "unit": "dollars"}
public struct TracepointMetric: Codable, Equatable, Sendable {
    /// Deep's `MetricType`, and what each records through swift-metrics.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// A `Counter` incremented by the value (1 without an expression); the value must be
        /// a whole number of 0 or more.
        case counter
        /// A `Gauge` set to the value.
        case gauge
        /// An aggregating `Recorder`: the backend keeps the distribution.
        case histogram
        /// An aggregating `Recorder` too (swift-metrics has one kind of distribution; a
        /// backend such as swift-prometheus makes it a histogram).
        case summary
    }

    public var name: String
    public var type: Kind
    /// The value recorded at each fire; a counter without one counts fires.
    public var expression: String?
    /// Label names and the expressions that give their values (a string literal, such as
    /// `"\"eu\""`, for a fixed one).
    public var labels: [String: String]
    /// Written before the name with an underscore (`shop_orders_priced`).
    public var namespace: String?
    public var help: String?
    public var unit: String?

    public init(
        name: String, type: Kind, expression: String? = nil, labels: [String: String] = [:],
        namespace: String? = nil, help: String? = nil, unit: String? = nil
    ) {
        self.name = name
        self.type = type
        self.expression = expression
        self.labels = labels
        self.namespace = namespace
        self.help = help
        self.unit = unit
    }

    /// The name the backend gets: `namespace_name`, or the name alone.
    public var qualifiedName: String { namespace.map { "\($0)_\(name)" } ?? name }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, type, expression, labels, namespace, help, unit
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        type = try container.decode(Kind.self, forKey: .type)
        expression = try container.decodeIfPresent(String.self, forKey: .expression)
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        namespace = try container.decodeIfPresent(String.self, forKey: .namespace)
        help = try container.decodeIfPresent(String.self, forKey: .help)
        unit = try container.decodeIfPresent(String.self, forKey: .unit)
        if let problem = problem {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: problem))
        }
    }

    /// What is wrong with it, if anything, in words that say what to do.
    public var problem: String? {
        if !Self.isName(name, colons: true) {
            return "metric name `\(name)` must be letters, digits, `_` or `:`, not starting with a digit"
        }
        if let namespace, !Self.isName(namespace, colons: false) {
            return "metric namespace `\(namespace)` must be letters, digits or `_`, not starting with a digit"
        }
        if let bad = labels.keys.sorted().first(where: { !Self.isName($0, colons: false) || $0.hasPrefix("__") }) {
            return "metric label `\(bad)` must be letters, digits or `_`, not starting with a digit or `__`"
        }
        if type != .counter, expression == nil {
            return "a \(type.rawValue) metric needs an expression: the value it records"
        }
        return nil
    }

    /// Prometheus's rule for metric and label names, which every backend accepts.
    private static func isName(_ text: String, colons: Bool) -> Bool {
        guard let first = text.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || (colons && $0 == ":")
        }
    }
}
