import SwiftSyntax

/// What the rewriter needs to know about declarations anywhere in the code it instruments,
/// not only in the file at hand: collected from every file first, then used for each.
public struct ModuleDeclarations: Sendable {
    /// Names of typealiases that stand for function types (see `Bindings.isReadable`).
    var functionAliases: Set<String> = []
    /// Base names of functions that never return: the standard library's and C's, and those
    /// declared `-> Never` here. A block whose last call is one of them does not run to its end.
    var neverReturningFunctions: Set<String> = ["fatalError", "preconditionFailure", "exit", "abort"]

    public init() {}

    /// The declarations of one file.
    init(_ tree: SourceFileSyntax) {
        final class Finder: SyntaxVisitor {
            var declarations = ModuleDeclarations()
            override func visit(_ node: TypeAliasDeclSyntax) -> SyntaxVisitorContinueKind {
                let value = node.initializer.value
                if (value.as(AttributedTypeSyntax.self)?.baseType ?? value).is(FunctionTypeSyntax.self) {
                    declarations.functionAliases.insert(node.name.text)
                }
                return .skipChildren
            }
            override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
                let result = node.signature.returnClause?.type.trimmedDescription
                if result == "Never" || result == "Swift.Never" { declarations.neverReturningFunctions.insert(node.name.text) }
                return .visitChildren
            }
        }
        let finder = Finder(viewMode: .sourceAccurate)
        finder.walk(tree)
        self = finder.declarations
    }

    /// These declarations and `other`'s.
    public func merging(_ other: ModuleDeclarations) -> ModuleDeclarations {
        var merged = self
        merged.functionAliases.formUnion(other.functionAliases)
        merged.neverReturningFunctions.formUnion(other.neverReturningFunctions)
        return merged
    }
}
