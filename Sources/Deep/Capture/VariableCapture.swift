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

    public init(name: String, type: String, value: String, children: [VariableNode] = [],
                truncated: String? = nil, ref: String? = nil) {
        self.name = name
        self.type = type
        self.value = value
        self.children = children
        self.truncated = truncated
        self.ref = ref
    }
}

/// How much a capture may take. Defaults follow Deep's agent (depth 5, 10 elements per
/// collection, strings of 1024 characters, 1000 variables).
public struct CaptureLimits: Sendable, Equatable {
    public var maxDepth = 5
    public var maxCollectionSize = 10
    public var maxStringLength = 1024
    public var maxVariables = 1000
    public init() {}
}

/// Builds variable trees from live values, within limits, without running user code.
struct VariableCapturer {
    let limits: CaptureLimits
    private(set) var variableCount = 0
    /// True once `maxVariables` cut something.
    private(set) var reachedVariableLimit = false
    /// The objects enclosing the node being captured, to cut cycles.
    private var enclosingObjects: [ObjectIdentifier] = []

    init(limits: CaptureLimits) { self.limits = limits }

    mutating func capture(_ variable: _DeepVariable) -> VariableNode? {
        switch variable.content {
        case .value(let value):
            return node(named: variable.name.description, value, depth: 1)
        case .unreadable(let typeName, let reason):
            guard admit() else { return nil }
            return VariableNode(name: variable.name.description, type: typeName, value: "<\(reason)>")
        }
    }

    /// The node for `value`, or nil when the variable limit is reached.
    mutating func node(named name: String, _ value: Any, depth: Int) -> VariableNode? {
        guard admit() else { return nil }
        let type = Reflection.typeName(of: value)
        switch Reflection.shape(of: value) {
        case .optional(nil):
            return VariableNode(name: name, type: type, value: "nil")
        case .optional(let wrapped?):
            variableCount -= 1  // the wrapped value stands in for the optional
            guard var inner = node(named: name, wrapped, depth: depth) else { return nil }
            inner.type = type
            return inner
        case .string(let text):
            guard text.count > limits.maxStringLength else { return VariableNode(name: name, type: type, value: text) }
            return VariableNode(name: name, type: type, value: String(text.prefix(limits.maxStringLength)),
                                truncated: "string: \(limits.maxStringLength) of \(text.count) characters")
        case .integer(let number): return VariableNode(name: name, type: type, value: String(number))
        case .unsignedInteger(let number): return VariableNode(name: name, type: type, value: String(number))
        case .floatingPoint(let number): return VariableNode(name: name, type: type, value: "\(number)")
        case .bool(let flag): return VariableNode(name: name, type: type, value: flag ? "true" : "false")
        case .foundation(let text): return VariableNode(name: name, type: type, value: text)
        case .opaque: return VariableNode(name: name, type: type, value: type)
        case .collection(let count, let elements, let isDictionary):
            var result = VariableNode(name: name, type: type, value: count == 1 ? "1 element" : "\(count) elements")
            guard depth < limits.maxDepth else { return cut(result, depth: count > 0) }
            for (index, element) in elements.prefix(limits.maxCollectionSize).enumerated() {
                let child: VariableNode?
                if isDictionary, case .tuple(let pair) = Reflection.shape(of: element.value), pair.count == 2 {
                    child = node(named: "[\(InlineRenderer.render(pair[0].value))]", pair[1].value, depth: depth + 1)
                } else {
                    child = node(named: "[\(index)]", element.value, depth: depth + 1)
                }
                guard let child else { break }
                result.children.append(child)
            }
            if count > limits.maxCollectionSize {
                result.truncated = "collection: \(limits.maxCollectionSize) of \(count) elements"
            }
            return result
        case .enumCase(let caseName, let payload):
            return composite(VariableNode(name: name, type: type, value: "." + caseName), payload, depth: depth)
        case .structure(let fields), .tuple(let fields):
            return composite(VariableNode(name: name, type: type, value: type), fields, depth: depth)
        case .object(let identity, let fields):
            let ref = Self.address(of: identity)
            let result = VariableNode(name: name, type: type, value: "\(type) @ \(ref)", ref: ref)
            guard !enclosingObjects.contains(identity) else {
                var cycle = result
                cycle.truncated = "cycle"
                return cycle
            }
            enclosingObjects.append(identity)
            defer { enclosingObjects.removeLast() }
            return composite(result, fields, depth: depth)
        }
    }

    private mutating func composite(_ node: VariableNode, _ fields: [(label: String, value: Any)], depth: Int) -> VariableNode {
        guard !fields.isEmpty else { return node }
        guard depth < limits.maxDepth else { return cut(node, depth: true) }
        var result = node
        for field in fields {
            guard let child = self.node(named: field.label, field.value, depth: depth + 1) else { break }
            result.children.append(child)
        }
        return result
    }

    private func cut(_ node: VariableNode, depth: Bool) -> VariableNode {
        var result = node
        if depth { result.truncated = "depth: \(limits.maxDepth)" }
        return result
    }

    private mutating func admit() -> Bool {
        guard variableCount < limits.maxVariables else {
            reachedVariableLimit = true
            return false
        }
        variableCount += 1
        return true
    }

    static func address(of identity: ObjectIdentifier) -> String {
        "0x" + String(UInt(bitPattern: identity), radix: 16)
    }
}

/// One-line renderings of values for log messages and dictionary keys:
/// `42`, `paid`, `Order(id: 7, status: .paid, items: 3 elements)`.
enum InlineRenderer {
    static func render(_ value: Any, depth: Int = 2) -> String {
        switch Reflection.shape(of: value) {
        case .optional(nil): return "nil"
        case .optional(let wrapped?): return render(wrapped, depth: depth)
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .unsignedInteger(let number): return String(number)
        case .floatingPoint(let number): return "\(number)"
        case .bool(let flag): return flag ? "true" : "false"
        case .foundation(let text): return text
        case .opaque: return Reflection.typeName(of: value)
        case .collection(let count, let elements, let isDictionary):
            guard depth > 0 else { return count == 1 ? "1 element" : "\(count) elements" }
            let shown = elements.prefix(10).map { element -> String in
                if isDictionary, case .tuple(let pair) = Reflection.shape(of: element.value), pair.count == 2 {
                    return render(pair[0].value, depth: depth - 1) + ": " + render(pair[1].value, depth: depth - 1)
                }
                return render(element.value, depth: depth - 1)
            }
            return "[" + shown.joined(separator: ", ") + (count > 10 ? ", …" : "") + "]"
        case .enumCase(let name, let payload):
            return "." + name + (payload.isEmpty ? "" : fields(payload, depth: depth))
        case .structure(let fields), .tuple(let fields), .object(_, let fields):
            let type = Reflection.typeName(of: value)
            return depth > 0 ? type + Self.fields(fields, depth: depth) : type
        }
    }

    private static func fields(_ fields: [(label: String, value: Any)], depth: Int) -> String {
        "(" + fields.map { $0.label + ": " + render($0.value, depth: depth - 1) }.joined(separator: ", ") + ")"
    }
}
