import Foundation
import Testing

@testable import Deep

/// Hits read the tracepoint table without retaining it (`HitSafeReference`): a table the
/// agent replaces must outlive every hit that may still be reading it, and no longer.
@Suite struct HitSafeReferenceTests {
    private final class Table: Sendable {
        let generation: Int
        init(_ generation: Int) { self.generation = generation }
    }

    @Test func aReplacedObjectIsReleasedOnceNoReaderIsInside() {
        let reference = HitSafeReference(Table(1))
        weak var first: Table?
        reference.withCurrent { first = $0 }
        reference.publish(Table(2))
        #expect(first == nil, "no reader was inside: released at once")
        #expect(reference.withCurrent { $0.generation } == 2)
        #expect(reference.retiredCount == 0)
    }

    @Test func aReaderInsideKeepsTheObjectItReadsUntilItLeaves() {
        let reference = HitSafeReference(Table(1))
        weak var first: Table?
        reference.withCurrent { first = $0 }
        let inside = DispatchSemaphore(value: 0)
        let leave = DispatchSemaphore(value: 0)
        let left = DispatchSemaphore(value: 0)
        let seen = Locked(0)
        Thread.detachNewThread {
            reference.withCurrent { table in
                inside.signal()
                leave.wait()
                seen.withLock { $0 = table.generation }  // still readable
            }
            left.signal()
        }
        inside.wait()
        reference.publish(Table(2))
        reference.publish(Table(3))
        reference.releaseRetired()
        #expect(first != nil, "a reader is inside: kept")
        #expect(reference.retiredCount >= 1)
        #expect(reference.withCurrent { $0.generation } == 3, "new readers see the new object")
        leave.signal()
        left.wait()
        reference.releaseRetired()
        #expect(first == nil)
        #expect(reference.retiredCount == 0)
        #expect(seen.withLock { $0 } == 1)
    }

    @Test func readersOnManyThreadsWhileObjectsAreReplaced() async {
        let reference = HitSafeReference(Table(0))
        let stop = Locked(false)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var last = 0
                    while !stop.withLock({ $0 }) {
                        let generation = reference.withCurrent { $0.generation }
                        #expect(generation >= last, "generations only grow")
                        last = generation
                    }
                }
            }
            for generation in 1...2_000 { reference.publish(Table(generation)) }
            stop.withLock { $0 = true }
        }
        reference.releaseRetired()
        #expect(reference.retiredCount == 0, "every replaced object released once the readers stopped")
    }
}
