// Hits probed lines from 8 threads while a driver thread changes the tracepoints file every
// millisecond, flushes and restarts the runtime; run under ThreadSanitizer by the tests.
//
//   Stress <seconds> <steady line> <line> <line>
//
// "steady" (on the first line) is never changed, so its counters run through the whole run;
// the driver rewrites the others, with conditions, logs, watches, bad entries and bad files.
// Prints `hits <total>` at the end.

import Deep
import Foundation
import Synchronization

let arguments = CommandLine.arguments.dropFirst().compactMap { Double($0) }
let seconds = arguments.first ?? 2
let lines = arguments.dropFirst().map(Int.init)
let deadline = Date().addingTimeInterval(seconds)

final class Counter: Sendable {
    let total = Atomic<Int>(0)
}
let hits = Counter()

/// Per thread, so that only its own thread writes it.
final class Tally {
    var total = 0
}

func step(_ value: Int, _ thread: Int, _ tally: Tally) -> Int {
    let doubled = value &* 2 // tp: steady
    let mixed = doubled ^ (thread &* 31) // tp: mixed
    var items = [mixed, value, thread] // tp: items
    // Written right after the hits above: a snapshot's copy of `items` must not see it, and
    // the agent, which captures that copy later, must not read the memory written here.
    items[0] &+= 1 // tp: written
    tallyItems(items, into: tally)
    return items.reduce(0, &+)
}

/// A line with an object in scope: its snapshot is taken on this thread, at the hit.
func tallyItems(_ items: [Int], into tally: Tally) {
    tally.total &+= items.count // tp: tally
}

/// A deterministic sequence, so a failing run can be repeated.
struct Dice {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
}

let steady = #"{"id": "steady", "path": "Stress/main.swift", "line": \#(lines[0]), "fire_count": -1, "fire_period_ms": 0, "snapshot": false, "watches": ["value"]}"#

/// Snapshots of two lines, one every 2 ms (more would flood the queue and pause "steady"):
/// one of values the program writes right after the hit (copied at the hit and handed to the
/// agent, which captures them), one with an object in scope that its thread writes (captured
/// at the hit).
let written = [(id: "copies", line: lines[3]), (id: "objects", line: lines[4])].map { tracepoint in
    #"{"id": "\#(tracepoint.id)", "path": "Stress/main.swift", "line": \#(tracepoint.line), "fire_count": -1, "fire_period_ms": 2}"#
}
/// Calls of `step` taken at the entry and sent at the exit, one every 2 ms: the entry hands
/// its capture to the clock, the exit takes it back while the table changes under both.
let calls = #"{"id": "calls", "path": "Stress/main.swift", "method_name": "step", "stage": "method_capture", "fire_count": -1, "fire_period_ms": 2}"#
/// Keeps the entry's probe on (its condition never holds): a hit inside "calls"'s fire period
/// would otherwise switch it off until the agent's next round, which under ThreadSanitizer
/// and this load comes a few times a run.
let entryKeeper = #"{"id": "keeper", "path": "Stress/main.swift", "method_name": "step", "stage": "method_start", "condition": "value < 0", "fire_count": -1, "fire_period_ms": 0}"#

func tracepoints(_ random: inout Dice) -> String {
    var entries = [steady, calls, entryKeeper] + written
    // Method tracepoints that come and go: entries left behind for the agent to drop.
    for index in 0..<random.next(3) {
        let function = ["step", "tallyItems"][random.next(2)]
        let condition = ["duration >= 0", "return > 5", "nope > 1"][random.next(3)]
        entries.append(#"{"id": "m\#(index)", "path": "Stress/main.swift", "method_name": "\#(function)", "stage": "method_capture", "condition": "\#(condition)", "fire_count": \#(random.next(3) == 0 ? -1 : 1 + random.next(50)), "fire_period_ms": 0}"#)
    }
    for index in 0..<random.next(6) {
        let line = lines[1 + random.next(lines.count - 1)]
        let condition = ["value % 7 == 0", "thread == 3 && value > 100", "items.count == 3", "nope > 1", "value / 0 > 1"][random.next(5)]
        let snapshot = random.next(2) == 0
        // Without watches, a snapshot of values alone is captured by the agent.
        let watches = random.next(2) == 0 ? #"["items[1]", "doubled"]"# : "[]"
        entries.append(#"{"id": "r\#(index)", "path": "Stress/main.swift", "line": \#(line), "condition": "\#(condition)", "fire_count": \#(random.next(3) == 0 ? -1 : 1 + random.next(50)), "fire_period_ms": 0, "snapshot": \#(snapshot), "log": "{value} on {thread}", "watches": \#(watches)}"#)
    }
    // No empty file: it means no tracepoints, and "steady" must keep its counters.
    switch random.next(20) {
    case 0: return "{ not json"
    case 1: entries.append(#"{"id": "deep", "path": "Stress/main.swift", "line": \#(lines[1]), "condition": "\#(String(repeating: "!", count: 40))true"}"#)
    case 2: entries.append(#"{"id": "typo", "path": "Stress/main.swift", "line": \#(lines[1]), "conditon": "true"}"#)
    default: break
    }
    return #"{"tracepoints": ["# + entries.joined(separator: ", ") + "]}"
}

let group = DispatchGroup()
for thread in 0..<8 {
    group.enter()
    Thread {
        var value = thread
        var count = 0
        let tally = Tally()
        while Date() < deadline {
            for _ in 0..<100 { value = step(value & 0xFFFF, thread, tally) }
            count += 100
        }
        hits.total.add(count, ordering: .relaxed)
        group.leave()
    }.start()
}

group.enter()
Thread {
    var random = Dice()
    let file = FileManager.default.currentDirectoryPath + "/.deep/tracepoints.json"
    var round = 0
    while Date() < deadline {
        let temporary = file + ".tmp"
        FileManager.default.createFile(atPath: temporary, contents: Data(tracepoints(&random).utf8))
        rename(temporary, file)
        round += 1
        if round % 50 == 0 { Deep.flush() }
        if round % 400 == 0 { Deep.start() }
        usleep(1000)
    }
    // The last set is "steady" alone, so the final status has its counters.
    FileManager.default.createFile(atPath: file + ".tmp", contents: Data(#"{"tracepoints": [\#(steady)]}"#.utf8))
    rename(file + ".tmp", file)
    group.leave()
}.start()

group.wait()
print("hits \(hits.total.load(ordering: .relaxed))")
