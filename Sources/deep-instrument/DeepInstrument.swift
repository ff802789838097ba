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
        usage: """
            deep-instrument [--output <dir>] [--manifest <file>] [-p <dir>] <path> ... [-- <C compile flags>]
              deep-instrument --in-place [--manifest <file>] [-p <dir>] <C path> ... [-- <C compile flags>]
            """,
        discussion: """
            Writes a rewritten copy of each .swift and .c file under --output, mirroring the \
            input tree (headers are copied along), and a manifest of the probed lines. Line \
            numbers never change, and each copy names its original (#sourceLocation, #line), \
            so compiler errors, crashes and debug info point at the original file. Build the \
            copies instead of the originals, with the Deep runtime linked.

            C files are parsed with libclang, loaded when the first C file comes (Debian: \
            apt-get install libclang-dev; or set DEEP_LIBCLANG). Give the build's flags after \
            `--`, or -p with the directory of a compile_commands.json: they also decide the \
            shape (an optimised build, -O1 and up, gets each function twice, probed and as \
            written; -Wdeclaration-after-statement or C89 keeps probes off declarations). A C \
            file that does not parse with them is copied unchanged, with a warning. Compile \
            the copies with $(deep-config --cflags) and link with $(deep-config --libs).

            The output never overwrites an input: an --output inside an input directory \
            (but for a hidden folder such as .deep-build, which is no part of the tree) or a \
            copy that would land on an input is refused before anything is written. For C \
            builds that compile the files where they are, --in-place replaces each .c file by \
            its copy (instrument a fresh copy of the tree: a file instrumented already is left \
            as it is, with a warning).

            Examples:
              deep-instrument --output .deep-build/Sources Sources/App
              deep-instrument --output out --manifest out/app.json Sources/App/Orders.swift
              deep-instrument --output build/deep src -- -Iinclude -DNDEBUG -std=c11
              deep-instrument --output build/deep -p build src
              deep-instrument --in-place -p build .

            Exit status: 0 on success; 1 when an input is unreadable or a Swift file does not \
            parse, libclang is missing for a C file, or the output cannot be written (the \
            error names the file; nothing is written).
            """)

    @Option(name: .shortAndLong, help: ArgumentHelp("Directory for the instrumented copies (default: .deep-build).", valueName: "dir"))
    var output: String?

    @Flag(help: "Replace each .c file by its instrumented copy (C only; the manifest goes beside the inputs).")
    var inPlace = false

    @Option(help: ArgumentHelp("Where to write the manifest (default: <output>/deep-manifest.json).", valueName: "file"))
    var manifest: String?

    @Option(
        name: .customShort("p"),
        help: ArgumentHelp(
            "Build directory with compile_commands.json: C flags per file, as clang tools read them.", valueName: "dir"))
    var compilationDatabase: String?

    @Argument(help: ArgumentHelp(".swift and .c files or directories to instrument (recursively).", valueName: "path"))
    var paths: [String]

    @Flag(help: "Print nothing on success (the build plugin runs it once per file).")
    var quiet = false

    func validate() throws {
        if inPlace, output != nil { throw ValidationError("--in-place writes where the inputs are: give --output or --in-place, not both") }
    }

    func run() throws { try run(compileFlags: []) }

    func run(compileFlags: [String]) throws {
        do {
            let summary = try TreeInstrumenter(
                paths: paths, outputDirectory: output ?? ".deep-build", manifestPath: manifest,
                compileArguments: compileFlags, compilationDatabase: compilationDatabase, inPlace: inPlace
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
