import Foundation
import Testing

/// scripts/corpus-check on a package it has never seen, whose manifests bind their `Package`
/// to other names than `package` (Fixtures/Tally): the lines it appends to link Deep use each
/// manifest's own name, and the package's tests pass instrumented as they did plainly.
@Suite struct CorpusCheckTests {
    static let work = FixturePackage.work.appendingPathComponent("corpus")

    @Test func aManifestThatNamesItsPackageDifferentlyIsChecked() throws {
        let script = FixturePackage.repository.appendingPathComponent("scripts/corpus-check").path
        let checked = try Command.run(
            "python3",
            [
                script, "--configurations", "debug", "--work", Self.work.path,
                "--tool", InstrumentCommandTests.tool.path,
                FixturePackage.fixtures.appendingPathComponent("Tally").path,
            ])
        #expect(checked.status == 0, "\(checked.output.suffix(4000))")
        #expect(checked.output.contains("corpus-check: all packages behave as before"), "\(checked.output.suffix(4000))")

        let copy = Self.work.appendingPathComponent("Tally/instrumented/Tally")
        let older = try String(contentsOf: copy.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(older.contains("pkg.dependencies.append(.package(path:"))
        let newer = try String(contentsOf: copy.appendingPathComponent("Package@swift-6.0.swift"), encoding: .utf8)
        #expect(newer.contains("manifest.dependencies.append(.package(path:"))
    }
}
