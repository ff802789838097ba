/// A snapshot on its way to the sinks. What a hit can leave for later is finished on the
/// agent thread: the id spelled, the function and thread named, the stack symbolicated.
struct PendingSnapshot: Sendable {
    /// Complete but for its id, function, thread and frames, and its variables when they are
    /// `detached`.
    var snapshot: Snapshot
    var detached: DetachedVariables?
    var function: FunctionName
    var stack: StackAddresses
    var thread: HitThread
    /// `SnapshotIdentifiers.nextNumber()` at the hit.
    var number: UInt64

    consuming func completed() -> Snapshot {
        var result = snapshot
        if let detached { (result.variables, result.truncated) = detached.capture() }
        result.id = SnapshotIdentifiers.id(number)
        result.function = function.description
        result.thread = thread.description
        result.frames = [Snapshot.Frame(function: result.function, path: result.path, line: result.line)] + stack.callerFrames()
        return result
    }
}
