import DeepModel
import Foundation

/// A tracepoint as an operator asks for it, from `deep set`'s options or the page's form:
/// checked as a whole, resolved against the probe manifests, and written into the
/// tracepoints file under its lock. Both front ends refuse the same things in the same words.
package struct TracepointRequest: Sendable {
    /// A path ending (`App/Orders.swift`), or nil with a method alone.
    package var path: String?
    package var line: Int?
    package var method: String?
    package var stage: Tracepoint.Stage?
    package var span: Tracepoint.Span?
    package var condition: String?
    package var log: String?
    package var watches: [String] = []
    /// nil: 1, or unlimited with metrics; -1 is unlimited.
    package var fireCount: Int?
    /// Milliseconds; nil: 1000, or 0 with metrics.
    package var firePeriod: Int?
    package var until: Date?
    package var noSnapshot = false
    package var frameType: Tracepoint.FrameType = .singleFrame
    package var stackType: Tracepoint.StackType = .stack
    package var metrics: [TracepointMetric] = []
    /// nil: a new `tp-XXXXXX`; an existing id is replaced.
    package var id: String?
    /// Capture limits of its own (`--max-depth` and the like).
    package var limits = CaptureLimits.Overrides()
    /// When it starts firing; no option sets it, an edit keeps it.
    package var windowStart: Date?

    package init() {}

    /// The request that would write `tracepoint` again: an edit starts from it, so that
    /// what the editor does not show is kept.
    package init(editing tracepoint: Tracepoint) {
        path = tracepoint.path.isEmpty ? nil : tracepoint.path
        line = tracepoint.line == 0 ? nil : tracepoint.line
        method = tracepoint.methodName
        stage = tracepoint.stage
        span = tracepoint.span
        condition = tracepoint.condition
        log = tracepoint.log
        watches = tracepoint.watches
        fireCount = tracepoint.fireCount
        firePeriod = tracepoint.firePeriodMilliseconds
        until = tracepoint.windowEnd
        windowStart = tracepoint.windowStart
        noSnapshot = !tracepoint.snapshot
        frameType = tracepoint.frameType
        stackType = tracepoint.stackType
        metrics = tracepoint.metrics
        id = tracepoint.id
        limits = tracepoint.limits
    }

    /// What the request itself gets wrong, before any file is read (option names as the
    /// `deep` command spells them), or nil.
    package var problem: String? {
        if method == nil, line == nil {
            return path == nil ? "give where: FILE:LINE, or --method NAME" : "give the line: \(path!):LINE, or --method NAME"
        }
        if method != nil, let stage, !stage.isMethodStage {
            return "--method takes a method stage: method_start, method_end or method_capture"
        }
        if span == .method, !(stage ?? Tracepoint.defaultStage(methodName: method, span: span)).firesAtExit {
            return
                "--span method covers the call, so it is recorded at the method's exit: give --method NAME, or --stage method_end or method_capture"
        }
        guard (firePeriod ?? 0) >= 0 else { return "--fire-period must be 0 or more milliseconds" }
        if let id, id.isEmpty || id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "--id must be a name without control characters (or leave it out for a new tp-XXXXXX)"
        }
        let most = CaptureLimits.maximum
        for (name, value, maximum) in [
            ("--max-depth", limits.maxDepth, most.maxDepth),
            ("--max-collection-size", limits.maxCollectionSize, most.maxCollectionSize),
            ("--max-string-length", limits.maxStringLength, most.maxStringLength),
            ("--max-variables", limits.maxVariables, most.maxVariables),
        ] {
            if let value, !(1...maximum).contains(value) { return "\(name) must be from 1 to \(maximum)" }
        }
        if noSnapshot, log == nil, watches.isEmpty, metrics.isEmpty {
            return "--no-snapshot without --log, --watch or --metric would capture nothing"
        }
        return nil
    }

    /// What `set` wrote.
    package struct Outcome: Sendable {
        package let tracepoint: Tracepoint
        /// The original path and the line the tracepoint fires on.
        package let path: String
        package let line: Int
        /// An existing tracepoint of the same id was replaced.
        package let replaced: Bool
    }

    /// Writes the tracepoint into `directory`'s tracepoints file, or refuses with why:
    /// a problem of the request, a location without a probe, an expression that does not
    /// parse (its position marked). Nothing is written unless everything is valid.
    package func set(in directory: ServiceDirectory, manifests: ProbeManifests) throws(Failure) -> Outcome {
        if let problem { throw .refused(problem) }
        let existing = try directory.tracepointsFile.tracepoints().map(\.id)
        let tracepoint = self.tracepoint(id: id ?? Self.newID(avoiding: Set(existing)))
        let found = try Self.locate(tracepoint, in: manifests)
        for (what, field, source, parse) in sources {
            try Self.check(what, field, source, parse)
        }

        var replaced = false
        let id = tracepoint.id
        try directory.tracepointsFile.update { entries throws(Failure) in
            let object = TracepointsFile.object(tracepoint)
            if let index = entries.firstIndex(where: { TracepointsFile.id(of: $0) == id }) {
                entries[index] = object
                replaced = true
            } else {
                entries.append(object)
            }
        }
        return Outcome(tracepoint: tracepoint, path: found.path, line: found.line, replaced: replaced)
    }

    /// The original path and the line the request would fire on, or why it names no probe.
    package func locate(in manifests: ProbeManifests) throws(Failure) -> (path: String, line: Int) {
        try Self.locate(tracepoint(id: ""), in: manifests)
    }

    private static func locate(_ tracepoint: Tracepoint, in manifests: ProbeManifests) throws(Failure) -> (path: String, line: Int) {
        switch manifests.resolve(tracepoint) {
        case .success(let location): location
        case .failure(let error): throw .refused(error.description, field: "location")
        }
    }

    private func tracepoint(id: String) -> Tracepoint {
        Tracepoint(
            id: id, path: path ?? "", line: line ?? 0,
            stage: stage, methodName: method, span: span,
            condition: condition, log: log, watches: watches,
            snapshot: !noSnapshot && (metrics.isEmpty || log != nil || !watches.isEmpty),
            fireCount: fireCount ?? (metrics.isEmpty ? 1 : -1),
            firePeriodMilliseconds: firePeriod ?? (metrics.isEmpty ? 1000 : 0),
            windowStart: windowStart, windowEnd: until, created: Date(), limits: limits, metrics: metrics, frameType: frameType,
            stackType: stackType)
    }

    private typealias Parse = (String) throws(ExpressionSyntaxError) -> Void

    /// Each text of the request in the expression language, what to call it in a message
    /// and how it parses, in the order they are checked.
    private var sources: [(what: String, field: String, source: String?, parse: Parse)] {
        let expression: Parse = { source throws(ExpressionSyntaxError) in _ = try ExpressionParser.parse(source) }
        var all: [(what: String, field: String, source: String?, parse: Parse)] = [
            ("condition", "condition", condition, expression),
            ("log template", "log", log, { source throws(ExpressionSyntaxError) in _ = try LogTemplate(parsing: source) }),
        ]
        all += watches.map { ("watch", "watches", $0, expression) }
        for metric in metrics {
            all.append(("metric \(metric.name) value", "metrics", metric.expression, expression))
            all += metric.labels.sorted { $0.key < $1.key }.map {
                ("metric \(metric.name) label \($0.key)", "metrics", $0.value, expression)
            }
        }
        return all
    }

    /// Parses `source` with `parse`, or refuses with the error's position marked.
    private static func check(_ what: String, _ field: String, _ source: String?, _ parse: Parse) throws(Failure) {
        guard let source else { return }
        do {
            try parse(source)
        } catch {
            // Up to 60 characters either side of the error, so a huge input stays readable.
            let characters = Array(source)
            let start = max(0, error.offset - 60)
            let end = min(characters.count, error.offset + 60)
            let before = start > 0 ? "…" : ""
            let excerpt = before + String(characters[start..<end]) + (end < characters.count ? "…" : "")
            throw .refused(
                """
                \(what) does not parse: \(error.description)
                  \(excerpt)
                  \(String(repeating: " ", count: before.count + error.offset - start))^
                """, field: field)
        }
    }

    private static func newID(avoiding taken: Set<String>) -> String {
        while true {
            let id = "tp-" + String(UInt32.random(in: 0...0xFF_FFFF) | 0x100_0000, radix: 16).dropFirst()
            if !taken.contains(id) { return id }
        }
    }
}
