import DeepModel

extension Snapshot {
    /// The variable `name`, or the field at `fields` below it: `variable("copy", "items", "[0]")`.
    func variable(_ name: String, _ fields: String...) -> VariableNode? {
        fields.reduce(variables.named(name)) { node, field in node?.children.named(field) }
    }

    /// The frame that called the probe's function (`frames[1]`), if the stack goes that far.
    var caller: Frame? { frames.dropFirst().first }
}

extension [VariableNode] {
    /// The first node named `name`.
    func named(_ name: String) -> VariableNode? { first { $0.name == name } }
}

extension ProcessStatus {
    /// The first status of the tracepoint `id`.
    func tracepoint(_ id: String) -> TracepointStatus? { tracepoints.first { $0.id == id } }
}
