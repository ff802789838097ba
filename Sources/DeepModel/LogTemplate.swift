/// A log message template: text with `{expression}` placeholders, `{{` and `}}` for braces.
///
///     "order {order.id} total {order.total} for {customer.name}"
///
/// A template is at most `maximumLength` characters; each placeholder is an expression with
/// `ExpressionParser`'s bounds.
package struct LogTemplate: Sendable {
    /// The longest template accepted, in characters.
    package static let maximumLength = 4000

    package enum Part: Sendable {
        case text(String)
        case placeholder(source: String, Expression)
    }

    package let parts: [Part]

    package init(parsing template: String) throws(ExpressionSyntaxError) {
        guard template.count <= Self.maximumLength else {
            throw ExpressionSyntaxError(
                message: "longer than \(Self.maximumLength) characters (\(template.count)); shorten it", offset: 0)
        }
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
                    throw ExpressionSyntaxError(
                        message: "`{` has no matching `}`",
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
            } else if character == "}" {
                throw ExpressionSyntaxError(
                    message: "`}` has no matching `{`; write `}}` for a brace",
                    offset: template.distance(from: template.startIndex, to: index))
            } else {
                text.append(character)
                index = next
            }
        }
        parts.append(.text(text))
        self.parts = parts.filter { if case .text("") = $0 { false } else { true } }
    }
}
