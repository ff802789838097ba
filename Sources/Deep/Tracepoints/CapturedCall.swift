/// A call whose entry one or more `method_capture` tracepoints took: the frames they send,
/// with what the call returned or threw and its duration, from its exit.
///
/// Made by the entry's hit, handed to the function's clock on the same thread
/// (`CallsInProgress.handOff`), and kept in `CallsInProgress` until the exit takes it;
/// only one thread owns it at a time.
final class CapturedCall: @unchecked Sendable {
    /// A tracepoint's part: the frame's variables as they were at the entry. (A class: a
    /// hit passes it, or nil, in one word.)
    final class Entry {
        let tracepoint: ActiveTracepoint
        /// Captured at the entry, or kept to be captured by the agent (`DetachedVariables`).
        let variables: [VariableNode]
        let detached: DetachedVariables?
        /// Why a limit cut the capture short.
        let truncated: String?
        /// What the capture weighs, charged to the byte budget when the exit sends it.
        let bytes: Int

        init(tracepoint: ActiveTracepoint, variables: [VariableNode], detached: DetachedVariables?, truncated: String?, bytes: Int) {
            (self.tracepoint, self.variables, self.detached, self.truncated, self.bytes) =
                (tracepoint, variables, detached, truncated, bytes)
        }
    }

    /// The probe record of the function's file: a copy of the file elsewhere (another
    /// image) has its own entries.
    let record: UnsafeRawPointer
    private(set) var entries: [Entry] = []
    /// When the call began (the clock its function read, `_deepNow`), monotonic.
    var start: UInt64 = 0

    init(record: UnsafeRawPointer) { self.record = record }

    func add(_ entry: Entry) { entries.append(entry) }

    /// What `tracepoint` took at this call's entry, if the exit at `record` is this call's.
    func entry(for tracepoint: ActiveTracepoint, at record: UnsafeRawPointer) -> Entry? {
        guard record == self.record else { return nil }
        return entries.first { $0.tracepoint === tracepoint }
    }

    /// Whether an exit can still send it: every tracepoint that took it is installed in
    /// `table` and may fire, and it has not run longer than `CallsInProgress.longestCall`.
    func isAwaited(by table: TracepointTable, now: UInt64) -> Bool {
        now &- start < CallsInProgress.longestCall
            && entries.allSatisfy { entry in
                !entry.tracepoint.isFinished && table.tracepoints.contains { $0 === entry.tracepoint }
            }
    }

    /// Counts each tracepoint's capture as dropped (no room to keep the call).
    func drop() {
        for entry in entries { entry.tracepoint.counters.drops.wrappingAdd(1, ordering: .relaxed) }
    }
}
