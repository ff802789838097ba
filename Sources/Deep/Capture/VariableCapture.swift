/// Builds variable trees from live values, within limits, without running user code, and
/// with secrets redacted.
struct VariableCapturer {
    let limits: CaptureLimits
    let redaction: Redaction
    /// The fire's CPU budget, whose end stops the capture; nil for none.
    let budget: FireBudget?
    private(set) var variableCount = 0
    /// The estimated JSON size so far.
    private(set) var bytes = 0
    /// Set when a limit on the whole snapshot (variables, size, time) cut it short.
    private(set) var cut: String?
    /// The objects enclosing the node being captured, to cut cycles.
    private var enclosingObjects: [ObjectIdentifier] = []

    init(limits: CaptureLimits, redaction: Redaction, budget: FireBudget? = nil) {
        self.limits = limits
        self.redaction = redaction
        self.budget = budget
    }

    mutating func capture(_ variable: _DeepVariable) -> VariableNode? {
        guard let unreadable = UnreadableValue.of(variable.value) else {
            return node(named: variable.name.description, variable.value, depth: 1)
        }
        guard admit() else { return nil }
        return VariableNode(name: variable.name.description, type: unreadable.typeName, value: "<\(unreadable.reason)>")
    }

    /// The node for `value`, or nil when a limit on the whole snapshot is reached.
    mutating func node(named name: String, _ value: Any, depth: Int) -> VariableNode? {
        guard admit() else { return nil }
        let node = build(named: name, value, depth: depth)
        bytes += Self.estimatedBytes(of: node)
        return node
    }

    /// What one node adds to the snapshot's JSON, without its children.
    private static func estimatedBytes(of node: VariableNode) -> Int {
        node.name.utf8.count + node.type.utf8.count + node.value.utf8.count + (node.truncated?.utf8.count ?? 0) + 48
    }

    private mutating func build(named name: String, _ value: Any, depth: Int) -> VariableNode {
        if redaction.hides(value, named: name) {
            return VariableNode(
                name: name, type: (value as? RedactedValue)?.typeName ?? Reflection.typeName(of: value),
                value: Redaction.marker)
        }
        let facts = TypeFacts.of(value)
        let type = Reflection.typeName(of: value, facts: facts)
        let shape = Reflection.shape(of: value, facts: facts)
        switch shape {
        case .optional(nil):
            return VariableNode(name: name, type: type, value: "nil")
        case .optional(let wrapped?):
            var inner = build(named: name, wrapped, depth: depth)  // the wrapped value stands in for the optional
            inner.type = type
            return inner
        case .string(let text):
            guard text.count > limits.maxStringLength else { return VariableNode(name: name, type: type, value: text) }
            return VariableNode(
                name: name, type: type, value: String(text.prefix(limits.maxStringLength)),
                truncated: "string: \(limits.maxStringLength) of \(text.count) characters")
        case .integer(let number): return VariableNode(name: name, type: type, value: String(number))
        case .unsignedInteger(let number): return VariableNode(name: name, type: type, value: String(number))
        case .floatingPoint(let number): return VariableNode(name: name, type: type, value: "\(number)")
        case .bool(let flag): return VariableNode(name: name, type: type, value: flag ? "true" : "false")
        case .foundation(let text): return VariableNode(name: name, type: type, value: text)
        case .opaque: return VariableNode(name: name, type: type, value: type)
        case .enumerator, .pointer: return VariableNode(name: name, type: type, value: InlineRenderer.scalar(shape) ?? "")
        case .collection(let count, let elements, let isDictionary):
            var result = VariableNode(name: name, type: type, value: count == 1 ? "1 element" : "\(count) elements")
            guard depth < limits.maxDepth else { return cutDepth(result, depth: count > 0) }
            for (index, element) in elements.prefix(limits.maxCollectionSize).enumerated() {
                let child: VariableNode?
                if isDictionary, case .tuple(let pair) = Reflection.shape(of: element.value), pair.count == 2 {
                    child = node(named: "[\(InlineRenderer(redaction: redaction).render(pair[0].value))]", pair[1].value, depth: depth + 1)
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
        guard depth < limits.maxDepth else { return cutDepth(node, depth: true) }
        var result = node
        for field in fields {
            guard let child = self.node(named: field.label, field.value, depth: depth + 1) else { break }
            result.children.append(child)
        }
        return result
    }

    private func cutDepth(_ node: VariableNode, depth: Bool) -> VariableNode {
        var result = node
        if depth { result.truncated = "depth: \(limits.maxDepth)" }
        return result
    }

    /// Counts one more node, or says a limit on the whole snapshot is reached (and marks it).
    private mutating func admit() -> Bool {
        guard cut == nil else { return false }
        if variableCount >= limits.maxVariables {
            cut = "variables: \(limits.maxVariables)"
        } else if bytes >= limits.maxSnapshotBytes {
            cut = "size: \(limits.maxSnapshotBytes) bytes"
        } else if variableCount % 32 == 31, budget?.isSpent == true {
            cut = "time: the CPU budget per hit"
        } else {
            variableCount += 1
            return true
        }
        return false
    }

    static func address(of identity: ObjectIdentifier) -> String {
        "0x" + String(UInt(bitPattern: identity), radix: 16)
    }
}

/// One-line renderings of values for log messages and dictionary keys:
/// `42`, `paid`, `Order(id: 7, status: .paid, items: 3 elements)`. Secrets are redacted as
/// in a capture.
struct InlineRenderer {
    let redaction: Redaction

    func render(_ value: Any, depth: Int = 2) -> String { render(value, named: "", depth: depth) }

    /// `value` as the field, entry or variable `name`, which may be a secret.
    private func render(_ value: Any, named name: String, depth: Int) -> String {
        if redaction.hides(value, named: name) { return Redaction.marker }
        let shape = Reflection.shape(of: value)
        switch shape {
        case .optional(nil): return "nil"
        case .optional(let wrapped?): return render(wrapped, named: name, depth: depth)
        case .string(let text): return text
        case .integer(let number): return String(number)
        case .unsignedInteger(let number): return String(number)
        case .floatingPoint(let number): return "\(number)"
        case .bool(let flag): return flag ? "true" : "false"
        case .foundation(let text): return text
        case .opaque: return Reflection.typeName(of: value)
        case .enumerator, .pointer: return Self.scalar(shape) ?? ""
        case .collection(let count, let elements, let isDictionary):
            guard depth > 0 else { return count == 1 ? "1 element" : "\(count) elements" }
            let shown = elements.prefix(10).map { element -> String in
                if isDictionary, case .tuple(let pair) = Reflection.shape(of: element.value), pair.count == 2 {
                    let key = render(pair[0].value, depth: depth - 1)
                    return key + ": " + render(pair[1].value, named: key, depth: depth - 1)
                }
                return render(element.value, depth: depth - 1)
            }
            return "[" + shown.joined(separator: ", ") + (count > 10 ? ", …" : "") + "]"
        case .enumCase(let name, let payload):
            return "." + name + (payload.isEmpty ? "" : fields(payload, depth: depth))
        case .structure(let fields), .tuple(let fields), .object(_, let fields):
            let type = Reflection.typeName(of: value)
            return depth > 0 ? type + self.fields(fields, depth: depth) : type
        }
    }

    /// How a C enumerator or pointer reads: `PAID`, `7` (no enumerator), `0x7ffd1234`, `NULL`.
    static func scalar(_ shape: Reflection.Shape) -> String? {
        switch shape {
        case .enumerator(let name, let value): name ?? String(value)
        case .pointer(let address): address == 0 ? "NULL" : "0x" + String(address, radix: 16)
        default: nil
        }
    }

    private func fields(_ fields: [(label: String, value: Any)], depth: Int) -> String {
        "("
            + fields.map { field in
                field.label + ": " + render(field.value, named: field.label, depth: depth - 1)
            }.joined(separator: ", ") + ")"
    }
}
