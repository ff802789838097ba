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
            do throws(Failure) {
                return Reply.json(try TracepointListing(directory))
            } catch {
                return Reply.failure(error)
            }
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
            do throws(Failure) {
                let editing = try form.id.flatMap { id throws(Failure) in
                    try directory.tracepointsFile.tracepoints().first { $0.id == id }
                }
                let outcome = try form.request(editing: editing).set(in: directory, manifests: ProbeManifests.load(manifestPaths))
                return Reply.json(Written(id: outcome.tracepoint.id, path: outcome.path, line: outcome.line, replaced: outcome.replaced))
            } catch {
                return Reply.failure(error)
            }
        }
        group.delete(":id") { _, context in
            do throws(Failure) {
                let id = context.parameters.get("id") ?? ""
                return Reply.json(Deleted(deleted: try directory.tracepointsFile.delete([id])))
            } catch {
                return Reply.failure(error)
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
