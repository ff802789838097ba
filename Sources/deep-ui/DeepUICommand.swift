import ArgumentParser
import DeepUI
import DeepWorkspace
import Hummingbird

@main
struct DeepUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deep ui",
        abstract: "Serve a page to set tracepoints by clicking a source line and watch snapshots arrive.",
        discussion: """
            Run it where you run deep: it reads and writes the same files (.deep/tracepoints.json, \
            the status files and .deep/snapshots.jsonl, or the files DEEP_TRACEPOINTS and \
            DEEP_SNAPSHOTS name), so the page, the deep command and running programs agree, and \
            finds the probe manifests as deep set does.

            It prints the page's address, http://127.0.0.1:PORT/?token=..., and serves until \
            interrupted (Ctrl-C). Every request needs that token, a new one at each start: a page \
            of another site cannot set tracepoints through your browser.

            Examples:
              deep ui
              deep ui --port 7117 --manifest .build/plugins/outputs
            """)

    @Option(
        help:
            "The address to listen on. Anything but 127.0.0.1 or ::1 lets other machines reach the page, guarded by the token alone, in clear text."
    )
    var host = "127.0.0.1"

    @Option(help: "The port (0: a free one, the default).")
    var port = 0

    @OptionGroup var manifest: ManifestOption

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
    }

    func run() async throws {
        let token = AccessToken()
        let server = UIServer(directory: ServiceDirectory(), manifestPaths: manifest.paths, token: token)
        if !["127.0.0.1", "::1", "localhost"].contains(host) {
            Output.error("deep ui: listening on \(host): any machine that reaches it and has the token can set tracepoints")
        }
        let host = host
        try await server.application(host: host, port: port) { port in
            let shown = host.contains(":") ? "[\(host)]" : host
            Output.line("deep ui: http://\(shown):\(port)/?token=\(token.value)")
            Output.error("deep ui: open that address in a browser; Ctrl-C stops")
        }.runService()
    }
}
