import DeepWorkspace
import Hummingbird
import Logging

/// The page's server: the page and a JSON API over the files the runtime and the `deep`
/// command share (the tracepoints file, the status files, the snapshots file and the probe
/// manifests), so that the page, the command and running programs always agree.
///
///     GET    /                         the page (the assets: /app.js, /app.css)
///     GET    /api/files                the instrumented files, their probed lines and functions
///     GET    /api/source?path=P        one of those files' text
///     GET    /api/locate?path=P&line=N where a tracepoint there would fire, or why none can
///     GET    /api/tracepoints          the tracepoints and their status in every process
///     POST   /api/tracepoints          set one (the form's fields, as `deep set` takes them)
///     DELETE /api/tracepoints/ID       delete one
///     GET    /api/snapshots            a page of snapshots, newest first (?before=, ?after=, ?limit=)
///
/// Every request needs the access token.
package struct UIServer: Sendable {
    package let directory: ServiceDirectory
    /// `--manifest` paths; none: every manifest below the current directory.
    package let manifestPaths: [String]
    package let token: AccessToken

    package init(directory: ServiceDirectory, manifestPaths: [String], token: AccessToken) {
        self.directory = directory
        self.manifestPaths = manifestPaths
        self.token = token
    }

    package func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: TokenCheck(token: token))
        Assets(token: token).add(to: router)
        SourceRoutes(manifestPaths: manifestPaths, directory: directory).add(to: router.group("api"))
        TracepointRoutes(manifestPaths: manifestPaths, directory: directory).add(to: router.group("api/tracepoints"))
        SnapshotRoutes(file: SnapshotsFile(path: directory.snapshotsPath)).add(to: router.group("api/snapshots"))
        return router
    }

    /// Hummingbird's own messages: warnings and errors only.
    private static var logger: Logger {
        var logger = Logger(label: "deep.ui")
        logger.logLevel = .warning
        return logger
    }

    /// The server on `host`:`port` (0: a free port); `running` is told the port it got.
    package func application(
        host: String, port: Int, running: @escaping @Sendable (Int) async -> Void
    ) -> some ApplicationProtocol {
        Application(
            router: router(), configuration: .init(address: .hostname(host, port: port), serverName: "deep ui"),
            onServerRunning: { channel in await running(channel.localAddress?.port ?? port) },
            logger: Self.logger)
    }
}
