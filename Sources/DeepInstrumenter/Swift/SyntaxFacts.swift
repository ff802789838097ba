import SwiftSyntax

/// Small pure functions over syntax nodes that the planner's decisions rest on.
extension ProbePlanner {
    static func isInlinable(_ attributes: AttributeListSyntax) -> Bool {
        let names: Set<String> = ["inlinable", "_alwaysEmitIntoClient", "_transparent", "backDeployed"]
        return attributes.contains { element in
            guard case .attribute(let attribute) = element else { return false }
            return names.contains(attribute.attributeName.trimmedDescription)
        }
    }

    /// Whether `value` is the result of a call, reached through calls, member accesses,
    /// subscripts and `!` from something other than an implicit member, with no `?` on the way.
    static func isCallResult(_ value: ExprSyntax) -> Bool {
        guard value.is(FunctionCallExprSyntax.self) else { return false }
        var node = value
        while true {
            if let call = node.as(FunctionCallExprSyntax.self) {
                node = call.calledExpression
            } else if let member = node.as(MemberAccessExprSyntax.self) {
                guard let base = member.base else { return false }
                node = base
            } else if let subscriptCall = node.as(SubscriptCallExprSyntax.self) {
                node = subscriptCall.calledExpression
            } else if let unwrap = node.as(ForceUnwrapExprSyntax.self) {
                node = unwrap.expression
            } else {
                return !node.is(OptionalChainingExprSyntax.self)
            }
        }
    }

    /// Whether a tuple can hold the value as it stands: not `&x`, `_`, a pattern, a type,
    /// `super`, `consume`/`copy`, a macro, an `if`/`switch` expression, a key path (one
    /// passed as a function through a tuple is a throwing one, which a `rethrows` call
    /// rejects), or a value built by a noncopyable type (`Atomic<Int>(0)`).
    static func isWrappable(_ value: ExprSyntax, noncopyableTypes: Set<String>) -> Bool {
        !(value.is(InOutExprSyntax.self) || value.is(DiscardAssignmentExprSyntax.self) || value.is(PatternExprSyntax.self)
            || value.is(TypeExprSyntax.self) || value.is(SuperExprSyntax.self) || value.is(ConsumeExprSyntax.self)
            || value.is(CopyExprSyntax.self) || value.is(MacroExpansionExprSyntax.self) || value.is(MissingExprSyntax.self)
            || value.is(IfExprSyntax.self) || value.is(SwitchExprSyntax.self) || value.is(KeyPathExprSyntax.self)
            || builds(value, oneOf: noncopyableTypes))
    }

    /// Whether `value` is a call to an initializer of one of `types` (`Atomic<Int>(0)`,
    /// `Synchronization.Mutex(0)`, `Mutex.init(0)`), under `try` or `await`.
    static func builds(_ value: ExprSyntax, oneOf types: Set<String>) -> Bool {
        var node = withoutEffectMarkers(value)
        guard let call = node.as(FunctionCallExprSyntax.self) else { return false }
        node = call.calledExpression
        if let member = node.as(MemberAccessExprSyntax.self), member.declName.baseName.text == "init", let base = member.base {
            node = base
        }
        return typeName(node).map(types.contains) ?? false
    }

    /// The last name of a type written as an expression: `Atomic` for `Atomic<Int>` or
    /// `Synchronization.Atomic`.
    static func typeName(_ expression: ExprSyntax) -> String? {
        if let specialized = expression.as(GenericSpecializationExprSyntax.self) { return typeName(specialized.expression) }
        if let reference = expression.as(DeclReferenceExprSyntax.self) { return reference.baseName.text }
        if let member = expression.as(MemberAccessExprSyntax.self), member.base != nil { return member.declName.baseName.text }
        if let type = expression.as(TypeExprSyntax.self) { return typeName(type.type) }
        return nil
    }

    /// The last name of a type: `Mutex` for `Mutex<Int>` or `Synchronization.Mutex<Int>`.
    static func typeName(_ type: TypeSyntax) -> String? {
        if let identifier = type.as(IdentifierTypeSyntax.self) { return identifier.name.text }
        if let member = type.as(MemberTypeSyntax.self) { return member.name.text }
        return nil
    }

    /// Whether the innermost function or initializer around `node` is declared `rethrows`.
    static func isInRethrowsFunction(_ node: some SyntaxProtocol) -> Bool {
        let signature = node.ancestorOrSelf {
            $0.as(FunctionDeclSyntax.self)?.signature ?? $0.as(InitializerDeclSyntax.self)?.signature
        }
        return signature?.effectSpecifiers?.throwsClause?.throwsSpecifier.tokenKind == .keyword(.rethrows)
    }

    /// Whether the node's first token is the first on its line (a missing token is not).
    static func startsLine(_ node: some SyntaxProtocol) -> Bool {
        node.firstToken(viewMode: .sourceAccurate)?.leadingTrivia.contains(where: \.isNewline) == true
    }

    /// The expression an item consists of, if it is one.
    static func expression(of item: CodeBlockItemSyntax) -> ExprSyntax? {
        switch item.item {
        case .expr(let expression): return expression
        case .stmt(let statement): return statement.as(ExpressionStmtSyntax.self)?.expression
        case .decl: return nil
        }
    }

    /// `expression` without the `try`s and `await`s before it.
    static func withoutEffectMarkers(_ expression: ExprSyntax) -> ExprSyntax {
        if let marked = expression.as(TryExprSyntax.self) { return withoutEffectMarkers(marked.expression) }
        if let marked = expression.as(AwaitExprSyntax.self) { return withoutEffectMarkers(marked.expression) }
        return expression
    }

    /// The value an item yields: its expression, or what it returns.
    static func valueExpression(of item: CodeBlockItemSyntax) -> ExprSyntax? {
        expression(of: item) ?? item.item.as(ReturnStmtSyntax.self)?.expression
    }

    /// The closing brace of an `if`, `else`, loop, `do`, `catch` or `defer` block whose end
    /// control can reach, when the brace starts its line and nothing executable follows it
    /// there (at most `else {`), or of a closure of statements. A debugger stops there, on the
    /// jump or cleanup at the end of the block; a probe there fires when the block runs to its
    /// end. Function bodies end in their exit, which is left to exit probes.
    static func closingBraceProbedAtEnd(of statements: CodeBlockItemListSyntax) -> TokenSyntax? {
        if let closure = statements.parent?.as(ClosureExprSyntax.self) {
            // What follows a closure's brace on its line (`})`, `}.sorted()`) is the rest of the
            // expression the closure is part of, which comes after it. A closure with `return`
            // gets an exit probe instead.
            let brace = closure.rightBrace
            guard !statements.isEmpty, Self.startsLine(brace),
                !ReturnFinder.containsReturn(statements)
            else { return nil }
            return brace
        }
        guard let block = statements.parent?.as(CodeBlockSyntax.self), let owner = block.parent,
            owner.is(IfExprSyntax.self) || owner.is(WhileStmtSyntax.self) || owner.is(ForStmtSyntax.self)
                || owner.is(RepeatStmtSyntax.self) || owner.is(DoStmtSyntax.self) || owner.is(CatchClauseSyntax.self)
                || owner.is(DeferStmtSyntax.self)
        else { return nil }
        let brace = block.rightBrace
        guard Self.startsLine(brace) else { return nil }
        // What follows on the brace's line would be attributed to it: only `else {` may.
        var next = brace.nextToken(viewMode: .sourceAccurate)
        if next?.tokenKind == .keyword(.else), next?.nextToken(viewMode: .sourceAccurate)?.tokenKind == .leftBrace {
            next = next?.nextToken(viewMode: .sourceAccurate)?.nextToken(viewMode: .sourceAccurate)
        }
        guard next.map(Self.startsLine) ?? true else { return nil }
        return brace
    }

    static func isExecutable(_ item: CodeBlockItemSyntax) -> Bool {
        let diagnosticMacros: Set<String> = ["warning", "error"]
        switch item.item {
        case .expr(let expression):
            guard let macro = expression.as(MacroExpansionExprSyntax.self) else { return true }
            return !diagnosticMacros.contains(macro.macroName.text)
        case .stmt: return true
        case .decl(let declaration):
            if let variable = declaration.as(VariableDeclSyntax.self) {
                return variable.bindings.contains { $0.initializer != nil }
            }
            if let macro = declaration.as(MacroExpansionDeclSyntax.self) {
                return !diagnosticMacros.contains(macro.macroName.text)
            }
            return false
        }
    }

    static func isStatementPosition(_ node: some SyntaxProtocol) -> Bool {
        guard let parent = node.parent else { return false }
        if parent.is(CodeBlockItemSyntax.self) { return true }
        return parent.is(ExpressionStmtSyntax.self) && parent.parent?.is(CodeBlockItemSyntax.self) == true
    }

    /// `a = b`, `a += b`...: assignment binds loosest, so one at the top of an (unfolded)
    /// operator sequence makes the whole expression an assignment.
    static func isAssignment(_ expression: ExprSyntax) -> Bool {
        guard let sequence = expression.as(SequenceExprSyntax.self) else { return false }
        return sequence.elements.contains { element in
            if element.is(AssignmentExprSyntax.self) { return true }
            guard let op = element.as(BinaryOperatorExprSyntax.self)?.operator.text else { return false }
            return op.hasSuffix("=") && !["==", "!=", "<=", ">=", "===", "!=="].contains(op)
        }
    }

    /// Whether an if/switch in a body's result position is an expression: it has an `else`
    /// on every path, and every branch is one expression (or a `throw`).
    static func isExpressionConditional(_ expression: ExprSyntax) -> Bool {
        func isValueBranch(_ statements: CodeBlockItemListSyntax) -> Bool {
            guard statements.count == 1, let item = statements.first else { return false }
            if item.item.is(ThrowStmtSyntax.self) { return true }
            guard let value = Self.expression(of: item) else { return false }
            if value.is(IfExprSyntax.self) || value.is(SwitchExprSyntax.self) { return isExpressionConditional(value) }
            return true
        }
        if let switchExpression = expression.as(SwitchExprSyntax.self) {
            return switchExpression.cases.allSatisfy { element in
                guard case .switchCase(let switchCase) = element else { return false }
                return isValueBranch(switchCase.statements)
            }
        }
        guard let conditional = expression.as(IfExprSyntax.self), isValueBranch(conditional.body.statements) else { return false }
        switch conditional.elseBody {
        case .codeBlock(let block): return isValueBranch(block.statements)
        case .ifExpr(let elseIf): return isExpressionConditional(ExprSyntax(elseIf))
        case nil: return false
        }
    }

    static func signatureName(_ base: String, _ parameters: FunctionParameterClauseSyntax) -> String {
        base + "(" + parameters.parameters.map { $0.firstName.text + ":" }.joined() + ")"
    }
}

/// Finds the `return`s of a body itself, not of a closure or function nested in it.
final class ReturnFinder: SyntaxVisitor {
    private var found: [ReturnStmtSyntax] = []

    static func containsReturn(_ statements: CodeBlockItemListSyntax) -> Bool { !returns(in: statements).isEmpty }

    static func returns(in statements: CodeBlockItemListSyntax) -> [ReturnStmtSyntax] {
        let finder = ReturnFinder(viewMode: .sourceAccurate)
        finder.walk(statements)
        return finder.found
    }

    override func visit(_ node: ReturnStmtSyntax) -> SyntaxVisitorContinueKind { found.append(node); return .skipChildren }
    override func visit(_ node: ClosureExprSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: AccessorBlockSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
}

/// Finds whether statements may throw out of their body: a `try` (not `try?` or `try!`), a
/// `throw` or a `for try`, outside closures, nested functions and types, and outside the
/// bodies of `do` statements with a `catch` that catches everything.
final class ThrowFinder: SyntaxVisitor {
    private var found = false

    static func mayThrow(_ statements: CodeBlockItemListSyntax) -> Bool {
        let finder = ThrowFinder(viewMode: .sourceAccurate)
        finder.walk(statements)
        return finder.found
    }

    override func visit(_ node: TryExprSyntax) -> SyntaxVisitorContinueKind {
        if node.questionOrExclamationMark == nil { found = true }
        return found ? .skipChildren : .visitChildren
    }
    override func visit(_ node: ThrowStmtSyntax) -> SyntaxVisitorContinueKind { found = true; return .skipChildren }
    override func visit(_ node: ForStmtSyntax) -> SyntaxVisitorContinueKind {
        if node.tryKeyword != nil { found = true }
        return found ? .skipChildren : .visitChildren
    }
    override func visit(_ node: DoStmtSyntax) -> SyntaxVisitorContinueKind {
        guard node.catchClauses.contains(where: \.catchItems.isEmpty) else { return .visitChildren }
        for clause in node.catchClauses { walk(clause) }
        return .skipChildren
    }
    override func visit(_ node: ClosureExprSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: AccessorBlockSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
    override func visit(_ node: MemberBlockSyntax) -> SyntaxVisitorContinueKind { .skipChildren }
}

/// Finds what may keep a loop iteration busy for long: an `await`, a call of a function by
/// its bare name (`handle(request)`, `readLine()`), or of a method declared in the module
/// (`store.checkout(...)`). Not building values (`Int(x)`, `Point(x: 1)`, `.init()`), operators,
/// subscripts, nor other methods (`stack.append(x)`): the standard library's work on values
/// ends soon, and a loop of them is the hot loop whose plain copy must stay clean (the
/// interpreter kernel of `Benchmarks/run` takes about 2.5 times as long with a check per
/// iteration as without, even with no probe in its probed iteration).
final class CallFinder: SyntaxVisitor {
    private let moduleFunctions: Set<String>
    private var found = false

    private init(moduleFunctions: Set<String>) {
        self.moduleFunctions = moduleFunctions
        super.init(viewMode: .sourceAccurate)
    }

    static func makesCalls(_ node: some SyntaxProtocol, moduleFunctions: Set<String>) -> Bool {
        let finder = CallFinder(moduleFunctions: moduleFunctions)
        finder.walk(node)
        return finder.found
    }

    override func visit(_ node: AwaitExprSyntax) -> SyntaxVisitorContinueKind { found = true; return .skipChildren }
    override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
        if let name = node.calledExpression.as(DeclReferenceExprSyntax.self)?.baseName.text {
            found = found || name.first?.isLowercase == true || name.first == "_"
        } else if let member = node.calledExpression.as(MemberAccessExprSyntax.self), member.base != nil {
            found = found || moduleFunctions.contains(member.declName.baseName.text)
        }
        return found ? .skipChildren : .visitChildren
    }
}
