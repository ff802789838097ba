import DeepModel
import Foundation
import Testing

/// The constructs fixture covers every place a probe can and cannot go
/// (../shared/notes/swift-probe-findings.md) and more. Instrumented, it must compile in both
/// language modes and print exactly what the plain build prints, with or without probes firing.
@Suite struct ConstructsTests {
    private func output(of target: String, tracepoints: String? = nil) throws -> (lines: [String], program: RunningProgram) {
        let build = try FixturePackage.debug.get()
        // Every probe fires here, so the process-wide quotas are lifted.
        let unlimited = ["DEEP_SNAPSHOTS_PER_SECOND": "1000000", "DEEP_BYTES_PER_SECOND": "1000000000000"]
        let program = try RunningProgram(build.executable(target), tracepoints: tracepoints, environment: unlimited)
        let result = program.finish()
        #expect(result.status == 0, "\(target) exited with \(result.status): \(result.errors.suffix(2000))")
        // Values printed with their module name (`Optional(Constructs6.Point(...))`) differ only by it.
        return (result.output.map { $0.replacingOccurrences(of: "\(target).", with: "Module.") }, program)
    }

    @Test func instrumentedBuildsPrintWhatPlainBuildsPrint() throws {
        let plain = try output(of: "ConstructsPlain6").lines
        #expect(plain.count > 20)
        #expect(try output(of: "ConstructsPlain5").lines == plain)
        #expect(try output(of: "Constructs5").lines == plain)
        #expect(try output(of: "Constructs6").lines == plain)
    }

    @Test(arguments: ["Constructs5", "Constructs6"])
    func everyProbeFiringChangesNothing(target: String) throws {
        let build = try FixturePackage.debug.get()
        let manifest = try #require(build.manifests[target])
        let all = manifest.files.flatMap { file in
            file.lines.map { line in
                ["id": "\(file.path):\(line)", "path": file.path, "line": line, "fire_count": -1, "fire_period_ms": 0] as [String: Any]
            }
        }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: ["tracepoints": all]), as: UTF8.self)
        let plain = try output(of: "ConstructsPlain6").lines
        let (lines, program) = try output(of: target, tracepoints: json)
        #expect(lines == plain)
        let snapshots = try program.snapshots()
        #expect(snapshots.count > 300)
        let probed = Set(manifest.files.flatMap { file in file.lines.map { "\(file.originalPath):\($0)" } })
        #expect(snapshots.allSatisfy { probed.contains("\($0.path):\($0.line)") })
        // Values that cannot be copied are shown by type, not read.
        let unreadable = snapshots.flatMap(\.variables).filter { $0.value == "<noncopyable>" }
        #expect(unreadable.contains { $0.type == "FileHandleLike" })
    }

    /// Every line a debugger can stop on in the plain build is still a statement of the
    /// instrumented build's line table (`blockEnds` in Statements.swift once lost one).
    @Test func everyLineOfThePlainLineTableIsKept() throws {
        let build = try FixturePackage.debug.get()
        let plain = try Self.statementLines(of: build.executable("ConstructsPlain6"))
        let instrumented = try Self.statementLines(of: build.executable("Constructs6"))
        #expect(plain.count > 200)
        let lost = plain.subtracting(instrumented).sorted()
        #expect(lost.isEmpty, "not in the instrumented line table: \(lost)")
    }

    /// `File.swift:line` of each row of a binary's DWARF line table that a debugger can stop on
    /// (`is_stmt`), for the fixture's files.
    static func statementLines(of binary: URL) throws -> Set<String> {
        let files = try FileManager.default.contentsOfDirectory(atPath: FixturePackage.fixtures.appendingPathComponent("Constructs").path)
        let table = try Command.run("objdump", ["--dwarf=decodedline", binary.path])
        try #require(table.status == 0, "objdump failed: \(table.output.prefix(500))")
        var lines: Set<String> = []
        for row in table.output.split(separator: "\n") {
            // `name  line  address  [view]  [x]`; the name is cut from the left when long.
            let fields = row.split(separator: " ")
            guard fields.count >= 4, fields.last == "x", let line = Int(fields[1]), line > 0,
                let name = fields[0].split(separator: "/").last.map(String.init), files.contains(name)
            else { continue }
            lines.insert("\(name):\(line)")
        }
        return lines
    }

    /// A tracepoint on a function's declaration line fires on every call, with its parameters;
    /// one on its closing brace on every exit: a throw, an early return, the last return.
    @Test func declarationAndClosingBraceLinesFireOnEveryCallAndExit() throws {
        let entry = try FixturePackage.line(of: "frame-entry", in: "Constructs/Statements.swift")
        let exit = try FixturePackage.line(of: "frame-exit", in: "Constructs/Statements.swift")
        let json = String(
            decoding: try JSONSerialization.data(withJSONObject: [
                "tracepoints": [entry, exit].map { line in
                    ["id": "\(line)", "path": "Constructs/Statements.swift", "line": line, "fire_count": -1, "fire_period_ms": 0]
                        as [String: Any]
                }
            ]), as: UTF8.self)
        let snapshots = try output(of: "Constructs6", tracepoints: json).program.snapshots()
        func values(at line: Int) -> [String] {
            snapshots.filter { $0.line == line }.compactMap { $0.variable("value")?.value }
        }
        #expect(values(at: entry) == ["-1", "0", "3", "4"])
        #expect(values(at: exit) == ["-1", "0", "3", "4"])
    }

    /// A method tracepoint names a function: `method_start` fires on every call with the
    /// parameters, `method_end` on every return and throw with the call's duration, which a
    /// condition can test, and what it returned or threw (an initializer's and an `async`
    /// function's too). A name that is unknown or ambiguous is an error status that says so.
    @Test func methodTracepointsFireOnEntryAndExitWithTheDuration() throws {
        let tracepoints: [[String: Any]] = [
            ["id": "start", "method_name": "frames", "fire_count": -1, "fire_period_ms": 0],
            [
                "id": "end", "path": "Statements.swift", "method_name": "frames(_:)", "stage": "method_end",
                "condition": "duration >= 0 && value != 3", "fire_count": -1, "fire_period_ms": 0,
            ],
            [
                "id": "around", "path": "Constructs/Statements.swift",
                "line": try FixturePackage.line(of: "frame-exit", in: "Constructs/Statements.swift") - 3, "stage": "method_end",
                "fire_count": -1, "fire_period_ms": 0,
            ],
            [
                "id": "big", "method_name": "frames", "stage": "method_end", "condition": "return > 5", "fire_count": -1,
                "fire_period_ms": 0,
            ],
            ["id": "repeat", "method_name": "firstRepeat", "stage": "method_end", "fire_count": -1, "fire_period_ms": 0],
            ["id": "unknown", "method_name": "frame", "stage": "method_end"],
            [
                "id": "threw", "method_name": "Savings.init(owner:rate:)", "stage": "method_end", "condition": "exception != nil",
                "fire_count": -1, "fire_period_ms": 0,
            ],
            ["id": "async", "method_name": "slowChecked", "stage": "method_end", "fire_count": -1, "fire_period_ms": 0],
            ["id": "quadrant", "method_name": "Point.quadrant.get", "stage": "method_end"],
            ["id": "scaled", "method_name": "Point.subscript(scaled:).get", "stage": "method_end"],
            [
                "id": "checked", "method_name": "Point.checkedLength.get", "stage": "method_end", "fire_count": -1,
                "fire_period_ms": 0,
            ],
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: ["tracepoints": tracepoints]), as: UTF8.self)
        let program = try output(of: "Constructs6", tracepoints: json).program
        let snapshots = try program.snapshots()
        let entry = try FixturePackage.line(of: "frame-entry", in: "Constructs/Statements.swift")
        let exit = try FixturePackage.line(of: "frame-exit", in: "Constructs/Statements.swift")
        let starts = snapshots.filter { $0.tracepointID == "start" }
        #expect(starts.map(\.line) == [entry, entry, entry, entry])
        #expect(starts.compactMap { $0.variable("value")?.value } == ["-1", "0", "3", "4"])
        let ends = snapshots.filter { $0.tracepointID == "end" }
        #expect(ends.map(\.line) == [exit, exit, exit])
        #expect(ends.compactMap { $0.variable("value")?.value } == ["-1", "0", "4"])
        #expect(ends.allSatisfy { $0.variable("duration") != nil && $0.durationNanos != nil })
        // What each call returned, as Deep reports it: the watch `return` (none for the throw).
        #expect(ends.map { $0.watches.first { $0.expression == "return" }?.value?.value } == [nil, "0", "8"])
        // And what it threw: the watch `exception`.
        let thrown = ends.map { $0.watches.first { $0.expression == "exception" }?.value }
        #expect(thrown.map { $0?.type } == ["FrameError", nil, nil], "\(thrown)")
        #expect(thrown.first??.value == ".negative", "\(thrown)")
        // A condition on `exception` holds only for a call that threw; an initializer's too.
        let threw = snapshots.filter { $0.tracepointID == "threw" }
        let error = threw.first?.watches.first { $0.expression == "exception" }?.value
        #expect(threw.count == 1 && error?.value == ".bad" && error?.children.first?.value == "0", "\(threw)")
        let async = snapshots.filter { $0.tracepointID == "async" }.map { snapshot in
            snapshot.watches.map { "\($0.expression) \($0.value?.value ?? "-")" }
        }
        #expect(async == [["return 2"], ["exception .bad"]], "\(async)")
        // From a loop written twice, and from `return.none`.
        let repeats = snapshots.filter { $0.tracepointID == "repeat" }.map { $0.watches.first { $0.expression == "return" }?.value }
        #expect(repeats.map { $0?.value } == ["1", "nil"], "\(repeats)")
        // A condition on `return` is false for a call that threw.
        #expect(snapshots.filter { $0.tracepointID == "big" }.compactMap { $0.variable("value")?.value } == ["3", "4"])
        #expect(snapshots.filter { $0.tracepointID == "around" }.count == 4)
        let status = try #require(try program.status())
        let unknown = try #require(status.tracepoint("unknown"))
        #expect(unknown.state == .error && unknown.message?.contains("no instrumented function is named `frame`") == true)
        #expect(unknown.message?.contains("frames(_:)") == true, "\(unknown.message ?? "")")
        // A getter's and a subscript's `return`, and a throwing getter's `exception`.
        func watch(_ id: String) -> [String] {
            snapshots.filter { $0.tracepointID == id }.flatMap { $0.watches.map { "\($0.expression) \($0.value?.value ?? "-")" } }
        }
        #expect(watch("quadrant") == ["return 1"])
        #expect(watch("scaled") == ["return 100"])
        #expect(watch("checked") == ["return 15", "exception .negative"])
    }

    /// `method_capture` takes the frame when the function is entered and sends it when the
    /// call returns, with what it returned and how long it took: an `inout` parameter shows
    /// its value on entry, where `method_end` shows it changed. Also where the entry is the
    /// first statement's line, and the condition sees the exit (`return`, `duration`).
    @Test func methodCaptureSendsTheEntrysFrameAtTheExit() throws {
        let tracepoints: [[String: Any]] = [
            ["id": "capture", "method_name": "variadic", "stage": "method_capture"],
            ["id": "end", "method_name": "variadic", "stage": "method_end"],
            [
                "id": "halved", "method_name": "halved", "stage": "method_capture", "condition": "return >= 1 && duration >= 0",
                "fire_count": -1, "fire_period_ms": 0,
            ],
            [
                "id": "none", "method_name": "halved", "stage": "method_capture", "condition": "return > 5", "fire_count": -1,
                "fire_period_ms": 0,
            ],
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: ["tracepoints": tracepoints]), as: UTF8.self)
        let program = try output(of: "Constructs6", tracepoints: json).program
        let snapshots = try program.snapshots()
        let capture = try #require(snapshots.first { $0.tracepointID == "capture" })
        #expect(capture.variable("scale")?.value == "3" && capture.variable("total") == nil, "\(capture.variables)")
        #expect(capture.watches.map { "\($0.expression) \($0.value?.value ?? "-")" } == ["return 36"])
        #expect(capture.durationNanos != nil)
        let end = try #require(snapshots.first { $0.tracepointID == "end" })
        #expect(end.variable("scale")?.value == "6")
        let halved = snapshots.filter { $0.tracepointID == "halved" }
        #expect(halved.compactMap { $0.variable("value")?.value } == ["6", "3"], "\(halved)")
        #expect(halved.map { $0.watches.first?.value?.value } == ["3", "1"])
        #expect(snapshots.filter { $0.tracepointID == "none" }.isEmpty)
        let status = try #require(try program.status())
        #expect(status.tracepoint("capture")?.state == .completed)
        #expect(status.tracepoint("none")?.state == .installed)
    }

    /// A tracepoint on a line inside a statement (an argument), on a stored property's initial
    /// value, on a single-expression body's closing brace, and on a literal and the closing
    /// brace in a single-expression closure fires there, with what is in scope.
    @Test func linesInsideStatementsInitialValuesAndValueExitsFire() throws {
        let lines = try ["lines-argument", "lines-initial-value", "lines-value-exit", "lines-closure-literal", "lines-closure-exit"].map {
            try FixturePackage.line(of: $0, in: "Constructs/Statements.swift")
        }
        let json = String(
            decoding: try JSONSerialization.data(withJSONObject: [
                "tracepoints": lines.map { line in
                    ["id": "\(line)", "path": "Constructs/Statements.swift", "line": line, "fire_count": -1, "fire_period_ms": 0]
                        as [String: Any]
                }
            ]), as: UTF8.self)
        let snapshots = try output(of: "Constructs6", tracepoints: json).program.snapshots()
        func values(of name: String, at line: Int) -> [String] {
            snapshots.filter { $0.line == line }.compactMap { $0.variable(name)?.value }
        }
        #expect(values(of: "value", at: lines[0]) == ["0", "1"])
        #expect(values(of: "prefix", at: lines[0]) == ["\"n\"", "\"n\""] || values(of: "prefix", at: lines[0]) == ["n", "n"])
        #expect(snapshots.filter { $0.line == lines[1] }.count == 2)
        #expect(values(of: "value", at: lines[2]) == ["0", "1"])
        for line in lines[3...] { #expect(values(of: "word", at: line).map { $0.trimmingCharacters(in: ["\""]) } == ["ab", "abcd"]) }
    }

    @Test func inlinableBodiesAreProbed() throws {
        let manifest = try #require(try FixturePackage.debug.get().manifests["Constructs6"])
        let types = try #require(manifest.files.first { $0.path == "Types.swift" })
        #expect(types.skipped.isEmpty)
        let inlined = try FixturePackage.line(of: "inlinable", in: "Constructs/Types.swift")
        #expect(types.lines.contains(inlined))
    }
}
