import CDeepRuntime

/// The thread a hit ran on: read at the hit without a system call (`deep_thread_identity`
/// keeps it per thread), and described on the agent thread.
struct HitThread: Sendable, CustomStringConvertible {
    let id: Int
    /// The name's bytes, NUL-padded (Linux names are at most 15 bytes).
    private let name: (UInt64, UInt64)

    /// The calling thread, at monotonic time `now`.
    static func current(now: UInt64) -> HitThread {
        var name: (UInt64, UInt64) = (0, 0)
        let id = withUnsafeMutableBytes(of: &name) { deep_thread_identity($0.baseAddress!.assumingMemoryBound(to: CChar.self), now) }
        return HitThread(id: id, name: name)
    }

    /// `name (tid)`, or `tid` for an unnamed thread.
    var description: String {
        let name = withUnsafeBytes(of: self.name) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        return name.isEmpty ? "\(id)" : "\(name) (\(id))"
    }
}
