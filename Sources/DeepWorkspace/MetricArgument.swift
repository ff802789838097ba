import DeepModel
import Foundation

/// `--metric 'name=orders_priced type=counter labels=tier:order.tier'`: a metric as words
/// `key=value`, where a value runs to the next known key, so that help text and
/// expressions may hold spaces. `labels` is `name:expression` pairs separated by commas.
package enum MetricArgument {
    private static let keys = ["name", "type", "value", "labels", "namespace", "help", "unit"]

    package static func parse(_ argument: String) throws -> TracepointMetric {
        var fields: [String: String] = [:]
        for word in split(argument) {
            guard let equals = word.firstIndex(of: "="), keys.contains(String(word[..<equals])) else {
                throw ArgumentProblem("`\(word)` is not key=value with a key of \(keys.joined(separator: ", "))")
            }
            fields[String(word[..<equals])] = word[word.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        guard let name = fields["name"], !name.isEmpty else { throw ArgumentProblem("a metric needs name=NAME") }
        let typeName = fields["type"] ?? "counter"
        guard let type = TracepointMetric.Kind(rawValue: typeName) else {
            throw ArgumentProblem("type=\(typeName) is not a metric type; give one of \(TracepointMetric.Kind.choices)")
        }
        var labels: [String: String] = [:]
        for pair in (fields["labels"] ?? "").split(separator: ",") {
            guard let colon = pair.firstIndex(of: ":") else {
                throw ArgumentProblem("label `\(pair)` is not name:expression (labels=tier:order.tier,region:\"eu\")")
            }
            labels[pair[..<colon].trimmingCharacters(in: .whitespaces)] = pair[pair.index(after: colon)...]
                .trimmingCharacters(in: .whitespaces)
        }
        let metric = TracepointMetric(
            name: name, type: type, expression: fields["value"], labels: labels, namespace: fields["namespace"],
            help: fields["help"], unit: fields["unit"])
        if let problem = metric.problem { throw ArgumentProblem(problem) }
        return metric
    }

    /// The words of `argument`, each starting at a known `key=` after a space.
    private static func split(_ argument: String) -> [String] {
        var words: [String] = []
        var current = ""
        for part in argument.split(separator: " ", omittingEmptySubsequences: false) {
            let starts = keys.contains { part.hasPrefix($0 + "=") }
            if starts, !current.trimmingCharacters(in: .whitespaces).isEmpty {
                words.append(current)
                current = ""
            }
            current += current.isEmpty ? String(part) : " " + part
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { words.append(current) }
        return words
    }
}
