// Drives the capture-policy checks, one command per line on standard input:
//   sign-in           signs an account with secrets in
//   hot <seconds>     runs a hash loop and prints `rate <iterations per CPU second of this
//                     thread>` every 100 ms, then
//                     `iterations <total> <process CPU seconds> <this thread's CPU seconds>`
//   flush             calls `Deep.flush()` and prints `flushed <what it returned>`
//   restart           calls `Deep.start()` (the runtime restarts) and prints `restarted`

import Deep

#if canImport(Glibc)
import Glibc
#endif

func say(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
}

/// Seconds on `clock`. Rates use the loop thread's CPU time, which a busy or virtualised
/// machine disturbs far less than wall time.
func now(_ clock: clockid_t = CLOCK_MONOTONIC) -> Double {
    var time = timespec()
    clock_gettime(clock, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func runHot(seconds: Double) {
    var state: UInt64 = 1
    var total = 0
    let end = now() + seconds
    let processStart = now(CLOCK_PROCESS_CPUTIME_ID)
    let threadStart = now(CLOCK_THREAD_CPUTIME_ID)
    var windowStart = threadStart
    var window = 0
    while true {
        for step in 0..<10_000 { state = mix(state, UInt64(step)) }
        window += 10_000
        let time = now(CLOCK_THREAD_CPUTIME_ID)
        if time - windowStart >= 0.1 {
            say("rate \(Int(Double(window) / (time - windowStart)))")
            total += window
            window = 0
            windowStart = time
            if now() >= end { break }
        }
    }
    say("iterations \(total + Int(state & 1)) \(now(CLOCK_PROCESS_CPUTIME_ID) - processStart) \(now(CLOCK_THREAD_CPUTIME_ID) - threadStart)")
}

say("policy ready")
while let line = readLine() {
    let words = line.split(separator: " ")
    if words.first == "sign-in" {
        let account = Account(
            owner: "ada", password: "correct horse battery",
            login: Login(user: "ada@example.com", sessionToken: "st-93f1", attempts: 1),
            headers: ["Authorization": "Bearer eyJhbGciOi", "Accept": "application/json"])
        say("signed in: \(signIn(account))")
    } else if words.first == "hot", words.count == 2, let seconds = Double(words[1]) {
        runHot(seconds: seconds)
    } else if line == "flush" {
        say("flushed \(Deep.flush())")
    } else if line == "restart" {
        Deep.start()
        say("restarted")
    } else {
        say("? \(line)")
    }
}
