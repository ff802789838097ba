import Synchronization

/// A bounded, lock-free queue from hitting threads (many) to the agent.
///
/// Each slot carries a sequence number (Vyukov's bounded queue): a producer claims a slot
/// with one compare-exchange and publishes it with a releasing store; when the queue is full
/// `enqueue` returns false at once and the caller counts a drop. Nothing on the producers'
/// side ever waits. Consumers (the agent's thread, `Deep.flush()`, a stopping agent) take
/// turns under a lock that producers never touch.
final class SnapshotQueue: @unchecked Sendable {
    let capacity: Int
    private let mask: Int
    /// Plain atomics in memory of their own (not objects): a producer reads them without a
    /// retain or a call.
    private let sequences: UnsafeMutablePointer<Atomic<Int>>
    private let slots: UnsafeMutablePointer<PendingSnapshot>
    private let enqueuePosition = Atomic<Int>(0)
    /// The consumers' position; holding it is what makes a consumer the only one.
    private let dequeuePosition = Locked(0)

    /// - Parameter capacity: rounded up to a power of two.
    init(capacity: Int) {
        var size = 1
        while size < capacity { size <<= 1 }
        self.capacity = size
        mask = size - 1
        sequences = .allocate(capacity: size)
        for position in 0..<size { (sequences + position).initialize(to: Atomic(position)) }
        slots = .allocate(capacity: size)
    }

    deinit {
        drain(atMost: capacity) { _ in true }
        slots.deallocate()
        sequences.deinitialize(count: capacity)
        sequences.deallocate()
    }

    /// Adds `item` (moved in, not copied), or returns false when the queue is full.
    func enqueue(_ item: consuming PendingSnapshot) -> Bool {
        var position = enqueuePosition.load(ordering: .relaxed)
        while true {
            let sequence = sequences[position & mask].load(ordering: .acquiring)
            if sequence == position {
                let (exchanged, original) = enqueuePosition.weakCompareExchange(
                    expected: position, desired: position + 1, ordering: .relaxed)
                if exchanged { break }
                position = original
            } else if sequence < position {
                return false
            } else {
                position = enqueuePosition.load(ordering: .relaxed)
            }
        }
        (slots + (position & mask)).initialize(to: item)
        sequences[position & mask].store(position + 1, ordering: .releasing)
        return true
    }

    /// Whether an `enqueue` now would find the queue full: two loads, nothing claimed, so a
    /// hit can give up before it captures anything.
    var isFull: Bool {
        let position = enqueuePosition.load(ordering: .relaxed)
        return sequences[position & mask].load(ordering: .acquiring) < position
    }

    /// What a drain left behind.
    enum Drained {
        /// The queue is empty.
        case emptied
        /// Items are left: the limit was reached, or `body` asked to stop.
        case more
        /// Another consumer held the queue, and the drain took nothing.
        case busy
    }

    /// Hands up to `limit` of the oldest items to `body`, in order, for as long as it returns
    /// true. Bounded, so a consumer makes progress whatever the producers do.
    ///
    /// With `unlessBusy`, gives up at once when another consumer holds the queue rather than
    /// wait for it (that one may be stuck in a sink's write that never ends).
    @discardableResult
    func drain(
        atMost limit: Int, unlessBusy: Bool = false, _ body: (consuming PendingSnapshot) -> Bool
    ) -> Drained {
        let take = { (position: inout Int) -> Drained in
            for _ in 0..<limit {
                guard self.sequences[position & self.mask].load(ordering: .acquiring) == position + 1 else { return .emptied }
                let item = (self.slots + (position & self.mask)).move()
                self.sequences[position & self.mask].store(position + self.mask + 1, ordering: .releasing)
                position += 1
                guard body(item) else { return .more }
            }
            return self.sequences[position & self.mask].load(ordering: .acquiring) == position + 1 ? .more : .emptied
        }
        guard unlessBusy else { return dequeuePosition.withLock(take) }
        return dequeuePosition.withLock(waitingAtMost: .zero, take) ?? .busy
    }

    /// Removes the oldest item, if any.
    func dequeue() -> PendingSnapshot? {
        var item: PendingSnapshot?
        drain(atMost: 1) {
            item = $0; return true
        }
        return item
    }
}
