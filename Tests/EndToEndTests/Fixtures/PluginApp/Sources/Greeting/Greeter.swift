/// Greets people.
public struct Greeter {
    public var salutation: String

    public init(salutation: String = "Hello") {
        self.salutation = salutation
    }

    public func greet(_ name: String) -> String {
        let text = Style.emphasise(salutation) + ", " + name // tp: greet
        return text
    }
}
