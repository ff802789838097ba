/// A function, initializer, deinitializer or accessor of an instrumented file, as a method
/// tracepoint (`method_name`) names it: where it is entered and where it is left.
public struct ProbedFunction: Codable, Equatable, Sendable {
    /// As a snapshot names it: `Pricing.price(_:for:)`, `Account.init(opening:)`,
    /// `Account.balance.get`.
    public var name: String
    /// The declaration's line, where its entry probe fires (`method_start`).
    public var line: Int
    /// The closing brace's line, where its exit probe fires (`method_end`) when it has one.
    public var endLine: Int
    /// Whether an exit probe fires on every return and throw (docs/instrumenting.md).
    public var exits: Bool

    public init(name: String, line: Int, endLine: Int, exits: Bool) {
        self.name = name
        self.line = line
        self.endLine = endLine
        self.exits = exits
    }

    enum CodingKeys: String, CodingKey {
        case name, line, exits
        case endLine = "end_line"
    }

    /// Whether `query` names this function: the whole name (`Pricing.price(_:for:)`), the name
    /// without its argument labels (`Pricing.price`), or either without the type
    /// (`price(_:for:)`, `price`).
    public func isNamed(_ query: String) -> Bool { spellings.contains(query) }

    /// The names that name it (`isNamed`).
    package var spellings: [String] {
        let unlabelled = Self.withoutLabels(name)
        return [name, unlabelled, Self.lastComponent(name), Self.lastComponent(unlabelled)]
    }

    /// `Pricing.price(_:for:)` without its argument labels: `Pricing.price`.
    private static func withoutLabels(_ name: String) -> String {
        guard name.hasSuffix(")"), let open = name.lastIndex(of: "(") else { return name }
        return String(name[..<open])
    }

    /// The last dotted component, leaving what is inside the argument labels alone.
    private static func lastComponent(_ name: String) -> String {
        let unlabelled = withoutLabels(name)
        guard let dot = unlabelled.lastIndex(of: ".") else { return name }
        return String(name[name.index(after: dot)...])
    }
}
