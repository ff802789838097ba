import DeepModel
import DeepWorkspace
import Foundation
import Hummingbird

/// The instrumented files, as the probe manifests name them, and their text. Only a file a
/// manifest names is ever read.
struct SourceRoutes: Sendable {
    let manifestPaths: [String]
    let directory: ServiceDirectory

    /// Larger files are refused rather than sent to the browser.
    static let maximumBytes = 8 << 20

    func add(to group: RouterGroup<BasicRequestContext>) {
        group.get("files") { _, _ in
            Reply.answering { () throws(Failure) in
                let manifests = try ProbeManifests.load(manifestPaths)
                return Reply.json(
                    Listing(
                        files: manifests.files, manifests: manifests.sources, tracepointsFile: directory.tracepointsPath,
                        snapshotsFile: directory.snapshotsPath))
            }
        }
        group.get("locate") { request, _ in locate(request) }
        group.get("source") { request, _ in
            guard let path = request.uri.queryParameters["path"].map(String.init) else {
                return Reply.error(.badRequest, "give the file: /api/source?path=PATH")
            }
            return Reply.answering { () throws(Failure) in
                guard let file = try ProbeManifests.load(manifestPaths).files.first(where: { $0.path == path }) else {
                    throw .missing("\(path) is not an instrumented file of the probe manifests")
                }
                return Reply.json(Source(path: path, text: try text(of: path), lines: file.lines, functions: file.functions))
            }
        }
    }

    /// Where a tracepoint on `path`:`line` would fire, or why there is none, as `deep set`
    /// says it (the page asks when a line without a probe is clicked).
    private func locate(_ request: Request) -> Response {
        let query = request.uri.queryParameters
        var location = TracepointRequest()
        location.path = query["path"].map(String.init)
        location.line = query["line"].flatMap { Int($0) }
        return Reply.answering { () throws(Failure) in
            let found = try location.locate(in: ProbeManifests.load(manifestPaths))
            return Reply.json(Located(path: found.path, line: found.line))
        }
    }

    private func text(of path: String) throws(Failure) -> String {
        let content: Files.Content
        do throws(Files.Failure) {
            content = try Files.read(path, limit: Self.maximumBytes)
        } catch {
            throw .io("\(path): \(error)")
        }
        guard case .bytes(let bytes) = content else {
            throw .missing("\(path) is not there any more: the manifest names it, but the file is gone")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private struct Located: Encodable {
        let path: String
        let line: Int
    }

    private struct Listing: Encodable {
        let files: [ProbedSource]
        let manifests: [String]
        let tracepointsFile: String
        let snapshotsFile: String
    }

    private struct Source: Encodable {
        let path: String
        let text: String
        let lines: [Int]
        let functions: [ProbedFunction]
    }
}
