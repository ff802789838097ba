import ArgumentParser
import Foundation

@main
struct DeepConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deep-config",
        abstract: "Print the flags that compile instrumented C files and link the Deep runtime.",
        discussion: """
            In the manner of llvm-config, for C builds outside SwiftPM:

              deep-instrument --output build/deep src -- $(CFLAGS)
              cc $(deep-config --cflags) -c build/deep/orders.c -o orders.o
              cc orders.o -o orders $(deep-config --libs)

            The runtime is the shared library libDeepRuntime.so, built beside this tool by \
            scripts/build-c-runtime (add `-c release` in production). --libs names its \
            directory as the run-time search path, so the program finds it without \
            LD_LIBRARY_PATH. A program linked with -static keeps no search path: \
            --libs --static links the runtime's static archives instead, with the Swift \
            toolchain's static libraries (the toolchain's `swift` must be on PATH).

            Exit status: 0; 1 when the header or the library cannot be found (the message \
            says how to build it).
            """)

    @Flag(help: "Compiler flags: where deep_probe.h is.")
    var cflags = false

    @Flag(help: "Linker flags: the runtime library and its run-time search path.")
    var libs = false

    @Flag(help: "With --libs: the static archives and the Swift libraries they need, for -static links.")
    var `static` = false

    @Flag(help: "The directory of deep_probe.h.")
    var includedir = false

    @Flag(help: "The directory of libDeepRuntime.so.")
    var libdir = false

    func validate() throws {
        guard cflags || libs || includedir || libdir else {
            throw ValidationError("Say what to print: --cflags, --libs, --includedir or --libdir.")
        }
        guard !`static` || libs else { throw ValidationError("--static goes with --libs.") }
    }

    func run() throws {
        var words: [String] = []
        if includedir { words.append(try Self.includeDirectory()) }
        if libdir { words.append(try Self.libraryDirectory()) }
        // -isystem: the probe macros use C99 and GNU C, which -pedantic must not flag in C89 code.
        if cflags { words += ["-isystem", try Self.includeDirectory()] }
        if libs, `static` {
            words += try Self.staticLinkFlags()
        } else if libs {
            let directory = try Self.libraryDirectory()
            // Kept even where the build puts linker flags before the objects that need it
            // (CMake's CMAKE_EXE_LINKER_FLAGS) and links with --as-needed.
            words += [
                "-L" + directory, "-Wl,--push-state,--no-as-needed", "-lDeepRuntime", "-Wl,--pop-state",
                "-Wl,-rpath," + directory,
            ]
        }
        print(words.joined(separator: " "))
    }

    /// This tool's own directory: the build directory, or `bin` of an installation.
    private static var toolDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// `include` beside `bin` when installed; in a build tree, the header's place in the
    /// package's sources.
    static func includeDirectory() throws -> String {
        let candidates = [
            toolDirectory.deletingLastPathComponent().appendingPathComponent("include"),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("DeepProbeABI/include"),
        ]
        guard
            let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0.appendingPathComponent("deep_probe.h").path) })
        else {
            throw Failure("deep_probe.h is in none of: " + candidates.map(\.path).joined(separator: ", "))
        }
        return found.standardizedFileURL.path
    }

    /// `lib` beside `bin` when installed; in a build tree, this tool's own directory.
    static func libraryDirectory() throws -> String {
        let candidates = [toolDirectory, toolDirectory.deletingLastPathComponent().appendingPathComponent("lib")]
        guard
            let found = candidates.first(where: {
                FileManager.default.fileExists(atPath: $0.appendingPathComponent("libDeepRuntime.so").path)
            })
        else {
            throw Failure(
                "libDeepRuntime.so is not built yet: run `swift build --product DeepRuntime` "
                    + "(with the same -c as this tool) in the swift-deep package.")
        }
        return found.standardizedFileURL.path
    }

    /// In link order: `swiftrt.o` (it registers the Swift metadata of the program's image),
    /// the runtime's archive whole, the toolchain's static Swift libraries it needs, and the
    /// runtime's constructor last: constructors run in link order, and the Swift libraries'
    /// own (the hashing seed among them) must have run before it starts the runtime.
    static func staticLinkFlags() throws -> [String] {
        let directory = URL(fileURLWithPath: try libraryDirectory()).appendingPathComponent("static")
        let archives = ["libDeepRuntime.a", "libDeepRuntimeStart.a"].map { directory.appendingPathComponent($0).path }
        guard archives.allSatisfy(FileManager.default.fileExists(atPath:)) else {
            throw Failure(
                "\(directory.path) holds no static runtime: build the runtime with scripts/build-c-runtime in "
                    + "the swift-deep package, and use the deep-config it prints (it builds both).")
        }
        let swift = try staticSwiftDirectory()
        let libraries = [
            "swiftSwiftOnoneSupport", "swiftRuntime", "swiftSynchronization", "FoundationEssentials",
            "_FoundationCShims", "_FoundationCollections", "swift_StringProcessing", "swift_RegexParser",
            "swift_Concurrency", "swiftGlibc", "swiftCore", "dispatch", "BlocksRuntime", "stdc++", "m",
            "pthread", "dl",
        ]
        func whole(_ archive: String) -> [String] { ["-Wl,--whole-archive", archive, "-Wl,--no-whole-archive"] }
        return [swift.appendingPathComponent("x86_64/swiftrt.o").path] + whole(archives[0]) + ["-L" + swift.path]
            + ["pthread_self", "pthread_once", "pthread_key_create"].map { "-Wl,-u," + $0 }
            + libraries.map { "-l" + $0 } + whole(archives[1])
    }

    /// `lib/swift_static/linux` of the toolchain whose `swift` is on PATH.
    static func staticSwiftDirectory() throws -> URL {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for directory in directories {
            let swift = URL(fileURLWithPath: directory).appendingPathComponent("swift")
            guard FileManager.default.isExecutableFile(atPath: swift.path) else { continue }
            let candidate = swift.resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("lib/swift_static/linux")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("libswiftCore.a").path) { return candidate }
        }
        throw Failure(
            "no Swift toolchain with static libraries (lib/swift_static/linux/libswiftCore.a) found from "
                + "`swift` on PATH: put the toolchain's bin directory on PATH.")
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
