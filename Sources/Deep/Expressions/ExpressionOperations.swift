/// What expressions do to values, at a hit: operators, fields, subscripts, truth. Shared by
/// every compiled expression (`CompiledExpression`), so each operator means one thing.
enum ExpressionOperations {
    static func truth(_ value: ExpressionValue, _ context: String) throws(ExpressionEvaluationError) -> Bool {
        guard case .bool(let flag) = value else {
            throw ExpressionEvaluationError(description: "\(context) needs a Bool, got \(Self.describe(value))")
        }
        return flag
    }

    static func negate(_ value: ExpressionValue) throws(ExpressionEvaluationError) -> ExpressionValue {
        switch value {
        case .integer(let number):
            // -Int64.min does not fit (found by fuzzing: it trapped).
            let (negated, overflow) = Int64(0).subtractingReportingOverflow(number)
            guard !overflow else { throw ExpressionEvaluationError(description: "integer overflow in `-`") }
            return .integer(negated)
        case .decimal(let number): return .decimal(-number)
        default: throw ExpressionEvaluationError(description: "`-` needs a number")
        }
    }

    /// `.name` of `base`: a stored field, through optionals, or a string's or collection's
    /// `count` and `isEmpty`.
    static func member(_ step: MemberLookup, of base: Any) throws(ExpressionEvaluationError) -> Any {
        if let found = step.read(base) { return found }
        let name = step.name
        let shape = Reflection.shape(of: base)
        if let field = Reflection.member(name, in: shape) { return field }
        let count: Int?
        switch shape {
        case .optional(nil): throw ExpressionEvaluationError(description: "`.\(name)` of nil")
        case .optional(let wrapped?): return try member(step, of: wrapped)
        case .string(let text): count = text.count
        case .collection(let elements, _, _): count = elements
        default: count = nil
        }
        switch (name, count) {
        case ("count", let count?): return count
        case ("isEmpty", let count?): return count == 0
        default: throw ExpressionEvaluationError(description: "\(Reflection.typeName(of: base)) has no stored field `\(name)`")
        }
    }

    static func element(_ index: ExpressionValue, of base: Any) throws(ExpressionEvaluationError) -> Any {
        let shape = Reflection.shape(of: base)
        if case .optional(let wrapped) = shape {
            guard let wrapped else { throw ExpressionEvaluationError(description: "subscript of nil") }
            return try element(index, of: wrapped)
        }
        guard case .collection(let count, let elements, let isDictionary) = shape else {
            throw ExpressionEvaluationError(description: "cannot subscript \(Reflection.typeName(of: base))")
        }
        if isDictionary {
            for element in elements {
                guard case .tuple(let pair) = Reflection.shape(of: element.value), pair.count == 2 else { continue }
                if case .bool(true) = try? Self.apply(.equal, ExpressionValue(pair[0].value), index) {
                    return pair[1].value
                }
            }
            return Optional<Any>.none as Any
        }
        guard case .integer(let position) = index else {
            throw ExpressionEvaluationError(description: "an index must be an integer, got \(Self.describe(index))")
        }
        for (offset, found) in elements.enumerated() where offset == position { return found.value }
        throw ExpressionEvaluationError(description: "index \(position) is out of range (count \(count))")
    }

    static func apply(_ op: Expression.BinaryOperator, _ left: ExpressionValue, _ right: ExpressionValue) throws(ExpressionEvaluationError)
        -> ExpressionValue
    {
        if op.compares { return .bool(try compare(op, left, right)) }
        if case .integer(let a) = left, case .integer(let b) = right, let result = try integers(op, a, b) { return .integer(result) }
        if op == .add, case .string(let a) = left, case .string(let b) = right { return .string(a + b) }
        if let a = number(left), let b = number(right) {
            switch op {
            case .add: return .decimal(a + b)
            case .subtract: return .decimal(a - b)
            case .multiply: return .decimal(a * b)
            case .divide: return .decimal(a / b)
            case .remainder: return .decimal(a.truncatingRemainder(dividingBy: b))
            default: break
            }
        }
        throw cannotApply(op, left, right)
    }

    /// `==`, `!=`, `<`, `<=`, `>`, `>=`: integers first, the commonest operands, then
    /// strings, then numbers.
    static func compare(_ op: Expression.BinaryOperator, _ left: ExpressionValue, _ right: ExpressionValue)
        throws(ExpressionEvaluationError) -> Bool
    {
        if case .integer(let a) = left, case .integer(let b) = right, let result = ordered(op, a, b) { return result }
        switch op {
        case .equal: return try equal(left, right)
        case .notEqual: return !(try equal(left, right))
        default: break
        }
        if case .string(let a) = left, case .string(let b) = right, let result = ordered(op, a, b) { return result }
        if let a = number(left), let b = number(right), let result = ordered(op, a, b) { return result }
        throw cannotApply(op, left, right)
    }

    /// A comparison of two values of one type; nil for an operator that does not compare.
    static func ordered<T: Comparable>(_ op: Expression.BinaryOperator, _ a: T, _ b: T) -> Bool? {
        switch op {
        case .equal: a == b
        case .notEqual: a != b
        case .less: a < b
        case .lessOrEqual: a <= b
        case .greater: a > b
        case .greaterOrEqual: a >= b
        default: nil
        }
    }

    /// Integer arithmetic, refusing overflow and division by zero; nil for another operator.
    private static func integers(_ op: Expression.BinaryOperator, _ a: Int64, _ b: Int64) throws(ExpressionEvaluationError) -> Int64? {
        switch op {
        case .add, .subtract, .multiply:
            let (result, overflow) =
                op == .add
                ? a.addingReportingOverflow(b)
                : op == .subtract ? a.subtractingReportingOverflow(b) : a.multipliedReportingOverflow(by: b)
            guard !overflow else { throw ExpressionEvaluationError(description: "integer overflow in `\(op.rawValue)`") }
            return result
        case .divide, .remainder:
            guard b != 0 else { throw ExpressionEvaluationError(description: "division by zero") }
            guard !(a == .min && b == -1) else { throw ExpressionEvaluationError(description: "integer overflow in `\(op.rawValue)`") }
            return op == .divide ? a / b : a % b
        default: return nil
        }
    }

    private static func cannotApply(_ op: Expression.BinaryOperator, _ left: ExpressionValue, _ right: ExpressionValue)
        -> ExpressionEvaluationError
    {
        ExpressionEvaluationError(description: "cannot apply `\(op.rawValue)` to \(describe(left)) and \(describe(right))")
    }

    private static func equal(_ left: ExpressionValue, _ right: ExpressionValue) throws(ExpressionEvaluationError) -> Bool {
        switch (left, right) {
        case (.null, .null): return true
        case (.null, _), (_, .null): return false
        case (.string(let a), .string(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.integer(let a), .integer(let b)): return a == b
        case (.value(let value), .string(let text)), (.string(let text), .value(let value)):
            // An enum case compares with its name: `status == "paid"` or `status == ".paid"`.
            if let name = Reflection.caseName(of: value) { return text == name || text.hasPrefix(".") && text.dropFirst() == name }
            if case .enumerator(let name, _) = Reflection.shape(of: value) { return name == text }
        case (.value(let value), .integer(let number)), (.integer(let number), .value(let value)):
            // A C enumerator also compares with its value.
            if case .enumerator(_, let raw) = Reflection.shape(of: value) { return raw == number }
        default:
            if let a = number(left), let b = number(right) { return a == b }
        }
        throw ExpressionEvaluationError(description: "cannot compare \(describe(left)) with \(describe(right))")
    }

    private static func number(_ value: ExpressionValue) -> Double? {
        switch value {
        case .integer(let number): return Double(number)
        case .decimal(let number): return number
        default: return nil
        }
    }

    static func describe(_ value: ExpressionValue) -> String {
        switch value {
        case .integer: return "an integer"
        case .decimal: return "a number"
        case .string: return "a string"
        case .bool: return "a Bool"
        case .null: return "nil"
        case .value(let value): return Reflection.typeName(of: value)
        }
    }
}

extension Expression.BinaryOperator {
    /// Whether it compares two values into a Bool.
    var compares: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: true
        default: false
        }
    }
}
