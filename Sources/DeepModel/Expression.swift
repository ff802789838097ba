/// An expression of the tracepoint language, shared by conditions, watches and log
/// placeholders. It reads captured variables and never calls code:
///
///     order.total > 100 && !order.items.isEmpty == false
///     items[0].price * 2
///     customer.name == "Ada" || retries >= 3
///     note != nil
///
/// Literals (integers, decimals, "strings", true, false, nil), variable paths with `.field`,
/// `[index]` and `["key"]`, `.count` on collections and strings, `== != < <= > >=`,
/// `&& || !`, `+ - * / %` and parentheses.
package indirect enum Expression: Equatable, Sendable {
    case literal(Literal)
    case variable(String)
    case member(Expression, String)
    case subscripted(Expression, Expression)
    case unary(UnaryOperator, Expression)
    case binary(BinaryOperator, Expression, Expression)

    package enum Literal: Equatable, Sendable {
        case integer(Int64)
        case decimal(Double)
        case string(String)
        case bool(Bool)
        case null
    }

    package enum UnaryOperator: String, Sendable { case not = "!", negate = "-" }

    package enum BinaryOperator: String, Sendable {
        case or = "||", and = "&&"
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
        case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    }
}

/// A syntax error, with the character offset (0-based) where it was found.
package struct ExpressionSyntaxError: Error, Equatable, CustomStringConvertible {
    package var message: String
    package var offset: Int
    package init(message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }
    package var description: String { "\(message) at column \(offset + 1)" }
}
