// A checkout service driven by standard input, one command per line:
//   checkout <customer> <quantity> <unit price> [coupon]
//   spin <seconds>
// It answers each with `receipt <total>` (`spinning`, then `spun <rounds>`) and, at end of
// input, `handled <count>`.

#if canImport(Glibc)
import Glibc
#endif

/// Answers at once, also into a pipe (`print` buffers there).
func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}

let store = Store()
var handled = 0
let greeting = "checkout ready" // tp: first-line
say(greeting)
/// Busy for `seconds` in one frame, calling out on every round: a tracepoint set meanwhile
/// inside the loop must fire without the frame being entered again.
func spin(seconds: Double) -> Int {
    var rounds = 0
    let end = monotonicSeconds() + seconds
    say("spinning")
    while monotonicSeconds() < end {
        rounds += 1 // tp: spin-round
    }
    return rounds
}

func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

while let line = readLine() {
    let words = line.split(separator: " ").map(String.init)
    if words.count == 2, words[0] == "spin", let seconds = Double(words[1]) {
        say("spun \(spin(seconds: seconds))")
        continue
    }
    guard words.count >= 4, words[0] == "checkout", let quantity = Int(words[2]), let price = Double(words[3]) else {
        say("? \(line)")
        continue
    }
    let receipt = store.checkout(customer: words[1], quantity: quantity, unitPrice: price,
                                 coupon: words.count > 4 ? words[4] : nil)
    handled += 1
    say("receipt \(receipt.total)")
}
say("handled \(handled)")
say("user code run by capture: \(Store.userCodeRuns + Store.computedCalls)")
