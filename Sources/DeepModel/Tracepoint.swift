#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A tracepoint as an operator writes it. Field names follow Deep's `TracePointConfig`
/// args (`fire_count`, `fire_period`, `log_msg`, `MAX_VAR_DEPTH`, ... become `fire_count`,
/// `fire_period_ms`, `log`, `max_var_depth`, ...).
///
///     {"id": "tp-1", "path": "App/Orders.swift", "line": 42,
///      "condition": "order.total > 100", "log": "order {order.id} total {order.total}",
///      "watches": ["order.items.count"], "fire_count": 5}
public struct Tracepoint: Codable, Equatable, Sendable {
    public var id: String
    /// A suffix of the original file path, on path-component boundaries.
    public var path: String
    /// The line; for a method tracepoint, none (0) or a line of the method (see `methodName`).
    public var line: Int
    /// When it fires: before the line runs (the default) or at a method's entry or exit.
    public var stage: Stage
    /// A span recorded at each fire (Deep's `span`), through swift-distributed-tracing.
    public var span: Span?
    /// A method tracepoint's function (`Pricing.price(_:for:)`, `Pricing.price`, `price`),
    /// looked up in the file `path` names, or in every file when `path` is empty.
    public var methodName: String?
    /// Fires only when this expression is true.
    public var condition: String?
    /// A message template: text with `{expression}` placeholders.
    public var log: String?
    /// Expressions evaluated and reported with each snapshot.
    public var watches: [String]
    /// Whether to capture the variables (false: log and watches only).
    public var snapshot: Bool
    /// How many times it fires before it completes; -1 for no limit.
    public var fireCount: Int
    /// The least time between two fires, in milliseconds.
    public var firePeriodMilliseconds: Int
    /// Fires only at or after this time.
    public var windowStart: Date?
    /// Fires only before this time; after it the tracepoint has expired.
    public var windowEnd: Date?
    /// When it was set; a snapshot tracepoint without `window_end` expires a day later.
    public var created: Date?
    /// Capture limits of its own, in place of the process-wide ones.
    public var limits: CaptureLimits.Overrides
    /// Metrics recorded at each fire.
    public var metrics: [TracepointMetric]
    /// Which of a snapshot's frames carry variables.
    public var frameType: FrameType
    /// Whether a snapshot carries the whole stack or the probe's frame only.
    public var stackType: StackType

    /// Deep's `frame_type`.
    public enum FrameType: String, Codable, CaseIterable, Sendable {
        /// The probe's frame has the variables in scope (the default).
        case singleFrame = "single_frame"
        /// Every frame may have its variables; a caller's locals cannot be read without
        /// running code in its frame, so caller frames have none, as with `single_frame`.
        case allFrame = "all_frame"
        /// No frame has variables: the stack, the watches and the log only.
        case noFrame = "no_frame"
    }

    /// Deep's `stage`: where in a line or a method the tracepoint fires.
    public enum Stage: String, Codable, CaseIterable, Sendable {
        /// Before the line's statement runs (the default).
        case lineStart = "line_start"
        /// After the line's statement has run: not supported yet.
        case lineEnd = "line_end"
        /// Taken before the line, sent after it: not supported yet.
        case lineCapture = "line_capture"
        /// When the method is entered, with its parameters and `self`.
        case methodStart = "method_start"
        /// When the method returns or throws, with the call's duration.
        case methodEnd = "method_end"
        /// The frame taken when the method is entered, sent when it returns or throws, with
        /// the call's duration.
        case methodCapture = "method_capture"

        /// Whether the stage is a method's (`method_name` or the function around `line`).
        public var isMethodStage: Bool { [.methodStart, .methodEnd, .methodCapture].contains(self) }
        /// Whether it fires at the method's exit, where `return`, `exception` and `duration`
        /// are known.
        public var firesAtExit: Bool { self == .methodEnd || self == .methodCapture }
    }

    /// Deep's `span`: what the span recorded at a fire covers.
    public enum Span: String, Codable, CaseIterable, Sendable {
        /// The call, from its entry to its exit: a `method_end` tracepoint's.
        case method
        /// The moment of the fire, named after the file and line (the line's own duration is
        /// not measured).
        case line
    }

    /// Deep's `stack_type`.
    public enum StackType: String, Codable, CaseIterable, Sendable {
        /// Every frame, callers included (the default).
        case stack
        /// The probe's frame only; the stack is not walked.
        case noStack = "no_stack"
    }

    /// How long a snapshot tracepoint without `window_end` lives (as Cloud Debugger).
    public static let defaultSnapshotLifetime: Double = 24 * 60 * 60

    /// When it stops firing: `window_end`, or for a snapshot tracepoint a day after
    /// `created` (or after `firstSeen`, when the file does not say when it was created).
    public func end(firstSeen: Date) -> Date? {
        windowEnd ?? (snapshot ? (created ?? firstSeen).addingTimeInterval(Self.defaultSnapshotLifetime) : nil)
    }

    public init(
        id: String, path: String, line: Int, stage: Stage? = nil, methodName: String? = nil, span: Span? = nil,
        condition: String? = nil, log: String? = nil, watches: [String] = [],
        snapshot: Bool = true, fireCount: Int = 1, firePeriodMilliseconds: Int = 1000,
        windowStart: Date? = nil, windowEnd: Date? = nil, created: Date? = nil,
        limits: CaptureLimits.Overrides = .init(), metrics: [TracepointMetric] = [],
        frameType: FrameType = .singleFrame, stackType: StackType = .stack
    ) {
        self.id = id
        self.path = path
        self.line = line
        self.stage = stage ?? Self.defaultStage(methodName: methodName, span: span)
        self.methodName = methodName
        self.span = span
        self.condition = condition
        self.log = log
        self.watches = watches
        self.snapshot = snapshot
        self.fireCount = fireCount
        self.firePeriodMilliseconds = firePeriodMilliseconds
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.created = created
        self.limits = limits
        self.metrics = metrics
        self.frameType = frameType
        self.stackType = stackType
    }

    /// Where it fires, as an operator reads it: `App/Orders.swift:42`, `Pricing.price entry`,
    /// `Pricing.swift Pricing.price exit`, `Pricing.swift:30 exit` (of the function around the line).
    public var place: String {
        let location = methodName.map { path.isEmpty ? $0 : path + " " + $0 } ?? "\(path):\(line)"
        switch stage {
        case .lineStart: return location
        case .methodStart: return location + " entry"
        case .methodEnd: return location + " exit"
        case .methodCapture: return location + " entry to exit"
        default: return location + " " + stage.rawValue
        }
    }

    /// Whether a fire only records metrics: no snapshot, log or watch to send.
    public var recordsMetricsOnly: Bool { !metrics.isEmpty && !snapshot && log == nil && watches.isEmpty }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, path, line, condition, log, watches, snapshot
        case fireCount = "fire_count"
        case firePeriodMilliseconds = "fire_period_ms"
        case windowStart = "window_start"
        case windowEnd = "window_end"
        case created, metrics
        case frameType = "frame_type"
        case stackType = "stack_type"
        case stage, span
        case methodName = "method_name"
    }

    /// Every field a tracepoint may have, in the file's names.
    static let fieldNames = CodingKeys.allCases.map(\.rawValue) + CaptureLimits.Overrides.CodingKeys.allCases.map(\.rawValue)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // A misspelt field (`conditon`) would otherwise be ignored and the tracepoint fire
        // unconditionally.
        if let unknown = try decoder.container(keyedBy: FieldName.self).allKeys
            .first(where: { !Self.fieldNames.contains($0.stringValue) })
        {
            throw DecodingError.dataCorruptedError(
                forKey: unknown, in: try decoder.container(keyedBy: FieldName.self),
                debugDescription: "is not a tracepoint field; the fields are " + Self.fieldNames.joined(separator: ", "))
        }
        id = try container.decode(String.self, forKey: .id)
        methodName = try container.decodeIfPresent(String.self, forKey: .methodName)
        // A method tracepoint names its method; a path and a line are optional.
        if methodName == nil {
            path = try container.decode(String.self, forKey: .path)
            line = try container.decode(Int.self, forKey: .line)
        } else {
            path = try container.decodeIfPresent(String.self, forKey: .path) ?? ""
            line = try container.decodeIfPresent(Int.self, forKey: .line) ?? 0
        }
        span = try Self.decodeChoice(container, .span)
        stage = try Self.decodeChoice(container, .stage) ?? Self.defaultStage(methodName: methodName, span: span)
        condition = try container.decodeIfPresent(String.self, forKey: .condition)
        log = try container.decodeIfPresent(String.self, forKey: .log)
        watches = try container.decodeIfPresent([String].self, forKey: .watches) ?? []
        snapshot = try container.decodeIfPresent(Bool.self, forKey: .snapshot) ?? true
        fireCount = try container.decodeIfPresent(Int.self, forKey: .fireCount) ?? 1
        firePeriodMilliseconds = try container.decodeIfPresent(Int.self, forKey: .firePeriodMilliseconds) ?? 1000
        windowStart = try Self.decodeTime(container, .windowStart)
        windowEnd = try Self.decodeTime(container, .windowEnd)
        created = try Self.decodeTime(container, .created)
        limits = try CaptureLimits.Overrides(from: decoder)
        metrics = try container.decodeIfPresent([TracepointMetric].self, forKey: .metrics) ?? []
        frameType = try Self.decodeChoice(container, .frameType) ?? .singleFrame
        stackType = try Self.decodeChoice(container, .stackType) ?? .stack
        guard fireCount == -1 || fireCount > 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .fireCount, in: container,
                debugDescription: "must be a positive number, or -1 for no limit")
        }
        guard firePeriodMilliseconds >= 0 else {
            throw DecodingError.dataCorruptedError(
                forKey: .firePeriodMilliseconds, in: container,
                debugDescription: "must be 0 or more")
        }
        guard metrics.count <= Self.maximumMetrics else {
            throw DecodingError.dataCorruptedError(
                forKey: .metrics, in: container,
                debugDescription: "has \(metrics.count) metrics; a tracepoint records at most \(Self.maximumMetrics)")
        }
    }

    /// The stage when none is given: before the line; a method's entry, or its exit when
    /// the span covers the call.
    public static func defaultStage(methodName: String?, span: Span?) -> Stage {
        methodName == nil ? .lineStart : span == .method ? .methodEnd : .methodStart
    }

    /// Metrics one tracepoint may record: each fire records them all, outside any rate.
    public static let maximumMetrics = 20

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        if methodName == nil || !path.isEmpty { try container.encode(path, forKey: .path) }
        if methodName == nil || line != 0 { try container.encode(line, forKey: .line) }
        if stage != Self.defaultStage(methodName: methodName, span: span) { try container.encode(stage, forKey: .stage) }
        try container.encodeIfPresent(span, forKey: .span)
        try container.encodeIfPresent(methodName, forKey: .methodName)
        try container.encodeIfPresent(condition, forKey: .condition)
        try container.encodeIfPresent(log, forKey: .log)
        if !watches.isEmpty { try container.encode(watches, forKey: .watches) }
        if !snapshot { try container.encode(snapshot, forKey: .snapshot) }
        try container.encode(fireCount, forKey: .fireCount)
        try container.encode(firePeriodMilliseconds, forKey: .firePeriodMilliseconds)
        try container.encodeIfPresent(windowStart.map(Self.rfc3339), forKey: .windowStart)
        try container.encodeIfPresent(windowEnd.map(Self.rfc3339), forKey: .windowEnd)
        try container.encodeIfPresent(created.map(Self.rfc3339), forKey: .created)
        if !metrics.isEmpty { try container.encode(metrics, forKey: .metrics) }
        if frameType != .singleFrame { try container.encode(frameType, forKey: .frameType) }
        if stackType != .stack { try container.encode(stackType, forKey: .stackType) }
        try limits.encode(to: encoder)
    }

    /// One of `Choice`'s values, or an error that lists them.
    private static func decodeChoice<Choice: RawRepresentable<String> & CaseIterable>(
        _ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys
    ) throws -> Choice? {
        guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let choice = Choice(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription: "`\(text)` is not one of " + Choice.choices)
        }
        return choice
    }

    private static func decodeTime(_ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Date? {
        guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let date = try? Date(text, strategy: .iso8601) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container,
                debugDescription: "`\(text)` is not an RFC 3339 time such as 2026-11-21T18:00:00Z")
        }
        return date
    }

    package static func rfc3339(_ date: Date) -> String { date.formatted(.iso8601) }

    /// Any key of a JSON object, to find the ones that are not fields.
    private struct FieldName: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
}

/// A decoding error in words an operator can act on.
package enum DecodingErrorText {
    package static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return syntax(error) }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "missing field `\(key.stringValue)`"
        case .typeMismatch(let type, let context): return "`\(path(context))` should be \(type)"
        case .valueNotFound(let type, let context): return "`\(path(context))` should be \(type), not null"
        case .dataCorrupted(let context):
            let location = path(context)
            if let underlying = context.underlyingError { return (location.isEmpty ? "" : "`\(location)`: ") + syntax(underlying) }
            return (location.isEmpty ? "" : "`\(location)` ") + context.debugDescription
        @unknown default: return "\(error)"
        }
    }

    /// The JSON parser's own errors (an internal type of Foundation's) in words, by case name.
    private static func syntax(_ error: any Error) -> String {
        let text = String(describing: error)
        let cases = [
            ("numberIsNotRepresentableInSwift", "a number is out of range"),
            ("cannotConvertInputStringDataToUTF8", "the text is not UTF-8"),
            ("cannotConvertEntireUnicodeScalar", "a \\u escape is not a valid character"),
            ("unexpectedEndOfFile", "the JSON ends too soon"),
            ("tooManyNestedArraysOrDictionaries", "arrays and objects are nested too deeply"),
            ("unexpectedCharacter", "an unexpected character"),
        ]
        guard let (_, words) = cases.first(where: { text.hasPrefix($0.0) }) else { return "not valid JSON" }
        return "not valid JSON: " + words + Self.position(in: text)
    }

    /// ` at line L, column C`, from the parser's description of where, if it says.
    private static func position(in text: String) -> String {
        func number(after label: String) -> Int? {
            let parts = text.split(separator: label, maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return Int(parts[1].prefix { $0.isNumber })
        }
        guard let line = number(after: "line: "), let column = number(after: "column: ") else { return "" }
        return " at line \(line), column \(column)"
    }
}
