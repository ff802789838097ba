import SwiftSyntax

/// A name a probe may capture: a parameter, a local, `self` or an implicit name such as
/// `error` in a `catch` or `newValue` in a setter.
struct CapturableName: Equatable {
    /// The name as source must spell it to read it, backticks included (`` `default` ``).
    var spelling: String
    /// The name a snapshot shows (no backticks).
    var display: String { spelling.replacingOccurrences(of: "`", with: "") }
    /// False for a declaration a probe must not read; it still hides earlier names.
    var isReadable = true

    init(spelling: String) { self.spelling = spelling }

    /// The name a token declares. A reserved word used as a name (`func f(extension: String)`)
    /// is read as `` `extension` ``.
    init(_ token: TokenSyntax) {
        spelling = Self.reservedWords.contains(token.text) ? "`" + token.text + "`" : token.text
    }

    /// Words that need backticks to be read as a name in an expression.
    static let reservedWords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch",
        "continue", "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat",
        "return", "throw", "switch", "where", "while", "Any", "as", "false", "is", "nil", "super",
        "throws", "true", "try",
    ]
}

/// Which names a construct brings into scope and whether a probe may read them.
///
/// The rules follow what compiles (../shared/notes/swift-probe-findings.md, section 3):
/// capture parameters and locals declared with an initializer, before the probe's line;
/// leave out `async let`, lazy and computed locals, property-wrapped locals, `unowned`
/// references (reading one after its object died traps), borrowing and consuming
/// parameters, parameter packs, and anonymous closure arguments.
enum Bindings {
    /// Names bound by a pattern (`let (a, b)`, `case .some(let x)`, `for (i, v) in`).
    static func names(in pattern: some SyntaxProtocol) -> [CapturableName] {
        pattern.tokens(viewMode: .sourceAccurate).compactMap { token in
            guard case .identifier = token.tokenKind,
                token.parent?.is(IdentifierPatternSyntax.self) == true
            else { return nil }
            return CapturableName(token)
        }
    }

    /// Locals a `let`/`var` declaration brings into scope after it, each readable or not.
    /// An unreadable one still hides a parameter or local of the same name.
    static func locals(declaredBy decl: VariableDeclSyntax) -> [CapturableName] {
        let excludedModifiers: Set<String> = ["lazy", "unowned", "async"]
        let excluded =
            decl.modifiers.contains { excludedModifiers.contains($0.name.text) }
            || !decl.attributes.isEmpty  // property wrappers run user code on read
        return decl.bindings.flatMap { binding -> [CapturableName] in
            let readable = !excluded && binding.initializer != nil && binding.accessorBlock == nil
            return names(in: binding.pattern).map { name in
                var local = name
                local.isReadable = readable
                return local
            }
        }
    }

    /// Names bound by the conditions of `if`, `guard` and `while`.
    static func names(boundBy conditions: ConditionElementListSyntax) -> [CapturableName] {
        conditions.flatMap { element -> [CapturableName] in
            switch element.condition {
            case .optionalBinding(let binding):
                return names(in: binding.pattern)
            case .matchingPattern(let match):
                return names(in: match.pattern)
            default:
                return []
            }
        }
    }

    /// Names a `case` label binds for its body.
    static func names(boundBy label: SwitchCaseSyntax.Label) -> [CapturableName] {
        guard case .case(let caseLabel) = label else { return [] }
        return caseLabel.caseItems.flatMap { names(in: $0.pattern) }
    }

    /// Names a `catch` clause binds: its patterns, or the implicit `error`.
    static func names(boundBy clause: CatchClauseSyntax) -> [CapturableName] {
        if clause.catchItems.isEmpty { return [CapturableName(spelling: "error")] }
        return clause.catchItems.flatMap { item in item.pattern.map { names(in: $0) } ?? [] }
    }

    /// The readable parameters of a function, initializer or subscript. `functionAliases`
    /// names the typealiases known to stand for function types.
    static func parameters(_ clause: FunctionParameterClauseSyntax, functionAliases: Set<String>) -> [CapturableName] {
        clause.parameters.compactMap { parameter in
            let name = parameter.secondName ?? parameter.firstName
            guard name.tokenKind != .wildcard, isReadable(parameter.type, functionAliases: functionAliases) else { return nil }
            return CapturableName(name)
        }
    }

    /// The readable parameters of a closure and the names of its capture list, split into
    /// those readable from the start and untyped parameters.
    ///
    /// Swift type-checks a multi-statement closure one statement at a time, so an untyped
    /// parameter whose type the body determines (`withCheckedContinuation { c in ... }`)
    /// cannot be read before the body's first statement that uses it.
    static func parameters(_ signature: ClosureSignatureSyntax?, functionAliases: Set<String>) -> (
        typed: [CapturableName], untyped: [CapturableName]
    ) {
        guard let signature else { return ([], []) }
        var typed: [CapturableName] = []
        var untyped: [CapturableName] = []
        for item in signature.capture?.items ?? [] where item.specifier?.specifier.text != "unowned" {
            if item.name.text != "self" { typed.append(CapturableName(item.name)) }
        }
        switch signature.parameterClause {
        case .simpleInput(let list):
            untyped += list.compactMap { parameter in
                parameter.name.tokenKind == .wildcard ? nil : CapturableName(parameter.name)
            }
        case .parameterClause(let clause):
            for parameter in clause.parameters {
                let name = parameter.secondName ?? parameter.firstName
                guard name.tokenKind != .wildcard else { continue }
                if let type = parameter.type {
                    if isReadable(type, functionAliases: functionAliases) { typed.append(CapturableName(name)) }
                } else {
                    untyped.append(CapturableName(name))
                }
            }
        case nil:
            break
        }
        return (typed, untyped)
    }

    /// Whether a parameter of this declared type can be read by a probe.
    ///
    /// A non-escaping function parameter is left out: a snapshot could show no more than its
    /// type, and passing it on needs a reabstraction that the Swift 6.3 optimizer has been seen
    /// to crash on when the function takes an `inout` argument. `functionAliases` lets a
    /// typealias (`_ update: Handler`) be recognised as a function type; one declared in
    /// another module falls back on the runtime's function overload of `_deepCapture`.
    static func isReadable(_ type: TypeSyntax, functionAliases: Set<String>) -> Bool {
        if type.is(PackExpansionTypeSyntax.self) { return false }
        let texts = Set(type.tokens(viewMode: .sourceAccurate).map(\.text))
        if !texts.isDisjoint(with: ["borrowing", "consuming", "__owned", "__shared", "each", "repeat"]) {
            return false
        }
        let base = type.as(AttributedTypeSyntax.self)?.baseType ?? type
        let aliasName = base.as(IdentifierTypeSyntax.self)?.name.text ?? base.as(MemberTypeSyntax.self)?.name.text
        let isFunction = base.is(FunctionTypeSyntax.self) || aliasName.map(functionAliases.contains) == true
        return !isFunction || texts.contains("escaping")
    }
}
