import Logging

/// Emits each snapshot's rendered log message through swift-log, at `info`, with the
/// tracepoint and location as metadata. Whatever logging backend the program bootstrapped
/// receives it (swift-log's default writes to standard error).
public struct LogMessageSink: SnapshotSink {
    public let label: String

    public init(label: String = "deep.tracepoint") { self.label = label }

    public func write(_ snapshot: Snapshot) {
        guard let message = snapshot.log else { return }
        // Made per message so that a LoggingSystem bootstrapped after start is honoured.
        Logger(label: label).info(
            "\(message)",
            metadata: [
                "tracepoint": "\(snapshot.tracepointID)",
                "location": "\(snapshot.path):\(snapshot.line)",
            ])
    }
}
