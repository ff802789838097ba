import DeepModel
import Foundation

/// Deep's `TracePointConfig`, as a tracepoint of ours.
///
/// Its `args` become the fields of a tracepoints-file entry, and that entry is decoded by
/// the same code as the file's, so both check values the same way; errors name Deep's keys.
enum TracePointConfigMapping {
    /// The `args` keys understood: Deep's name, the tracepoints-file field, and its kind.
    private static let arguments: [(deep: String, field: String, kind: Kind)] = [
        ("condition", "condition", .text),
        ("log_msg", "log", .text),
        ("fire_count", "fire_count", .number),
        ("fire_period", "fire_period_ms", .number),
        ("window_start", "window_start", .time),
        ("window_end", "window_end", .time),
        ("snapshot", "snapshot", .collect),
        ("frame_type", "frame_type", .text),
        ("stack_type", "stack_type", .text),
        ("stage", "stage", .text),
        ("method_name", "method_name", .text),
        ("span", "span", .text),
        ("MAX_VAR_DEPTH", "max_var_depth", .number),
        ("MAX_COLLECTION_SIZE", "max_collection_size", .number),
        ("MAX_STRING_LENGTH", "max_string_length", .number),
        ("MAX_VARIABLES", "max_variables", .number),
    ]

    private enum Kind {
        /// Text as it is; empty means unset.
        case text
        /// A whole number.
        case number
        /// Milliseconds since 1970, or an RFC 3339 time.
        case time
        /// `collect` or `no_collect` (Deep's values), or true or false.
        case collect
    }

    /// The tracepoint `config` describes, or why it is not installed in this process:
    /// `resource` is this process's attributes, for `targeting`.
    static func entry(_ config: WireTracePointConfig, position: Int, resource: [String: String]) -> TracepointsDocument.Entry {
        let id = config.id.isEmpty ? "#\(position)" : config.id
        for rule in config.targeting {
            let wanted = rule.value.text
            guard resource[rule.key] != wanted else { continue }
            let here = resource[rule.key].map { "`\($0)`" } ?? "not set"
            return .excluded(id: id, message: "targeting: \(rule.key) is \(here) in this process, not `\(wanted)`")
        }
        var fields: [String: Any] = ["id": id, "path": config.path, "line": Int(config.lineNumber)]
        if !config.watches.isEmpty { fields["watches"] = config.watches }
        if !config.metrics.isEmpty {
            var metrics: [[String: Any]] = []
            for metric in config.metrics {
                guard let fields = Self.fields(of: metric) else {
                    return .invalid(id: id, message: "metrics: `\(metric.name)` has a type this client does not know")
                }
                metrics.append(fields)
            }
            fields["metrics"] = metrics
        }
        for argument in arguments {
            guard let text = config.args[argument.deep] else { continue }
            switch value(text, as: argument.kind) {
            case .some(let value?): fields[argument.field] = value
            case .some(nil): continue
            case nil:
                return .invalid(id: id, message: "args.\(argument.deep): `\(text)` is not \(describe(argument.kind))")
            }
        }
        do {
            let data = try JSONSerialization.data(withJSONObject: fields)
            return .valid(try JSONDecoder().decode(Tracepoint.self, from: data))
        } catch {
            var message = DecodingErrorText.describe(error)
            for argument in arguments { message = message.replacingOccurrences(of: "`\(argument.field)`", with: "`args.\(argument.deep)`") }
            return .invalid(id: id, message: "invalid tracepoint: " + message)
        }
    }

    /// A Deep `Metric` as a tracepoints-file metric; nil for a type that is not one of the four.
    /// A label's static value becomes a string literal, its expression stays one.
    private static func fields(of metric: WireMetric) -> [String: Any]? {
        let types: [WireMetricType: TracepointMetric.Kind] = [
            .counter: .counter, .gauge: .gauge, .histogram: .histogram, .summary: .summary,
        ]
        guard let type = types[metric.type] else { return nil }
        var fields: [String: Any] = ["name": metric.name, "type": type.rawValue]
        if metric.hasExpression, !metric.expression.isEmpty { fields["expression"] = metric.expression }
        if metric.hasNamespace, !metric.namespace.isEmpty { fields["namespace"] = metric.namespace }
        if metric.hasHelp { fields["help"] = metric.help }
        if metric.hasUnit { fields["unit"] = metric.unit }
        var labels: [String: String] = [:]
        for label in metric.labelExpressions {
            switch label.value {
            case .static(let value):
                let escaped = value.text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                labels[label.key] = "\"" + escaped + "\""
            case .expression(let expression): labels[label.key] = expression
            case nil: continue
            }
        }
        if !labels.isEmpty { fields["labels"] = labels }
        return fields
    }

    /// The JSON value for `text`: nil when it does not parse, `.some(nil)` when it means unset.
    private static func value(_ text: String, as kind: Kind) -> Any?? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .text:
            return .some(trimmed.isEmpty ? nil : text)
        case .number:
            return Int(trimmed).map { .some($0) }
        case .time:
            guard let milliseconds = Int64(trimmed) else { return .some(trimmed) }
            return .some(Tracepoint.rfc3339(Date(timeIntervalSince1970: Double(milliseconds) / 1000)))
        case .collect:
            switch trimmed.lowercased() {
            case "collect", "true": return .some(true)
            case "no_collect", "false": return .some(false)
            default: return nil
            }
        }
    }

    private static func describe(_ kind: Kind) -> String {
        switch kind {
        case .text: "text"
        case .number: "a whole number"
        case .time: "a time (milliseconds since 1970, or RFC 3339)"
        case .collect: "`collect` or `no_collect`"
        }
    }
}
