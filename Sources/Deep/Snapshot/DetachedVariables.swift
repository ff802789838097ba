/// A snapshot's variables kept at the hit and captured on the agent thread. Only when every
/// one is `TypeFacts.detachable`: a copy of such a value shares nothing the program can
/// change after the hit, so the agent reads what the hit saw, and the hitting thread pays
/// for copies instead of a variable tree.
///
/// The values stay alive until the agent has captured them, at most the queue's capacity of
/// snapshots. A held string or collection makes the program's next write to it copy it, so
/// one that the capture would not read whole (longer than `maxStringLength`, more elements
/// than `maxCollectionSize`) is captured at the hit instead. (Strings and collections inside
/// a structure are not measured.)
struct DetachedVariables: @unchecked Sendable {
    private let variables: [_DeepVariable]
    private let limits: CaptureLimits
    private let redaction: Redaction
    private let budgets: SharedBudgets

    /// The variables to detach, or nil if one of them must be read while the program waits
    /// (a class instance, anything holding one, a C local, whose name and value live only
    /// as long as the probe's call).
    init?(_ variables: [_DeepVariable], limits: CaptureLimits, redaction: Redaction, budgets: SharedBudgets) {
        for variable in variables {
            guard case .literal = variable.name else { return nil }
            if let scalar = Reflection.commonSwiftScalar(variable.value) {
                guard case .string(let text) = scalar, text.utf8.count > limits.maxStringLength else { continue }
                return nil
            }
            let facts = TypeFacts.of(variable.value)
            guard facts.detachable else { return nil }
            if facts.kind == .standardCollection || facts.kind == .standardDictionary,
                (variable.value as! any Collection).count > limits.maxCollectionSize
            {
                return nil
            }
        }
        self.variables = variables
        self.limits = limits
        self.redaction = redaction
        self.budgets = budgets
    }

    /// The variable trees, within the limits, and why a limit cut them short. Their size is
    /// charged to the byte budget now, as a hit charges what it captures.
    func capture() -> (variables: [VariableNode], truncated: String?) {
        var capturer = VariableCapturer(limits: limits, redaction: redaction)
        let nodes = variables.compactMap { capturer.capture($0) }
        budgets.bytes.charge(UInt64(capturer.bytes), now: HitClock.monotonicNanoseconds())
        return (nodes, capturer.cut)
    }
}
