import DeepModel
import DeepWorkspace
import Foundation

/// The page's tracepoint form as it posts it: the fields as typed, in the `deep set`
/// option's syntax (`unlimited`, `2h`, `name=orders type=counter`), an empty field left out.
struct TracepointForm: Decodable {
    var path: String?
    var line: Int?
    var method: String?
    var stage: String?
    var span: String?
    var condition: String?
    var log: String?
    var watches: [String]?
    var fireCount: String?
    var firePeriod: String?
    var until: String?
    var snapshot: Bool?
    var metrics: [String]?
    var id: String?

    /// The request the form makes, parsed as `deep set` parses its options; a value that
    /// does not parse is refused with the field it came from. An edit of `editing` keeps
    /// what the form does not show (its method, capture limits, frames, window start) and,
    /// when `until` is left empty, its deadline.
    func request(editing: Tracepoint?) throws(Failure) -> TracepointRequest {
        var request = editing.map(TracepointRequest.init(editing:)) ?? TracepointRequest()
        request.path = present(path)
        request.line = line
        request.method = present(method) ?? request.method
        request.stage = try choice(stage, field: "stage")
        request.span = try choice(span, field: "span")
        request.condition = present(condition)
        request.log = present(log)
        request.watches = (watches ?? []).compactMap(present)
        request.fireCount = try parse(fireCount, field: "fireCount") { try FireCount(parsing: $0).value }
        request.firePeriod = try parse(firePeriod, field: "firePeriod") { text in
            guard let milliseconds = Int(text) else { throw ArgumentProblem("give a number of milliseconds") }
            return milliseconds
        }
        request.until = try parse(until, field: "until") { try Deadline(parsing: $0).date } ?? request.until
        request.noSnapshot = snapshot == false
        request.metrics = try (metrics ?? []).compactMap(present).map { text throws(Failure) in
            try parse(text, field: "metrics", MetricArgument.parse)!
        }
        request.id = present(id)
        return request
    }

    /// `text` without surrounding blanks, or nil when nothing is left.
    private func present(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    private func parse<Value>(_ text: String?, field: String, _ parse: (String) throws -> Value) throws(Failure) -> Value? {
        guard let text = present(text) else { return nil }
        do {
            return try parse(text)
        } catch {
            throw .refused("\(field) `\(text)`: \(error)", field: field)
        }
    }

    private func choice<Choice: RawRepresentable<String> & CaseIterable>(_ text: String?, field: String) throws(Failure) -> Choice? {
        try parse(text, field: field, Choice.init(choosing:))
    }
}
