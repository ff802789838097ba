import CLibclang
import DeepModel

/// A probe to insert in a C file: before the statement at `offset`, reading `variables`.
struct CProbeSite {
    var offset: Int
    var line: Int
    var variables: [CLocal]
    /// The function whose copy region leaves it out of the plain copy; nil: in every copy.
    var owner: Int? = nil
    /// A function's exit (deep_probe.h, "Entry and exit"), on its closing brace's line; nil
    /// for a probe before a statement or at a function's entry.
    var exit: CExit? = nil
}

/// A function's exit probe: before a `return;` or the closing brace, or after the value of
/// a `return` that has one.
struct CExit {
    /// The value a `return` gives: it runs from `offset` (just after the keyword) to `end`
    /// (its `;`), and is kept as `__deep_returned`, whose type is spelt `typeName` and is
    /// `type` in the file's type table.
    var returned: (end: Int, typeName: String, type: Int)?
}

/// Where a function that has exit probes reads its entry time (`DEEP_C_START`): just after
/// its `{`, for the exits on `exitLine`.
struct CEntryTime {
    var offset: Int
    var exitLine: Int
    var owner: Int? = nil
}

/// A local variable or parameter a probe can read.
struct CLocal {
    var name: String
    /// Index in the file's type table.
    var type: Int
    /// Arrays are passed by address (they cannot be copied by value).
    var isArray: Bool
    /// Where its scope ends (the end of the enclosing block).
    var scopeEnd: Int
    /// From where it holds a value: its initialised declaration or an assignment. Nil until
    /// then; reading it before would be reading an uninitialised variable.
    var assignedFrom: Int?
    /// Given to `free` or `realloc` since (its `assignedFrom` is nil then): a block that goes
    /// on past its end hands that on to the block around it.
    var freed = false
}

/// Finds where probes go in a C file, walking libclang's syntax tree the way control flows:
/// a probe before every executable statement of every function defined in the file, never
/// inside a macro expansion (a statement a macro writes whole is probed before the macro's
/// name, see `macroStatement`), with braces added around brace-less bodies that get one, and
/// for each probe the locals that are in scope and certainly hold a value (not freed since).
/// Each function gets an entry probe and exit probes for method tracepoints (deep_probe.h,
/// "Entry and exit"), and is listed in `functions`. A function with probes is written twice
/// where it can be (`CCopyRegion`), and so is the body of each of its loops that makes calls.
final class CProbePlanner {
    private let unit: ClangUnit
    private let source: [UInt8]
    private let lines: LineTable
    /// Under C89 (or `-Wdeclaration-after-statement`), a probe before a declaration would put
    /// a statement before a declaration.
    private let declarationsFirst: Bool
    /// Whether functions are written twice: the build optimises (`CFileInstrumenter.optimises`)
    /// and the file states no line numbers of its own (`CCopyRules.hasLineDirectives`).
    private let writesCopies: Bool
    var types: CTypeTableBuilder

    private(set) var sites: [CProbeSite] = []
    private(set) var entryTimes: [CEntryTime] = []
    /// The functions with probes, as method tracepoints name them.
    private(set) var functions: [ProbedFunction] = []
    /// `{ ` and ` }` to add around brace-less bodies: the offsets where they go.
    private(set) var braces: [(open: Int, close: Int)] = []
    private(set) var regions: [CCopyRegion] = []
    /// Where the probed copy of function `owner` renames a label (`CCopyRules.labelSuffix`).
    private(set) var labelRenames: [(offset: Int, owner: Int)] = []
    private(set) var skipped: [SkipReason: Int] = [:]
    private(set) var executableLines = Set<Int>()
    /// Executable statements and initialised declarations seen, probed or not. A skipped body
    /// or a statement a macro writes counts as one, whatever it holds.
    private(set) var statements = 0

    /// Innermost last; a name maps to the variable it means in that block (or, for an
    /// assignment made there, to the same variable with `assignedFrom` set).
    private var scopes: [[String: CLocal]] = []
    private var declarationOrder: [String] = []
    /// Per label name, where the `goto`s to it are.
    private var gotoSources: [String: [Int]] = [:]
    private var hasIndirectGoto = false
    /// Offsets of the enclosing `switch` statements, innermost last.
    private var switches: [Int] = []
    /// The bodies of the current function's loops that make calls, without their braces.
    private var loopBodies: [Range<Int>] = []
    /// Functions written twice so far: the next one's `owner`.
    private var copiedFunctions = 0
    /// Where the macros are whose expansion wrote a statement seen so far.
    private var macroWrittenStatements = Set<Int>()
    /// Where the macros are whose expansion wrote a statement of the innermost block.
    private var blockMacroStatements = Set<Int>()
    /// The current function's exits, while it can have them.
    private var exits: FunctionExits?

    /// What the exit probes of the function being planned need.
    private struct FunctionExits {
        /// The closing brace's line, which its exits fire.
        var line: Int
        /// The result type's spelling and index in the type table; nil for `void`, or a type
        /// no exit can keep (unnamed, volatile, not capturable).
        var result: (name: String, type: Int)?
        /// The `return`s in the body, and those with an exit probe so far.
        var returns: Int
        var returnsProbed = 0
    }

    init(unit: ClangUnit, source: [UInt8], declarationsFirst: Bool, writesCopies: Bool) {
        self.unit = unit
        self.source = source
        lines = LineTable(source)
        self.declarationsFirst = declarationsFirst
        self.writesCopies = writesCopies && !CCopyRules.hasLineDirectives(source)
        types = CTypeTableBuilder(unit: unit)
    }

    func plan() {
        for cursor in unit.children(unit.root)
        where unit.kind(cursor) == CXCursorKind.functionDecl && unit.isDefinition(cursor) && unit.extent(cursor) != nil {
            function(cursor)
        }
    }

    // MARK: Functions and statements

    private func function(_ cursor: CXCursor) {
        let children = unit.children(cursor)
        guard let body = children.last, unit.kind(body) == CXCursorKind.compoundStmt, let extent = unit.extent(body) else { return }
        if isExternInline(cursor) {
            count(.externInline, statementsIn: body)
            return
        }
        scopes = [[:]]
        declarationOrder = []
        gotoSources = [:]
        hasIndirectGoto = false
        collectGotos(body)
        for parameter in children where unit.kind(parameter) == CXCursorKind.parmDecl {
            declare(parameter, scopeEnd: extent.upperBound, assignedFrom: extent.lowerBound)
        }
        let firstSite = sites.count
        let firstEntryTime = entryTimes.count
        let firstLine = nameLine(of: cursor, before: extent.lowerBound) ?? lines.line(of: extent.lowerBound)
        let closingLine = lines.line(of: extent.upperBound - 1)
        exits = exitsPossible(cursor, body: body, extent: extent, firstLine: firstLine)
        if exits != nil { entryTimes.append(CEntryTime(offset: extent.lowerBound + 1, exitLine: closingLine)) }
        // A statement may not come before a declaration there: the first statement's probe is
        // the entry then.
        if !declarationsFirst { site(at: extent.lowerBound + 1, line: firstLine) }
        loopBodies = []
        block(body) {
            // Not after a last `return`: the end is not reached.
            if unit.children(body).last.map(unit.kind) != CXCursorKind.returnStmt { exit(at: extent.upperBound - 1) }
        }
        scopes = []
        if let planned = exits, planned.returnsProbed < planned.returns {
            // A `return` a macro writes has no exit probe: the others would not be every way out.
            sites.replaceSubrange(firstSite..., with: sites[firstSite...].filter { $0.exit == nil })
            entryTimes.removeSubrange(firstEntryTime...)
            exits = nil
        }
        let probed = Set(sites[firstSite...].map(\.line))
        if probed.contains(firstLine) || exits != nil {
            functions.append(ProbedFunction(name: unit.spelling(cursor), line: firstLine, endLine: closingLine, exits: exits != nil))
        }
        exits = nil
        copy(body, sitesFrom: firstSite, entryTimesFrom: firstEntryTime, firstLine: firstLine)
    }

    /// The line of the function's name (where its entry probe is attributed, as in Swift), when
    /// the file spells it before the body's `{` at `bodyStart`.
    private func nameLine(of function: CXCursor, before bodyStart: Int) -> Int? {
        guard let start = unit.expansionOffset(function), start < bodyStart else { return nil }
        let name = unit.spelling(function)
        return unit.tokens(in: start..<bodyStart).first { $0.spelling == name }.map { lines.line(of: $0.offset) }
    }

    /// Whether the function gets exit probes: its closing brace starts a line of its own, after
    /// the one it is named on (a line probe there would fire at its exits only), and every
    /// `return` in it is written in this file.
    private func exitsPossible(_ function: CXCursor, body: CXCursor, extent: Range<Int>, firstLine: Int) -> FunctionExits? {
        let brace = extent.upperBound - 1
        let line = lines.line(of: brace)
        guard line > firstLine, source[..<brace].last(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) == UInt8(ascii: "\n")
        else { return nil }
        var returns = 0
        func countReturns(_ cursor: CXCursor) {
            for child in unit.children(cursor) {
                if unit.kind(child) == CXCursorKind.returnStmt { returns += 1 }
                countReturns(child)
            }
        }
        countReturns(body)
        return FunctionExits(line: line, result: keptResult(of: function), returns: returns)
    }

    /// The spelling and type-table index of what the function returns, when an exit can keep
    /// it in `__typeof__(spelling) __deep_returned`: the canonical type, or the name given to
    /// an unnamed structure (`typedef struct {...} point;`).
    private func keptResult(of function: CXCursor) -> (name: String, type: Int)? {
        let result = unit.clang.api.getResultType(unit.type(function))
        guard unit.canonical(result).kind != CXTypeKind.void, let index = types.variableType(result) else { return nil }
        let name = [unit.canonical(result), result].map(unit.spelling(of:)).first { !$0.contains("(anonymous)") }
        return name.map { ($0, index) }
    }

    /// Writes a function's body twice, and the bodies of its loops that make calls, when it
    /// has probes and nothing in it stops a copy (`CCopyRules`). Its probes are then left
    /// out of the plain copies. The body's copy is picked for tracepoints from `firstLine`
    /// (its name's, where its entry probe is attributed) on.
    private func copy(_ body: CXCursor, sitesFrom first: Int, entryTimesFrom firstEntryTime: Int, firstLine: Int) {
        guard writesCopies, sites.count > first, let inside = interior(body), CCopyRules.directivesAllowCopy(source, inside),
            let renames = CCopyRules.labelRenames(in: body, unit: unit)
        else { return }
        let owner = copiedFunctions
        copiedFunctions += 1
        for index in sites.indices.dropFirst(first) { sites[index].owner = owner }
        for index in entryTimes.indices.dropFirst(firstEntryTime) { entryTimes[index].owner = owner }
        labelRenames += renames.map { ($0, owner) }
        let loops = loopBodies.filter { range in
            CCopyRules.directivesAllowCopy(source, range) && sites[first...].contains { range.contains($0.offset) }
        }
        for range in [inside] + loops {
            regions.append(
                CCopyRegion(
                    owner: owner, start: range.lowerBound, end: range.upperBound, startLine: lines.line(of: range.lowerBound),
                    lines: (range == inside ? firstLine : lines.line(of: range.lowerBound - 1))...lines.line(of: range.upperBound)))
        }
    }

    /// A `{ ... }` written in this file: the text between its braces.
    private func interior(_ block: CXCursor) -> Range<Int>? {
        guard let extent = unit.extent(block, strict: true), extent.count >= 2,
            source[extent.lowerBound] == UInt8(ascii: "{"), source[extent.upperBound - 1] == UInt8(ascii: "}")
        else { return nil }
        return extent.lowerBound + 1..<extent.upperBound - 1
    }

    /// Notes a loop whose iteration may run long (it makes calls), so that its body becomes
    /// a copy region: a tracepoint set meanwhile takes effect at its next iteration.
    private func loop(_ loop: CXCursor, body: CXCursor) {
        guard unit.kind(body) == CXCursorKind.compoundStmt, let inside = interior(body),
            CCopyRules.makesCalls(loop, unit: unit), !CCopyRules.holdsLabels(body, unit: unit)
        else { return }
        loopBodies.append(inside)
    }

    /// A `{ ... }` block: a scope for the statements in it. `atEnd` runs at its closing
    /// brace, with its variables still in scope.
    private func block(_ cursor: CXCursor, atEnd: () -> Void = {}) {
        guard let extent = unit.extent(cursor) else { return count(.macroExpansion, statementsIn: cursor) }
        let children = unit.children(cursor)
        let enclosing = blockMacroStatements
        blockMacroStatements = Set(children.compactMap { unit.extent($0) == nil ? unit.expansionOffset($0) : nil })
        scopes.append([:])
        for child in children { statement(child, blockEnd: extent.upperBound) }
        atEnd()
        leaveScope(fallingThrough: children.last.map { !CXCursorKind.jumps.contains(unit.kind($0)) } ?? true)
        blockMacroStatements = enclosing
    }

    /// A statement of a block that ends at `blockEnd` (where the variables it declares go
    /// out of scope).
    private func statement(_ cursor: CXCursor, blockEnd: Int) {
        defer { noteMacroWritten(cursor) }
        let kind = unit.kind(cursor)
        switch kind {
        case CXCursorKind.compoundStmt:
            block(cursor)
        case CXCursorKind.labelStmt, CXCursorKind.caseStmt, CXCursorKind.defaultStmt:
            let children = unit.children(cursor)
            guard let extent = unit.extent(cursor), let sub = children.last else {
                return count(.macroExpansion, statementsIn: cursor)
            }
            let sources: [Int]? =
                switch kind {
                case CXCursorKind.labelStmt: hasIndirectGoto ? nil : gotoSources[unit.spelling(cursor), default: []]
                default: switches.last.map { [$0] }
                }
            forgetValuesSkipped(byJumpsFrom: sources, to: extent.lowerBound)
            statement(sub, blockEnd: blockEnd)
        case CXCursorKind.nullStmt:
            return
        case CXCursorKind.declStmt:
            declaration(cursor, blockEnd: blockEnd)
        default:
            executable(cursor, blockEnd: blockEnd)
        }
    }

    private func declaration(_ cursor: CXCursor, blockEnd: Int) {
        let variables = unit.children(cursor).filter { unit.kind($0) == CXCursorKind.varDecl }
        let initialised = variables.filter { hasInitialiser($0) && storage($0) != DEEP_CX_STORAGE_STATIC }
        if let extent = unit.extent(cursor) {
            if !initialised.isEmpty {
                if declarationsFirst { count(.c89Declaration, at: extent.lowerBound) } else { probe(at: extent.lowerBound) }
            }
            for variable in initialised { statementExpressions(in: variable) }
            declareVariables(of: cursor, scopeEnd: blockEnd, at: extent.upperBound)
        } else if !initialised.isEmpty {
            count(.macroExpansion, statementsIn: cursor)
        }
    }

    /// Brings a declaration's variables into scope; the initialised and static ones hold a
    /// value from `offset` on.
    private func declareVariables(of declaration: CXCursor, scopeEnd: Int, at offset: Int) {
        for variable in unit.children(declaration)
        where unit.kind(variable) == CXCursorKind.varDecl && storage(variable) != DEEP_CX_STORAGE_EXTERN {
            let holdsValue = hasInitialiser(variable) || storage(variable) == DEEP_CX_STORAGE_STATIC
            declare(variable, scopeEnd: scopeEnd, assignedFrom: holdsValue ? offset : nil)
        }
    }

    /// An executable statement: a probe before it, then the statements inside it.
    private func executable(_ cursor: CXCursor, blockEnd: Int) {
        guard let extent = unit.extent(cursor) else { return macroStatement(cursor) }
        probe(at: extent.lowerBound)
        let kind = unit.kind(cursor)
        let children = unit.children(cursor)
        switch kind {
        case CXCursorKind.ifStmt:
            statementExpressions(in: children[0])
            for branch in children.dropFirst() { body(branch) }
        case CXCursorKind.whileStmt:
            statementExpressions(in: children[0])
            if let last = children.last {
                loop(cursor, body: last)
                body(last)
            }
        case CXCursorKind.switchStmt:
            statementExpressions(in: children[0])
            switches.append(extent.lowerBound)
            if let last = children.last { body(last) }
            switches.removeLast()
        case CXCursorKind.doStmt:
            loop(cursor, body: children[0])
            body(children[0])
            if children.count > 1 { statementExpressions(in: children[1]) }
        case CXCursorKind.forStmt:
            scopes.append([:])
            for part in children.dropLast() {
                statementExpressions(in: part)
                if unit.kind(part) == CXCursorKind.declStmt {
                    declareVariables(of: part, scopeEnd: extent.upperBound, at: extent.lowerBound)
                } else {
                    noteAssignments(in: part, at: extent.lowerBound)
                }
            }
            if let last = children.last {
                loop(cursor, body: last)
                body(last)
            }
            leaveScope(fallingThrough: true)
            for part in children.dropLast() { noteAssignments(in: part, at: extent.lowerBound) }
        case CXCursorKind.returnStmt:
            statementExpressions(in: cursor)
            exit(returning: cursor, at: extent.lowerBound)
        default:
            statementExpressions(in: cursor)
            noteAssignments(in: cursor, at: extent.upperBound)
        }
    }

    /// The exit probe of a `return` written in this file: after its value, which it keeps
    /// when the function's result type allows, or else before it.
    private func exit(returning statement: CXCursor, at offset: Int) {
        guard var planned = exits, let keyword = unit.token(atOrAfter: offset), keyword.offset == offset, keyword.spelling == "return"
        else { return }
        planned.returnsProbed += 1
        exits = planned
        executableLines.insert(planned.line)
        guard let result = planned.result, !unit.children(statement).isEmpty, let end = endOfStatement(after: keyword.end) else {
            return exit(at: offset)
        }
        sites.append(
            CProbeSite(
                offset: keyword.end, line: planned.line, variables: visibleValues(),
                exit: CExit(returned: (end: end, typeName: result.name, type: result.type))))
    }

    /// The offset of the `;` that ends the statement whose text goes on at `offset`, outside
    /// brackets (a statement expression's own `;` are inside braces).
    private func endOfStatement(after offset: Int) -> Int? {
        var depth = 0
        for token in unit.tokens(in: offset..<source.count) where token.isPunctuation {
            switch token.spelling {
            case "(", "[", "{": depth += 1
            case ")", "]", "}":
                depth -= 1
                if depth < 0 { return nil }
            case ";" where depth == 0: return token.offset
            default: continue
            }
        }
        return nil
    }

    /// An exit probe before the text at `offset` (a `return;` or the closing brace).
    private func exit(at offset: Int) {
        guard let planned = exits else { return }
        executableLines.insert(planned.line)
        sites.append(CProbeSite(offset: offset, line: planned.line, variables: visibleValues(), exit: CExit(returned: nil)))
    }

    /// A statement a macro writes whole (`jsonp_free(p);`, `list_add(&a, &b);`): when it is
    /// the first statement the expansion writes, the probe goes before the macro's name,
    /// where the expanded text begins with that statement. A macro that writes a declaration,
    /// a label, a `case` or a block first keeps the rest of its expansion bare (for one that
    /// is a brace-less body, see `macroBody`).
    private func macroStatement(_ cursor: CXCursor) {
        guard let macro = firstStatementMacro(cursor) else { return count(.macroExpansion, statementsIn: cursor) }
        probe(at: macro.lowerBound)
    }

    /// The macro invocation whose expansion writes `cursor`, an executable statement, before
    /// any other statement: its name is where a probe before the statement can go.
    private func firstStatementMacro(_ cursor: CXCursor) -> Range<Int>? {
        let kind = unit.kind(cursor)
        let labels = [CXCursorKind.labelStmt, CXCursorKind.caseStmt, CXCursorKind.defaultStmt, CXCursorKind.declStmt]
        guard (100..<300).contains(kind), !labels.contains(kind), let offset = unit.expansionOffset(cursor),
            !macroWrittenStatements.contains(offset)
        else { return nil }
        return unit.macroInvocation(at: offset)
    }

    /// Notes the macro whose expansion wrote `cursor`, if one did: a statement it writes
    /// later is not its first.
    private func noteMacroWritten(_ cursor: CXCursor) {
        if unit.extent(cursor) == nil, let offset = unit.expansionOffset(cursor) { macroWrittenStatements.insert(offset) }
    }

    /// A brace-less body a macro writes whole (`if (!ok) fail("...");`): braced and probed
    /// when braces cannot change what it means. The expansion must write this one statement
    /// (none of the block's statements comes from it too: braces would take `b` of `a; b`
    /// into the body) and end at the `;`, and no `else` may follow (braces would take it
    /// from an `if` the macro leaves open).
    private func macroBody(_ cursor: CXCursor) {
        guard let macro = firstStatementMacro(cursor), !blockMacroStatements.contains(macro.lowerBound),
            let semicolon = unit.token(atOrAfter: macro.upperBound), semicolon.spelling == ";",
            unit.token(atOrAfter: semicolon.end)?.spelling != "else"
        else { return count(.macroExpansion, statementsIn: cursor) }
        braces.append((macro.lowerBound, semicolon.end))
        probe(at: macro.lowerBound)
    }

    /// The body of if/else/for/while/do/switch: braces are added around one that has none, so
    /// the probe stays inside it.
    private func body(_ cursor: CXCursor) {
        defer { noteMacroWritten(cursor) }
        switch unit.kind(cursor) {
        case CXCursorKind.compoundStmt: return block(cursor)
        case CXCursorKind.nullStmt: return
        default: break
        }
        guard let extent = unit.extent(cursor, strict: true) else {
            return unit.extent(cursor) == nil ? macroBody(cursor) : count(.macroExpansion, statementsIn: cursor)
        }
        var end = extent.upperBound
        if let next = unit.token(atOrAfter: end), next.spelling == ";" { end = next.end }
        braces.append((extent.lowerBound, end))
        scopes.append([:])
        statement(cursor, blockEnd: end)
        leaveScope(fallingThrough: !CXCursorKind.jumps.contains(unit.kind(cursor)))
    }

    /// GNU statement expressions `({ ... })` inside an expression: their statements get probes.
    private func statementExpressions(in cursor: CXCursor) {
        for child in unit.children(cursor) {
            if unit.kind(child) == CXCursorKind.stmtExpr {
                if let inner = unit.children(child).first { block(inner) }
            } else {
                statementExpressions(in: child)
            }
        }
    }

    // MARK: Probes

    private func probe(at offset: Int) {
        statements += 1
        site(at: offset, line: lines.line(of: offset))
    }

    /// A probe at `offset` attributed to `line`, unless that line has one.
    private func site(at offset: Int, line: Int) {
        executableLines.insert(line)
        guard !sites.contains(where: { $0.line == line }) else { return }
        sites.append(CProbeSite(offset: offset, line: line, variables: visibleValues()))
    }

    private func count(_ reason: SkipReason, at offset: Int) {
        executableLines.insert(lines.line(of: offset))
        statements += 1
        skipped[reason, default: 0] += 1
    }

    /// Counts a statement that gets no probe (and the statements inside it) as skipped.
    private func count(_ reason: SkipReason, statementsIn cursor: CXCursor) {
        guard let offset = unit.expansionOffset(cursor) else { return }
        count(reason, at: offset)
    }

    // MARK: Variables

    private func declare(_ cursor: CXCursor, scopeEnd: Int, assignedFrom: Int?) {
        let name = unit.spelling(cursor)
        guard !name.isEmpty else { return }
        let type = unit.type(cursor)
        if unit.kind(cursor) == CXCursorKind.parmDecl, CXTypeKind.arrays.contains(unit.canonical(type).kind) {
            return bind(
                CLocal(
                    name: name, type: types.decayedParameterType(type), isArray: false, scopeEnd: scopeEnd,
                    assignedFrom: assignedFrom))
        }
        let isArray = unit.canonical(type).kind == CXTypeKind.constantArray
        guard !(isArray && storage(cursor) == DEEP_CX_STORAGE_REGISTER), let index = types.variableType(type) else {
            scopes[scopes.count - 1][name] = nil
            return
        }
        bind(CLocal(name: name, type: index, isArray: isArray, scopeEnd: scopeEnd, assignedFrom: assignedFrom))
    }

    /// Puts a variable in the innermost scope, as the latest declared.
    private func bind(_ local: CLocal) {
        scopes[scopes.count - 1][local.name] = local
        declarationOrder.removeAll { $0 == local.name }
        declarationOrder.append(local.name)
    }

    private func lookup(_ name: String) -> CLocal? {
        for scope in scopes.reversed() { if let local = scope[name] { return local } }
        return nil
    }

    /// The variables in scope that hold a value here, in declaration order.
    private func visibleValues() -> [CLocal] {
        declarationOrder.compactMap { name in lookup(name).flatMap { $0.assignedFrom == nil ? nil : $0 } }
    }

    /// Records that `name` holds a value from `offset` on (nil: no longer certainly). A
    /// variable that already holds one keeps the earlier offset: a later assignment does not
    /// make it less certain at a label reached from between the two.
    private func setAssigned(_ name: String, from offset: Int?) {
        guard var local = lookup(name), offset == nil || local.assignedFrom == nil else { return }
        local.assignedFrom = offset
        if offset != nil { local.freed = false }
        scopes[scopes.count - 1][name] = local
    }

    /// Records that `name` was given to `free` or `realloc`: it holds no value until it is
    /// assigned again.
    private func forget(_ name: String) {
        guard var local = lookup(name) else { return }
        local.assignedFrom = nil
        local.freed = true
        scopes[scopes.count - 1][name] = local
    }

    /// Ends the innermost scope. When control may go on past it, the variables freed in it
    /// stay freed in the scope around it (an error path's `free(p); return NULL;` does not
    /// go on; `if (owned) free(p);` does).
    private func leaveScope(fallingThrough: Bool) {
        let left = scopes.removeLast()
        guard fallingThrough else { return }
        for (name, local) in left where local.freed {
            if let outer = lookup(name), outer.scopeEnd == local.scopeEnd, !outer.freed { scopes[scopes.count - 1][name] = local }
        }
    }

    /// At a label, forgets the values that a jump from one of `sources` may have skipped: a
    /// variable keeps its value only if every jump comes from inside its scope, after it got
    /// its value. Nil sources: jumps from anywhere (computed `goto`).
    private func forgetValuesSkipped(byJumpsFrom sources: [Int]?, to label: Int) {
        for name in declarationOrder {
            guard let local = lookup(name), let assigned = local.assignedFrom else { continue }
            let keeps = sources.map { $0.allSatisfy { assigned <= $0 && $0 < local.scopeEnd } } ?? false
            if !keeps { setAssigned(name, from: nil) }
        }
    }

    /// Assignments that certainly happen when `cursor` (a whole expression statement) runs:
    /// `x = ...` at its top, `&x` or an array passed straight to a call (`memset(&x, ...)`).
    /// And the pointer `free(p)` or `realloc(p, n)` is given: reading it afterwards, even
    /// into a probe's copy, is a use after free to GCC (`-Wuse-after-free`, in `-Wall`).
    private func noteAssignments(in cursor: CXCursor, at offset: Int) {
        let cursor = stripped(cursor)
        switch unit.kind(cursor) {
        case CXCursorKind.binaryOperator:
            let operands = unit.children(cursor)
            guard operands.count == 2, let left = unit.extent(operands[0]),
                unit.token(atOrAfter: left.upperBound)?.spelling == "="
            else { return }
            // The right side first: `p = realloc(p, n)` leaves `p` holding a value.
            noteAssignments(in: operands[1], at: offset)
            if let name = variableName(operands[0]) { setAssigned(name, from: offset) }
        case CXCursorKind.callExpr:
            let parts = unit.children(cursor)
            if let callee = parts.first.map(stripped), unit.kind(callee) == CXCursorKind.declRefExpr,
                ["free", "realloc"].contains(unit.spelling(callee)), parts.count > 1, let name = variableName(parts[1])
            {
                forget(name)
            }
            for argument in parts.dropFirst() {
                let argument = stripped(argument)
                if unit.kind(argument) == CXCursorKind.unaryOperator, let extent = unit.extent(argument),
                    unit.token(atOrAfter: extent.lowerBound)?.spelling == "&",
                    let operand = unit.children(argument).first, let name = variableName(operand)
                {
                    setAssigned(name, from: offset)
                } else if let name = variableName(argument), lookup(name)?.isArray == true {
                    setAssigned(name, from: offset)
                }
            }
        default:
            return
        }
    }

    private func variableName(_ cursor: CXCursor) -> String? {
        let cursor = stripped(cursor)
        guard unit.kind(cursor) == CXCursorKind.declRefExpr else { return nil }
        let name = unit.spelling(cursor)
        return lookup(name) == nil ? nil : name
    }

    /// Looks through parentheses and implicit conversions (libclang's unexposed expressions).
    private func stripped(_ cursor: CXCursor) -> CXCursor {
        var current = cursor
        while [CXCursorKind.parenExpr, CXCursorKind.unexposedExpr].contains(unit.kind(current)),
            let inner = unit.children(current).first, unit.children(current).count == 1
        {
            current = inner
        }
        return current
    }

    private func collectGotos(_ cursor: CXCursor) {
        for child in unit.children(cursor) {
            switch unit.kind(child) {
            case CXCursorKind.gotoStmt:
                if let label = unit.children(child).first(where: { unit.kind($0) == CXCursorKind.labelRef }),
                    let offset = unit.expansionOffset(child)
                {
                    gotoSources[unit.spelling(label), default: []].append(offset)
                }
            case CXCursorKind.indirectGotoStmt:
                hasIndirectGoto = true
            default:
                collectGotos(child)
            }
        }
    }

    // MARK: Declarations

    /// Whether the declaration has `= ...` (outside brackets: `char name[N]` has none).
    private func hasInitialiser(_ variable: CXCursor) -> Bool {
        guard let extent = unit.extent(variable) else { return false }
        var depth = 0
        for token in unit.tokens(in: extent) where token.isPunctuation {
            switch token.spelling {
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case "=" where depth == 0: return true
            default: continue
            }
        }
        return false
    }

    private func storage(_ cursor: CXCursor) -> Int32 { unit.clang.api.Cursor_getStorageClass(cursor) }

    /// A non-static `inline` function may not refer to the file's static probe record.
    private func isExternInline(_ function: CXCursor) -> Bool {
        guard unit.clang.api.getCursorLinkage(function) != DEEP_CX_LINKAGE_INTERNAL,
            let start = unit.expansionOffset(function), let name = unit.extent(function)
        else { return false }
        return unit.tokens(in: start..<name.upperBound).prefix { $0.spelling != "(" }
            .contains { ["inline", "__inline", "__inline__"].contains($0.spelling) }
    }
}

/// Line numbers of byte offsets.
struct LineTable {
    private var starts: [Int] = [0]

    init(_ bytes: [UInt8]) {
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
    }

    func line(of offset: Int) -> Int {
        var low = 0
        var high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= offset { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
