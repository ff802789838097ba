import SwiftSyntax

/// What the rewriter needs to know about declarations anywhere in the code it instruments,
/// not only in the file at hand: collected from every file first, then used for each.
public struct ModuleDeclarations: Sendable {
    /// Names of typealiases that stand for function types (see `Bindings.isReadable`).
    var functionAliases: Set<String> = []
    /// Base names of functions that never return: the standard library's and C's, and those
    /// declared `-> Never` here. A block whose last call is one of them does not run to its end.
    var neverReturningFunctions: Set<String> = ["fatalError", "preconditionFailure", "exit", "abort"]
    /// Names of types whose values cannot be copied: the standard library's (Synchronization)
    /// and those declared `~Copyable` here. A tuple cannot hold such a value, so a probe never
    /// wraps one (`SyntaxFacts.builds`).
    var noncopyableTypes: Set<String> = ["Atomic", "Mutex"]
    /// Whether some file imports Deep with no access level: then the rewriter's own imports
    /// of it have none either, as a module must not mix the two ("ambiguous implicit access
    /// level for import of 'Deep'").
    var importsDeepImplicitly = false
    /// Base names of the functions declared here: a loop that calls one of them may run for
    /// long (`CallFinder`).
    var functions: Set<String> = []

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
            override func visit(_ node: ImportDeclSyntax) -> SyntaxVisitorContinueKind {
                let access: Set<String> = ["public", "package", "internal", "fileprivate", "private", "open"]
                if node.path.first?.name.text == "Deep", !node.modifiers.contains(where: { access.contains($0.name.text) }) {
                    declarations.importsDeepImplicitly = true
                }
                return .skipChildren
            }
            override func visit(_ node: StructDeclSyntax) -> SyntaxVisitorContinueKind {
                noteCopyability(node.name, node.inheritanceClause)
                return .visitChildren
            }
            override func visit(_ node: EnumDeclSyntax) -> SyntaxVisitorContinueKind {
                noteCopyability(node.name, node.inheritanceClause)
                return .visitChildren
            }
            private func noteCopyability(_ name: TokenSyntax, _ inheritance: InheritanceClauseSyntax?) {
                let suppresses =
                    inheritance?.inheritedTypes.contains {
                        $0.type.as(SuppressedTypeSyntax.self)?.type.trimmedDescription == "Copyable"
                    } ?? false
                if suppresses { declarations.noncopyableTypes.insert(name.text) }
            }
            override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
                let result = node.signature.returnClause?.type.trimmedDescription
                if result == "Never" || result == "Swift.Never" { declarations.neverReturningFunctions.insert(node.name.text) }
                declarations.functions.insert(node.name.text)
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
        merged.noncopyableTypes.formUnion(other.noncopyableTypes)
        merged.functions.formUnion(other.functions)
        merged.importsDeepImplicitly = importsDeepImplicitly || other.importsDeepImplicitly
        return merged
    }
}
