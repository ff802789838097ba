import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An object that hits read without retaining it, and that one publisher replaces.
///
/// A retain is an atomic read-modify-write of the object's count, which every hitting thread
/// would share. Instead a reader counts itself in one of `stripes` counters (chosen by its
/// thread, each on a cache line of its own) while it uses the object: one atomic add on a
/// line few threads share, one to leave, and a plain load of the pointer.
///
/// A replaced object is kept until each counter has been seen at zero since the
/// replacement (`releaseRetired`, called by the publisher): a reader that could have loaded
/// the old pointer counted itself before loading it, so a counter at zero means none of
/// them is still using it. A counter that is never at zero only delays the release.
final class HitSafeReference<Object: AnyObject & Sendable>: @unchecked Sendable {
    private static var stripes: Int { 64 }
    /// Bytes between counters: a cache line, so that threads on different stripes do not
    /// contend.
    private static var stride: Int { 64 }

    private let counters: UnsafeMutableRawPointer
    /// The current object's address; the object is retained once for it.
    private let current = Atomic<UInt>(0)
    /// Replaced objects, each with the stripes not yet seen at zero since (one bit each).
    private let retired = Locked<[(object: Unmanaged<Object>, pending: UInt64)]>([])

    init(_ object: Object) {
        counters = .allocate(byteCount: Self.stripes * Self.stride, alignment: Self.stride)
        for stripe in 0..<Self.stripes {
            (counters + stripe * Self.stride).bindMemory(to: Atomic<Int>.self, capacity: 1).initialize(to: Atomic(0))
        }
        current.store(Self.address(Unmanaged.passRetained(object)), ordering: .sequentiallyConsistent)
    }

    deinit {
        releaseRetired()
        retired.withLock { $0.forEach { $0.object.release() } }
        Self.unmanaged(current.load(ordering: .sequentiallyConsistent)).release()
        for stripe in 0..<Self.stripes { _ = counter(stripe).deinitialize(count: 1) }
        counters.deallocate()
    }

    /// Calls `body` with the current object, which lives at least as long as the call.
    /// Never blocks and never retains; `body` must not keep the object (it may retain it).
    @inline(__always)
    func withCurrent<R>(_ body: (Object) -> R) -> R {
        let stripe = Self.stripe()
        counter(stripe).pointee.wrappingAdd(1, ordering: .sequentiallyConsistent)
        defer { counter(stripe).pointee.wrappingSubtract(1, ordering: .releasing) }
        return Self.unmanaged(current.load(ordering: .sequentiallyConsistent))._withUnsafeGuaranteedRef(body)
    }

    /// The current object, retained.
    var object: Object { withCurrent { $0 } }

    /// Makes `object` the current one. The one it replaces is released by a later
    /// `releaseRetired`, once no reader can still be using it.
    func publish(_ object: Object) {
        retired.withLock { retired in
            let old = current.exchange(Self.address(Unmanaged.passRetained(object)), ordering: .sequentiallyConsistent)
            retired.append((Self.unmanaged(old), pending: .max))
        }
        releaseRetired()
    }

    /// Releases the replaced objects that no reader can still be using. Cheap when there is
    /// none: the publisher calls it at every turn of its loop.
    func releaseRetired() {
        retired.withLock { retired in
            guard !retired.isEmpty else { return }
            var idle: UInt64 = 0
            for stripe in 0..<Self.stripes where counter(stripe).pointee.load(ordering: .sequentiallyConsistent) == 0 {
                idle |= 1 << UInt64(stripe)
            }
            for index in retired.indices { retired[index].pending &= ~idle }
            retired.removeAll { entry in
                guard entry.pending == 0 else { return false }
                entry.object.release()
                return true
            }
        }
    }

    /// How many replaced objects are still kept.
    var retiredCount: Int { retired.withLock { $0.count } }

    private func counter(_ stripe: Int) -> UnsafeMutablePointer<Atomic<Int>> {
        (counters + stripe * Self.stride).assumingMemoryBound(to: Atomic<Int>.self)
    }

    /// The calling thread's stripe: its thread pointer, mixed so that threads whose
    /// pointers are far apart by a power of two spread over the stripes.
    @inline(__always)
    private static func stripe() -> Int {
        #if canImport(Darwin)
        let thread = UInt(bitPattern: pthread_self())
        #else
        let thread = UInt(pthread_self())
        #endif
        return Int(truncatingIfNeeded: (thread &* 0x9E37_79B9_7F4A_7C15) >> 58)
    }

    private static func address(_ object: Unmanaged<Object>) -> UInt { UInt(bitPattern: object.toOpaque()) }

    private static func unmanaged(_ address: UInt) -> Unmanaged<Object> {
        Unmanaged.fromOpaque(UnsafeRawPointer(bitPattern: address)!)
    }
}
