import DeepWorkspace
import Foundation
import Hummingbird

/// The tracepoints: listed with their status, set from the form, deleted; each change made
/// under the tracepoints file's lock, as `deep` makes it.
struct TracepointRoutes: Sendable {
    let manifestPaths: [String]
    let directory: ServiceDirectory

    /// A form is small; anything larger is refused unread.
    static let maximumBody = 1 << 20

    func add(to group: RouterGroup<BasicRequestContext>) {
        group.get { _, _ in
            Reply.answering { () throws(Failure) in Reply.json(try TracepointListing(directory)) }
        }
        group.post { request, _ in
            var request = request
            let form: TracepointForm
            do {
                let body = try await request.collectBody(upTo: Self.maximumBody)
                form = try JSONDecoder().decode(TracepointForm.self, from: Data(buffer: body))
            } catch {
                return Reply.error(.badRequest, "the form's fields do not decode: \(error)")
            }
            return Reply.answering { () throws(Failure) in
                let editing = try form.id.flatMap { id throws(Failure) in
                    try directory.tracepointsFile.tracepoints().first { $0.id == id }
                }
                let outcome = try form.request(editing: editing).set(in: directory, manifests: ProbeManifests.load(manifestPaths))
                return Reply.json(Written(id: outcome.tracepoint.id, path: outcome.path, line: outcome.line, replaced: outcome.replaced))
            }
        }
        group.delete(":id") { _, context in
            Reply.answering { () throws(Failure) in
                Reply.json(Deleted(deleted: try directory.tracepointsFile.delete([context.parameters.get("id") ?? ""])))
            }
        }
    }

    private struct Written: Encodable {
        let id: String
        let path: String
        let line: Int
        let replaced: Bool
    }

    private struct Deleted: Encodable {
        let deleted: [String]
    }
}
