/// A log message template: text with `{expression}` placeholders, `{{` and `}}` for braces.
///
///     "order {order.id} total {order.total} for {customer.name}"
package struct LogTemplate: Sendable {
    package enum Part: Sendable {
        case text(String)
        case placeholder(source: String, Expression)
    }

    package let parts: [Part]

    package init(parsing template: String) throws(ExpressionSyntaxError) {
        var parts: [Part] = []
        var text = ""
        var index = template.startIndex
        while index < template.endIndex {
            let character = template[index]
            let next = template.index(after: index)
            if character == "{", next < template.endIndex, template[next] == "{" {
                text.append("{")
                index = template.index(after: next)
            } else if character == "}", next < template.endIndex, template[next] == "}" {
                text.append("}")
                index = template.index(after: next)
            } else if character == "{" {
                guard let close = template[next...].firstIndex(of: "}") else {
                    throw ExpressionSyntaxError(message: "`{` has no matching `}`",
                                                offset: template.distance(from: template.startIndex, to: index))
                }
                let source = String(template[next..<close])
                do {
                    parts.append(.text(text))
                    text = ""
                    parts.append(.placeholder(source: source, try ExpressionParser.parse(source)))
                } catch {
                    let base = template.distance(from: template.startIndex, to: next)
                    throw ExpressionSyntaxError(message: "in `{\(source)}`: \(error.message)", offset: base + error.offset)
                }
                index = template.index(after: close)
            } else {
                text.append(character)
                index = next
            }
        }
        parts.append(.text(text))
        self.parts = parts.filter { if case .text("") = $0 { false } else { true } }
    }
}
