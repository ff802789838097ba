import Foundation
import Synchronization
import Testing

@testable import Deep

@Suite struct SnapshotQueueTests {
    private func item(_ n: Int) -> PendingSnapshot {
        PendingSnapshot(
            snapshot: Snapshot(
                id: String(n), tracepointID: "t", timestampNanos: 0, path: "", line: n, function: "",
                thread: "", variables: [], watches: [], log: nil, frames: [], attributes: [:], truncated: nil),
            detached: nil,
            function: .literal("f()"), stack: StackAddresses.capture(), thread: .current(now: 0), number: UInt64(n))
    }

    @Test func keepsOrderAndRefusesWhenFull() {
        let queue = SnapshotQueue(capacity: 4)
        #expect((0..<4).allSatisfy { queue.enqueue(item($0)) })
        #expect(!queue.enqueue(item(4)), "full: the caller drops and counts")
        #expect(queue.dequeue()?.snapshot.line == 0)
        #expect(queue.enqueue(item(5)))
        #expect([1, 2, 3, 5] == (0..<4).compactMap { _ in queue.dequeue()?.snapshot.line })
        #expect(queue.dequeue() == nil)
    }

    /// A consumer stops when its body says so, keeping the rest; a drain `unlessBusy` takes
    /// nothing while another consumer holds the queue (an agent stuck in a sink's write).
    @Test func aDrainStopsWhenToldAndGivesWayToABusyConsumer() throws {
        let queue = SnapshotQueue(capacity: 8)
        for n in 0..<4 { _ = queue.enqueue(item(n)) }
        var taken: [Int] = []
        #expect(
            queue.drain(atMost: 8) {
                taken.append($0.snapshot.line); return taken.count < 2
            } == .more)
        #expect(taken == [0, 1])

        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = Thread {
            queue.drain(atMost: 1) { _ in
                holding.signal(); release.wait(); return true
            }
        }
        holder.start()
        holding.wait()
        #expect(queue.drain(atMost: 8, unlessBusy: true) { _ in true } == .busy)
        release.signal()
        var rest: [Int] = []
        while rest.isEmpty {
            queue.drain(atMost: 8) {
                rest.append($0.snapshot.line); return true
            }
        }
        #expect(rest == [3], "the holder took 2")
        #expect(queue.drain(atMost: 8, unlessBusy: true) { _ in true } == .emptied)
    }

    @Test func manyProducersLoseNothingThatWasAccepted() async {
        let queue = SnapshotQueue(capacity: 64)
        let producers = 4
        let each = 2_000
        let accepted = await withTaskGroup(of: [Int].self) { group in
            for producer in 0..<producers {
                group.addTask {
                    var mine: [Int] = []
                    for index in 0..<each where queue.enqueue(item(producer * each + index)) { mine.append(producer * each + index) }
                    return mine
                }
            }
            var consumed: [Int] = []
            var finished = 0
            var accepted: [Int] = []
            while finished < producers {
                while let next = queue.dequeue() { consumed.append(next.snapshot.line) }
                if let batch = await group.next() {
                    accepted += batch
                    finished += 1
                }
            }
            while let next = queue.dequeue() { consumed.append(next.snapshot.line) }
            return (accepted.sorted(), consumed.sorted())
        }
        #expect(accepted.0 == accepted.1)
        #expect(!accepted.0.isEmpty)
    }

    /// `Deep.flush()`, the agent's thread and a stopping agent may drain at once: each item
    /// goes to exactly one of them.
    @Test func consumersTakeTurns() async {
        final class Collected: Sendable { let lines = Mutex<[Int]>([]) }
        let queue = SnapshotQueue(capacity: 64)
        let collected = Collected()
        let total = 20_000
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var sent = 0
                while sent < total { if queue.enqueue(item(sent)) { sent += 1 } else { await Task.yield() } }
            }
            for _ in 0..<3 {
                group.addTask {
                    while collected.lines.withLock({ $0.count }) < total {
                        var batch: [Int] = []
                        queue.drain(atMost: 8) {
                            batch.append($0.snapshot.line); return true
                        }
                        collected.lines.withLock { $0 += batch }
                        await Task.yield()
                    }
                }
            }
        }
        #expect(collected.lines.withLock { $0.sorted() } == Array(0..<total))
    }
}
