/// Where snapshots go. The agent calls a sink on its own thread, never on a thread that
/// hit a probe, so a sink may do I/O.
public protocol SnapshotSink: Sendable {
    func write(_ snapshot: Snapshot)
    /// Pushes out anything buffered; called at the end of each drain.
    func flush()
    /// Pushes out anything buffered before the process exits; a sink that sends over the
    /// network may wait here, briefly.
    func flushAtExit()
    /// What this sink failed to deliver so far, for the status file; nil while all is well.
    var writeError: WriteError? { get }
}

extension SnapshotSink {
    public func flush() {}
    public func flushAtExit() { flush() }
    public var writeError: WriteError? { nil }
}
