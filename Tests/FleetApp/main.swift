import Foundation

// Prices an order every 20 ms and prints a line every 50 orders, until the file named by
// the first argument exists (or a minute has passed). The fleet-mode tests run it against
// a Deep server; it links DeepGRPC and knows nothing of it.
let stopFile = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : nil
let skus = ["tea", "coffee", "cocoa"]
var revenue = 0.0
/// Prints at once (stdout to a pipe is block-buffered): the tests watch the program run on.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
for number in 1...3000 {
    if let stopFile, FileManager.default.fileExists(atPath: stopFile) { break }
    let order = Order(id: number, sku: skus[number % skus.count], quantity: number % 5 + 1, unitPrice: 12.5)
    revenue += total(of: order)
    if number % 50 == 0 { say("priced \(number) orders, revenue \(revenue)") }
    usleep(20_000)
}
say("done")
