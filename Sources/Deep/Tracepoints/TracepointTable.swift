import Synchronization

/// The installed tracepoints, immutable once published.
///
/// The agent builds a new table for every change, publishes it, and only then sets the
/// enabled bits it refers to (and clears the others). A hit loads the current table and
/// looks its location up, so a bit that is set late or cleared late costs one lookup and
/// nothing else. Probes never take a lock.
final class TracepointTable: Sendable {
    let generation: Int
    let tracepoints: [ActiveTracepoint]
    /// Where the tracepoints of each probe are in `atProbes`, sorted by probe: a hit finds
    /// its own by binary search, a few compares of two words where a dictionary would hash.
    /// `takesEntries`: a `method_capture` tracepoint takes its entry at the probe.
    private let byLocation: [(location: Location, range: Range<Int>, takesEntries: Bool)]
    /// The tracepoints of `tracepoints` grouped by probe, unretained (`tracepoints` holds
    /// them): a hit reads them, and these arrays, without a retain or a release.
    private let atProbes: [Unmanaged<ActiveTracepoint>]
    /// `Tracepoints.queue`, read by hits from the table they already hold rather than
    /// through the global's lazy initialisation check.
    private let queue = Tracepoints.queue

    private struct Location: Hashable, Comparable {
        let record: UInt
        let line: Int

        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.record, lhs.line) < (rhs.record, rhs.line) }
    }

    init(generation: Int, tracepoints: [ActiveTracepoint]) {
        self.generation = generation
        self.tracepoints = tracepoints
        var grouped: [Location: [ActiveTracepoint]] = [:]
        for tracepoint in tracepoints {
            for record in tracepoint.location.records {
                for line in tracepoint.location.lines {
                    grouped[Location(record: UInt(bitPattern: record.base), line: line), default: []].append(tracepoint)
                }
            }
        }
        var byLocation: [(location: Location, range: Range<Int>, takesEntries: Bool)] = []
        var atProbes: [Unmanaged<ActiveTracepoint>] = []
        for (location, here) in grouped.sorted(by: { $0.key < $1.key }) {
            let takesEntries = here.contains { $0.entryLine == location.line }
            byLocation.append((location, atProbes.count..<atProbes.count + here.count, takesEntries))
            atProbes += here.map(Unmanaged.passUnretained)
        }
        self.byLocation = byLocation
        self.atProbes = atProbes
    }

    private func tracepoints(at location: Location) -> (range: Range<Int>, takesEntries: Bool)? {
        var (low, high) = (0, byLocation.count)
        while low < high {
            let middle = (low + high) / 2
            if byLocation[middle].location < location { low = middle + 1 } else { high = middle }
        }
        guard low < byLocation.count, byLocation[low].location == location else { return nil }
        return (byLocation[low].range, byLocation[low].takesEntries)
    }

    static let empty = TracepointTable(generation: 0, tracepoints: [])

    /// Lines to enable at monotonic time `now`, per record: those of tracepoints that are
    /// neither finished nor paused. A paused `method_capture` tracepoint keeps its exit on,
    /// so that the calls whose entry it took give their slots back (`CallsInProgress`).
    func enabledLines(now: UInt64) -> [UInt: Set<Int>] {
        var lines: [UInt: Set<Int>] = [:]
        for tracepoint in tracepoints where !tracepoint.isFinished {
            let paused = tracepoint.counters.pausedUntil.load(ordering: .relaxed) > now
            guard !paused || tracepoint.entryLine != nil else { continue }
            for record in tracepoint.location.records {
                lines[UInt(bitPattern: record.base), default: []].formUnion(paused ? [tracepoint.location.line] : tracepoint.location.lines)
            }
        }
        return lines
    }

    /// Runs the tracepoints at this probe. When every one of them is paused or finished, the
    /// probe is switched off at once; the agent switches it back on when a pause ends.
    /// `variables` runs only as far as the tracepoints here need (`_DeepVariables`).
    ///
    /// `since`, at an exit, is when the call began, or a token for the call whose entry
    /// `method_capture` tracepoints took (`CallsInProgress`); at a `method_capture`
    /// tracepoint's entry, the entries taken are handed to the function's clock.
    @inline(__always)
    func hit(
        record: UnsafeRawPointer, line: Int, function: ProbeName, since: UInt64 = HitClock.untimed,
        variables: (inout _DeepVariables) -> Void
    ) {
        guard let (here, takesEntries) = tracepoints(at: Location(record: UInt(bitPattern: record), line: line)) else {
            if CallsInProgress.isToken(since) { _ = Tracepoints.calls.take(since) }
            // A bit set with no tracepoint behind it (a table swap in flight): have the agent
            // rewrite the bits, rather than pay for a hit each time.
            Tracepoints.bitsNeedRewrite.store(true, ordering: .relaxed)
            return
        }
        let quietUntil =
            takesEntries || CallsInProgress.isToken(since)
            ? hitWithCalls(here, record: record, line: line, function: function, since: since, variables: variables)
            : each(here) { $0.hit(function: function, since: since, variables: variables, queue: queue) }
        guard quietUntil != 0 else { return }
        atProbes[here.lowerBound]._withUnsafeGuaranteedRef { tracepoint in
            tracepoint.location.records.first { UnsafeRawPointer($0.base) == record }?.disable(line: line)
        }
        Tracepoints.bitsNeedRewrite.store(true, ordering: .relaxed)
    }

    /// A hit where `method_capture` is involved, out of the way of the others: an entry whose
    /// captures are handed to the function's clock, or an exit whose `since` is a call's token.
    @inline(never)
    private func hitWithCalls(
        _ here: Range<Int>, record: UnsafeRawPointer, line: Int, function: ProbeName, since: UInt64,
        variables: (inout _DeepVariables) -> Void
    ) -> UInt64 {
        let isToken = CallsInProgress.isToken(since)
        let call = isToken ? Tracepoints.calls.take(since) : nil
        let start = call?.start ?? (isToken ? 0 : since)
        var entered: CapturedCall?
        let quietUntil = each(here) { tracepoint in
            guard tracepoint.entryLine == line else {
                return tracepoint.hit(
                    function: function, since: start, entry: call?.entry(for: tracepoint, at: record), variables: variables,
                    queue: queue)
            }
            let (entry, quiet) = tracepoint.enter(variables: variables, queue: queue)
            if let entry {
                if entered == nil { entered = CapturedCall(record: record) }
                entered?.add(entry)
            }
            return quiet
        }
        if let entered { Tracepoints.calls.handOff(entered) }
        return quietUntil
    }

    /// Runs `body` for each tracepoint of `here` that may still fire, without retaining it:
    /// the earliest of the times until which they want no hits (`ActiveTracepoint.hit`).
    @inline(__always)
    private func each(_ here: Range<Int>, _ body: (ActiveTracepoint) -> UInt64) -> UInt64 {
        var quietUntil = UInt64.max
        for index in here {
            atProbes[index]._withUnsafeGuaranteedRef { tracepoint in
                guard !tracepoint.isFinished else { return }
                quietUntil = min(quietUntil, body(tracepoint))
            }
        }
        return quietUntil
    }
}

/// The process-wide state probes reach: the published table and the queue to the sinks.
enum Tracepoints {
    /// Read by hits without a retain (`HitSafeReference`); the agent publishes.
    static let published = HitSafeReference(TracepointTable.empty)
    static let queue = SnapshotQueue(capacity: 1024)
    /// Calls whose entry `method_capture` tracepoints took, until their exit.
    static let calls = CallsInProgress(capacity: 256)
    /// Set by a hit that switched its probe off, or met a bit with no tracepoint behind it:
    /// the agent then rewrites the enabled bits.
    static let bitsNeedRewrite = Atomic<Bool>(false)

    /// The current table, retained: for the agent, not for hits (`published.withCurrent`).
    static var current: TracepointTable { published.object }
}
