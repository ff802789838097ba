import Greeting

/// Greets its argument, from an `@main` type.
@main
struct Greet {
    static func main() {
        let name = CommandLine.arguments.dropFirst().first ?? "world"
        let message = Greeter(salutation: "Hi").greet(name) // tp: main
        print(message)
    }
}
