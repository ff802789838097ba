import SwiftSyntax

/// The property or subscript an accessor block belongs to.
struct StorageOwner {
    var name: String
    var isInstance: Bool
    var isMember: Bool
    var parameters: [CapturableName]
    var attributes: AttributeListSyntax?
    /// The property's annotated type or the subscript's result: what a getter returns.
    var type: TypeSyntax?

    init?(_ block: AccessorBlockSyntax, functionAliases: Set<String>) {
        if let binding = block.parent?.as(PatternBindingSyntax.self),
            let variable = binding.parent?.parent?.as(VariableDeclSyntax.self)
        {
            name = binding.pattern.trimmedDescription
            // A member has `self`; a local or global computed variable does not.
            isMember = variable.parent?.is(MemberBlockItemSyntax.self) == true
            isInstance = isMember && !variable.modifiers.contains { ["static", "class"].contains($0.name.text) }
            parameters = []
            attributes = variable.attributes
            type = binding.typeAnnotation?.type
        } else if let subscriptDecl = block.parent?.as(SubscriptDeclSyntax.self) {
            name = ProbePlanner.signatureName("subscript", subscriptDecl.parameterClause)
            isMember = true
            isInstance = !subscriptDecl.modifiers.contains { ["static", "class"].contains($0.name.text) }
            parameters = Bindings.parameters(subscriptDecl.parameterClause, functionAliases: functionAliases)
            attributes = subscriptDecl.attributes
            type = subscriptDecl.returnClause.type
        } else {
            return nil
        }
    }
}

/// The stored property or global whose initial value an initializer clause is: a member of a
/// type, or a global outside `main.swift` (where top-level code is statements). Not a local
/// (a statement), a parameter's default value, or code inside a macro's arguments.
struct StoredValue {
    var name: String
    /// In a frozen type, whose initial values other modules compile too.
    var isInlinable: Bool

    init?(_ clause: InitializerClauseSyntax, isMainFile: Bool) {
        guard let binding = clause.parent?.as(PatternBindingSyntax.self),
            let variable = binding.parent?.parent?.as(VariableDeclSyntax.self)
        else { return nil }
        let isMember = variable.parent?.is(MemberBlockItemSyntax.self) == true
        let isGlobal = !isMainFile && variable.parent?.parent?.parent?.is(SourceFileSyntax.self) == true
        guard isMember || isGlobal else { return nil }
        name = binding.pattern.trimmedDescription
        let type = variable.parent?.parent?.parent?.parent?.asProtocol(WithAttributesSyntax.self)
        isInlinable =
            type?.attributes.contains { element in
                guard case .attribute(let attribute) = element else { return false }
                return ["frozen", "_fixed_layout"].contains(attribute.attributeName.trimmedDescription)
            } ?? false
    }
}
