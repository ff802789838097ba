import Deep
import DeepInstrumenter
import DeepModel
import SwiftParser

/// What the fuzzer feeds, one input at a time: each target takes any bytes and must neither
/// crash, hang nor grow without bound; the rewriter's output must also parse.
enum FuzzTarget: String, CaseIterable {
    /// A condition (first line) and a log template (the rest), parsed, then evaluated and
    /// rendered against a scope of nested values, collections, optionals and a cycle.
    case expressions
    /// A tracepoints file, decoded, with every condition, template and watch parsed.
    case tracepoints
    /// A Swift file, instrumented: what parses must give a copy that parses, line for line.
    case rewriter

    func run(_ bytes: [UInt8]) {
        switch self {
        case .expressions: Self.expressions(String(decoding: bytes, as: UTF8.self))
        case .tracepoints: Self.tracepoints(bytes)
        case .rewriter: Self.rewriter(bytes)
        }
    }

    private static func expressions(_ text: String) {
        let (condition, template) =
            text.firstIndex(of: "\n").map { (String(text[..<$0]), String(text[text.index(after: $0)...])) }
            ?? (text, "")
        let variables = Scope.variables()
        if let expression = try? ExpressionParser.parse(condition) {
            let compiled = CompiledExpression(expression, redaction: Redaction())
            _ = try? compiled.isTrue(variables)
            _ = try? compiled.resolve(variables)
        }
        if let parsed = try? LogTemplate(parsing: template) {
            _ = CompiledLogTemplate(parsed, redaction: Redaction()).render(variables)
        }
    }

    private static func tracepoints(_ bytes: [UInt8]) {
        guard let entries = try? TracepointsDocument.decode(bytes) else { return }
        for case .valid(let tracepoint) in entries {
            for source in [tracepoint.condition].compactMap({ $0 }) + tracepoint.watches { _ = try? ExpressionParser.parse(source) }
            if let log = tracepoint.log { _ = try? LogTemplate(parsing: log) }
        }
    }

    private static func rewriter(_ bytes: [UInt8]) {
        guard let source = String(validating: bytes, as: UTF8.self),
            let instrumented = try? SwiftFileInstrumenter.instrument(
                source: source, originalPath: "/fuzz/Input.swift",
                isMainFile: bytes.count % 2 == 0)
        else { return }
        let output = Parser.parse(source: instrumented.text)
        if output.hasError {
            fatalError("the rewriter's output does not parse:\n\(instrumented.text)")
        }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).count
        let copied = instrumented.text.split(separator: "\n", omittingEmptySubsequences: false).count
        if copied < lines + 1 { fatalError("the rewriter lost lines: \(lines) in, \(copied) out") }
    }
}

/// The variables the expressions target reads.
enum Scope {
    struct Item { var sku: String; var price: Double; var quantity: Int }
    enum Status { case pending, paid(amount: Double) }
    final class Node { var name = "n"; var next: Node?; var values: [Int: String] = [1: "a"] }
    struct Order {
        var id = 7
        var items = [Item(sku: "pen", price: 1.5, quantity: 2), Item(sku: "ink", price: 4, quantity: 1)]
        var note: String? = nil
        var status = Status.paid(amount: 7)
        var tags: [String: Int] = ["rush": 1]
        var password = "secret"
    }

    static func variables() -> [_DeepVariable] {
        let node = Node()
        node.next = node
        return _DeepVariables.all {
            $0.capture("order", Order()); $0.capture("count", 3); $0.capture("ratio", 0.5)
            $0.capture("name", "Ada"); $0.capture("maybe", Int?.none); $0.capture("node", node)
            $0.capture("big", Int64.max); $0.capture("small", Int64.min); $0.capture("bytes", [UInt8](repeating: 1, count: 64))
        }
    }
}
