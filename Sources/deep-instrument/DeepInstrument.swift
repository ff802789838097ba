import ArgumentParser
import DeepInstrumenter
import Foundation

@main
struct DeepInstrument: ParsableCommand {
    /// `deep-instrument [options] path... [-- compile flags]`: what follows `--` goes to
    /// libclang untouched, so it is split off before the options are parsed.
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var compileFlags: [String] = []
        if let terminator = arguments.firstIndex(of: "--") {
            compileFlags = Array(arguments[(terminator + 1)...])
            arguments.removeSubrange(terminator...)
        }
        do {
            var command = try parseAsRoot(arguments)
            if let instrument = command as? DeepInstrument {
                try instrument.run(compileFlags: compileFlags)
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "deep-instrument",
        abstract: "Put a probe before every executable statement of Swift and C sources.",
        usage: "deep-instrument [--output <dir>] [--manifest <file>] [-p <dir>] <path> ... [-- <C compile flags>]",
        discussion: """
            Writes a rewritten copy of each .swift and .c file under --output, mirroring the \
            input tree (headers are copied along), and a manifest of the probed lines. Line \
            numbers never change, and each copy names its original (#sourceLocation, #line), \
            so compiler errors, crashes and debug info point at the original file. Build the \
            copies instead of the originals, with the Deep runtime linked.

            C files are parsed with libclang, loaded when the first C file comes (Debian: \
            apt-get install libclang-dev; or set DEEP_LIBCLANG). Give the build's flags after \
            `--`, or -p with the directory of a compile_commands.json. A C file that does not \
            parse with them is copied unchanged, with a warning. Compile the copies with \
            $(deep-config --cflags) and link with $(deep-config --libs).

            Examples:
              deep-instrument --output .deep-build/Sources Sources/App
              deep-instrument --output out --manifest out/app.json Sources/App/Orders.swift
              deep-instrument --output build/deep src -- -Iinclude -DNDEBUG -std=c11
              deep-instrument --output build/deep -p build src

            Exit status: 0 on success; 1 when an input is unreadable or a Swift file does not \
            parse, libclang is missing for a C file, or the output cannot be written (the \
            error names the file; nothing is written).
            """)

    @Option(name: .shortAndLong, help: ArgumentHelp("Directory for the instrumented copies.", valueName: "dir"))
    var output: String = ".deep-build"

    @Option(help: ArgumentHelp("Where to write the manifest (default: <output>/deep-manifest.json).", valueName: "file"))
    var manifest: String?

    @Option(name: .customShort("p"), help: ArgumentHelp(
        "Build directory with compile_commands.json: C flags per file, as clang tools read them.", valueName: "dir"))
    var compilationDatabase: String?

    @Argument(help: ArgumentHelp(".swift and .c files or directories to instrument (recursively).", valueName: "path"))
    var paths: [String]

    @Flag(help: "Print nothing on success (the build plugin runs it once per file).")
    var quiet = false

    func run() throws { try run(compileFlags: []) }

    func run(compileFlags: [String]) throws {
        do {
            let summary = try TreeInstrumenter(
                paths: paths, outputDirectory: output, manifestPath: manifest, compileArguments: compileFlags,
                compilationDatabase: compilationDatabase
            ).run()
            for warning in summary.warnings {
                FileHandle.standardError.write(Data("deep-instrument: warning: \(warning)\n".utf8))
            }
            if !quiet { print("deep-instrument: " + summary.line) }
        } catch let error as InstrumentationError {
            FileHandle.standardError.write(Data("deep-instrument: error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
