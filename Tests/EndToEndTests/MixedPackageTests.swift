import DeepModel
import Foundation
import Testing

/// A SwiftPM package with a C library target and a Swift program over it, both
/// instrumented: one tracepoints file drives the probes of both languages.
@Suite struct MixedPackageTests {
    @Test func swiftAndCLinesShareOneTracepointsFile() throws {
        let build = try FixturePackage.debug.get()
        let cLine = try FixturePackage.line(of: "c-add", in: "MixedShop/shop.c")
        let swiftLine = try FixturePackage.line(of: "swift-total", in: "Mixed/main.swift")
        let json = """
            {"tracepoints": [
              {"id": "c", "path": "MixedShop/shop.c", "line": \(cLine), "fire_count": -1, "fire_period_ms": 0},
              {"id": "swift", "path": "Mixed/main.swift", "line": \(swiftLine), "fire_count": -1, "fire_period_ms": 0}
            ]}
            """
        let program = try RunningProgram(build.executable("Mixed"), tracepoints: json)
        let result = program.finish()
        #expect(result.status == 0, "\(result.errors.suffix(2000))")
        #expect(result.output == ["total 2.5", "total 7.5", "total 15.0"])
        let snapshots = try program.snapshots()
        let fromC = snapshots.filter { $0.tracepointID == "c" }
        let fromSwift = snapshots.filter { $0.tracepointID == "swift" }
        #expect(fromC.count == 3)
        #expect(fromSwift.count == 3)
        #expect(fromC.map { $0.variable("line")?.value } == ["2.5", "5.0", "7.5"])
        #expect(fromC.first?.variable("basket")?.type == "struct basket *")
        #expect(fromC.first?.caller?.function.hasSuffix("main") == true)
        #expect(fromSwift.map { $0.variable("total")?.value } == ["2.5", "7.5", "15.0"])
    }
}
