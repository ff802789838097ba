import DeepModel
import DeepWorkspace
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

/// The page's server as the browser uses it: the token on every request, the API over the
/// files `deep` and running programs share, the same checks and messages as `deep set`.
@Suite struct UIServerTests {
    @Test func everyRequestNeedsTheToken() async throws {
        let service = try UIService()
        defer { service.remove() }
        try await service.test { client in
            for uri in ["/", "/app.js", "/api/files", "/api/tracepoints", "/api/snapshots", "/?token=wrong", "/?token=secret-toke"] {
                let status = try await client.execute(uri: uri, method: .get) { $0.status }
                #expect(status == .forbidden, "\(uri)")
            }
            let refused = try await client.execute(
                uri: "/api/tracepoints", method: .post, body: ByteBuffer(string: #"{"path":"Orders.swift","line":3}"#)
            ) { $0.status }
            #expect(refused == .forbidden)
            #expect(try await client.call(.get, "/api/files").status == .ok)
            let page = try await client.execute(uri: "/?token=secret-token", method: .get) { response in
                (response.status, String(buffer: response.body), response.headers[HTTPField.Name("Content-Security-Policy")!])
            }
            #expect(page.0 == .ok)
            #expect(page.1.contains(#"<script src="/app.js?token=secret-token""#))
            #expect(page.2 == "default-src 'self'; frame-ancestors 'none'")
        }
        #expect(!FileManager.default.fileExists(atPath: service.directory.tracepointsPath))
    }

    @Test func aFileOfTheManifestsIsServedAndNoOtherFile() async throws {
        let service = try UIService()
        defer { service.remove() }
        try await service.test { client in
            let files = try await client.call(.get, "/api/files")
            let listed = try #require((files.body as? [String: Any])?["files"] as? [[String: Any]])
            #expect(listed.map { $0["path"] as? String } == [service.source])
            #expect(listed.first?["lines"] as? [Int] == UIService.probedLines)

            let source = try await client.call(.get, "/api/source?path=" + service.source)
            #expect(source.status == .ok)
            #expect((source.body as? [String: Any])?["text"] as? String == UIService.text)

            // A click on a line says why it takes no tracepoint, as `deep set` says it.
            let unprobed = try await client.call(.get, "/api/locate?path=Orders.swift&line=5")
            #expect(unprobed.status == .badRequest)
            #expect(
                (unprobed.body as? [String: Any])?["error"] as? String
                    == "no code at line 5 of \(service.source); nearest probed lines are 4 and 7")
            let probed = try await client.call(.get, "/api/locate?path=Orders.swift&line=4")
            #expect((probed.body as? [String: Any])?["line"] as? Int == 4)

            let other = try await client.call(.get, "/api/source?path=/etc/passwd")
            #expect(other.status == .notFound)
            #expect((other.body as? [String: Any])?["error"] as? String == "/etc/passwd is not an instrumented file of the probe manifests")
        }
    }

    @Test func theFormSetsWhatDeepSetWouldAndRefusesWhatItRefuses() async throws {
        let service = try UIService()
        defer { service.remove() }
        try await service.test { client in
            let set = try await client.call(
                .post, "/api/tracepoints",
                json: """
                    {"path":"App/Orders.swift","line":3,"condition":"total > 100","log":"total {total}","watches":["total"],
                     "fireCount":"unlimited","firePeriod":"250","snapshot":false,"id":"big","stage":"","span":"","until":"","metrics":[]}
                    """)
            #expect(set.status == .ok)
            #expect((set.body as? [String: Any])?["path"] as? String == service.source)
            let written = try service.directory.tracepointsFile.tracepoints()
            #expect(written.count == 1)
            let tracepoint = try #require(written.first)
            #expect(tracepoint.id == "big")
            #expect(tracepoint.condition == "total > 100")
            #expect(tracepoint.log == "total {total}")
            #expect(tracepoint.watches == ["total"])
            #expect(tracepoint.fireCount == -1)
            #expect(tracepoint.firePeriodMilliseconds == 250)
            #expect(!tracepoint.snapshot)

            let listing = try await client.call(.get, "/api/tracepoints")
            #expect((listing.body as? [[String: Any]])?.map { $0["id"] as? String } == ["big"])

            // Each refusal names the field it is about, in `deep set`'s words.
            let refusals: [(json: String, field: String?, message: String)] = [
                (
                    #"{"path":"Orders.swift","line":3,"condition":"total >"}"#, "condition",
                    "condition does not parse: expected a value, found the end at column 8\n  total >\n         ^"
                ),
                (#"{"path":"Orders.swift","line":3,"log":"{total"}"#, "log", "log template does not parse"),
                (#"{"path":"Orders.swift","line":3,"watches":["a.."]}"#, "watches", "watch does not parse"),
                (
                    #"{"path":"Orders.swift","line":5}"#, "location",
                    "no code at line 5 of \(service.source); nearest probed lines are 4 and 7"
                ),
                (
                    #"{"path":"Orders.swift","line":3,"fireCount":"0"}"#, "fireCount",
                    "fireCount `0`: give a number of 1 or more, or unlimited"
                ),
                (#"{"path":"Orders.swift","line":3,"until":"yesterday"}"#, "until", "until `yesterday`: give an RFC 3339 time"),
                (#"{"path":"Orders.swift","line":3,"stage":"method_middle"}"#, "stage", "give one of line_start"),
                (#"{"path":"Orders.swift","line":3,"metrics":["type=counter"]}"#, "metrics", "a metric needs name=NAME"),
                (#"{"path":"Orders.swift","line":3,"firePeriod":"-1"}"#, nil, "--fire-period must be 0 or more milliseconds"),
                (#"{"path":"Orders.swift"}"#, nil, "give the line: Orders.swift:LINE, or --method NAME"),
            ]
            for refusal in refusals {
                let response = try await client.call(.post, "/api/tracepoints", json: refusal.json)
                let body = response.body as? [String: Any]
                #expect(response.status == .badRequest, "\(refusal.json)")
                #expect(body?["field"] as? String == refusal.field, "\(refusal.json)")
                #expect((body?["error"] as? String)?.contains(refusal.message) == true, "\(refusal.json): \(body ?? [:])")
            }
            #expect(try service.directory.tracepointsFile.tracepoints().map(\.id) == ["big"])

            let unknown = try await client.call(.delete, "/api/tracepoints/nope")
            #expect(unknown.status == .badRequest)
            #expect((unknown.body as? [String: Any])?["error"] as? String == "no tracepoint `nope`; the ids are big (nothing was deleted)")
            #expect(try await client.call(.delete, "/api/tracepoints/big").status == .ok)
            #expect(try service.directory.tracepointsFile.tracepoints().isEmpty)
        }
    }

    /// Browsers at once never lose a write: each change is made under the tracepoints file's
    /// lock, as `deep set` makes it.
    @Test func concurrentSetsAreAllKept() async throws {
        let service = try UIService()
        defer { service.remove() }
        try await service.test { client in
            try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for number in 0..<20 {
                    group.addTask {
                        try await client.call(
                            .post, "/api/tracepoints", json: #"{"path":"Orders.swift","line":3,"id":"tp\#(number)"}"#
                        ).status
                    }
                }
                for try await status in group { #expect(status == .ok) }
            }
        }
        #expect(try Set(service.directory.tracepointsFile.tracepoints().map(\.id)) == Set((0..<20).map { "tp\($0)" }))
    }

    /// An edit from the page replaces the tracepoint under its id and keeps what the form
    /// does not show: capture limits, frames, a deadline left empty.
    @Test func anEditKeepsWhatTheFormDoesNotShow() async throws {
        let service = try UIService()
        defer { service.remove() }
        var request = TracepointRequest()
        (request.path, request.line, request.id, request.condition) = ("Orders.swift", 3, "kept", "total > 1")
        request.limits = .init(maxDepth: 2, maxVariables: 7)
        request.stackType = .noStack
        request.until = Date(timeIntervalSinceNow: 3600)
        let manifests = try ProbeManifests.load([service.root.path])
        let original = try request.set(in: service.directory, manifests: manifests).tracepoint
        try await service.test { client in
            let edit = try await client.call(
                .post, "/api/tracepoints",
                json: #"{"path":"Orders.swift","line":4,"id":"kept","condition":"total > 2","until":"","fireCount":"3"}"#)
            #expect((edit.body as? [String: Any])?["replaced"] as? Bool == true)
        }
        let edited = try #require(try service.directory.tracepointsFile.tracepoints().first)
        #expect(edited.line == 4 && edited.condition == "total > 2" && edited.fireCount == 3)
        #expect(edited.limits == original.limits)
        #expect(edited.stackType == .noStack)
        #expect(edited.windowEnd.map { Int($0.timeIntervalSince1970) } == original.windowEnd.map { Int($0.timeIntervalSince1970) })
    }
}
