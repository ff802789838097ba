import ArgumentParser
import DeepWorkspace
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `deep ui`: runs the `deep-ui` program (its own product, so that building `deep` needs no
/// HTTP server) with the same arguments.
struct UICommand: DeepSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "Serve a page to set tracepoints by clicking a source line and watch snapshots arrive.",
        discussion: """
            Runs deep-ui, found beside deep or on PATH (build it with `swift build --product \
            deep-ui`); `deep ui --help` shows its options.
            """)

    @Argument(parsing: .captureForPassthrough, help: "deep-ui's options.")
    var arguments: [String] = []

    func execute() throws(Failure) {
        guard let program = Self.program() else {
            throw .missing("deep ui needs the deep-ui program, beside deep or on PATH; build it with `swift build --product deep-ui`")
        }
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        execv(program, argv)
        throw .io("cannot run \(program): \(String(cString: strerror(errno)))")
    }

    /// `deep-ui` beside this program, or the first on PATH.
    private static func program() -> String? {
        let beside = (Bundle.main.executablePath.map { ($0 as NSString).deletingLastPathComponent } ?? ".") + "/deep-ui"
        let path = ProcessInfo.processInfo.environment["PATH", default: ""].split(separator: ":").map { String($0) + "/deep-ui" }
        return ([beside] + path).first { access($0, X_OK) == 0 }
    }
}
