import DeepModel
import Foundation
import Testing

@testable import DeepGRPC

@Suite struct TracePointConfigMappingTests {
    private func config(_ id: String = "tp", args: [String: String] = [:], targeting: [String: String] = [:]) -> WireTracePointConfig {
        var config = WireTracePointConfig()
        config.id = id
        config.path = "App/Orders.swift"
        config.lineNumber = 42
        config.args = args
        config.watches = ["order.total"]
        config.targeting = targeting.sorted { $0.key < $1.key }.map { WireKeyValue($0.key, $0.value) }
        return config
    }

    private func map(_ config: WireTracePointConfig, resource: [String: String] = ["service.name": "orders"]) -> TracepointsDocument.Entry {
        TracePointConfigMapping.entry(config, position: 3, resource: resource)
    }

    @Test func deepArgumentsBecomeTracepointFields() throws {
        let entry = map(
            config(args: [
                "condition": "order.total > 100", "log_msg": "total {order.total}", "fire_count": "-1",
                "fire_period": "250", "snapshot": "no_collect", "window_start": "1795000000000",
                "window_end": "2026-12-01T00:00:00Z", "MAX_VAR_DEPTH": "2", "MAX_COLLECTION_SIZE": "3",
                "MAX_STRING_LENGTH": "64", "MAX_VARIABLES": "50", "frame_type": "single_frame",
            ]))
        guard case .valid(let tracepoint) = entry else { Issue.record("not valid: \(entry)"); return }
        #expect(tracepoint.id == "tp")
        #expect(tracepoint.path == "App/Orders.swift")
        #expect(tracepoint.line == 42)
        #expect(tracepoint.condition == "order.total > 100")
        #expect(tracepoint.log == "total {order.total}")
        #expect(tracepoint.watches == ["order.total"])
        #expect(tracepoint.fireCount == -1)
        #expect(tracepoint.firePeriodMilliseconds == 250)
        #expect(tracepoint.snapshot == false)
        #expect(tracepoint.windowStart == Date(timeIntervalSince1970: 1_795_000_000))
        #expect(tracepoint.windowEnd.map(Tracepoint.rfc3339) == "2026-12-01T00:00:00Z")
        #expect(tracepoint.limits == CaptureLimits.Overrides(maxDepth: 2, maxCollectionSize: 3, maxStringLength: 64, maxVariables: 50))
    }

    @Test func unsetArgumentsTakeDeepsDefaults() throws {
        guard case .valid(let tracepoint) = map(config(args: ["condition": "  ", "snapshot": "collect"])) else {
            Issue.record("not valid"); return
        }
        #expect(tracepoint.condition == nil)
        #expect(tracepoint.fireCount == 1)
        #expect(tracepoint.firePeriodMilliseconds == 1000)
        #expect(tracepoint.snapshot)
    }

    @Test(arguments: [
        (["fire_count": "lots"], "args.fire_count: `lots` is not a whole number"),
        (["fire_count": "0"], "invalid tracepoint: `args.fire_count` must be a positive number, or -1 for no limit"),
        (["fire_period": "-5"], "invalid tracepoint: `args.fire_period` must be 0 or more"),
        (["MAX_VAR_DEPTH": "0"], "invalid tracepoint: `args.MAX_VAR_DEPTH` must be from 1 to 32"),
        (["snapshot": "maybe"], "args.snapshot: `maybe` is not `collect` or `no_collect`"),
        (
            ["window_end": "next week"],
            "invalid tracepoint: `args.window_end` `next week` is not an RFC 3339 time such as 2026-11-21T18:00:00Z"
        ),
        (
            ["stage": "line_begin"],
            "invalid tracepoint: `args.stage` `line_begin` is not one of line_start, line_end, line_capture, method_start, method_end, method_capture"
        ),
    ])
    func badArgumentsAreNamedAsDeepNamesThem(args: [String: String], message: String) {
        guard case .invalid(let id, let text) = map(config(args: args)) else { Issue.record("accepted \(args)"); return }
        #expect(id == "tp")
        #expect(text == message)
    }

    /// `method_name`, `stage` and `span` keep Deep's names; a method tracepoint's line may be unset.
    @Test func methodTracepointsMapFromTheirArguments() {
        guard case .valid(let tracepoint) = map(config(args: ["method_name": "Orders.total", "stage": "method_end"])) else {
            Issue.record("not valid"); return
        }
        #expect(tracepoint.methodName == "Orders.total" && tracepoint.stage == .methodEnd)
        guard case .valid(let entry) = map(config(args: ["method_name": "total"])) else { Issue.record("not valid"); return }
        #expect(entry.stage == .methodStart)
        guard case .valid(let spanned) = map(config(args: ["method_name": "total", "span": "method"])) else {
            Issue.record("not valid"); return
        }
        #expect(spanned.span == .method && spanned.stage == .methodEnd, "a method span is recorded at the exit")
    }

    @Test func targetingIsCheckedAgainstTheResource() {
        guard case .valid = map(config(targeting: ["service.name": "orders"])) else { Issue.record("excluded"); return }
        guard case .excluded(_, let message) = map(config(targeting: ["service.name": "billing"])) else {
            Issue.record("installed"); return
        }
        #expect(message == "targeting: service.name is `orders` in this process, not `billing`")
        guard case .excluded(_, let unset) = map(config(targeting: ["region": "eu"])) else { Issue.record("installed"); return }
        #expect(unset == "targeting: region is not set in this process, not `eu`")
    }

    @Test func aConfigWithoutAnIDIsNamedByItsPosition() {
        guard case .invalid(let id, _) = map(config("", args: ["fire_count": "x"])) else { Issue.record("valid"); return }
        #expect(id == "#3")
    }
}
