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
        /// The tracepoint's counters: they stand for its definition, and outlive the tables
        /// republished for other changes while the call runs (a new `ActiveTracepoint` each).
        let counters: TracepointCounters
        /// Captured at the entry, or kept to be captured by the agent (`DetachedVariables`).
        let variables: [VariableNode]
        let detached: DetachedVariables?
        /// Why a limit cut the capture short.
        let truncated: String?
        /// What the capture weighs, charged to the byte budget when the exit sends it.
        let bytes: Int

        init(counters: TracepointCounters, variables: [VariableNode], detached: DetachedVariables?, truncated: String?, bytes: Int) {
            (self.counters, self.variables, self.detached, self.truncated, self.bytes) =
                (counters, variables, detached, truncated, bytes)
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
        return entries.first { $0.counters === tracepoint.counters }
    }

    /// Forgets the entries no exit can send any more: their tracepoint is no longer
    /// installed in `table` (the same definition) or will not fire again, or the call has run
    /// longer than `CallsInProgress.longestCall`. Whether any is left to wait for.
    func keepAwaited(by table: TracepointTable, now: UInt64) -> Bool {
        guard now &- start < CallsInProgress.longestCall else { return false }
        entries.removeAll { entry in
            entry.counters.isFinished || !table.tracepoints.contains { $0.counters === entry.counters }
        }
        return !entries.isEmpty
    }

    /// Counts each tracepoint's capture as dropped (no room to keep the call).
    func drop() {
        for entry in entries { entry.counters.drops.wrappingAdd(1, ordering: .relaxed) }
    }
}
