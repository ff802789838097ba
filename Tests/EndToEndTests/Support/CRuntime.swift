import Foundation

/// The runtime library and `deep-config`, built from this checkout as a C build outside
/// SwiftPM uses them, and the compiler driver for such builds.
enum CRuntime {
    /// `deep-config --cflags`, `--libs` and `--libs --static`, split into words.
    static let flags = Result { try build() }

    /// Built the way a C user builds it (scripts/build-c-runtime: DWARF 4, which valgrind reads).
    private static func build() throws -> (cflags: [String], libs: [String], staticLibs: [String]) {
        let runtime = FixturePackage.work.appendingPathComponent("c/runtime")
        FixturePackage.buildLock.lock()
        defer { FixturePackage.buildLock.unlock() }
        let script = FixturePackage.repository.appendingPathComponent("scripts/build-c-runtime").path
        let built = try Command.run(script, ["--scratch-path", runtime.path], separateErrors: true)
        guard built.status == 0 else { throw FixtureError("scripts/build-c-runtime failed:\n" + built.error.suffix(4000)) }
        let config = built.output.trimmingCharacters(in: .whitespacesAndNewlines)
        func words(_ options: String...) throws -> [String] {
            let result = try Command.run(config, options)
            guard result.status == 0 else { throw FixtureError("deep-config \(options): \(result.output)") }
            return result.output.split(whereSeparator: \.isWhitespace).map(String.init)
        }
        return (try words("--cflags"), try words("--libs"), try words("--libs", "--static"))
    }

    /// Compiles `files` with `flags` and links them with `libs` into `output` (a program, or
    /// a shared library when `flags` say `-shared`).
    static func compile(_ compiler: String, _ flags: [String], _ files: [URL], libs: [String], into output: URL) throws -> URL {
        try FileManager.default.createDirectory(at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
        let result = try Command.run(compiler, flags + files.map(\.path) + ["-o", output.path] + libs)
        guard result.status == 0 else {
            throw FixtureError("\(compiler) \(files.map(\.lastPathComponent).joined(separator: " ")):\n\(result.output)")
        }
        return output
    }
}
