#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Appends each snapshot as one JSON object per line (the default, `DEEP_SNAPSHOTS`).
///
/// The file is opened for appending on each flush, so it may be rotated or deleted while
/// the program runs. Lines go out in `O_APPEND` writes of whole lines (`Files.append`), and
/// at most `bufferBytes` wait in memory: past that the sink writes at once. A write that
/// fails loses its lines; they are counted, and the failure named, in `writeError`.
public final class JSONLinesFileSink: SnapshotSink {
    public let path: String
    /// Bytes of encoded snapshots buffered before they are written, whatever the drain does.
    static let bufferBytes = 1 << 20

    private let state = Locked(State())

    private struct State {
        var pending: [UInt8] = []
        var pendingSnapshots = 0
        var error: WriteError?
    }

    public init(path: String) { self.path = path }

    public func write(_ snapshot: Snapshot) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let line = try? encoder.encode(snapshot) else { return }
        state.withLock { state in
            state.pending += line
            state.pending.append(UInt8(ascii: "\n"))
            state.pendingSnapshots += 1
            if state.pending.count >= Self.bufferBytes { writePending(&state) }
        }
    }

    public func flush() {
        state.withLock { writePending(&$0) }
    }

    public var writeError: WriteError? { state.withLock { $0.error } }

    private func writePending(_ state: inout State) {
        guard !state.pending.isEmpty else { return }
        defer {
            state.pending.removeAll(keepingCapacity: state.pending.count <= Self.bufferBytes)
            state.pendingSnapshots = 0
        }
        do throws(Files.Failure) {
            try Files.append(state.pending, to: path)
        } catch {
            let previous = state.error
            state.error = WriteError(
                target: "snapshots to \(path)", message: error.description,
                failures: (previous?.failures ?? 0) + 1,
                lostSnapshots: (previous?.lostSnapshots ?? 0) + state.pendingSnapshots)
        }
    }
}
