import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The calls `method_capture` tracepoints took the entry of, from their clock to their exit.
///
/// The entry's hit cannot pass its capture to the exit through the code (the probes write
/// nothing into the function), so it leaves it for the next thing its thread does in that
/// function: read the clock (`_deepNow`, which the rewriter places right after the entry
/// probe). The clock puts the call in one of `capacity` slots and returns a token instead of
/// the time; the function keeps it in `__deepStart` and its exit passes it back. The token
/// is a time with the top bit set (no monotonic time has it), the slot and a sequence
/// number, so a slot reused since is told apart.
///
/// No lock: a slot is free (0), busy while one thread moves a call in or out (2), or holds
/// the call of a sequence number (odd). A call whose exit never comes (its tracepoint was
/// removed meanwhile, the function never returned) is dropped by the agent (`reclaim`);
/// when every slot is taken, new entries are dropped and counted. (A paused tracepoint
/// keeps its exit on for this: `TracepointTable.enabledLines`.)
final class CallsInProgress: @unchecked Sendable {
    /// Calls running longer are dropped by `reclaim`: 10 minutes.
    static let longestCall: UInt64 = 600_000_000_000

    let capacity: Int
    private let states: UnsafeMutablePointer<Atomic<UInt64>>
    private let calls: UnsafeMutablePointer<Unmanaged<CapturedCall>?>
    private let sequence = Atomic<UInt64>(0)
    private static let busy: UInt64 = 2
    private static let tokenBit: UInt64 = 1 << 63
    private static let sequenceMask: UInt64 = (1 << 47) - 1

    /// At most 65 536 slots (the token's 16 bits).
    init(capacity: Int) {
        precondition(capacity > 0 && capacity <= 1 << 16)
        self.capacity = capacity
        states = .allocate(capacity: capacity)
        calls = .allocate(capacity: capacity)
        for index in 0..<capacity {
            (states + index).initialize(to: Atomic(0))
            (calls + index).initialize(to: nil)
        }
    }

    /// Whether a probe's `since` is a token rather than a time (`HitClock.untimed` is neither).
    static func isToken(_ since: UInt64) -> Bool { since & tokenBit != 0 && since != HitClock.untimed }

    // MARK: From the entry to the clock

    /// Leaves `call` for the clock its function reads next on this thread. A call left
    /// before and never picked up (its clock was not read: its tracepoint went meanwhile) is
    /// released.
    func handOff(_ call: CapturedCall) {
        if let previous = pthread_getspecific(Self.handOffKey) { Unmanaged<CapturedCall>.fromOpaque(previous).release() }
        pthread_setspecific(Self.handOffKey, Unmanaged.passRetained(call).toOpaque())
    }

    /// At a function's clock, read at `start`: a token for the call its entry handed off,
    /// or `start` when there is none or no free slot.
    func clock(start: UInt64) -> UInt64 {
        guard let handed = pthread_getspecific(Self.handOffKey) else { return start }
        pthread_setspecific(Self.handOffKey, nil)
        let call = Unmanaged<CapturedCall>.fromOpaque(handed)
        call._withUnsafeGuaranteedRef { $0.start = start }
        let number = max(1, sequence.wrappingAdd(1, ordering: .relaxed).newValue & Self.sequenceMask)
        for probe in 0..<8 {
            let index = Int((number &+ UInt64(probe)) % UInt64(capacity))
            guard (states + index).pointee.compareExchange(expected: 0, desired: Self.busy, ordering: .acquiring).exchanged
            else { continue }
            calls[index] = call
            (states + index).pointee.store(number << 1 | 1, ordering: .releasing)
            return Self.tokenBit | number << 16 | UInt64(index)
        }
        call._withUnsafeGuaranteedRef { $0.drop() }
        call.release()
        return start
    }

    /// Released with the thread: a call handed off and never picked up.
    private static let handOffKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { handed in
            if let handed { Unmanaged<CapturedCall>.fromOpaque(handed).release() }
        }
        return key
    }()

    // MARK: From the clock to the exit

    /// The call of `token`, taken out, or nil when it was dropped meanwhile. While the agent
    /// looks at the slot (`reclaim`, a few compares) it waits a moment, then gives up.
    func take(_ token: UInt64) -> CapturedCall? {
        let index = Int(token & 0xFFFF)
        let held = ((token >> 16) & Self.sequenceMask) << 1 | 1
        guard index < capacity else { return nil }
        for _ in 0..<1000 {
            let (exchanged, found) = (states + index).pointee.compareExchange(
                expected: held, desired: Self.busy, ordering: .acquiring)
            if exchanged { return release(index) }
            guard found == Self.busy else { return nil }
        }
        return nil
    }

    /// On the agent: drops the calls `keeps` says no exit can send any more. It may change
    /// the call (`CapturedCall.keepAwaited`): no other thread can reach it meanwhile.
    func reclaim(keeping keeps: (CapturedCall) -> Bool) {
        for index in 0..<capacity {
            let state = (states + index).pointee.load(ordering: .relaxed)
            guard state & 1 == 1,
                (states + index).pointee.compareExchange(expected: state, desired: Self.busy, ordering: .acquiring).exchanged
            else { continue }
            if calls[index]!._withUnsafeGuaranteedRef(keeps) {
                (states + index).pointee.store(state, ordering: .releasing)
            } else {
                _ = release(index)
            }
        }
    }

    /// The call in slot `index` (which the caller made busy), and the slot free again.
    private func release(_ index: Int) -> CapturedCall {
        let call = calls[index]!.takeRetainedValue()
        calls[index] = nil
        (states + index).pointee.store(0, ordering: .releasing)
        return call
    }
}
