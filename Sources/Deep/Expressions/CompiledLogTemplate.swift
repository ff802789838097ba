/// A log template with its placeholders compiled, as a tracepoint installs it.
package struct CompiledLogTemplate: Sendable {
    private enum Part {
        case text(String)
        case placeholder(CompiledExpression)
    }

    private let parts: [Part]
    private let redaction: Redaction

    package init(_ template: LogTemplate, redaction: Redaction) {
        parts = template.parts.map { part in
            switch part {
            case .text(let text): .text(text)
            case .placeholder(_, let expression): .placeholder(CompiledExpression(expression, redaction: redaction))
            }
        }
        self.redaction = redaction
    }

    /// The message with each placeholder replaced by its value, or `<error: why>`.
    package func render(_ variables: [_DeepVariable]) -> String {
        var message = ""
        for part in parts {
            switch part {
            case .text(let text): message += text
            case .placeholder(let expression):
                do throws(ExpressionEvaluationError) {
                    message += InlineRenderer(redaction: redaction).render(try expression.resolve(variables))
                } catch {
                    message += "<error: \(error.description)>"
                }
            }
        }
        return message
    }
}
