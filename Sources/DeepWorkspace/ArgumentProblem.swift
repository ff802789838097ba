/// Why an operator's value (a fire count, a deadline, a metric) does not parse, in words
/// that say what to give instead. The `deep` command prints it after the option's name; the
/// page shows it under the field.
package struct ArgumentProblem: Error, CustomStringConvertible, Sendable {
    package let description: String

    package init(_ description: String) { self.description = description }
}
