import Foundation
import Testing

@testable import Deep

@Suite struct CallsInProgressTests {
    private let record = UnsafeRawPointer(bitPattern: 0x1000)!

    private func call() -> CapturedCall { CapturedCall(record: record) }

    /// The clock hands back the time unless an entry was just handed off on this thread;
    /// then a token that the exit trades for the call, once.
    @Test func aCallHandedOffIsTakenOnceByTheTokenItsClockGave() {
        let calls = CallsInProgress(capacity: 4)
        #expect(calls.clock(start: 42) == 42)
        let entered = call()
        calls.handOff(entered)
        let token = calls.clock(start: 42)
        #expect(CallsInProgress.isToken(token))
        #expect(calls.clock(start: 43) == 43, "the hand-off is picked up once")
        let taken = calls.take(token)
        #expect(taken === entered && taken?.start == 42)
        #expect(calls.take(token) == nil)
        #expect(!CallsInProgress.isToken(HitClock.untimed) && !CallsInProgress.isToken(HitClock.monotonicNanoseconds()))
    }

    /// A hand-off belongs to its thread: another thread's clock does not see it.
    @Test func aHandOffStaysOnItsThread() {
        let calls = CallsInProgress(capacity: 4)
        calls.handOff(call())
        let done = DispatchSemaphore(value: 0)
        Thread {
            #expect(calls.clock(start: 7) == 7)
            done.signal()
        }.start()
        done.wait()
        #expect(CallsInProgress.isToken(calls.clock(start: 7)))
    }

    /// With every slot taken a call is dropped (its time still goes through); the agent drops
    /// the calls nobody awaits, after which their tokens take nothing, even when a newer call
    /// holds the same slot.
    @Test func slotsAreBoundedAndReclaimedCallsCannotBeTakenLater() {
        let calls = CallsInProgress(capacity: 2)
        let tokens = (0..<3).map { _ in
            calls.handOff(call())
            return calls.clock(start: 5)
        }
        #expect(tokens.prefix(2).allSatisfy(CallsInProgress.isToken) && tokens[2] == 5)
        var looked = 0
        calls.reclaim { _ in
            looked += 1
            return false
        }
        #expect(looked == 2)
        calls.handOff(call())
        let newer = calls.clock(start: 6)
        #expect(CallsInProgress.isToken(newer))
        #expect(tokens.prefix(2).allSatisfy { calls.take($0) == nil })
        #expect(calls.take(newer)?.start == 6)
        calls.handOff(call())
        let kept = calls.clock(start: 8)
        calls.reclaim { _ in true }
        #expect(calls.take(kept)?.start == 8)
    }
}
