import Foundation
import Testing

/// The runtime inside a running program under hostile input and faults: no crash, no stall,
/// nothing lost without being counted. Each test reproduces a failure found by trying.
@Suite struct ReliabilityTests {
    /// Quotas raised so far that only the agent's own speed limits snapshots.
    static let unlimited = ["DEEP_SNAPSHOTS_PER_SECOND": "1000000", "DEEP_BYTES_PER_SECOND": "1000000000"]

    private func start(tracepoints: [[String: Any]]? = nil, environment: [String: String] = [:]) throws -> RunningProgram {
        let json = try tracepoints.map(Self.json)
        let program = try RunningProgram(try FixturePackage.debug.get().executable("Policy"), tracepoints: json,
                                         environment: environment)
        try program.wait(for: "the program to start") { program.lines.first == "policy ready" }
        return program
    }

    static func json(_ entries: [[String: Any]]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: ["tracepoints": entries]), as: UTF8.self)
    }

    private var hotLine: Int { get throws { try FixturePackage.line(of: "hot", in: "Policy/Hot.swift") } }

    private func statuses(_ program: RunningProgram) -> [String: [String: Any]] {
        let list = value(program.status(), "tracepoints") as? [[String: Any]] ?? []
        return Dictionary(list.map { ($0["id"] as? String ?? "", $0) }) { first, _ in first }
    }

    /// 50,000 nested parentheses in a condition once overflowed the parser's stack before
    /// `main`, and the file stayed, so every restart died the same way.
    @Test func hostileExpressionsAndJSONAreStatusesNotCrashes() throws {
        let nested = String(repeating: "(", count: 50_000) + "state < 0" + String(repeating: ")", count: 50_000)
        let line = try hotLine
        let program = try start(tracepoints: [
            ["id": "parentheses", "path": "Hot.swift", "line": line, "condition": nested],
            ["id": "negations", "path": "Hot.swift", "line": line, "condition": String(repeating: "!", count: 100_000) + "true"],
            ["id": "placeholder", "path": "Hot.swift", "line": line, "log": "{" + String(repeating: "(", count: 900) + "state"
                + String(repeating: ")", count: 90) + "}"],
            ["id": "fine", "path": "Hot.swift", "line": line],
        ])
        try program.wait(for: "four statuses") { statuses(program).count == 4 }
        let all = statuses(program)
        #expect(all["fine"]?["state"] as? String == "installed")
        #expect((all["parentheses"]?["message"] as? String)?.hasPrefix("condition: longer than 1000 characters") == true)
        #expect((all["negations"]?["message"] as? String)?.hasPrefix("condition: longer than 1000 characters") == true)
        #expect((all["placeholder"]?["message"] as? String)?.hasPrefix("log: in `{") == true)
        #expect((all["placeholder"]?["message"] as? String)?.contains("nested more than 32 levels deep") == true)

        // JSON nested past any decoder's depth, written while the program runs.
        let deepJSON = #"{"tracepoints": "# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        try program.writeTracepoints(deepJSON)
        try program.wait(for: "the file's error") { (value(program.status(), "error") as? String)?.isEmpty == false }
        #expect(statuses(program)["fine"]?["state"] as? String == "installed", "the last good set stays")
        program.send("sign-in")
        try program.wait(for: "the program to answer") { program.lines.contains { $0.hasPrefix("signed in") } }
        #expect(program.finish().status == 0)
    }

    /// With the quotas raised, the agent's drain once never ended: nothing was written, the
    /// status froze, a deletion was never applied and memory grew.
    @Test func aFlatOutTracepointLeavesTheAgentResponsive() throws {
        let program = try start(tracepoints: [["id": "hot", "path": "Hot.swift", "line": try hotLine,
                                               "fire_count": -1, "fire_period_ms": 0]],
                                environment: Self.unlimited)
        try program.wait(for: "the tracepoint") { statuses(program)["hot"]?["state"] as? String == "installed" }
        let before = Self.residentMegabytes(program)
        program.send("hot 15")
        try program.wait(upTo: 5, for: "snapshots written while the loop runs") { try program.snapshots().count > 1000 }
        let hits = statuses(program)["hot"]?["hits"] as? Int ?? 0
        try program.wait(upTo: 5, for: "the status to move on") { (statuses(program)["hot"]?["hits"] as? Int ?? 0) > hits }
        let during = Self.residentMegabytes(program)
        try program.writeTracepoints(try Self.json([]))
        try program.wait(upTo: 5, for: "the deletion to be applied") { statuses(program).isEmpty }
        #expect(!program.lines.contains { $0.hasPrefix("iterations ") }, "applied while the loop still ran")
        #expect(program.finish().status == 0)
        // For docs/reliability.md; memory is a benchmark's matter, not asserted here.
        print("flat-out tracepoint: resident \(before) MB before, \(during) MB during the flood, "
              + "\(try program.snapshots().count) snapshots written")
    }

    /// The program's resident set size in megabytes (VmRSS), or -1.
    private static func residentMegabytes(_ program: RunningProgram) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(program.process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        return line.flatMap { Int($0.split(separator: " ")[1]) }.map { $0 / 1024 } ?? -1
    }

    /// Every fire is accounted for: written, or counted as dropped.
    @Test func everyFireIsWrittenOrCountedAsDropped() throws {
        let program = try start(tracepoints: [["id": "hot", "path": "Hot.swift", "line": try hotLine,
                                               "fire_count": -1, "fire_period_ms": 0]],
                                environment: Self.unlimited)
        try program.wait(for: "the tracepoint") { statuses(program)["hot"]?["state"] as? String == "installed" }
        program.send("hot 1")
        try program.wait(for: "the loop") { program.lines.contains { $0.hasPrefix("iterations ") } }
        #expect(program.finish().status == 0)
        let status = try #require(statuses(program)["hot"])
        let fires = try #require(status["fires"] as? Int)
        let drops = try #require(status["drops"] as? Int)
        let written = try program.snapshots().count
        #expect(fires > 1000 && fires == written + drops, "fires \(fires), written \(written), dropped \(drops)")
    }

    /// Snapshots that cannot be written once vanished without a trace.
    @Test func aFailedWriteIsCountedNamedAndReportedOnce() throws {
        let line = try FixturePackage.line(of: "sign-in", in: "Policy/Accounts.swift")
        let program = try start(tracepoints: [["id": "sign-in", "path": "Accounts.swift", "line": line,
                                               "fire_count": -1, "fire_period_ms": 0]],
                                environment: ["DEEP_SNAPSHOTS": "/dev/full"])
        try program.wait(for: "the tracepoint") { statuses(program)["sign-in"]?["state"] as? String == "installed" }
        for _ in 0..<3 { program.send("sign-in") }
        try program.wait(for: "three lost snapshots") {
            value(program.status(), "write_errors", 0, "lost_snapshots") as? Int == 3
        }
        let failure = try #require(value(program.status(), "write_errors", 0) as? [String: Any])
        #expect(failure["target"] as? String == "snapshots to /dev/full")
        #expect(failure["message"] as? String == "/dev/full: cannot write to it: No space left on device")
        let listed = try Command.run(FixturePackage.tool("deep").path, ["list"], in: program.directory, separateErrors: true)
        #expect(listed.output.contains(": /dev/full: cannot write to it: No space left on device (3 snapshots lost in "),
                "\(listed.output)")
        let result = program.finish()
        // Through swift-log (label `deep`), whose default handler writes to standard error.
        let message = "warning deep: [Deep] snapshots to /dev/full: /dev/full: cannot write to it: No space left on device"
        #expect(result.errors.components(separatedBy: message).count == 2, "once on standard error: \(result.errors.suffix(1000))")
    }

    /// A condition that can only fail was evaluated at every hit, forever.
    @Test func aConditionThatFailsStopsItsTracepoint() throws {
        let program = try start(tracepoints: [["id": "broken", "path": "Hot.swift", "line": try hotLine,
                                               "condition": "step / 0 > 1", "fire_count": -1, "fire_period_ms": 0]])
        try program.wait(for: "the tracepoint") { statuses(program)["broken"]?["state"] as? String == "installed" }
        program.send("hot 0.5")
        try program.wait(for: "the loop") { program.lines.contains { $0.hasPrefix("iterations ") } }
        try program.wait(for: "the error") { statuses(program)["broken"]?["state"] as? String == "error" }
        let status = try #require(statuses(program)["broken"])
        #expect(status["message"] as? String
            == "condition: division by zero; it no longer fires: fix the condition and set it again")
        #expect(status["hits"] as? Int == 1, "its probe went off at the first failure")
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
