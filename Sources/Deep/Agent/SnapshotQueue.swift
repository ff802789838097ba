import Atomics

/// A bounded, lock-free queue from hitting threads (many) to the agent (one).
///
/// Each slot carries a sequence number (Vyukov's bounded queue): a producer claims a slot
/// with one compare-exchange and publishes it with a releasing store; when the queue is full
/// `enqueue` returns false at once and the caller counts a drop. Nothing ever waits.
final class SnapshotQueue: @unchecked Sendable {
    private let mask: Int
    private let sequences: [ManagedAtomic<Int>]
    private let slots: UnsafeMutablePointer<PendingSnapshot>
    private let enqueuePosition = ManagedAtomic<Int>(0)
    /// Only the consumer touches this; `drain` callers serialise among themselves.
    private var dequeuePosition = 0

    /// - Parameter capacity: rounded up to a power of two.
    init(capacity: Int) {
        var size = 1
        while size < capacity { size <<= 1 }
        mask = size - 1
        sequences = (0..<size).map { ManagedAtomic($0) }
        slots = .allocate(capacity: size)
    }

    deinit {
        while dequeue() != nil {}
        slots.deallocate()
    }

    /// Adds `item`, or returns false when the queue is full.
    func enqueue(_ item: PendingSnapshot) -> Bool {
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

    /// Removes the oldest item. Single consumer.
    func dequeue() -> PendingSnapshot? {
        let position = dequeuePosition
        guard sequences[position & mask].load(ordering: .acquiring) == position + 1 else { return nil }
        let item = (slots + (position & mask)).move()
        sequences[position & mask].store(position + mask + 1, ordering: .releasing)
        dequeuePosition = position + 1
        return item
    }
}
