import ArgumentParser
import DeepInstrumenter
import Foundation

@main
struct DeepInstrument: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deep-instrument",
        abstract: "Put a probe before every executable statement of Swift sources.",
        discussion: """
            Writes a rewritten copy of each .swift file under --output, mirroring the input \
            tree, and a manifest of the probed lines. Line numbers never change, and each copy \
            starts with #sourceLocation naming its original, so compiler errors, crashes and \
            debug info point at the original file. Build the copies instead of the originals, \
            with the Deep library linked.

            Examples:
              deep-instrument --output .deep-build/Sources Sources/App
              deep-instrument --output out --manifest out/app.json Sources/App/Orders.swift

            Exit status: 0 on success; 1 when an input is unreadable or does not parse, or the \
            output cannot be written (the error names the file; nothing is written).
            """)

    @Option(name: .shortAndLong, help: ArgumentHelp("Directory for the instrumented copies.", valueName: "dir"))
    var output: String = ".deep-build"

    @Option(help: ArgumentHelp("Where to write the manifest (default: <output>/deep-manifest.json).", valueName: "file"))
    var manifest: String?

    @Argument(help: ArgumentHelp(".swift files or directories to instrument (recursively).", valueName: "path"))
    var paths: [String]

    @Flag(help: "Print nothing on success (the build plugin runs it once per file).")
    var quiet = false

    func run() throws {
        do {
            let summary = try TreeInstrumenter(paths: paths, outputDirectory: output, manifestPath: manifest).run()
            if !quiet { print("deep-instrument: " + summary.line) }
        } catch let error as InstrumentationError {
            FileHandle.standardError.write(Data("deep-instrument: error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
