/// A positive fire count, or `unlimited` (stored as -1).
package struct FireCount {
    package let value: Int

    package init(parsing argument: String) throws {
        if argument == "unlimited" || argument == "-1" {
            value = -1
        } else if let number = Int(argument), number > 0 {
            value = number
        } else {
            throw ArgumentProblem("give a number of 1 or more, or unlimited")
        }
    }
}
