import ArgumentParser
import DeepModel
import DeepWorkspace

struct SetCommand: DeepSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set a tracepoint at FILE:LINE, or on a method, and print its id.",
        discussion: """
            FILE is any ending of the source file's path on whole path components \
            (Orders.swift, App/Orders.swift); when it matches more than one file, give more of \
            the path. The line must have a probe: if it does not, the nearest lines that do are \
            named. Nothing is written unless the location, condition, log template and watches \
            are all valid.

            A method tracepoint (--method NAME) fires when the method is entered (--stage \
            method_start, the default: its parameters and self) or when it returns or throws \
            (method_end: the variables then, and `duration`, the call's nanoseconds, which \
            conditions can test), or both (method_capture: the frame as it was on entry, sent \
            on return or throw with the return value and `duration`). NAME is the name a snapshot gives it (Pricing.price(_:for:)), \
            without the labels (Pricing.price), or without the type (price) when that is \
            unique; FILE, without a line, narrows the search. A method stage at FILE:LINE \
            names the function around the line.

            --span records a span at each fire through swift-distributed-tracing, into the \
            tracer the program bootstrapped (swift-otel, for one): method, over the call (at \
            method_end or method_capture), named after the function; line, at the moment of the fire, named \
            FILE:LINE. A snapshot taken while a span is active carries its ids in its \
            attributes (trace_id, span_id).

            By default a tracepoint takes one snapshot of the variables in scope and then \
            completes; a snapshot tracepoint expires 24 hours after it is set.

            Examples:
              deep set Orders.swift:42
              deep set App/Orders.swift:42 --condition 'order.total > 100'
              deep set Orders.swift:42 --no-snapshot --fire-count unlimited \\
                  --log 'order {order.id}: {order.items.count} items'
              deep set Orders.swift:42 --watch 'order.items[0].price' \\
                  --fire-count 5 --fire-period 10000 --until 2h
              deep set Orders.swift:42 --max-depth 2 --max-collection-size 50
              deep set --method 'Pricing.price(_:for:)'
              deep set --method Pricing.price --stage method_end --condition 'duration > 50000000'
              deep set --method Pricing.price --stage method_capture
              deep set --method Pricing.price --span method --no-snapshot --log 'priced {amount}'
              deep set Orders.swift:42 --metric 'name=orders_priced labels=tier:order.tier'
              deep set Orders.swift:42 --metric 'name=order_total type=histogram value=order.total'

            A --metric is recorded at every fire through swift-metrics, into the backend the \
            program bootstrapped (the status file and `deep list` show what it recorded in any \
            case): type=counter (the default; adds value, or 1), gauge, histogram or summary; \
            labels=name:expression,...; also namespace=, help=, unit=. With --metric the \
            tracepoint fires at every hit (unlimited, no period) and, without --log or --watch, \
            takes no snapshot, unless told otherwise.

            Expressions read variables and stored fields only: paths (order.items[0].price, \
            tags["rush"]), .count and .isEmpty, literals, == != < <= > >=, && || !, + - * / %.
            """)

    @Argument(help: "Where: a path ending and a line, such as App/Orders.swift:42 (with --method, the path alone).")
    var location: SourceLocation?

    @Option(help: "The method to fire in, as a snapshot names it (Pricing.price(_:for:), Pricing.price, price).")
    var method: String?

    @Option(
        help:
            "When it fires: line_start (before the line, the default), method_start (on entry, the default with --method), method_end (on return or throw) or method_capture (taken on entry, sent on return or throw).",
        transform: Tracepoint.Stage.init(choosing:))
    var stage: Tracepoint.Stage?

    @Option(
        help:
            "A span to record at each fire, into the tracer the program bootstrapped: method (over the call: with --method, at method_end or method_capture) or line (the moment).",
        transform: Tracepoint.Span.init(choosing:))
    var span: Tracepoint.Span?

    @Option(help: "Fire only when this expression is true.")
    var condition: String?

    @Option(help: "A log message with {expression} placeholders, rendered at each fire.")
    var log: String?

    @Option(name: .customLong("watch"), help: "An expression to evaluate and report with each snapshot (repeatable).")
    var watches: [String] = []

    // Values that may start with `-` are taken as values, so that `--fire-count -5` is
    // refused for what it is rather than as a missing value.
    @Option(
        parsing: .unconditional, help: "How many times it fires before it completes: a number, or unlimited.",
        transform: FireCount.init(parsing:))
    var fireCount: FireCount?

    @Option(parsing: .unconditional, help: "The least time between two fires, in milliseconds (default 1000; 0 with --metric).")
    var firePeriod: Int?

    @Option(
        parsing: .unconditional,
        help: "When it stops: a time (2026-11-21T18:00:00Z) or a duration from now (90s, 30m, 2h, 1d).",
        transform: Deadline.init(parsing:))
    var until: Deadline?

    @Flag(help: "Take no snapshot of the variables: log, watches and metrics only.")
    var noSnapshot = false

    @Option(
        help: "Which frames carry variables: single_frame (the probe's, the default), all_frame (callers have none to read), no_frame.",
        transform: Tracepoint.FrameType.init(choosing:))
    var frameType: Tracepoint.FrameType = .singleFrame

    @Option(
        help: "stack (every frame, the default) or no_stack (the probe's frame only).",
        transform: Tracepoint.StackType.init(choosing:))
    var stackType: Tracepoint.StackType = .stack

    @Option(
        name: .customLong("metric"),
        help: "A metric to record at each fire: 'name=NAME [type=TYPE] [value=EXPR] [labels=L:EXPR,...]' (repeatable).",
        transform: MetricArgument.parse)
    var metrics: [TracepointMetric] = []

    @Option(help: "Its id (default: a new tp-XXXXXX). Setting an existing id replaces that tracepoint.")
    var id: String?

    @Option(parsing: .unconditional, help: "Levels of fields shown below a variable (default 5).")
    var maxDepth: Int?
    @Option(parsing: .unconditional, help: "Elements shown per collection (default 10).")
    var maxCollectionSize: Int?
    @Option(parsing: .unconditional, help: "Characters shown per string (default 1024).")
    var maxStringLength: Int?
    @Option(parsing: .unconditional, help: "Variables and fields per snapshot (default 1000).")
    var maxVariables: Int?

    @OptionGroup var manifest: ManifestOption
    @OptionGroup var output: FormatOption

    /// The options as the request they make.
    private var request: TracepointRequest {
        var request = TracepointRequest()
        request.path = location?.path
        request.line = location?.line
        request.method = method
        request.stage = stage
        request.span = span
        request.condition = condition
        request.log = log
        request.watches = watches
        request.fireCount = fireCount?.value
        request.firePeriod = firePeriod
        request.until = until?.date
        request.noSnapshot = noSnapshot
        request.frameType = frameType
        request.stackType = stackType
        request.metrics = metrics
        request.id = id
        request.limits = .init(
            maxDepth: maxDepth, maxCollectionSize: maxCollectionSize, maxStringLength: maxStringLength,
            maxVariables: maxVariables)
        return request
    }

    func validate() throws {
        if let problem = request.problem { throw ValidationError(problem) }
    }

    func execute() throws(Failure) {
        let outcome = try request.set(in: ServiceDirectory(), manifests: ProbeManifests.load(manifest.paths))
        let id = outcome.tracepoint.id
        switch output.format {
        case .text:
            Output.line(id)
            Output.error(
                "\(outcome.replaced ? "replaced" : "set") \(id) at \(outcome.path):\(outcome.line)\(Self.describe(outcome.tracepoint)); `deep list` shows it installed, `deep snapshots` what it captures"
            )
        case .json:
            Output.line(JSONText.encode(outcome.tracepoint))
        }
    }

    /// What a method tracepoint fires on, for the message that confirms it.
    private static func describe(_ tracepoint: Tracepoint) -> String {
        switch tracepoint.stage {
        case .methodStart: " (entry of \(tracepoint.methodName ?? "the function around it"))"
        case .methodEnd: " (exit of \(tracepoint.methodName ?? "the function around it"))"
        case .methodCapture: " (entry to exit of \(tracepoint.methodName ?? "the function around it"))"
        default: ""
        }
    }
}
