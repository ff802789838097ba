import DeepWorkspace
import Hummingbird

/// The snapshots file a page at a time, newest first: `?before=START` for the page older
/// than one whose oldest snapshot starts at START, `?after=END` for what was appended since
/// a page that ended at END. A file of any size answers as fast.
struct SnapshotRoutes: Sendable {
    let file: SnapshotsFile

    static let defaultLimit = 50
    static let maximumLimit = 500

    func add(to group: RouterGroup<BasicRequestContext>) {
        group.get { request, _ in
            let query = request.uri.queryParameters
            let limit = min(query["limit"].flatMap { Int($0) } ?? Self.defaultLimit, Self.maximumLimit)
            guard limit > 0 else { return Reply.error(.badRequest, "limit must be 1 or more") }
            return Reply.answering { () throws(Failure) in
                let page = try file.page(
                    after: query["after"].flatMap { UInt64($0) } ?? 0, before: query["before"].flatMap { UInt64($0) },
                    limit: limit)
                // The lines are snapshots' JSON already: sent as they are.
                return Reply.json(
                    text: #"{"start":\#(page.start),"end":\#(page.end),"snapshots":[\#(page.lines.joined(separator: ","))]}"#)
            }
        }
    }
}
