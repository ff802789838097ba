/// An expression compiled once, when its tracepoint is installed, into a tree of closures
/// that a hit runs against the probe's variables. Reads stored fields only.
///
/// What an interpreter would work out again at every hit is settled here: which slot each
/// variable is read from (its position in `names`, which `_DeepVariables.named` fills),
/// whether each name on a path is a secret, and whether values need their type checked
/// against the never-captured types at all (only when some are configured). A step that
/// names a secret yields a `RedactedValue`, which renders as the marker and which a
/// comparison refuses with an error.
package final class CompiledExpression: Sendable {
    /// The expression's value, for conditions and arithmetic.
    private let value: Code<ExpressionValue>
    /// What the expression names, as captured: a path (`order.items[0]`) yields the field
    /// itself with its own type; any other expression its computed result.
    private let path: Code<Any>

    /// The variables it reads, each once: slot `i` of what the code reads holds `names[i]`.
    let names: VariableNames

    /// The variables' values in `names` order (`_DeepVariables.named`).
    typealias Slots = UnsafeBufferPointer<_DeepVariables.Slot>
    fileprivate typealias Code<Result> = @Sendable (Slots) throws(ExpressionEvaluationError) -> Result

    /// Compiled to read its variables from slots in `slots` order (which must name them
    /// all), or by default in the order it names them.
    package init(_ expression: Expression, redaction: Redaction, slots: [String]? = nil) {
        let names = slots ?? Self.names(in: [expression])
        let compiler = Compiler(redaction: redaction, slots: names)
        value = compiler.value(expression)
        path = compiler.path(expression).code
        self.names = VariableNames(names)
    }

    /// The variables `expressions` read, each once, in the order they first appear.
    static func names(in expressions: [Expression]) -> [String] {
        var seen = Set<String>()
        return expressions.flatMap(variables).filter { seen.insert($0).inserted }
    }

    /// Its value over all of a probe's variables (a fire's).
    package func evaluate(_ variables: [_DeepVariable]) throws(ExpressionEvaluationError) -> ExpressionValue {
        try run(value, over: variables)
    }

    /// What it names over all of a probe's variables (a fire's).
    package func resolve(_ variables: [_DeepVariable]) throws(ExpressionEvaluationError) -> Any {
        try run(path, over: variables)
    }

    /// A condition over all of a probe's variables: true, false, or an error for a non-Bool
    /// result. An unknown name's error lists the names in scope.
    package func isTrue(_ variables: [_DeepVariable]) throws(ExpressionEvaluationError) -> Bool {
        try ExpressionOperations.truth(evaluate(variables), "a condition")
    }

    /// A condition over the slots `_DeepVariables.named(names, of:)` filled.
    func isTrue(_ slots: Slots) throws(ExpressionEvaluationError) -> Bool {
        try ExpressionOperations.truth(value(slots), "a condition")
    }

    /// Its value over slots `_DeepVariables.named` filled with the names it was compiled for.
    func evaluate(_ slots: Slots) throws(ExpressionEvaluationError) -> ExpressionValue { try value(slots) }

    /// What it names, over the slots `_DeepVariables.named(names, of:)` filled.
    func resolve(_ slots: Slots) throws(ExpressionEvaluationError) -> Any { try path(slots) }

    private func run<Output>(_ code: Code<Output>, over variables: [_DeepVariable]) throws(ExpressionEvaluationError) -> Output {
        do throws(ExpressionEvaluationError) {
            return try _DeepVariables.named(names, of: { probe in variables.forEach { probe.add($0) } }) {
                slots throws(ExpressionEvaluationError) in try code(slots)
            }
        } catch {
            throw error.listing(variables.map(\.name.description))
        }
    }

    private static func variables(in expression: Expression) -> [String] {
        switch expression {
        case .literal: []
        case .variable(let name): [name]
        case .member(let base, _): variables(in: base)
        case .subscripted(let base, let index): variables(in: base) + variables(in: index)
        case .unary(_, let operand): variables(in: operand)
        case .binary(_, let left, let right): variables(in: left) + variables(in: right)
        }
    }
}

/// Turns an expression into closures; each function handles one node and calls itself for
/// the node's operands.
private struct Compiler {
    let redaction: Redaction
    /// The names in slot order.
    let slots: [String]

    /// Code for a path, and whether what it yields may be a `RedactedValue` (known here for
    /// names; for types only when never-captured types are configured).
    struct Path {
        let code: CompiledExpression.Code<Any>
        let mayBeRedacted: Bool
    }

    func value(_ expression: Expression) -> CompiledExpression.Code<ExpressionValue> {
        switch expression {
        case .literal(let literal):
            return { _ in ExpressionValue(literal) }
        case .variable, .member, .subscripted:
            let path = path(expression)
            guard path.mayBeRedacted else {
                return { variables throws(ExpressionEvaluationError) in ExpressionValue(try path.code(variables)) }
            }
            return { variables throws(ExpressionEvaluationError) in
                let found = try path.code(variables)
                if let redacted = found as? RedactedValue {
                    throw ExpressionEvaluationError(description: "`\(redacted.source)` is redacted and cannot be used in an expression")
                }
                return ExpressionValue(found)
            }
        case .unary(.not, let operand):
            let operand = value(operand)
            return { variables throws(ExpressionEvaluationError) in
                guard case .bool(let flag) = try operand(variables) else {
                    throw ExpressionEvaluationError(description: "`!` needs a Bool")
                }
                return .bool(!flag)
            }
        case .unary(.negate, let operand):
            let operand = value(operand)
            return { variables throws(ExpressionEvaluationError) in try ExpressionOperations.negate(operand(variables)) }
        case .binary(.and, let left, let right):
            let (left, right) = (value(left), value(right))
            return { variables throws(ExpressionEvaluationError) in
                guard try ExpressionOperations.truth(left(variables), "&&") else { return .bool(false) }
                return .bool(try ExpressionOperations.truth(right(variables), "&&"))
            }
        case .binary(.or, let left, let right):
            let (left, right) = (value(left), value(right))
            return { variables throws(ExpressionEvaluationError) in
                if try ExpressionOperations.truth(left(variables), "||") { return .bool(true) }
                return .bool(try ExpressionOperations.truth(right(variables), "||"))
            }
        case .binary(let op, let left, let right):
            let (left, right) = (value(left), value(right))
            return { variables throws(ExpressionEvaluationError) in
                try ExpressionOperations.apply(op, left(variables), right(variables))
            }
        }
    }

    func path(_ expression: Expression) -> Path {
        switch expression {
        case .variable(let name):
            let slot = slots.firstIndex(of: name)!
            let hide = hider(name)
            return Path(
                code: { variables throws(ExpressionEvaluationError) in
                    switch variables[slot].state {
                    case .readable: return hide(variables[slot].value, name)
                    case .missing: throw ExpressionEvaluationError(description: "unknown name `\(name)`", unknownName: "\(name)")
                    case .unreadable: throw ExpressionEvaluationError(description: "`\(name)` cannot be read (noncopyable or a function)")
                    }
                }, mayBeRedacted: hide.may)
        case .member(let base, let name):
            let base = path(base)
            let hide = hider(name)
            let step = MemberLookup(name)
            return Path(
                code: { variables throws(ExpressionEvaluationError) in
                    let container = try base.code(variables)
                    if base.mayBeRedacted, container is RedactedValue { return container }
                    return hide(try ExpressionOperations.member(step, of: container), name)
                }, mayBeRedacted: base.mayBeRedacted || hide.may)
        case .subscripted(let base, let index):
            let base = path(base)
            let key = value(index)
            // A string key is judged as a name: `headers["Authorization"]`.
            let literalName: String? =
                switch index {
                case .literal(.string(let text)): text
                case .literal: ""
                default: nil
                }
            let hide = literalName.map(hider) ?? Hider(redaction: redaction, secret: nil)
            return Path(
                code: { variables throws(ExpressionEvaluationError) in
                    let container = try base.code(variables)
                    if base.mayBeRedacted, container is RedactedValue { return container }
                    let key = try key(variables)
                    let name = if case .string(let text) = key { text } else { "" }
                    return hide(try ExpressionOperations.element(key, of: container), name)
                }, mayBeRedacted: base.mayBeRedacted || hide.may)
        default:
            let value = value(expression)
            return Path(code: { variables throws(ExpressionEvaluationError) in try value(variables).any }, mayBeRedacted: false)
        }
    }

    private func hider(_ name: String) -> Hider { Hider(redaction: redaction, secret: redaction.isSecret(name)) }
}

/// Replaces a value found under a name with a `RedactedValue` when the name or the value's
/// type is secret, with the name's part decided at compile time when the name is known. A
/// class, so that the closures holding one share it instead of copying a `Redaction`.
private final class Hider: Sendable {
    let redaction: Redaction
    /// Whether the name is a secret; nil when the name is known only at a hit.
    let secret: Bool?
    /// Whether it can ever redact.
    let may: Bool

    init(redaction: Redaction, secret: Bool?) {
        self.redaction = redaction
        self.secret = secret
        may = secret != false || !redaction.neverCapturedTypes.isEmpty
    }

    func callAsFunction(_ value: Any, _ name: String) -> Any {
        guard may, secret ?? redaction.isSecret(name) || redaction.hidesType(value) else { return value }
        return RedactedValue(source: name, typeName: Reflection.typeName(of: value))
    }
}
