// Greets each argument; `crash` stops with a fatal error instead.
import Greeting

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "crash" {
    let reason = "crash requested"
    fatalError(reason) // tp: crash
}
let greeter = Greeter()
for name in arguments {
    print(greeter.greet(name))
}
