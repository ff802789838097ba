/// A snapshot on its way to the sinks. What a hit can leave for later is finished on the
/// agent thread: the id spelled, the thread described, the stack symbolicated.
struct PendingSnapshot: Sendable {
    /// Complete but for its id, thread and caller frames.
    var snapshot: Snapshot
    var stack: StackAddresses
    var thread: HitThread
    /// `SnapshotIdentifiers.nextNumber()` at the hit.
    var number: UInt64

    func completed() -> Snapshot {
        var result = snapshot
        result.id = SnapshotIdentifiers.id(number)
        result.thread = thread.description
        result.frames += stack.callerFrames()
        return result
    }
}
