import DeepModel
import Foundation
import Testing

/// The runtime inside a running program under hostile input and faults: no crash, no stall,
/// nothing lost without being counted. Each test reproduces a failure found by trying.
@Suite struct ReliabilityTests {
    /// Quotas raised so far that only the agent's own speed limits snapshots.
    static let unlimited = ["DEEP_SNAPSHOTS_PER_SECOND": "1000000", "DEEP_BYTES_PER_SECOND": "1000000000"]

    private func start(
        tracepoints: [[String: Any]]? = nil, environment: [String: String] = [:], readingErrors: Bool = true
    ) throws -> RunningProgram {
        let json = try tracepoints.map(Self.json)
        let program = try RunningProgram(
            try FixturePackage.debug.get().executable("Policy"), tracepoints: json,
            environment: environment, readingErrors: readingErrors)
        try program.wait(for: "the program to start") { program.lines.first == "policy ready" }
        return program
    }

    static func json(_ entries: [[String: Any]]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: ["tracepoints": entries]), as: UTF8.self)
    }

    private var hotLine: Int { get throws { try FixturePackage.line(of: "hot", in: "Policy/Hot.swift") } }

    /// 50,000 nested parentheses in a condition once overflowed the parser's stack before
    /// `main`, and the file stayed, so every restart died the same way.
    @Test func hostileExpressionsAndJSONAreStatusesNotCrashes() throws {
        let nested = String(repeating: "(", count: 50_000) + "state < 0" + String(repeating: ")", count: 50_000)
        let line = try hotLine
        let program = try start(tracepoints: [
            ["id": "parentheses", "path": "Hot.swift", "line": line, "condition": nested],
            ["id": "negations", "path": "Hot.swift", "line": line, "condition": String(repeating: "!", count: 100_000) + "true"],
            [
                "id": "placeholder", "path": "Hot.swift", "line": line,
                "log": "{" + String(repeating: "(", count: 900) + "state"
                    + String(repeating: ")", count: 90) + "}",
            ],
            ["id": "fine", "path": "Hot.swift", "line": line],
        ])
        try program.wait(for: "four statuses") { try program.status()?.tracepoints.count == 4 }
        let status = try #require(try program.status())
        #expect(status.tracepoint("fine")?.state == .installed)
        #expect(status.tracepoint("parentheses")?.message?.hasPrefix("condition: longer than 1000 characters") == true)
        #expect(status.tracepoint("negations")?.message?.hasPrefix("condition: longer than 1000 characters") == true)
        #expect(status.tracepoint("placeholder")?.message?.hasPrefix("log: in `{") == true)
        #expect(status.tracepoint("placeholder")?.message?.contains("nested more than 32 levels deep") == true)

        // JSON nested past any decoder's depth, written while the program runs.
        let deepJSON = #"{"tracepoints": "# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        try program.writeTracepoints(deepJSON)
        try program.wait(for: "the file's error") { try program.status()?.error?.isEmpty == false }
        #expect(try program.status()?.tracepoint("fine")?.state == .installed, "the last good set stays")
        program.send("sign-in")
        try program.wait(for: "the program to answer") { program.lines.contains { $0.hasPrefix("signed in") } }
        #expect(program.finish().status == 0)
    }

    /// With the quotas raised, the agent's drain once never ended: nothing was written, the
    /// status froze, a deletion was never applied and memory grew.
    @Test func aFlatOutTracepointLeavesTheAgentResponsive() throws {
        let program = try startFlatOut()
        let before = Self.residentMegabytes(program)
        program.send("hot 15")
        try program.wait(upTo: 5, for: "snapshots written while the loop runs") { try program.snapshots().count > 1000 }
        let hits = try program.status()?.tracepoint("hot")?.hits ?? 0
        try program.wait(upTo: 5, for: "the status to move on") { (try program.status()?.tracepoint("hot")?.hits ?? 0) > hits }
        let during = Self.residentMegabytes(program)
        try program.writeTracepoints(try Self.json([]))
        try program.wait(upTo: 5, for: "the deletion to be applied") { try program.status()?.tracepoints.isEmpty == true }
        #expect(!program.lines.contains { $0.hasPrefix("iterations ") }, "applied while the loop still ran")
        #expect(program.finish().status == 0)
        // For docs/reliability.md; memory is a benchmark's matter, not asserted here.
        print(
            "flat-out tracepoint: resident \(before) MB before, \(during) MB during the flood, "
                + "\(try program.snapshots().count) snapshots written")
    }

    /// The program with tracepoint `hot` on the hot loop's line, firing at every hit with the
    /// quotas raised, once it is installed.
    private func startFlatOut() throws -> RunningProgram {
        let program = try start(
            tracepoints: [["id": "hot", "path": "Hot.swift", "line": try hotLine, "fire_count": -1, "fire_period_ms": 0]],
            environment: Self.unlimited)
        try program.wait(for: "the tracepoint") { try program.status()?.tracepoint("hot")?.state == .installed }
        return program
    }

    /// The program's resident set size in megabytes (VmRSS), or -1.
    private static func residentMegabytes(_ program: RunningProgram) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(program.process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ")[1]) }.map { $0 / 1024 } ?? -1
    }

    /// A sink's write that blocks (swift-log into a standard error nobody reads) held the
    /// agent's lock as long, and `Deep.flush()` and the flush at exit waited for it: the
    /// program could not exit. Both now give up after `DEEP_FLUSH_TIMEOUT_MS`.
    @Test func aSinkThatBlocksKeepsNeitherAFlushNorTheExitWaiting() throws {
        let program = try startWithTheAgentStuckInASink()
        try flushGivesUpAndTheProgramExits(program)
    }

    /// A restart (`Deep.start`, or the `dlopen` of an instrumented C library) once waited for
    /// the agent it replaces however long that agent's sink write blocked. Now it abandons that
    /// agent after `DEEP_FLUSH_TIMEOUT_MS`, and the new one applies tracepoints while the old
    /// one still sits in its write.
    @Test func aRestartDoesNotWaitForAnAgentStuckInASink() throws {
        let program = try startWithTheAgentStuckInASink()
        program.send("restart")
        try program.wait(upTo: 10, for: "the restart") { program.lines.contains("restarted") }
        let signIn = try FixturePackage.line(of: "sign-in", in: "Policy/Accounts.swift")
        try program.writeTracepoints(try Self.json([try loggingHotLine, ["id": "sign-in", "path": "Accounts.swift", "line": signIn]]))
        try program.wait(for: "the new agent to apply the file") {
            try program.status()?.tracepoint("sign-in")?.state == .installed
        }
        try flushGivesUpAndTheProgramExits(program)
    }

    /// Tracepoint `hot`, logging every hit of the hot loop through swift-log.
    private var loggingHotLine: [String: Any] {
        get throws {
            [
                "id": "hot", "path": "Hot.swift", "line": try hotLine, "fire_count": -1, "fire_period_ms": 0,
                "snapshot": false, "log": "mixing {state} with {step}",
            ]
        }
    }

    /// The Policy program after a second of `loggingHotLine` into a standard error nobody
    /// reads: its agent is stuck in a write. `DEEP_FLUSH_TIMEOUT_MS` is 500.
    private func startWithTheAgentStuckInASink() throws -> RunningProgram {
        let program = try start(
            tracepoints: [try loggingHotLine],
            environment: Self.unlimited.merging(["DEEP_LOGS_PER_SECOND": "1000000", "DEEP_FLUSH_TIMEOUT_MS": "500"]) { $1 },
            readingErrors: false)
        try program.wait(for: "the tracepoint") { try program.status()?.tracepoint("hot")?.state == .installed }
        program.send("hot 1")
        try program.wait(for: "the loop") { program.lines.contains { $0.hasPrefix("iterations ") } }
        return program
    }

    /// `Deep.flush()` returns false, and the program exits at the end of its input.
    private func flushGivesUpAndTheProgramExits(_ program: RunningProgram) throws {
        program.send("flush")
        try program.wait(for: "the flush to give up") { program.lines.contains("flushed false") }
        program.closeInput()
        try program.wait(upTo: 30, for: "the program to exit") { !program.process.isRunning }
        #expect(program.finish().status == 0)
    }

    /// Every fire is accounted for: written, or counted as dropped.
    @Test func everyFireIsWrittenOrCountedAsDropped() throws {
        let program = try startFlatOut()
        program.send("hot 1")
        try program.wait(for: "the loop") { program.lines.contains { $0.hasPrefix("iterations ") } }
        #expect(program.finish().status == 0)
        let status = try #require(try program.status()?.tracepoint("hot"))
        let written = try program.snapshots().count
        #expect(
            status.fires > 1000 && status.fires == written + status.drops,
            "fires \(status.fires), written \(written), dropped \(status.drops)")
    }

    /// Snapshots that cannot be written once vanished without a trace.
    @Test func aFailedWriteIsCountedNamedAndReportedOnce() throws {
        let line = try FixturePackage.line(of: "sign-in", in: "Policy/Accounts.swift")
        let program = try start(
            tracepoints: [
                [
                    "id": "sign-in", "path": "Accounts.swift", "line": line,
                    "fire_count": -1, "fire_period_ms": 0,
                ]
            ],
            environment: ["DEEP_SNAPSHOTS": "/dev/full"])
        try program.wait(for: "the tracepoint") { try program.status()?.tracepoint("sign-in")?.state == .installed }
        for _ in 0..<3 { program.send("sign-in") }
        try program.wait(for: "three lost snapshots") {
            try program.status()?.writeErrors.first?.lostSnapshots == 3
        }
        let failure = try #require(try program.status()?.writeErrors.first)
        #expect(failure.target == "snapshots to /dev/full")
        #expect(failure.message == "/dev/full: cannot write to it: No space left on device")
        let listed = try Command.run(FixturePackage.tool("deep").path, ["list"], in: program.directory, separateErrors: true)
        #expect(
            listed.output.contains(": /dev/full: cannot write to it: No space left on device (3 snapshots lost in "),
            "\(listed.output)")
        let result = program.finish()
        // Through swift-log (label `deep`), whose default handler writes to standard error.
        let message = "warning deep: [Deep] snapshots to /dev/full: /dev/full: cannot write to it: No space left on device"
        #expect(result.errors.components(separatedBy: message).count == 2, "once on standard error: \(result.errors.suffix(1000))")
    }

    /// A condition that can only fail was evaluated at every hit, forever.
    @Test func aConditionThatFailsStopsItsTracepoint() throws {
        let program = try start(tracepoints: [
            [
                "id": "broken", "path": "Hot.swift", "line": try hotLine,
                "condition": "step / 0 > 1", "fire_count": -1, "fire_period_ms": 0,
            ]
        ])
        try program.wait(for: "the tracepoint") { try program.status()?.tracepoint("broken")?.state == .installed }
        program.send("hot 0.5")
        try program.wait(for: "the loop") { program.lines.contains { $0.hasPrefix("iterations ") } }
        try program.wait(for: "the error") { try program.status()?.tracepoint("broken")?.state == .error }
        let status = try #require(try program.status()?.tracepoint("broken"))
        #expect(status.message == "condition: division by zero; it no longer fires: fix the condition and set it again")
        #expect(status.hits == 1, "its probe went off at the first failure")
        #expect(program.finish().status == 0)
    }

    /// A process killed in the middle of a write cuts at most its last line, and the next
    /// writer starts on a line of its own (before, 9 of 10 kills glued two snapshots together).
    @Test func aKillMidWriteCutsOneLineAndGluesNone() throws {
        let tracepoints = [["id": "hot", "path": "Hot.swift", "line": try hotLine, "fire_count": -1, "fire_period_ms": 0]]
        var snapshotsFile: URL?
        var keep: [RunningProgram] = []
        let kills = 4
        for _ in 0..<kills {
            var environment = Self.unlimited
            if let snapshotsFile { environment["DEEP_SNAPSHOTS"] = snapshotsFile.path }
            let program = try start(tracepoints: tracepoints, environment: environment)
            snapshotsFile = snapshotsFile ?? program.snapshotsFile
            let before = (try? FileManager.default.attributesOfItem(atPath: snapshotsFile!.path)[.size] as? Int) ?? 0
            program.send("hot 10")
            try program.wait(for: "snapshots") {
                ((try? FileManager.default.attributesOfItem(atPath: snapshotsFile!.path)[.size] as? Int) ?? 0) > before + 500_000
            }
            kill(program.process.processIdentifier, SIGKILL)
            program.process.waitUntilExit()
            keep.append(program)  // its directory holds the file
        }
        let last = try start(tracepoints: tracepoints, environment: Self.unlimited.merging(["DEEP_SNAPSHOTS": snapshotsFile!.path]) { $1 })
        last.send("hot 0.3")
        try last.wait(for: "the loop") { last.lines.contains { $0.hasPrefix("iterations ") } }
        #expect(last.finish().status == 0)

        // Bytes, not text: a cut may fall inside a character.
        let lines = try Data(contentsOf: snapshotsFile!).split(separator: UInt8(ascii: "\n"))
        let cut = lines.filter { (try? JSONSerialization.jsonObject(with: Data($0))) == nil }
        #expect(cut.count <= kills, "\(cut.count) cut lines after \(kills) kills")
        // A snapshot's line starts with its first key: a cut line holds at most one start, a
        // line glued from two would hold two.
        let start = Data(#"{"attributes":"#.utf8)
        #expect(cut.allSatisfy { Data($0).ranges(of: start).count <= 1 }, "a cut line runs into the next snapshot")
        #expect(lines.count - cut.count > 1000)
    }
}
