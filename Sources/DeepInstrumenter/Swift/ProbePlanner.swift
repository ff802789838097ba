import DeepModel
import SwiftSyntax

/// Walks a Swift file and decides where probes go, in which form, and what each reads.
///
/// A probe goes before the first executable statement that starts on a line, inside
/// every function, initializer, accessor and closure body (and top-level code in
/// `main.swift`), so that no line moves; before the closing brace of a block that runs
/// to its end (see `closingBraceProbedAtEnd`); after a `case` label or `catch`; on a
/// function-like declaration's line and its closing brace, for its entry and exit (see
/// `Frame`); around a stored property's initial value or a parameter's default value; and
/// on each later line of a multi-line statement, around the value that starts it (see
/// "Lines inside a statement"). Values get the expression form; statements the statement
/// form. See ProbeSite.Form.
final class ProbePlanner: SyntaxVisitor {
    private(set) var sites: [ProbeSite] = []
    /// Bodies and loop iterations written twice (see CopyRegion), in the order they start.
    private(set) var regions: [CopyRegion] = []
    /// The functions, initializers, deinitializers and accessors with probes, for method
    /// tracepoints, in the order they start.
    private(set) var functions: [ProbedFunction] = []
    /// The `return`s whose values exit probes report.
    private(set) var returnCaptures: [ReturnCapture] = []
    private(set) var errorCaptures: [ErrorCapture] = []
    private(set) var skipped: [SkipReason: Int] = [:]
    /// Whether a probe sits in code other modules compile too (see ProbeRenderer).
    private(set) var probesInlinableCode = false
    /// Lines that hold at least one executable statement, probed or not.
    private(set) var executableLines: Set<Int> = []
    /// Executable statements seen, probed or not.
    private(set) var statements = 0

    private let converter: SourceLocationConverter
    private let isMainFile: Bool
    private let module: ModuleDeclarations
    private var functionAliases: Set<String> { module.functionAliases }
    private var bodies: [Body] = []
    private var bodiesEntered = 0
    private var typeNames: [String] = []
    private var probedLines: Set<Int> = []
    /// Names a statement list's scope starts with (bound by the `if`, `for`, `case`... that owns it).
    private var boundNames: [SyntaxIdentifier: [CapturableName]] = [:]
    /// Statement lists whose single item is the value of an expression (ProbeSite.Form.expression).
    private var valueLists: Set<SyntaxIdentifier> = []
    /// if/switch expressions whose branches are values.
    private var valueConditionals: Set<SyntaxIdentifier> = []
    private var macroArgumentDepth = 0
    /// Whether the file writes `~Copyable` or `~Escapable` anywhere: a generic value in it may
    /// be one that `Any` cannot hold.
    private var suppressesCopyable = false
    /// What each statement with line probes hands off, found once per statement, not per line.
    private var namesSent: [SyntaxIdentifier: Set<String>] = [:]

    init(converter: SourceLocationConverter, isMainFile: Bool, module: ModuleDeclarations) {
        self.converter = converter
        self.isMainFile = isMainFile
        self.module = module
        super.init(viewMode: .sourceAccurate)
    }

    // MARK: Bodies

    /// A function-like body: what a probe inside it may read and how it is named.
    private struct Body {
        /// Which body this is, unique in the file: the owner of its probes (ProbeSite.owner).
        var id: Int
        var function: String
        var parameters: [CapturableName]
        /// Untyped closure parameters, readable once a statement has used them.
        var untypedParameters: [CapturableName] = []
        var scopes: [[CapturableName]] = []
        var skip: SkipReason?
        /// `@inlinable` and the like, or inside such a body.
        var isInlinable: Bool
        /// Names a probe stops reading from this position on (see `SendingUses`).
        var stopReading: [String: AbsolutePosition] = [:]
        var uses: SendingUses
        /// Where a declared function's body is entered and left; closures and top-level code have none.
        var frame: Frame?
        /// Its entry in `functions`, when it is a frame with probes.
        var functionIndex: Int?
        /// The initial value, when the body is a stored property's or a parameter's default.
        var initialValue: SyntaxIdentifier?
        /// Whether the loops in it may have copies: the body has them itself, or it is the
        /// top-level code of `main.swift`.
        var copiesLoops = false

        func visibleNames(at position: AbsolutePosition) -> [CapturableName] {
            var seen: Set<String> = []
            var result: [CapturableName] = []
            for name in (parameters + scopes.joined()).reversed() where !seen.contains(name.display) {
                seen.insert(name.display)
                if !name.isReadable { continue }
                if let stop = stopReading[name.spelling], stop <= position { continue }
                result.append(name)
            }
            return result.reversed()
        }
    }

    /// The body of a function, initializer, deinitializer or accessor, which gets a probe on
    /// its declaration's line (entry) and one on its closing brace's line (exit), the lines a
    /// debugger stops on when the body is entered and left.
    private struct Frame {
        /// What a debugger attributes the entry to: the name, `init`, `deinit`, an accessor's
        /// keyword, or the `{` of an implicit getter.
        var entry: TokenSyntax
        var leftBrace: TokenSyntax
        var rightBrace: TokenSyntax
        var statements: CodeBlockItemListSyntax
        var attributes: AttributeListSyntax?
        /// Whether the body produces a value (not `Void`).
        var returnsValue: Bool
        var neverReturns: Bool
        /// A function's declared result, or a getter's type, whose `return`s the exit may report.
        var resultType: TypeSyntax?
        /// A function's, initializer's or getter's `throws`, whose error the exit may report.
        var throwsClause: ThrowsClauseSyntax?

        init(
            entry: TokenSyntax, leftBrace: TokenSyntax, rightBrace: TokenSyntax, statements: CodeBlockItemListSyntax,
            attributes: AttributeListSyntax?, returnsValue: Bool = false, neverReturns: Bool = false, resultType: TypeSyntax? = nil
        ) {
            (self.entry, self.leftBrace, self.rightBrace, self.statements) = (entry, leftBrace, rightBrace, statements)
            (self.attributes, self.returnsValue, self.neverReturns) = (attributes, returnsValue, neverReturns)
            self.resultType = resultType
        }

        init(
            entry: TokenSyntax, body: CodeBlockSyntax, attributes: AttributeListSyntax?, returnsValue: Bool = false,
            neverReturns: Bool = false, resultType: TypeSyntax? = nil, throwsClause: ThrowsClauseSyntax? = nil
        ) {
            self.init(
                entry: entry, leftBrace: body.leftBrace, rightBrace: body.rightBrace, statements: body.statements,
                attributes: attributes, returnsValue: returnsValue, neverReturns: neverReturns, resultType: resultType)
            self.throwsClause = throwsClause
        }
    }

    private func enterBody(
        named function: String, parameters: [CapturableName], statements: CodeBlockItemListSyntax,
        valueResult: Bool, attributes: AttributeListSyntax? = nil, untypedParameters: [CapturableName] = [],
        frame: Frame? = nil
    ) {
        bodies.append(newBody(named: function, parameters: parameters, code: statements, attributes: attributes))
        bodies[bodies.count - 1].untypedParameters = untypedParameters
        bodies[bodies.count - 1].frame = frame
        if valueResult { markValue(statements) }
        if let frame, bodies[bodies.count - 1].skip == nil {
            bodies[bodies.count - 1].functionIndex = functions.count
            functions.append(
                ProbedFunction(name: function, line: line(of: frame.entry), endLine: line(of: frame.rightBrace), exits: false))
        }
        if let frame {
            // What lets a `defer` open the body lets an `if` pick its copy: no result builder
            // transforms it, and its value is not its one expression.
            if canDefer(frame) { addRegion(from: frame.leftBrace, to: frame.rightBrace, firstLine: line(of: frame.entry), ofBody: true) }
            addValueExitProbe(statements: frame.statements, start: frame.leftBrace, end: frame.rightBrace)
            addEntryProbe(frame)
        }
    }

    /// A region of the body being planned from `open` (a `{` or a closure's `in`) to `close`
    /// (its `}`), for tracepoints from `firstLine` on. Not in a macro's argument (the macro
    /// sees the text), nor in a string's interpolation (the plain copy's `#sourceLocation`
    /// needs a line of its own). A region `ofBody` (not a loop's) lets the body's loops have
    /// copies too.
    private func addRegion(from open: TokenSyntax, to close: TokenSyntax, firstLine: Int, ofBody: Bool = false) {
        guard let body = bodies.last, body.skip == nil, macroArgumentDepth == 0,
            open.ancestorOrSelf(mapping: { $0.as(StringLiteralExprSyntax.self) }) == nil
        else { return }
        if ofBody { bodies[bodies.count - 1].copiesLoops = true }
        let start = open.endPositionBeforeTrailingTrivia
        regions.append(
            CopyRegion(
                owner: body.id, start: start, end: close.positionAfterSkippingLeadingTrivia,
                startLine: converter.location(for: start).line, lines: firstLine...line(of: close),
                lineAfter: lineAfter(close)))
    }

    /// Where the line after a declaration's or a loop's closing brace starts, when nothing but
    /// trivia follows the brace on its line: the place for a line directive that restates the
    /// next line (CopyRegion.lineAfter).
    private func lineAfter(_ close: TokenSyntax) -> (position: AbsolutePosition, line: Int)? {
        guard let owner = close.parent?.parent,
            owner.is(FunctionDeclSyntax.self) || owner.is(InitializerDeclSyntax.self) || owner.is(DeinitializerDeclSyntax.self)
                || owner.is(ForStmtSyntax.self) || owner.is(WhileStmtSyntax.self),
            let next = close.nextToken(viewMode: .sourceAccurate), let first = next.leadingTrivia.first
        else { return nil }
        let width =
            switch first {
            case .newlines: 1
            case .carriageReturnLineFeeds: 2
            default: 0
            }
        guard width > 0 else { return nil }
        return (close.endPosition.advanced(by: width), line(of: close) + 1)
    }

    /// A loop's iteration gets copies when the loop makes calls or awaits, in its body or in
    /// what it runs each round (a condition, an async sequence): it may run long, and a
    /// tracepoint set meanwhile takes effect at its next iteration. Other loops run as the
    /// copy of the body they are in was picked on entry.
    private func addLoopRegion(_ loopBody: CodeBlockSyntax, eachRound: (some SyntaxProtocol)?, awaits: Bool = false) {
        guard bodies.last?.copiesLoops == true,
            awaits || CallFinder.makesCalls(loopBody, moduleFunctions: module.functions)
                || eachRound.map({ CallFinder.makesCalls($0, moduleFunctions: module.functions) }) == true
        else { return }
        addRegion(from: loopBody.leftBrace, to: loopBody.rightBrace, firstLine: line(of: loopBody.leftBrace))
    }

    private func newBody(
        named function: String, parameters: [CapturableName], code: some SyntaxProtocol,
        attributes: AttributeListSyntax?
    ) -> Body {
        let skip = bodies.last?.skip ?? (macroArgumentDepth > 0 ? .macroArgument : nil)
        let isInlinable = bodies.last?.isInlinable == true || attributes.map(Self.isInlinable) == true
        bodiesEntered += 1
        return Body(
            id: bodiesEntered, function: function, parameters: parameters, skip: skip, isInlinable: isInlinable,
            uses: SendingUses(body: code))
    }

    private func leaveBody() {
        if let frame = bodies.last?.frame { addExitProbe(frame) }
        bodies.removeLast()
    }

    /// Notes that the current body's function has an exit probe.
    private func markExit(added: Bool) {
        if added, let index = bodies.last?.functionIndex { functions[index].exits = true }
    }

    /// A probe after the body's `{` that fires when the body is entered, attributed to the
    /// declaration's line, unless the first statement's probe is on that line already. In a
    /// body whose value is its one expression, the probe wraps that expression.
    private func addEntryProbe(_ frame: Frame) {
        guard let body = bodies.last, body.skip == nil else { return }
        let line = line(of: frame.entry)
        let statements = frame.statements
        if let first = statements.first, self.line(of: first) == line { return }
        var form = ProbeSite.Form.statement
        if let value = implicitValue(of: statements) {
            // Not an expression a tuple can hold.
            guard !valueConditionals.contains(value.id), !Self.builds(value, oneOf: module.noncopyableTypes) else { return }
            form = .expression(end: value.endPositionBeforeTrailingTrivia)
        }
        let position = frame.leftBrace.endPositionBeforeTrailingTrivia
        addSite(line: line, position: position, form: form, captures: body.visibleNames(at: position))
    }

    /// A probe attributed to the body's closing brace that fires whenever the body returns or
    /// throws: a `defer` at its start, which reads only what the body never gives away. An empty
    /// body gets a plain probe before the brace instead (a lone `defer` draws a warning).
    private func addExitProbe(_ frame: Frame) {
        guard let body = bodies.last, body.skip == nil, !frame.neverReturns else { return }
        let brace = frame.rightBrace
        guard Self.startsLine(brace) else { return }
        if frame.statements.isEmpty {
            let position = brace.positionAfterSkippingLeadingTrivia
            markExit(added: addSite(line: line(of: brace), position: position, form: .statement, captures: body.visibleNames(at: position)))
        } else if canDefer(frame) {
            let position = clockPosition(frame)
            let captures = body.visibleNames(at: position).filter { body.stopReading[$0.spelling] == nil }
            let returns = keptReturns(frame)
            let catching = frame.throwsClause.flatMap { ErrorCapture.catching($0, statements: frame.statements) }
            let added = addSite(
                line: line(of: brace), position: position,
                form: .onExit(timed: true, keepsReturn: !returns.isEmpty, keepsError: catching != nil), captures: captures)
            markExit(added: added)
            if added, let catching {
                let end = ErrorCapture.end(of: frame.statements, closedBy: brace)
                errorCaptures.append(ErrorCapture(owner: body.id, catching: catching, start: position, end: end))
            }
            if added {
                returnCaptures += returns.map { value in
                    ReturnCapture(
                        owner: body.id, exitLine: line(of: brace), start: value.positionAfterSkippingLeadingTrivia,
                        end: value.endPositionBeforeTrailingTrivia,
                        touchesKeyword: value.parent?.as(ReturnStmtSyntax.self)?.returnKeyword.endPositionBeforeTrailingTrivia
                            == value.positionAfterSkippingLeadingTrivia)
                }
            }
        }
    }

    /// Where the exit's `defer` and clock go: after the body's `{`, which is after the entry
    /// probe, or after the first statement's probe when that is the entry (on the
    /// declaration's line): a `method_capture` entry hands its capture to the clock that
    /// follows it on the same thread (`_deepNow`).
    private func clockPosition(_ frame: Frame) -> AbsolutePosition {
        guard let first = frame.statements.first, line(of: first) == line(of: frame.entry) else {
            return frame.leftBrace.endPositionBeforeTrailingTrivia
        }
        return first.positionAfterSkippingLeadingTrivia
    }

    /// The values of a function's `return`s that its exit can report: not where they may be
    /// noncopyable (a type of the module that is, anything `~Copyable` in the file) or are
    /// `sending`, not a metatype (passed to the generic `__deepKeep`, an existential metatype
    /// is opened and its result erased to the wrong type: swift-argument-parser's
    /// `-> AsyncParsableCommand.Type?`), and not an if/switch expression (no argument can be one).
    private func keptReturns(_ frame: Frame) -> [ExprSyntax] {
        guard frame.returnsValue, let result = frame.resultType, !suppressesCopyable else { return [] }
        let names = result.tokens(viewMode: .sourceAccurate).map(\.text)
        guard !names.contains("sending"), !names.contains("Type"), !names.contains("Protocol"),
            !names.contains(where: module.noncopyableTypes.contains)
        else { return [] }
        return ReturnFinder.returns(in: frame.statements).compactMap(\.expression).filter { value in
            !value.is(IfExprSyntax.self) && !value.is(SwitchExprSyntax.self)
        }
    }

    /// The exit of a body whose value is its single expression (a function's, an accessor's, a
    /// closure's): the probe follows the value, on the closing brace's line
    /// (ProbeSite.Form.afterValue), and reads what the expression does not give away. The value
    /// follows `start` (the `{`, or a closure's `in`).
    private func addValueExitProbe(statements: CodeBlockItemListSyntax, start startToken: TokenSyntax, end brace: TokenSyntax) {
        guard let body = bodies.last, body.skip == nil, let item = statements.first,
            let value = implicitValue(of: statements), !valueConditionals.contains(value.id),
            !Self.builds(value, oneOf: module.noncopyableTypes),
            canFinish(statements)  // not after `fatalError()`
        else { return }
        guard Self.startsLine(brace) else { return }
        let start = startToken.endPositionBeforeTrailingTrivia
        let sent = Set(body.uses.namesLastSent(in: item))
        let added = addSite(
            line: line(of: brace), position: brace.positionAfterSkippingLeadingTrivia, form: .afterValue(start: start),
            captures: body.visibleNames(at: start).filter { !sent.contains($0.spelling) })
        if body.frame != nil { markExit(added: added) }
    }

    /// Whether a `defer` may open the body. Not when the body's value is its single expression
    /// (it would no longer be), nor where a result builder may transform the body (builders
    /// reject `defer`): under a custom attribute (`@ViewBuilder`; global actors aside), or when
    /// the body has a value but no `return` (the builder may be inferred from a protocol).
    private func canDefer(_ frame: Frame) -> Bool {
        if implicitValue(of: frame.statements) != nil { return false }
        let customAttribute =
            frame.attributes?.contains { element in
                guard case .attribute(let attribute) = element else { return false }
                let name = attribute.attributeName.trimmedDescription
                return name.first?.isUppercase == true && !name.hasSuffix("Actor")
            } ?? false
        return !customAttribute && (!frame.returnsValue || ReturnFinder.containsReturn(frame.statements))
    }

    /// The expression a body's value is, when the body is that one expression (no `return`).
    private func implicitValue(of statements: CodeBlockItemListSyntax) -> ExprSyntax? {
        guard statements.count == 1, let item = statements.first, let value = Self.expression(of: item),
            valueLists.contains(statements.id) || valueConditionals.contains(value.id)
        else { return nil }
        return value
    }

    private func line(of node: some SyntaxProtocol) -> Int {
        converter.location(for: node.positionAfterSkippingLeadingTrivia).line
    }

    /// A body whose single item is its result: the item gets the expression form, and an
    /// if/switch there is an expression whose branches are values too.
    private func markValue(_ statements: CodeBlockItemListSyntax) {
        guard statements.count == 1, let item = statements.first else { return }
        if let conditional = Self.valueExpression(of: item),
            conditional.is(IfExprSyntax.self) || conditional.is(SwitchExprSyntax.self)
        {
            // In a body's result position an if/switch is an expression only when every
            // branch is one expression; with `return`s or statements it is a statement.
            if Self.isExpressionConditional(conditional) { valueConditionals.insert(conditional.id) }
        } else if Self.valueExpression(of: item) != nil || item.item.is(ThrowStmtSyntax.self) {
            // Not a `do`, a loop or a declaration: statements, even alone in a body.
            valueLists.insert(statements.id)
        }
    }

    private var typePrefix: String { typeNames.map { $0 + "." }.joined() }

    private var selfName: [CapturableName] { [CapturableName(spelling: "self")] }

    // MARK: Types

    override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind { typeNames.append(node.name.text); return .visitChildren }
    override func visitPost(_ node: StructDeclSyntax) { typeNames.removeLast() }
    override func visit(_ node: ClassDeclSyntax) -> SyntaxVisitorContinueKind { typeNames.append(node.name.text); return .visitChildren }
    override func visitPost(_ node: ClassDeclSyntax) { typeNames.removeLast() }
    override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind { typeNames.append(node.name.text); return .visitChildren }
    override func visitPost(_ node: EnumDeclSyntax) { typeNames.removeLast() }
    override func visit(_ node: ActorDeclSyntax) -> SyntaxVisitorContinueKind { typeNames.append(node.name.text); return .visitChildren }
    override func visitPost(_ node: ActorDeclSyntax) { typeNames.removeLast() }
    override func visit(_ node: ProtocolDeclSyntax) -> SyntaxVisitorContinueKind { typeNames.append(node.name.text); return .visitChildren }
    override func visitPost(_ node: ProtocolDeclSyntax) { typeNames.removeLast() }
    override func visit(_ node: ExtensionDeclSyntax) -> SyntaxVisitorContinueKind {
        typeNames.append(node.extendedType.trimmedDescription)
        return .visitChildren
    }
    override func visitPost(_ node: ExtensionDeclSyntax) { typeNames.removeLast() }

    // MARK: Function-like declarations

    override func visit(_ node: SourceFileSyntax) -> SyntaxVisitorContinueKind {
        let text = node.description
        suppressesCopyable = text.contains("~Copyable") || text.contains("~Escapable")
        if isMainFile {
            enterBody(named: "main", parameters: [], statements: node.statements, valueResult: false)
            bodies[bodies.count - 1].copiesLoops = true
        }
        return .visitChildren
    }
    override func visitPost(_ node: SourceFileSyntax) {
        if isMainFile { leaveBody() }
        // A function whose entry line has no probe (no probe in it at all) is no method to name.
        functions.removeAll { !probedLines.contains($0.line) && !$0.exits }
        // A region whose owner has no probe in it would be two equal copies.
        regions.removeAll { region in
            !sites.contains { $0.owner == region.owner && (region.start...region.end).contains($0.position) }
        }
    }

    override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
        guard let body = node.body else { return .skipChildren }
        // A method has `self`; a local function (even inside a method or initializer) does not.
        let isMember = node.parent?.is(MemberBlockItemSyntax.self) == true
        let isInstance = isMember && !node.modifiers.contains { ["static", "class"].contains($0.name.text) }
        let ownership = node.modifiers.contains { ["consuming", "borrowing", "__consuming"].contains($0.name.text) }
        let result = node.signature.returnClause?.type.trimmedDescription
        let name = Self.signatureName(node.name.text, node.signature.parameterClause)
        let returnsValue = result.map { !["Void", "()", "Never", "Swift.Void", "Swift.Never"].contains($0) } ?? false
        enterBody(
            named: isMember || bodies.isEmpty ? typePrefix + name : bodies[bodies.count - 1].function + "." + name,
            parameters: (isInstance && !ownership ? selfName : [])
                + Bindings.parameters(node.signature.parameterClause, functionAliases: functionAliases),
            statements: body.statements, valueResult: returnsValue, attributes: node.attributes,
            frame: Frame(
                entry: node.name, body: body, attributes: node.attributes, returnsValue: returnsValue,
                neverReturns: ["Never", "Swift.Never"].contains(result ?? ""), resultType: node.signature.returnClause?.type,
                throwsClause: node.signature.effectSpecifiers?.throwsClause))
        return .visitChildren
    }
    override func visitPost(_ node: FunctionDeclSyntax) { if node.body != nil { leaveBody() } }

    override func visit(_ node: InitializerDeclSyntax) -> SyntaxVisitorContinueKind {
        guard let body = node.body else { return .skipChildren }
        enterBody(
            named: typePrefix + Self.signatureName("init", node.signature.parameterClause),
            parameters: Bindings.parameters(node.signature.parameterClause, functionAliases: functionAliases),
            statements: body.statements, valueResult: false, attributes: node.attributes,
            frame: Frame(
                entry: node.initKeyword, body: body, attributes: node.attributes,
                throwsClause: node.signature.effectSpecifiers?.throwsClause))
        return .visitChildren
    }
    override func visitPost(_ node: InitializerDeclSyntax) { if node.body != nil { leaveBody() } }

    override func visit(_ node: DeinitializerDeclSyntax) -> SyntaxVisitorContinueKind {
        guard let body = node.body else { return .skipChildren }
        enterBody(
            named: typePrefix + "deinit", parameters: [], statements: body.statements,
            valueResult: false, attributes: node.attributes,
            frame: Frame(entry: node.deinitKeyword, body: body, attributes: node.attributes))
        return .visitChildren
    }
    override func visitPost(_ node: DeinitializerDeclSyntax) { if node.body != nil { leaveBody() } }

    /// `var x: T { ... }` and `subscript(...) -> T { ... }` without explicit accessors.
    override func visit(_ node: AccessorBlockSyntax) -> SyntaxVisitorContinueKind {
        guard case .getter(let statements) = node.accessors, let owner = StorageOwner(node, functionAliases: functionAliases) else {
            return .visitChildren
        }
        enterBody(
            named: storageName(owner) + ".get", parameters: ownerParameters(owner),
            statements: statements, valueResult: true, attributes: owner.attributes,
            frame: Frame(
                entry: node.leftBrace, leftBrace: node.leftBrace, rightBrace: node.rightBrace,
                statements: statements, attributes: owner.attributes, returnsValue: true, resultType: owner.type))
        return .visitChildren
    }
    override func visitPost(_ node: AccessorBlockSyntax) {
        if case .getter = node.accessors, StorageOwner(node, functionAliases: functionAliases) != nil { leaveBody() }
    }

    override func visit(_ node: AccessorDeclSyntax) -> SyntaxVisitorContinueKind {
        guard let body = node.body, node.accessorSpecifier.text != "init",
            let block = node.parent?.parent?.as(AccessorBlockSyntax.self),
            let owner = StorageOwner(block, functionAliases: functionAliases)
        else { return .skipChildren }
        let kind = node.accessorSpecifier.text
        var parameters = ownerParameters(owner)
        if ["set", "willSet"].contains(kind) {
            parameters.append(node.parameters.map { CapturableName($0.name) } ?? CapturableName(spelling: "newValue"))
        }
        let attributes = owner.attributes.map { AttributeListSyntax(Array($0) + Array(node.attributes)) } ?? node.attributes
        enterBody(
            named: storageName(owner) + "." + kind, parameters: parameters,
            statements: body.statements, valueResult: kind == "get", attributes: attributes,
            frame: Frame(
                entry: node.accessorSpecifier, body: body, attributes: attributes, returnsValue: kind == "get",
                resultType: kind == "get" ? owner.type : nil, throwsClause: node.effectSpecifiers?.throwsClause))
        return .visitChildren
    }
    override func visitPost(_ node: AccessorDeclSyntax) {
        if node.body != nil, node.accessorSpecifier.text != "init",
            let block = node.parent?.parent?.as(AccessorBlockSyntax.self), StorageOwner(block, functionAliases: functionAliases) != nil
        {
            leaveBody()
        }
    }

    /// A stored property's initial value (or a global's, outside `main.swift`), computed as an
    /// instance is initialized (a static or global: on first use), or a parameter's default
    /// value, computed by each call that leaves the argument out. It gets the expression form
    /// and reads nothing: no `self` yet, no locals. A default value is compiled into the
    /// callers of a public function, in other modules too, so it counts as inlinable code.
    /// Nothing a tuple cannot hold as it stands is wrapped (see `isWrappable`).
    override func visit(_ node: InitializerClauseSyntax) -> SyntaxVisitorContinueKind {
        let name: String
        let isInlinable: Bool
        if let owner = StoredValue(node, isMainFile: isMainFile) {
            (name, isInlinable) = (typePrefix + owner.name, owner.isInlinable)
        } else if node.parent?.is(FunctionParameterSyntax.self) == true,
            node.ancestorOrSelf(mapping: { $0.as(MacroDeclSyntax.self) }) == nil
        {
            (name, isInlinable) = (bodies.last?.function ?? typePrefix + "subscript", true)
        } else {
            if Self.startsLine(node.value) { addLineProbe(wrapping: node.value) }  // a local's
            return .visitChildren
        }
        var body = newBody(named: name, parameters: [], code: node.value, attributes: nil)
        body.initialValue = node.id
        body.isInlinable = body.isInlinable || isInlinable
        bodies.append(body)
        let value = node.value
        // `#function`, `#line`... as a default value name the caller; inside a tuple, the callee.
        let annotated = node.parent?.as(PatternBindingSyntax.self)?.typeAnnotation.flatMap { Self.typeName($0.type) }
        if body.skip == nil, Self.isWrappable(value, noncopyableTypes: module.noncopyableTypes),
            !(annotated.map(module.noncopyableTypes.contains) ?? false)
        {
            addSite(
                line: line(of: value), position: value.positionAfterSkippingLeadingTrivia,
                form: .expression(end: value.endPositionBeforeTrailingTrivia), captures: [])
        }
        return .visitChildren
    }
    override func visitPost(_ node: InitializerClauseSyntax) {
        if bodies.last?.initialValue == node.id { leaveBody() }
    }

    override func visit(_ node: ClosureExprSyntax) -> SyntaxVisitorContinueKind {
        let enclosing = bodies.last?.function ?? typePrefix.dropLast().description
        let statements = node.statements
        let parameters = Bindings.parameters(node.signature, functionAliases: functionAliases)
        var isSingleExpression = false
        if statements.count == 1, let item = statements.first, let expression = Self.valueExpression(of: item) {
            if expression.is(IfExprSyntax.self) || expression.is(SwitchExprSyntax.self) {
                isSingleExpression = Self.isExpressionConditional(expression)
                if isSingleExpression { valueConditionals.insert(expression.id) }
            } else if !Self.isAssignment(expression) {
                isSingleExpression = true
                valueLists.insert(statements.id)
            }
        }
        // A single-expression closure is type-checked with the expression around it: reading an
        // untyped parameter there would make the type checker infer its type once more for
        // each overload of the capture, over the whole expression (seen in
        // swift-argument-parser: seconds per expression), so its probes read typed ones only.
        // In other closures an untyped parameter waits for its first use (see Bindings). A
        // single-expression closure's value gets an exit probe as a function's does.
        enterBody(
            named: enclosing.isEmpty ? "closure" : enclosing + " closure",
            parameters: parameters.typed,
            statements: statements, valueResult: false,
            untypedParameters: isSingleExpression ? [] : parameters.untyped)
        if isSingleExpression {
            addValueExitProbe(statements: statements, start: node.signature?.inKeyword ?? node.leftBrace, end: node.rightBrace)
        } else if statements.count > 1, ReturnFinder.containsReturn(statements) {
            // A `return` means no result builder transforms the closure; one statement stays
            // one (a closure of one `return` is type-checked with the expression around it).
            addRegion(
                from: node.signature?.inKeyword ?? node.leftBrace, to: node.rightBrace, firstLine: line(of: node.leftBrace),
                ofBody: true)
        }
        return .visitChildren
    }
    override func visitPost(_ node: ClosureExprSyntax) {
        addClosureExitProbe(node)
        leaveBody()
    }

    /// A closure of statements that leaves through `return` gets an exit probe like a
    /// function's: a `defer` at its start, attributed to its closing brace, reading its typed
    /// parameters. (A `return` also means no result builder transforms the closure; builders
    /// reject `defer`.) One without `return` gets a probe before its closing brace instead
    /// (see `closingBraceProbedAtEnd`).
    private func addClosureExitProbe(_ closure: ClosureExprSyntax) {
        let brace = closure.rightBrace
        guard let body = bodies.last, body.skip == nil, closure.statements.count > 1,
            ReturnFinder.containsReturn(closure.statements),
            Self.startsLine(brace)
        else { return }
        guard let first = closure.statements.first else { return }
        let position = first.positionAfterSkippingLeadingTrivia  // after the first statement's probe
        let typed = Set(Bindings.parameters(closure.signature, functionAliases: functionAliases).typed.map(\.spelling))
        let captures = body.visibleNames(at: position).filter { typed.contains($0.spelling) && body.stopReading[$0.spelling] == nil }
        addSite(line: line(of: brace), position: position, form: .onExit(timed: false), captures: captures)
    }

    override func visit(_ node: MacroExpansionExprSyntax) -> SyntaxVisitorContinueKind { macroArgumentDepth += 1; return .visitChildren }
    override func visitPost(_ node: MacroExpansionExprSyntax) { macroArgumentDepth -= 1 }
    override func visit(_ node: MacroExpansionDeclSyntax) -> SyntaxVisitorContinueKind { macroArgumentDepth += 1; return .visitChildren }
    override func visitPost(_ node: MacroExpansionDeclSyntax) { macroArgumentDepth -= 1 }

    // MARK: Scopes

    override func visit(_ node: CodeBlockItemListSyntax) -> SyntaxVisitorContinueKind {
        if !bodies.isEmpty { bodies[bodies.count - 1].scopes.append(boundNames[node.id] ?? []) }
        if let switchCase = node.parent?.as(SwitchCaseSyntax.self) { addCaseLabelProbe(switchCase) }
        if let block = node.parent?.as(CodeBlockSyntax.self), let clause = block.parent?.as(CatchClauseSyntax.self) {
            addClauseProbe(line: line(of: clause.catchKeyword), after: block.leftBrace, first: node.first)
        }
        return .visitChildren
    }

    /// A probe after a `case` label's colon when the case's statements start on a later line:
    /// a debugger stops on the label, where the pattern is matched; the probe fires when the
    /// case is taken, with what the pattern binds. Not in a switch expression, whose cases are
    /// values. A `catch` line gets the same, after the clause's `{`.
    private func addCaseLabelProbe(_ switchCase: SwitchCaseSyntax) {
        guard let body = bodies.last, body.skip == nil, let first = switchCase.statements.first,
            let owner = switchCase.ancestorOrSelf(mapping: { $0.as(SwitchExprSyntax.self) }), !isValue(owner)
        else { return }
        let colon =
            switch switchCase.label {
            case .case(let label): label.colon
            case .default(let label): label.colon
            }
        addClauseProbe(line: line(of: switchCase.label), after: colon, first: first)
    }

    /// A probe after a clause's `:` or `{`, attributed to the clause's line (a `case` label, a
    /// `catch`), when its first statement starts on a later line (or there is none).
    private func addClauseProbe(line: Int, after token: TokenSyntax, first: CodeBlockItemSyntax?) {
        guard let body = bodies.last, body.skip == nil, first.map({ self.line(of: $0) != line }) ?? true else { return }
        let position = token.endPositionBeforeTrailingTrivia
        addSite(line: line, position: position, form: .statement, captures: body.visibleNames(at: position))
    }
    override func visitPost(_ node: CodeBlockItemListSyntax) {
        guard var body = bodies.last else { return }
        if body.skip == nil, macroArgumentDepth == 0, !valueLists.contains(node.id), implicitValue(of: node) == nil,
            let brace = Self.closingBraceProbedAtEnd(of: node)
        {
            let start = brace.positionAfterSkippingLeadingTrivia
            let line = line(of: brace)
            if canFinish(node) {
                addSite(line: line, position: start, form: .statement, captures: body.visibleNames(at: start))
            } else if let statement = enclosingIfStatement(endingWith: node), canFinish(statement) {
                // The brace also ends the `if` statement, where its other branches meet.
                body.scopes.removeLast()
                let position = brace.endPositionBeforeTrailingTrivia
                addSite(line: line, position: position, form: .afterStatement, captures: body.visibleNames(at: position))
            }
        }
        bodies[bodies.count - 1].scopes.removeLast()
    }

    @discardableResult
    private func addSite(line: Int, position: AbsolutePosition, form: ProbeSite.Form, captures: [CapturableName]) -> Bool {
        guard let body = bodies.last, probedLines.insert(line).inserted else { return false }
        executableLines.insert(line)
        probesInlinableCode = probesInlinableCode || body.isInlinable
        sites.append(
            ProbeSite(
                line: line, position: position, form: form, function: body.function, captures: captures,
                owner: body.id))
        return true
    }

    /// The `if` statement (outermost of an `else if` chain) whose last block `statements` is.
    private func enclosingIfStatement(endingWith statements: CodeBlockItemListSyntax) -> IfExprSyntax? {
        guard let block = statements.parent?.as(CodeBlockSyntax.self), var conditional = block.parent?.as(IfExprSyntax.self)
        else { return nil }
        switch conditional.elseBody {
        case .codeBlock(let elseBlock): guard elseBlock.id == block.id else { return nil }
        case .ifExpr: return nil
        case nil: break
        }
        while let outer = conditional.parent?.as(IfExprSyntax.self) { conditional = outer }
        guard Self.isStatementPosition(conditional), !valueConditionals.contains(conditional.id) else { return nil }
        return conditional
    }

    override func visit(_ node: IfExprSyntax) -> SyntaxVisitorContinueKind {
        boundNames[node.body.statements.id] = Bindings.names(boundBy: node.conditions)
        let isValue =
            valueConditionals.contains(node.id)
            || !Self.isStatementPosition(node)
                && !(node.parent?.is(IfExprSyntax.self) == true)
        if isValue {
            markBranches(node.body.statements)
            switch node.elseBody {
            case .codeBlock(let block): markBranches(block.statements)
            case .ifExpr(let elseIf): valueConditionals.insert(elseIf.id)
            case nil: break
            }
        }
        return .visitChildren
    }

    override func visit(_ node: SwitchExprSyntax) -> SyntaxVisitorContinueKind {
        if isValue(node) {
            for case .switchCase(let switchCase) in node.cases { markBranches(switchCase.statements) }
        }
        return .visitChildren
    }

    /// A switch statement's closing brace on a line of its own: a probe after it
    /// (`}; let _ = PROBE`), where the cases that run to their end meet.
    override func visitPost(_ node: SwitchExprSyntax) {
        let brace = node.rightBrace
        guard let body = bodies.last, body.skip == nil, macroArgumentDepth == 0, !isValue(node), canFinish(node),
            Self.startsLine(brace), brace.nextToken(viewMode: .sourceAccurate).map(Self.startsLine) ?? true
        else { return }
        let position = brace.endPositionBeforeTrailingTrivia
        addSite(line: line(of: brace), position: position, form: .afterStatement, captures: body.visibleNames(at: position))
    }

    /// Whether a switch is an expression whose cases are values.
    private func isValue(_ node: SwitchExprSyntax) -> Bool {
        valueConditionals.contains(node.id) || !Self.isStatementPosition(node)
    }

    /// A branch of an if/switch expression: its one item is a value.
    private func markBranches(_ statements: CodeBlockItemListSyntax) {
        markValue(statements)
        if statements.count != 1 { valueLists.insert(statements.id) }  // reported as skipped
    }

    override func visit(_ node: WhileStmtSyntax) -> SyntaxVisitorContinueKind {
        boundNames[node.body.statements.id] = Bindings.names(boundBy: node.conditions)
        addLoopRegion(node.body, eachRound: node.conditions)
        return .visitChildren
    }
    override func visit(_ node: ForStmtSyntax) -> SyntaxVisitorContinueKind {
        boundNames[node.body.statements.id] = Bindings.names(in: node.pattern)
        if Self.startsLine(node.sequence) { addLineProbe(wrapping: node.sequence) }
        addLoopRegion(node.body, eachRound: node.whereClause, awaits: node.awaitKeyword != nil)
        return .visitChildren
    }
    override func visit(_ node: CatchClauseSyntax) -> SyntaxVisitorContinueKind {
        boundNames[node.body.statements.id] = Bindings.names(boundBy: node)
        return .visitChildren
    }
    override func visit(_ node: SwitchCaseSyntax) -> SyntaxVisitorContinueKind {
        boundNames[node.statements.id] = Bindings.names(boundBy: node.label)
        return .visitChildren
    }

    // MARK: Statements

    override func visit(_ node: CodeBlockItemSyntax) -> SyntaxVisitorContinueKind {
        guard let body = bodies.last, Self.isExecutable(node) else { return .visitChildren }
        statements += 1
        // An if/switch that is itself a value: its branches get the probes.
        if let conditional = Self.expression(of: node), valueConditionals.contains(conditional.id) {
            return .visitChildren
        }
        let position = node.positionAfterSkippingLeadingTrivia
        let line = line(of: node)
        executableLines.insert(line)
        guard !probedLines.contains(line) else { return .visitChildren }
        if let reason = body.skip {
            skipped[reason, default: 0] += 1
            return .visitChildren
        }
        let isValue = node.parent.map { valueLists.contains($0.id) } ?? false
        var form = ProbeSite.Form.statement
        var start = position
        if isValue {
            guard node.parent?.as(CodeBlockItemListSyntax.self)?.count == 1 else {
                skipped[.expressionBranchWithStatements, default: 0] += 1
                return .visitChildren
            }
            if let expression = Self.valueExpression(of: node) {
                guard !Self.builds(expression, oneOf: module.noncopyableTypes) else { return .visitChildren }
                start = expression.positionAfterSkippingLeadingTrivia
                form = .expression(end: expression.endPositionBeforeTrailingTrivia)
            } else if node.item.is(ThrowStmtSyntax.self) {
                return .visitChildren  // a `throw` branch: nothing to wrap, nothing lost
            } else {
                skipped[.expressionBranchWithStatements, default: 0] += 1
                return .visitChildren
            }
        }
        addSite(line: line, position: start, form: form, captures: body.visibleNames(at: position))
        return .visitChildren
    }

    override func visitPost(_ node: CodeBlockItemSyntax) {
        guard !bodies.isEmpty else { return }
        let index = bodies.count - 1
        if !bodies[index].untypedParameters.isEmpty {
            let used = Set(
                node.tokens(viewMode: .sourceAccurate).lazy
                    .filter { $0.parent?.is(DeclReferenceExprSyntax.self) == true }.map(\.text))
            bodies[index].parameters += bodies[index].untypedParameters.filter { used.contains($0.spelling) }
            bodies[index].untypedParameters.removeAll { used.contains($0.spelling) }
        }
        if let declaration = node.item.as(VariableDeclSyntax.self) {
            bodies[index].scopes[bodies[index].scopes.count - 1] += Bindings.locals(declaredBy: declaration)
        } else if let guardStatement = node.item.as(GuardStmtSyntax.self) {
            bodies[index].scopes[bodies[index].scopes.count - 1] += Bindings.names(boundBy: guardStatement.conditions)
        }
        for name in bodies[index].uses.namesLastSent(in: node) where bodies[index].stopReading[name] == nil {
            bodies[index].stopReading[name] = node.endPositionBeforeTrailingTrivia
        }
    }

    // MARK: Lines inside a statement

    // A line inside a multi-line statement where a debugger stops holds an argument, an
    // element, a condition, an operand or an interpolated value that starts there: that value
    // is wrapped in the expression form, so that the probe fires just before it is computed.

    override func visit(_ node: LabeledExprSyntax) -> SyntaxVisitorContinueKind {
        let owner = node.parent?.parent
        if owner?.is(FunctionCallExprSyntax.self) == true || owner?.is(SubscriptCallExprSyntax.self) == true,
            Self.startsLine(node)
        {
            addLineProbe(wrapping: node.expression)
        }
        return .visitChildren
    }

    /// The first value interpolated on a line of a (multi-line) string.
    override func visit(_ node: ExpressionSegmentSyntax) -> SyntaxVisitorContinueKind {
        if let first = node.expressions.first, first.label == nil { addLineProbe(wrapping: first.expression) }
        return .visitChildren
    }

    override func visit(_ node: ArrayElementSyntax) -> SyntaxVisitorContinueKind {
        if Self.startsLine(node) { addLineProbe(wrapping: node.expression) }
        return .visitChildren
    }

    override func visit(_ node: DictionaryElementSyntax) -> SyntaxVisitorContinueKind {
        if Self.startsLine(node) { addLineProbe(wrapping: node.key) }
        return .visitChildren
    }

    /// A condition that starts a line, or the first of an `else if` (on the line of the `}` before it).
    override func visit(_ node: ConditionElementSyntax) -> SyntaxVisitorContinueKind {
        let isElseIf =
            node.parent?.parent?.as(IfExprSyntax.self).map {
                $0.parent?.is(IfExprSyntax.self) == true && $0.conditions.first?.id == node.id
            } ?? false
        guard Self.startsLine(node) || isElseIf else { return .visitChildren }
        switch node.condition {
        case .expression(let condition): addLineProbe(wrapping: condition)
        case .optionalBinding(let binding): if let value = binding.initializer?.value { addLineProbe(wrapping: value) }
        case .matchingPattern(let match): addLineProbe(wrapping: match.initializer.value)
        default: break
        }
        return .visitChildren
    }

    /// A local's value, a returned or thrown value, or a loop's sequence that starts a line of
    /// its own (`let width =` then the value on the next line).
    override func visit(_ node: ReturnStmtSyntax) -> SyntaxVisitorContinueKind {
        if let value = node.expression, Self.startsLine(value) { addLineProbe(wrapping: value) }
        return .visitChildren
    }
    override func visit(_ node: ThrowStmtSyntax) -> SyntaxVisitorContinueKind {
        if Self.startsLine(node.expression) { addLineProbe(wrapping: node.expression) }
        return .visitChildren
    }
    /// `} while condition`, which runs each time the loop body has.
    override func visit(_ node: RepeatStmtSyntax) -> SyntaxVisitorContinueKind {
        addLineProbe(wrapping: node.condition)
        addLoopRegion(node.body, eachRound: node.condition)
        return .visitChildren
    }

    /// A member access that starts a line, continuing a chain (`.sorted()`) on the result of a
    /// call: `(` before the chain and `, PROBE).0` before the dot (ProbeSite.Form.afterValue),
    /// so the probe fires once the value before the dot is computed. Only on a call's result,
    /// which is a new value: a variable or property there may be mutated in place, and an
    /// optional chain or an implicit member (`.init()`) would change meaning in a tuple.
    override func visit(_ node: MemberAccessExprSyntax) -> SyntaxVisitorContinueKind {
        if let base = node.base, Self.startsLine(node.period), Self.isCallResult(base) {
            addLineProbe(
                in: base, at: node.period.positionAfterSkippingLeadingTrivia,
                form: .afterValue(start: base.positionAfterSkippingLeadingTrivia))
        }
        return .visitChildren
    }

    /// An operand after `&&`, `||` or `??`, a ternary's branch, or the value `=` assigns, when it
    /// or the operator starts a line. The probe fires only when that operand is computed. Not
    /// other operators' operands: most are overloaded many times over (`+`, `<`), and inferring
    /// an operand's type through a wrapper multiplies the type checker's work on the expression.
    /// (Wrapping one element of the unfolded sequence makes it a primary expression, which
    /// leaves how the operators group unchanged. But a `try` or `await` on an element covers
    /// the elements after it too, so such an element is wrapped only when it is the last.)
    override func visit(_ node: SequenceExprSyntax) -> SyntaxVisitorContinueKind {
        let elements = Array(node.elements)
        func wrap(_ element: ExprSyntax) {
            let isMarked = element.is(TryExprSyntax.self) || element.is(AwaitExprSyntax.self)
            if !isMarked || element.id == elements.last?.id { addLineProbe(wrapping: element) }
        }
        for (previous, element) in zip(elements, elements.dropFirst()) {
            if let ternary = previous.as(UnresolvedTernaryExprSyntax.self) {
                if Self.startsLine(ternary) || Self.startsLine(ternary.thenExpression) { addLineProbe(wrapping: ternary.thenExpression) }
                if Self.startsLine(ternary.colon) || Self.startsLine(element) { wrap(element) }
                continue
            }
            let isWrappedOperand =
                previous.as(BinaryOperatorExprSyntax.self).map { ["&&", "||", "??"].contains($0.operator.text) } ?? false
            guard isWrappedOperand || previous.is(AssignmentExprSyntax.self) else { continue }
            if Self.startsLine(previous) || Self.startsLine(element) { wrap(element) }
        }
        return .visitChildren
    }

    /// A probe on the line `value` starts, wrapping it (ProbeSite.Form.expression), when that
    /// line has none yet and `value` belongs to a statement of the body being planned. It
    /// reads no name that the statement hands off (see SendingUses).
    private func addLineProbe(wrapping value: ExprSyntax) {
        // A `rethrows` function may throw only through its function parameters, which the
        // compiler checks on the arguments as written: a name or closure passed on stays bare.
        if value.is(DeclReferenceExprSyntax.self) || value.is(ClosureExprSyntax.self), Self.isInRethrowsFunction(value) { return }
        // A string literal may have to reach its parameter as written (os_log's OSLogMessage).
        if value.is(StringLiteralExprSyntax.self) { return }
        addLineProbe(in: value, at: value.positionAfterSkippingLeadingTrivia, form: .expression(end: value.endPositionBeforeTrailingTrivia))
    }

    /// A probe at `position` (on the line it names) for `value`, in `form`.
    private func addLineProbe(in value: ExprSyntax, at position: AbsolutePosition, form: ProbeSite.Form) {
        let line = converter.location(for: position).line
        guard let body = bodies.last, body.skip == nil, macroArgumentDepth == 0,
            !probedLines.contains(line),
            Self.isWrappable(value, noncopyableTypes: module.noncopyableTypes), let statement = statement(containing: value)
        else { return }
        let sent = namesSent[statement.id] ?? SendingUses.namesSent(in: statement)
        namesSent[statement.id] = sent
        addSite(
            line: line, position: position, form: form,
            captures: body.visibleNames(at: position).filter { !sent.contains($0.spelling) })
    }

    /// The statement (or stored property's initial value) `value` is part of, in the body being
    /// planned, where a probe may read the body's names; nil in a parameter's default value,
    /// an attribute, a pattern, a `#if` condition, a closure's signature or capture list, a key
    /// path, or a member of a type (a type declared in a body).
    private func statement(containing value: ExprSyntax) -> Syntax? {
        var node = Syntax(value)
        while let parent = node.parent {
            if parent.is(CodeBlockItemSyntax.self) || parent.id == bodies.last?.initialValue { return parent }
            if parent.is(FunctionParameterClauseSyntax.self) || parent.is(EnumCaseParameterClauseSyntax.self)
                || parent.is(AttributeSyntax.self) || parent.is(ExpressionPatternSyntax.self)
                || parent.is(SwitchCaseLabelSyntax.self) || parent.is(CatchItemSyntax.self)
                || parent.is(IfConfigClauseSyntax.self) || parent.is(ClosureSignatureSyntax.self)
                || parent.is(KeyPathExprSyntax.self) || parent.is(MemberBlockItemSyntax.self)
            {
                return nil
            }
            node = parent
        }
        return nil
    }

    /// Whether control can reach the end of a statement list, as far as its syntax shows: its
    /// last statement does not jump away, call a function that never returns, or branch only
    /// into such ends. (A probe where it cannot would draw a "will never be executed" warning.)
    private func canFinish(_ statements: CodeBlockItemListSyntax) -> Bool {
        guard let last = statements.last else { return true }
        let item = last.item
        if item.is(ReturnStmtSyntax.self) || item.is(ThrowStmtSyntax.self) || item.is(BreakStmtSyntax.self)
            || item.is(ContinueStmtSyntax.self) || item.is(FallThroughStmtSyntax.self)
        {
            return false
        }
        if let doStatement = item.as(DoStmtSyntax.self) {
            return canFinish(doStatement.body.statements) || doStatement.catchClauses.contains { canFinish($0.body.statements) }
        }
        if let conditionalCompilation = item.as(IfConfigDeclSyntax.self) {
            return conditionalCompilation.clauses.contains { clause in
                guard case .statements(let statements) = clause.elements else { return true }
                return canFinish(statements)
            }
        }
        guard let expression = Self.expression(of: last) else { return true }
        if let conditional = expression.as(IfExprSyntax.self) { return canFinish(conditional) }
        if let switchExpression = expression.as(SwitchExprSyntax.self) { return canFinish(switchExpression) }
        guard let call = Self.withoutEffectMarkers(expression).as(FunctionCallExprSyntax.self) else { return true }
        let name =
            call.calledExpression.as(DeclReferenceExprSyntax.self)?.baseName.text
            ?? call.calledExpression.as(MemberAccessExprSyntax.self)?.declName.baseName.text
        return !(name.map(module.neverReturningFunctions.contains) ?? false)
    }

    private func canFinish(_ switchExpression: SwitchExprSyntax) -> Bool {
        // `break` ends a case by leaving the switch.
        switchExpression.cases.contains { element in
            guard case .switchCase(let switchCase) = element else { return true }
            return switchCase.statements.last?.item.is(BreakStmtSyntax.self) == true || canFinish(switchCase.statements)
        }
    }

    private func canFinish(_ conditional: IfExprSyntax) -> Bool {
        if canFinish(conditional.body.statements) { return true }
        switch conditional.elseBody {
        case .codeBlock(let block): return canFinish(block.statements)
        case .ifExpr(let elseIf): return canFinish(elseIf)
        case nil: return true
        }
    }

    /// `Type.property`, or `function.local` for a computed local.
    private func storageName(_ owner: StorageOwner) -> String {
        if owner.isMember { return typePrefix + owner.name }
        return bodies.last.map { $0.function + "." + owner.name } ?? owner.name
    }

    private func ownerParameters(_ owner: StorageOwner) -> [CapturableName] {
        (owner.isInstance && !typeNames.isEmpty ? selfName : []) + owner.parameters
    }
}
