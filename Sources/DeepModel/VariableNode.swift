/// One captured variable or field: what a snapshot shows.
public struct VariableNode: Codable, Equatable, Sendable {
    public var name: String
    public var type: String
    /// The value for scalars; a short summary for composites (`Order`, `3 elements`).
    public var value: String
    public var children: [VariableNode]
    /// Set when something was left out: the limit that cut it.
    public var truncated: String?
    /// For objects: their identity. Two nodes with the same `ref` are the same object; inside
    /// itself (a cycle) an object is shown by `ref` alone.
    public var ref: String?

    public init(
        name: String, type: String, value: String, children: [VariableNode] = [],
        truncated: String? = nil, ref: String? = nil
    ) {
        self.name = name
        self.type = type
        self.value = value
        self.children = children
        self.truncated = truncated
        self.ref = ref
    }
}
