/// A value an expression produced: a scalar, or a captured value to look into further.
package enum ExpressionValue {
    case integer(Int64)
    case decimal(Double)
    case string(String)
    case bool(Bool)
    case null
    case value(Any)

    /// Scalars become scalars; optionals unwrap; anything else stays a value.
    init(_ value: Any) {
        switch Reflection.shape(of: value) {
        case .optional(nil): self = .null
        case .optional(let wrapped?): self = ExpressionValue(wrapped)
        case .string(let text): self = .string(text)
        case .integer(let number): self = .integer(number)
        case .unsignedInteger(let number): self = number <= UInt64(Int64.max) ? .integer(Int64(number)) : .decimal(Double(number))
        case .floatingPoint(let number): self = .decimal(number)
        case .bool(let flag): self = .bool(flag)
        case .pointer(let address): self = address == 0 ? .null : .integer(Int64(bitPattern: address))
        default: self = .value(value)
        }
    }

    init(_ literal: Expression.Literal) {
        switch literal {
        case .integer(let number): self = .integer(number)
        case .decimal(let number): self = .decimal(number)
        case .string(let text): self = .string(text)
        case .bool(let flag): self = .bool(flag)
        case .null: self = .null
        }
    }

    /// The value as a captured Any, for snapshots of watch results.
    var any: Any {
        switch self {
        case .integer(let number): return number
        case .decimal(let number): return number
        case .string(let text): return text
        case .bool(let flag): return flag
        case .null: return Optional<Any>.none as Any
        case .value(let value): return value
        }
    }
}

/// Why an expression could not be evaluated at a hit.
package struct ExpressionEvaluationError: Error, Equatable, CustomStringConvertible {
    package var description: String
    /// The name of a variable the probe does not pass, when that is the error (the message
    /// then lists those it does).
    var unknownName: String? = nil

    /// For an unknown name, the same error listing the names `inScope`.
    func listing(_ inScope: @autoclosure () -> [String]) -> Self {
        guard unknownName != nil else { return self }
        let names = inScope()
        guard !names.isEmpty else { return self }
        var listed = self
        listed.description += "; in scope: " + names.joined(separator: ", ")
        return listed
    }

    /// Errors are the same when they say the same.
    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.description == rhs.description }
}
