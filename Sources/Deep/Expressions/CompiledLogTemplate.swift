extension LogTemplate {
    /// The message with each placeholder replaced by its value, or `<error: why>`.
    package func render(_ evaluator: ExpressionEvaluator) -> String {
        parts.map { part in
            switch part {
            case .text(let text): return text
            case .placeholder(_, let expression):
                do throws(ExpressionEvaluationError) {
                    return InlineRenderer(redaction: evaluator.redaction).render(try evaluator.resolve(expression))
                } catch {
                    return "<error: \(error.description)>"
                }
            }
        }.joined()
    }
}
