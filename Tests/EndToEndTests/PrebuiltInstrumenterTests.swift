import Foundation
import Testing

/// The plugin with deep-instrument prebuilt as an artifact bundle
/// (scripts/build-instrumenter-bundle, `DEEP_PREBUILT_INSTRUMENTER=1`), as a user's package
/// gets it: the bundle's tool instruments the files, and swift-syntax is never built.
@Suite struct PrebuiltInstrumenterTests {
    static let work = FixturePackage.work.appendingPathComponent("prebuilt")
    /// A copy of this checkout's package, so that its bundle is seen by this test alone.
    static let checkout = work.appendingPathComponent("swift-deep")
    static let app = work.appendingPathComponent("app")
    static let scratch = work.appendingPathComponent("build")

    @Test func thePluginRunsTheBundledToolAndNeverBuildsSwiftSyntax() throws {
        for part in ["Sources", "Plugins", "Tests", "Fuzz", "scripts"] {
            try FixturePackage.synchronise(
                FixturePackage.repository.appendingPathComponent(part),
                into: Self.checkout.appendingPathComponent(part))
        }
        try FixturePackage.write(
            try String(contentsOf: FixturePackage.repository.appendingPathComponent("Package.swift"), encoding: .utf8),
            to: Self.checkout.appendingPathComponent("Package.swift"))
        let packed = try Command.run(
            "bash",
            [
                Self.checkout.appendingPathComponent("scripts/build-instrumenter-bundle").path,
                "--from", InstrumentCommandTests.tool.path,
            ])
        try #require(packed.status == 0, "\(packed.output)")

        try FixturePackage.writePluginApp(to: Self.app, dependingOn: Self.checkout)

        try FixturePackage.replanIfSourcesMoved(scratch: Self.scratch)
        let built = try Command.run(
            "env",
            [
                "DEEP_INSTRUMENT=1", "DEEP_PREBUILT_INSTRUMENTER=1", "swift", "build", "-j", "2", "--product", "Hello",
                "--package-path", Self.app.path, "--scratch-path", Self.scratch.path,
            ])
        try #require(built.status == 0, "\(built.output.suffix(4000))")
        #expect(built.output.contains("Instrumenting Greeter.swift"))
        #expect(!built.output.contains("Compiling SwiftSyntax"), "\(built.output.suffix(4000))")

        // Every instrumenting command of the build plan runs the bundle's tool.
        let bundled = Self.checkout.appendingPathComponent("Artifacts/deep-instrument.artifactbundle").path
        let plan = try String(contentsOf: Self.scratch.appendingPathComponent("debug.yaml"), encoding: .utf8)
        let commands = plan.components(separatedBy: "\n").filter { $0.contains(#""--quiet","--output""#) }
        #expect(!commands.isEmpty)
        #expect(commands.allSatisfy { $0.contains(#"args: [""# + bundled + "/") }, "\(commands.first ?? "")")

        let run = try Command.run(Self.scratch.appendingPathComponent("debug/Hello").path, ["ada"])
        #expect(run.output == "HELLO!, ada\n")
    }
}
