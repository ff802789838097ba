import DeepModel

extension ExpressionSyntaxError {
    /// Runs `body`, putting `prefix` (`condition: `, `metric `x`: `) before the message of a
    /// syntax error it throws, so the status says which of a tracepoint's texts is wrong.
    static func prefixing<T>(_ prefix: String, _ body: () throws(ExpressionSyntaxError) -> T) throws(ExpressionSyntaxError) -> T {
        do { return try body() } catch { throw ExpressionSyntaxError(message: prefix + error.message, offset: error.offset) }
    }
}
