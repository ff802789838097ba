/// A log template with its placeholders compiled, as a tracepoint installs it. Its
/// placeholders share one set of slots (`names`), so that a log message is rendered from
/// the variables it names alone, without taking all of the probe's.
package struct CompiledLogTemplate: Sendable {
    private enum Part {
        case text(String)
        case placeholder(CompiledExpression)
    }

    private let parts: [Part]
    private let redaction: Redaction
    /// The variables its placeholders read, in slot order.
    let names: VariableNames

    package init(_ template: LogTemplate, redaction: Redaction) {
        let names = CompiledExpression.names(
            in: template.parts.compactMap { part in
                if case .placeholder(_, let expression) = part { expression } else { nil }
            })
        parts = template.parts.map { part in
            switch part {
            case .text(let text): .text(text)
            case .placeholder(_, let expression): .placeholder(CompiledExpression(expression, redaction: redaction, slots: names))
            }
        }
        self.redaction = redaction
        self.names = VariableNames(names)
    }

    /// The message over all of a probe's variables.
    package func render(_ variables: [_DeepVariable]) -> String {
        render(probe: { probe in variables.forEach { probe.add($0) } })
    }

    /// The message over the variables `probe` passes, each placeholder replaced by its value
    /// or `<error: why>`. Only the names it reads are taken, unless one is unknown: then
    /// the error lists the names in scope.
    func render(probe: (inout _DeepVariables) -> Void) -> String {
        _DeepVariables.named(names, of: probe) { slots in
            render(slots) { _DeepVariables.all(of: probe).map(\.name.description) }
        }
    }

    private func render(_ slots: CompiledExpression.Slots, inScope: () -> [String]) -> String {
        var message = ""
        for part in parts {
            switch part {
            case .text(let text): message += text
            case .placeholder(let expression):
                do throws(ExpressionEvaluationError) {
                    message += InlineRenderer(redaction: redaction).render(try expression.resolve(slots))
                } catch {
                    message += "<error: \(error.listing(inScope()).description)>"
                }
            }
        }
        return message
    }
}
