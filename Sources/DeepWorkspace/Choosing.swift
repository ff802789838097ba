import DeepModel

extension CaseIterable where Self: RawRepresentable, RawValue == String {
    /// The value `text` names (`method_end`), or a problem that lists them all.
    package init(choosing text: String) throws {
        guard let value = Self(rawValue: text) else { throw ArgumentProblem("give one of " + Self.choices) }
        self = value
    }
}
