import ArgumentParser

/// A positive fire count, or `unlimited` (stored as -1).
struct FireCount: CustomStringConvertible {
    let value: Int

    var description: String { value == -1 ? "unlimited" : String(value) }

    init(value: Int) { self.value = value }

    init(parsing argument: String) throws {
        if argument == "unlimited" || argument == "-1" {
            value = -1
        } else if let number = Int(argument), number > 0 {
            value = number
        } else {
            throw ValidationError("give a number of 1 or more, or unlimited")
        }
    }
}
