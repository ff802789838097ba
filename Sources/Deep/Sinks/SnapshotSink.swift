/// Where snapshots go. The agent calls a sink on its own thread, never on a thread that
/// hit a probe, so a sink may do I/O.
public protocol SnapshotSink: Sendable {
    func write(_ snapshot: Snapshot)
    /// Pushes out anything buffered; called at the end of each drain and at exit.
    func flush()
}

extension SnapshotSink {
    public func flush() {}
}
