import DeepInstrumenter
import DeepModel
import Foundation
import Testing

/// A C program instrumented and built the way a C project outside SwiftPM builds it: the
/// runtime and `deep-config` from this package, the program with gcc and with clang.
@Suite(.serialized) struct CProgramTests {
    static let work = FixturePackage.work.appendingPathComponent("c")
    static let source = FixturePackage.fixtures.appendingPathComponent("CProgram")

    /// `-Werror` with both: the probes must add no warning. The fixture's K&R definition is
    /// itself a warning for clang, which that flag silences.
    static let compilers: [(name: String, flags: [String])] = [
        ("gcc", ["-std=c11", "-Wall", "-Wextra", "-Werror", "-O2", "-g"]),
        ("clang", ["-std=c11", "-Wall", "-Wextra", "-Werror", "-Wno-deprecated-non-prototype", "-O2", "-g"]),
    ]

    struct Built: Sendable {
        var manifest: Manifest
        var plain: URL
        var instrumented: [String: URL]
        /// CLegacy: code with a .c file included into another, where a statement may not
        /// come before a declaration; by "compiler flag-set" (`legacyFlags`).
        var legacy: [String: URL]
    }

    static let suppressions = FixturePackage.repository.appendingPathComponent("valgrind/swift-runtime.supp")

    /// C89 with -pedantic, and C99 with the warning many C libraries build with.
    static let legacyFlags = [
        "c89": ["-std=c89", "-pedantic", "-Wall", "-Wextra", "-Werror", "-O2"],
        "c99": ["-std=c99", "-Wdeclaration-after-statement", "-Wall", "-Wextra", "-Werror", "-O2"],
    ]

    static let built = Result { try build() }

    private static func build() throws -> Built {
        let (cflags, libs, staticLibs) = try CRuntime.flags.get()
        FixturePackage.buildLock.lock()
        defer { FixturePackage.buildLock.unlock() }

        let instrumented = work.appendingPathComponent("instrumented")
        let summary = try TreeInstrumenter(
            paths: [source.path], outputDirectory: instrumented.path,
            compileArguments: ["-std=c11", "-O2"]
        ).run()
        var programs: [String: URL] = [:]
        for (compiler, flags) in compilers {
            programs[compiler] = try compile(
                compiler, flags + cflags, instrumented.appendingPathComponent("orders.c"),
                libs: libs, into: "orders-\(compiler)")
        }
        programs["gcc -static"] = try compile(
            "gcc", ["-static"] + compilers[0].flags + cflags,
            instrumented.appendingPathComponent("orders.c"), libs: staticLibs,
            into: "orders-gcc-static")
        let plain = try compile("gcc", compilers[0].flags, source.appendingPathComponent("orders.c"), libs: [], into: "orders-plain")

        let legacySource = FixturePackage.fixtures.appendingPathComponent("CLegacy")
        var legacy: [String: URL] = [:]
        for (name, flags) in legacyFlags {
            let legacyCopy = work.appendingPathComponent("legacy-\(name)")
            try TreeInstrumenter(paths: [legacySource.path], outputDirectory: legacyCopy.path, compileArguments: flags).run()
            for compiler in ["gcc", "clang"] {
                legacy["\(compiler) \(name)"] = try compile(
                    compiler, flags + cflags, legacyCopy.appendingPathComponent("legacy.c"),
                    libs: libs, into: "legacy-\(compiler)-\(name)")
            }
        }
        return Built(manifest: summary.manifest, plain: plain, instrumented: programs, legacy: legacy)
    }

    private static func compile(_ compiler: String, _ flags: [String], _ file: URL, libs: [String], into name: String) throws -> URL {
        try CRuntime.compile(compiler, flags, [file], libs: libs, into: work.appendingPathComponent(name))
    }

    private func line(_ marker: String) throws -> Int { try FixturePackage.line(of: marker, in: "CProgram/orders.c") }

    /// Runs one build with tracepoints (path, line, extra fields) and returns its output and snapshots.
    private func run(
        _ compiler: String, _ tracepoints: [(line: Int, fields: [String: Any])] = [],
        everyLine: Bool = false, path: String = "CProgram/orders.c",
        program: KeyPath<Built, [String: URL]> = \.instrumented
    ) throws -> (lines: [String], snapshots: [Snapshot]) {
        let built = try Self.built.get()
        let lines = everyLine ? built.manifest.files.flatMap(\.lines) : tracepoints.map(\.line)
        let entries = lines.enumerated().map { index, line -> [String: Any] in
            var entry: [String: Any] = [
                "id": "tp-\(line)", "path": path, "line": line,
                "fire_count": -1, "fire_period_ms": 0,
            ]
            if !everyLine { entry.merge(tracepoints[index].fields) { $1 } }
            return entry
        }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: ["tracepoints": entries]), as: UTF8.self)
        let unlimited = ["DEEP_SNAPSHOTS_PER_SECOND": "1000000", "DEEP_BYTES_PER_SECOND": "1000000000000"]
        let program = try RunningProgram(
            try #require(built[keyPath: program][compiler]), tracepoints: json,
            environment: unlimited, arguments: ["2"])
        let result = program.finish()
        #expect(result.status == 0, "\(compiler) build exited with \(result.status): \(result.errors.suffix(2000))")
        return (result.output, try program.snapshots())
    }

    private func plainOutput() throws -> [String] {
        let result = try Command.run(try Self.built.get().plain.path, ["2"])
        return result.output.split(separator: "\n").map(String.init)
    }

    @Test(arguments: ["gcc", "clang"])
    func compilesWithoutWarningsAndPrintsWhatThePlainBuildPrints(compiler: String) throws {
        let plain = try plainOutput()
        #expect(plain.count == 8)
        #expect(try run(compiler).lines == plain)
        let (lines, snapshots) = try run(compiler, everyLine: true)
        #expect(lines == plain)
        #expect(snapshots.count > 100)
    }

    @Test(arguments: ["gcc", "clang"])
    func aSnapshotShowsTheValuesOfCTypes(compiler: String) throws {
        let snapshots = try run(compiler, [(try line("placed"), [:])]).snapshots
        #expect(snapshots.count == 2)
        let snapshot = snapshots.first
        #expect(snapshot?.variable("quantity")?.value == "4")
        #expect(snapshot?.variable("item", "sku")?.value == "BOOK-1")
        #expect(snapshot?.variable("item", "flags")?.value == "5")
        #expect(snapshot?.variable("item", "gift")?.value == "1")
        #expect(snapshot?.variable("label")?.value == "order-7")
        #expect(snapshot?.variable("large")?.value == "false")
        #expect(snapshot?.variable("status")?.value == "PAID")
        #expect(snapshot?.variable("price")?.value == "2.5")
        #expect(snapshot?.variable("discount")?.value == "0.5")
        #expect(snapshot?.variable("small")?.value == "200")
        #expect(snapshot?.variable("dangling")?.value == "0x10")
        #expect(snapshot?.variable("copy", "total")?.value == "9.5")
        #expect(snapshot?.variable("copy", "items", "[0]", "quantity")?.value == "4")
        #expect(snapshot?.variable("copy", "extra", "code")?.value == "42")
        #expect(snapshot?.variable("order")?.value.hasPrefix("0x") == true)
        #expect(snapshot?.variable("copy")?.type == "struct order")
        #expect(snapshot?.function == "place")
        #expect(snapshot?.caller?.function == "main")
    }

    /// `char buf[8]` as a parameter is a `char *`: the probe once read 8 bytes through it and
    /// crashed on a 2-byte buffer before an unreadable page. `va_list` is the same case.
    @Test(arguments: ["gcc", "clang"])
    func arrayParametersAreCapturedAsThePointersTheyAre(compiler: String) throws {
        let snapshots = try run(compiler, [(try line("array-parameter"), [:]), (try line("va-list"), [:])]).snapshots
        let atArray = try #require(snapshots.first { $0.line == (try? line("array-parameter")) })
        let buffer = try #require(atArray.variable("buf"))
        #expect(buffer.type == "char *")
        #expect(buffer.value.hasPrefix("0x"))
        #expect(buffer.children.isEmpty, "the pointer is not followed")
        let atList = try #require(snapshots.first { $0.line == (try? line("va-list")) })
        let list = try #require(atList.variable("numbers"))
        #expect(list.type == "struct __va_list_tag *")
        #expect(list.value.hasPrefix("0x"), "\(list)")
    }

    @Test func conditionsAndLogMessagesReadCValues() throws {
        let snapshots = try run(
            "gcc",
            [
                (try line("case-zero"), ["condition": "value == 0", "log": "classify {value}", "snapshot": false]),
                (try line("placed"), ["condition": "status == \"PAID\" && quantity > 4 && order != null", "log": "{label} x{quantity}"]),
            ]
        ).snapshots
        #expect(snapshots.compactMap(\.log).sorted() == ["classify 0", "order-7 x8"])
    }

    @Test func localsAreReadOnlyOnceTheyHoldAValue() throws {
        let markers = [
            "memset", "after-memset", "before-assignment", "after-assignment", "after-fail", "knr", "after-label", "after-realloc",
            "release-exit",
        ]
        let snapshots = try run("gcc", try markers.map { (try line($0), [:]) }).snapshots
        func names(at marker: String) throws -> Set<String> {
            let at = try line(marker)
            return Set(snapshots.first { $0.line == at }?.variables.map(\.name) ?? [])
        }
        #expect(try !names(at: "memset").contains("item"))
        #expect(try names(at: "after-memset").contains("item"))
        #expect(try !names(at: "before-assignment").contains("skipped"))  // a case label: the jump skips it
        #expect(try names(at: "after-assignment").contains("skipped"))
        let afterFail = try line("after-fail")
        #expect(snapshots.contains { $0.line == afterFail } == false)  // never reached with n = 5
        #expect(try names(at: "knr") == ["a", "b"])
        #expect(try names(at: "after-label") == ["n"])  // a declaration right after a label has its probe
        // `buffer = realloc(buffer, 8)` leaves it holding a value; after `free(buffer)` no probe
        // reads it (GCC's -Wuse-after-free).
        #expect(try names(at: "after-realloc") == ["buffer"])
        let releaseExit = try line("release-exit")
        let namesAtExit = try names(at: "release-exit")
        #expect(snapshots.contains { $0.line == releaseExit } && namesAtExit.isEmpty)
    }

    @Test func braceLessBodiesStatementExpressionsAndMacros() throws {
        let built = try Self.built.get()
        let file = try #require(built.manifest.files.first)
        // A statement a macro writes whole is probed before the macro, unless the macro
        // writes a declaration first or is a brace-less body.
        #expect(try file.lines.contains(line("macro")))
        #expect(try file.lines.contains(line("macro-if")))
        #expect(try !file.lines.contains(line("macro-declaration")))
        #expect(try file.lines.contains(line("macro-body")))  // braced
        #expect(try !file.lines.contains(line("macro-two-statements")))  // braces would take the second in
        #expect(try !file.lines.contains(line("macro-before-else")))  // braces would move an open `if`'s else
        #expect(file.skipped["macro expansion"] == 4)  // counter++ after a declaration, COUNT_TWICE's two, BUMP
        #expect(try file.lines.contains(line("statement-expression")))
        let snapshots = try run(
            "clang",
            [
                (try line("for-body"), [:]), (try line("statement-expression"), [:]),
                (try line("macro"), [:]),
            ]
        ).snapshots
        let macro = try line("macro")
        #expect(snapshots.filter { $0.line == macro }.count == 2)  // one per call of place
        let forBody = try line("for-body")
        #expect(snapshots.filter { $0.line == forBody }.count == 6)  // 2 iterations in each of 3 calls
        #expect(snapshots.contains { $0.variable("x")?.value == "4" })
    }

    @Test(arguments: ["gcc c89", "clang c89", "gcc c99", "clang c99"])
    func declarationsFirstWithAnIncludedCFileBuildsWithoutWarningsAndFires(compiler: String) throws {
        let count = try FixturePackage.line(of: "count", in: "CLegacy/counter.c")
        let print = try FixturePackage.line(of: "print", in: "CLegacy/legacy.c")
        let counted = try run(compiler, [(count, [:])], path: "CLegacy/counter.c", program: \.legacy)
        #expect(counted.lines == ["10 4000000000"])
        #expect(counted.snapshots.compactMap { $0.variable("step")?.value } == ["1", "2", "3", "4"])
        let printed = try run(compiler, [(print, [:])], path: "CLegacy/legacy.c", program: \.legacy).snapshots
        #expect(printed.first?.variables.map(\.name) == ["big", "result"])  // `ready` is volatile: a probe never reads it
    }

    /// Functions are written twice (deep_probe.h, "Two copies"), except where a copy would
    /// change the program: a static local stays one variable. Labels are renamed in the
    /// probed copy; a loop that makes calls picks its copy on every iteration.
    @Test func functionsAreWrittenTwiceWhereTheyCan() throws {
        let text = try String(contentsOf: Self.work.appendingPathComponent("instrumented/orders.c"), encoding: .utf8)
        func function(_ name: String) throws -> Substring {
            let start = try #require(text.range(of: "\n" + name + "("), "no \(name) in the instrumented file")
            let rest = text[start.upperBound...]
            let end = try #require(rest.firstRange(of: #/\n}[^ ]/#), "no end of \(name)")  // not `} else {`
            return rest[..<end.upperBound]
        }
        #expect(try !function("static int call_count").contains("DEEP_C_PROBED"))
        #expect(text.components(separatedBy: "static int calls;").count == 2)
        let labels = try function("static int with_labels")
        #expect(labels.components(separatedBy: "DEEP_C_PROBED").count == 2)
        #expect(labels.components(separatedBy: "fail__deep_probed").count == 3)  // the label and its goto
        #expect(labels.components(separatedBy: "goto fail;").count == 2)
        #expect(try function("static long spin").components(separatedBy: "DEEP_C_PROBED").count == 3)  // body, loop
        #expect(try function("long sum_of_values").components(separatedBy: "DEEP_C_PROBED").count == 2)  // no calls
    }

    /// Method tracepoints on C functions (deep_probe.h, "Entry and exit"): the entry, with the
    /// parameters, on the line that names the function; and every exit (a `return` in a loop's
    /// plain iteration or after it, a `return;`, the closing brace) with the call's duration
    /// and what it returned, which a condition can test. A function one of whose `return`s a
    /// macro writes has no exit: an error status says so.
    @Test(arguments: ["gcc", "clang"])
    func methodTracepointsFireAtEntryAndEveryExit(compiler: String) throws {
        let tracepoints: [[String: Any]] = [
            ["id": "start", "method_name": "legacy_sum"],
            ["id": "big", "method_name": "legacy_sum", "stage": "method_end", "condition": "return > 6 && duration >= 0"],
            ["id": "found", "method_name": "find_label", "stage": "method_end", "log": "{wanted} took {duration} ns"],
            ["id": "note", "path": "CProgram/orders.c", "line": try line("note-exit"), "stage": "method_end"],
            ["id": "place", "method_name": "place", "stage": "method_end"],
            ["id": "capture", "method_name": "halve", "stage": "method_capture", "condition": "return == 4 && duration >= 0"],
            ["id": "halve-end", "method_name": "halve", "stage": "method_end"],
        ].map { $0.merging(["fire_count": -1, "fire_period_ms": 0]) { mine, _ in mine } }
        let json = String(decoding: try JSONSerialization.data(withJSONObject: ["tracepoints": tracepoints]), as: UTF8.self)
        let program = try RunningProgram(try #require(try Self.built.get().instrumented[compiler]), tracepoints: json, arguments: ["2"])
        #expect(program.finish().status == 0)
        let snapshots = try program.snapshots()
        func fired(_ id: String) -> [Snapshot] { snapshots.filter { $0.tracepointID == id } }
        func returned(_ snapshot: Snapshot) -> String? { snapshot.watches.first { $0.expression == "return" }?.value?.value }

        let starts = fired("start")
        #expect(starts.map(\.line) == [try line("knr-entry"), try line("knr-entry")])
        #expect(starts.map { [$0.variable("a")?.value, $0.variable("b")?.value] } == [["4", "1"], ["8", "1"]])
        // legacy_sum returned 5, then 9.
        #expect(fired("big").map(returned) == ["9"])
        #expect(fired("big").allSatisfy { $0.durationNanos != nil })
        let found = fired("found")
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.durationNanos != nil && returned($0) != nil }, "\(found.map(\.watches))")
        #expect(found.compactMap(\.log).allSatisfy { $0.hasSuffix(" ns") }, "\(found.compactMap(\.log))")
        let notes = fired("note")
        #expect(notes.map { $0.variable("value")?.value } == ["-1", "2", "4"])
        #expect(notes.allSatisfy { $0.durationNanos != nil && returned($0) == nil })
        // method_capture: the parameter as it was on entry, what the call returned, how long it took.
        let capture = fired("capture")
        #expect(capture.map(\.line) == [try line("halve-entry") + 3])
        #expect(capture.map { $0.variable("value")?.value } == ["9"] && capture.map(returned) == ["4"], "\(capture)")
        #expect(capture.allSatisfy { $0.durationNanos != nil })
        #expect(fired("halve-end").map { $0.variable("value")?.value } == ["4"])
        let place = try #require(try program.status()?.tracepoint("place"))
        #expect(place.state == .error && place.message?.contains("a C macro writes one of its `return`s") == true, "\(place)")
    }

    /// The loop calls out on every round, so its iteration checks for a tracepoint: one set
    /// while the program is inside it fires without the function being called again.
    @Test func aTracepointSetDuringALongLoopFiresInThatFrame() throws {
        let line = try line("spin-round")
        let program = try RunningProgram(try #require(try Self.built.get().instrumented["clang"]), arguments: ["spin", "20"])
        try program.wait(for: "the loop to start") { program.lines.contains("spinning") }
        let entry: [String: Any] = ["id": "round", "path": "CProgram/orders.c", "line": line]
        try program.writeTracepoints(String(decoding: try JSONSerialization.data(withJSONObject: ["tracepoints": [entry]]), as: UTF8.self))
        try program.wait(for: "a snapshot from the running loop") { try !program.snapshots().isEmpty }
        let snapshot = try #require(try program.snapshots().first)
        #expect(snapshot.line == line)
        #expect(snapshot.variable("rounds") != nil)
        #expect(!program.lines.contains { $0.hasPrefix("spun") }, "the frame ended before the tracepoint fired")
    }

    /// Linked with -static (`deep-config --libs --static`): the runtime starts before `main`
    /// after the Swift libraries' own constructors, so a tracepoint in the file at start fires
    /// from the first call, every time (it once did in about half the runs: a table built
    /// before the hashing seed was set missed its lookups).
    @Test func aProgramLinkedStaticallyFiresFromItsFirstLine() throws {
        let program = try #require(try Self.built.get().instrumented["gcc -static"])
        let dynamic = try Command.run("readelf", ["-d", program.path]).output
        #expect(dynamic.contains("no dynamic section"), "\(dynamic)")
        for _ in 1...6 {
            let (lines, snapshots) = try run("gcc -static", [(try line("placed"), [:])])
            #expect(lines == (try plainOutput()))
            #expect(snapshots.count == 2)  // one per call of place
        }
    }

    /// Under valgrind's memcheck, as many C test suites run it (json-c's: every leak check
    /// on): valgrind reads the runtime's debug info, a tracepoint's hits (capture, stack
    /// walk, the image map read to symbolicate it) make no invalid access and do not crash
    /// the program, and nothing leaks but the Swift runtime's caches, which
    /// valgrind/swift-runtime.supp names.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/valgrind")))
    func aTracepointFiresUnderValgrind() throws {
        let program = try #require(try Self.built.get().instrumented["gcc"])
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("deep-valgrind-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: report) }
        let entry: [String: Any] = [
            "id": "placed", "path": "CProgram/orders.c", "line": try line("placed"),
            "fire_count": -1, "fire_period_ms": 0,
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: ["tracepoints": [entry]]), as: UTF8.self)
        let running = try RunningProgram(
            URL(fileURLWithPath: "/usr/bin/valgrind"), tracepoints: json,
            arguments: [
                "--error-exitcode=99", "--log-file=\(report.path)", "--leak-check=full",
                "--suppressions=\(Self.suppressions.path)", program.path, "2",
            ])
        let result = running.finish()
        let log = (try? String(contentsOf: report, encoding: .utf8)) ?? ""
        #expect(result.status == 0, "\(log.suffix(3000))")
        #expect(!log.contains("debuginfo"), "\(log.prefix(3000))")
        #expect(log.contains("ERROR SUMMARY: 0 errors"), "\(log.suffix(3000))")
        #expect(try running.snapshots().count == 2)
    }

    /// At -O2, the copy as written of a function whose loop makes no calls runs the loop
    /// with no load of the record in it; the probed copy's loop has its probes.
    @Test(arguments: ["gcc", "clang"])
    func aLoopWithoutCallsHasNoProbeInItsPlainCopy(compiler: String) throws {
        let program = try ProbeSections(try #require(try Self.built.get().instrumented[compiler]))
        // gcc may move the probed copy to a part of its own (`.part.0`, `.cold`).
        let parts = ["", ".part.0", ".cold"].compactMap { part in
            ProbeCostTests.function(containing: "<sum_of_values\(part)>", in: program.disassembly)
        }
        let listing = parts.flatMap { $0 }.joined(separator: "\n")
        let loops = parts.flatMap { part in ProbeCostTests.loops(in: part).map { part[$0] } }
        let probed = loops.filter { loop in loop.contains(where: program.loadsARecord) }
        #expect(!probed.isEmpty, "no probed copy of the loop:\n\(listing)")
        #expect(loops.count > probed.count, "every loop loads the record:\n\(listing)")
    }

    /// The disabled-probe promise on machine code, at -O2: every load of a word of the
    /// `deep_probes` section is followed by a test of its bit and a conditional jump, with no
    /// call in between (the compiler may schedule unrelated instructions among them).
    @Test(arguments: ["gcc", "clang"])
    func aDisabledCProbeIsALoadATestAndABranch(compiler: String) throws {
        let program = try ProbeSections(try #require(try Self.built.get().instrumented[compiler]))
        let instructions = program.disassembly.split(separator: "\n").map { line in
            line.split(separator: "\t").dropFirst().joined(separator: " ")
        }
        let loads = instructions.indices.filter { program.loadsARecord(String(instructions[$0])) }
        #expect(loads.count > 50)
        for index in loads {
            let site = Array(instructions[index...].prefix(7))
            let listing = site.joined(separator: " | ")
            // The first test, and the first conditional jump after it (gcc may schedule the
            // load before an unrelated test and jump, such as a loop's own condition).
            let test = site.firstIndex { instruction in ["test", "bt", "cmp", "and"].contains { instruction.hasPrefix($0) } }
            let jump = test.flatMap { test in site[(test + 1)...].firstIndex { $0.hasPrefix("j") && !$0.hasPrefix("jmp") } }
            #expect(site[0].hasPrefix("mov") || site[0].hasPrefix("test"), "\(listing)")
            #expect(jump != nil, "\(listing)")
            #expect(!site.prefix(jump ?? site.count).contains { $0.hasPrefix("call") }, "\(listing)")
        }
    }
}

/// A C program's disassembly, and where its probe records are.
struct ProbeSections {
    let disassembly: String
    private let records: Range<UInt64>

    init(_ program: URL) throws {
        let headers = try Command.run("objdump", ["-h", program.path]).output
        let section = try #require(headers.split(separator: "\n").first { $0.contains(" deep_probes ") })
        let fields = section.split(separator: " ", omittingEmptySubsequences: true)
        let size = try #require(UInt64(fields[2], radix: 16))
        let start = try #require(UInt64(fields[3], radix: 16))
        records = start..<start + size
        disassembly = try Command.run("objdump", ["-d", "--no-show-raw-insn", program.path]).output
    }

    /// Whether an instruction (objdump's line, or its text after the address) reads a record
    /// word. `lea` of a record is its address passed to the runtime, behind the branch.
    func loadsARecord(_ instruction: String) -> Bool {
        let text = instruction.split(separator: "\t").last ?? ""
        guard text.contains("(%rip)"), !text.hasPrefix("lea"),
            let comment = text.split(separator: "#").last,
            let address = UInt64(comment.trimmingCharacters(in: .whitespaces).prefix { $0.isHexDigit }, radix: 16)
        else { return false }
        return records.contains(address)
    }
}
