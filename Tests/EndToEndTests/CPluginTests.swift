import DeepInstrumenter
import DeepModel
import Foundation
import Testing

/// An instrumented C library loaded with `dlopen`, unloaded with `dlclose` and loaded again
/// while tracepoints in it are set and changed. The runtime once kept the unloaded library's
/// records and wrote their enabled bits into memory that was gone.
@Suite struct CPluginTests {
    @Test func aPluginUnloadedAndLoadedAgainKeepsTheProcessAlive() throws {
        let (cflags, libs, _) = try CRuntime.flags.get()
        let source = FixturePackage.fixtures.appendingPathComponent("CPlugin")
        let work = FixturePackage.work.appendingPathComponent("c/plugin")
        let instrumented = work.appendingPathComponent("instrumented")
        try TreeInstrumenter(
            paths: [source.appendingPathComponent("plugin.c").path],
            outputDirectory: instrumented.path, compileArguments: ["-std=c11"]
        ).run()
        let plugin = try CRuntime.compile(
            "gcc", ["-std=c11", "-shared", "-fPIC", "-g"] + cflags,
            [instrumented.appendingPathComponent("plugin.c")], libs: libs,
            into: work.appendingPathComponent("libplugin.so"))
        let host = try CRuntime.compile(
            "gcc", ["-std=c11", "-g"], [source.appendingPathComponent("host.c")], libs: [],
            into: work.appendingPathComponent("host"))
        let line = try FixturePackage.line(of: "scale", in: "CPlugin/plugin.c")
        func tracepoint(_ id: String, line: Int) -> String {
            #"{"tracepoints": [{"id": "\#(id)", "path": "CPlugin/plugin.c", "line": \#(line), "fire_count": -1, "fire_period_ms": 0}]}"#
        }
        let program = try RunningProgram(host, tracepoints: tracepoint("first", line: line), arguments: [plugin.path])
        try program.wait(for: "the host") { program.lines.first == "host ready" }
        program.send("load")
        program.send("call")
        try program.wait(for: "a snapshot from the loaded plugin") { try program.snapshots().count == 1 }
        program.send("unload")
        try program.wait(for: "the unload") { program.lines.contains("unloaded 0") }
        // A tracepoint on another line makes the agent write enabled bits: never into the
        // plugin that is gone.
        try program.writeTracepoints(tracepoint("second", line: line + 1))
        try program.wait(for: "the change to be applied") {
            try program.status()?.tracepoints.first?.id == "second"
        }
        program.send("load")
        program.send("call")
        try program.wait(for: "a snapshot from the plugin loaded again") { try program.snapshots().count == 2 }
        let result = program.finish()
        #expect(result.status == 0, "\(result.errors.suffix(3000))")
        #expect(result.output == ["host ready", "loaded 1", "scaled 21", "unloaded 0", "loaded 1", "scaled 21"])
        let snapshots = try program.snapshots()
        #expect(snapshots.map(\.tracepointID) == ["first", "second"])
        #expect(snapshots.allSatisfy { $0.variable("value")?.value == "7" })
    }
}
