import SwiftSyntax

/// Finds the names a probe must stop reading because the code has given them away.
///
/// In Swift 6 a non-Sendable value passed across an isolation boundary (an `await`ed
/// call, a `Task {}` closure, `resume(returning:)`) or consumed (`consume x`) cannot be
/// used afterwards. The code's own later uses prove a name is still usable; a name whose
/// last use is such a hand-off is read by no probe after it.
struct SendingUses {
    private let lastUse: [String: AbsolutePosition]

    init(body: some SyntaxProtocol) {
        let collector = ReferenceCollector(viewMode: .sourceAccurate)
        collector.walk(body)
        lastUse = collector.lastUse
    }

    /// Names that `item` hands off and that nothing after `item` uses.
    func namesLastSent(in item: CodeBlockItemSyntax) -> [String] {
        let end = item.endPositionBeforeTrailingTrivia
        return Self.namesSent(in: item).filter { name in (lastUse[name].map { $0 <= end }) ?? true }
    }

    /// Names that `item` hands off somewhere, whether or not later code uses them.
    static func namesSent(in item: some SyntaxProtocol) -> Set<String> {
        let finder = HandOffFinder(viewMode: .sourceAccurate)
        finder.walk(item)
        return finder.names
    }
}

private final class ReferenceCollector: SyntaxVisitor {
    var lastUse: [String: AbsolutePosition] = [:]
    override func visit(_ node: DeclReferenceExprSyntax) -> SyntaxVisitorContinueKind {
        let name = node.baseName.text
        lastUse[name] = max(lastUse[name] ?? node.position, node.position)
        return .visitChildren
    }
}

private final class HandOffFinder: SyntaxVisitor {
    var names: Set<String> = []
    private static let sendingCallees: Set<String> = [
        "Task", "detached", "addTask", "addTaskUnlessCancelled", "addDiscardingTask", "resume", "yield",
    ]

    override func visit(_ node: AwaitExprSyntax) -> SyntaxVisitorContinueKind { collect(node.expression); return .skipChildren }
    override func visit(_ node: ConsumeExprSyntax) -> SyntaxVisitorContinueKind { collect(node.expression); return .skipChildren }
    override func visit(_ node: FunctionCallExprSyntax) -> SyntaxVisitorContinueKind {
        let callee = node.calledExpression.trimmedDescription.split(separator: ".").last.map(String.init) ?? ""
        if Self.sendingCallees.contains(callee) { collect(node); return .skipChildren }
        return .visitChildren
    }
    override func visit(_ node: VariableDeclSyntax) -> SyntaxVisitorContinueKind {
        if node.modifiers.contains(where: { $0.name.text == "async" }) { collect(node); return .skipChildren }
        return .visitChildren
    }

    private func collect(_ node: some SyntaxProtocol) {
        for token in node.tokens(viewMode: .sourceAccurate) where token.parent?.is(DeclReferenceExprSyntax.self) == true {
            names.insert(token.text)
        }
    }
}
