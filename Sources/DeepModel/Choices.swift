extension CaseIterable where Self: RawRepresentable, RawValue == String {
    /// The values a field of this kind takes, as messages list them: `single_frame, all_frame, no_frame`.
    package static var choices: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
