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
    /// The expression's value, for arithmetic and watches.
    private let value: Code<ExpressionValue>
    /// The expression as a condition: comparisons and `&&`/`||` yield a Bool without
    /// wrapping it in an `ExpressionValue`.
    private let truth: Code<Bool>
    /// What the expression names, as captured: a path (`order.items[0]`) yields the field
    /// itself with its own type; any other expression its computed result.
    private let path: Code<Any>

    /// The variables it reads, each once: slot `i` of what the code reads holds `names[i]`.
    let names: VariableNames

    /// The variables' values in `names` order (`_DeepVariables.named`).
    typealias Slots = VariableSlots
    fileprivate typealias Code<Result> = @Sendable (Slots) throws(ExpressionEvaluationError) -> Result

    /// Compiled to read its variables from slots in `slots` order (which must name them
    /// all), or by default in the order it names them.
    package init(_ expression: Expression, redaction: Redaction, slots: [String]? = nil) {
        let names = slots ?? Self.names(in: [expression])
        let compiler = Compiler(redaction: redaction, slots: names)
        value = compiler.value(expression)
        truth = compiler.truth(expression, "a condition")
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
        try run(truth, over: variables)
    }

    /// A condition over the variables `probe` passes, reading only those it names. An error
    /// is worked out again over them all, so that an unknown name's lists every name in scope.
    func isTrue(over probe: (inout _DeepVariables) -> Void) throws(ExpressionEvaluationError) -> Bool {
        do throws(ExpressionEvaluationError) {
            return try _DeepVariables.named(names, of: probe) { slots throws(ExpressionEvaluationError) in try truth(slots) }
        } catch {
            return try isTrue(_DeepVariables.all(of: probe))
        }
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

    /// Code for `expression` as a condition or an operand of `&&`/`||` (`context` names which,
    /// for the error of a value that is not a Bool).
    func truth(_ expression: Expression, _ context: String) -> CompiledExpression.Code<Bool> {
        switch expression {
        case .binary(.and, let left, let right):
            let (left, right) = (truth(left, "&&"), truth(right, "&&"))
            return { variables throws(ExpressionEvaluationError) in
                guard try left(variables) else { return false }
                return try right(variables)
            }
        case .binary(.or, let left, let right):
            let (left, right) = (truth(left, "||"), truth(right, "||"))
            return { variables throws(ExpressionEvaluationError) in
                if try left(variables) { return true }
                return try right(variables)
            }
        case .binary(let op, .variable(let name), .literal(.integer(let bound))) where op.compares && !hider(name).may:
            // `step < 0` on an `Int`: one compare of two words, no value made.
            let slot = slots.firstIndex(of: name)!
            let left = value(.variable(name))
            return { variables throws(ExpressionEvaluationError) in
                if case .int(let number) = variables[slot], let holds = ExpressionOperations.ordered(op, Int64(number), bound) {
                    return holds
                }
                return try ExpressionOperations.compare(op, left(variables), .integer(bound))
            }
        case .binary(let op, let left, let right) where op.compares:
            let (left, right) = (value(left), value(right))
            return { variables throws(ExpressionEvaluationError) in
                try ExpressionOperations.compare(op, left(variables), right(variables))
            }
        default:
            let value = value(expression)
            return { variables throws(ExpressionEvaluationError) in try ExpressionOperations.truth(value(variables), context) }
        }
    }

    func value(_ expression: Expression) -> CompiledExpression.Code<ExpressionValue> {
        switch expression {
        case .literal(let literal):
            // Made once: a literal's value holds no `Any`, so the closures can share it.
            nonisolated(unsafe) let value = ExpressionValue(literal)
            return { _ in value }
        case .variable(let name) where !hider(name).may:
            // A variable read straight into a value: an `Int`, `Double` or `Bool` slot needs
            // no `Any`.
            let slot = slots.firstIndex(of: name)!
            return { variables throws(ExpressionEvaluationError) in
                switch variables[slot] {
                case .int(let number): .integer(Int64(number))
                case .double(let number): .decimal(number)
                case .bool(let flag): .bool(flag)
                case .other(let value): ExpressionValue(value)
                case .missing, .unreadable: throw Self.unread(variables[slot], name)
                }
            }
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
        case .binary(.and, _, _), .binary(.or, _, _):
            let truth = truth(expression, "")
            return { variables throws(ExpressionEvaluationError) in .bool(try truth(variables)) }
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
                    guard let value = variables.passed(slot) else { throw Self.unread(variables[slot], name) }
                    return hide(value, name)
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

    /// Why the variable `name` has no value in a slot holding `value` (missing or unreadable).
    private static func unread(_ value: VariableSlots.Value, _ name: String) -> ExpressionEvaluationError {
        if case .unreadable = value {
            return ExpressionEvaluationError(description: "`\(name)` cannot be read (noncopyable or a function)")
        }
        return ExpressionEvaluationError(description: "unknown name `\(name)`", unknownName: "\(name)")
    }
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
