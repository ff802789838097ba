#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The tracepoints file: read again whenever its inode, size or modification time changes.
/// A missing or empty file means no tracepoints. A file that cannot be read or does not
/// decode (or is larger than `TracepointsDocument.maximumBytes`) is reported as the problem,
/// and the last good set stays installed.
final class TracepointsFileSource: TracepointSource {
    let path: String
    private let state = Locked(State())

    private struct State {
        var stamp: Files.Stamp?
        var content: [UInt8]?
        var version = 0
        var entries: [TracepointsDocument.Entry] = []
        var problem: String?
    }

    init(path: String) { self.path = path }

    var problem: String? { state.withLock { $0.problem } }
    var server: ServerStatus? { nil }

    func tracepoints(after applied: Int) -> (version: Int, entries: [TracepointsDocument.Entry])? {
        state.withLock { state in
            reload(&state)
            return state.version == applied ? nil : (state.version, state.entries)
        }
    }

    private func reload(_ state: inout State) {
        let stamp = Files.stamp(path)
        guard stamp != state.stamp || (stamp == nil && state.content != nil) else { return }
        state.stamp = stamp
        let content: [UInt8]?
        do throws(Files.Failure) {
            switch try Files.read(path, limit: TracepointsDocument.maximumBytes) {
            case .missing: content = nil
            case .bytes(let bytes): content = bytes
            }
        } catch {
            state.problem = "\(error); keeping the last good set of tracepoints"
            state.stamp = nil  // read again at the next tick: a permission or a limit may change
            return
        }
        guard content != state.content else {
            state.problem = nil
            return
        }
        do {
            let entries = try TracepointsDocument.decode(content ?? [])
            state.problem = nil
            replace(&state, with: entries, content: content)
        } catch {
            state.problem = "\(path): \(DecodingErrorText.describe(error)); keeping the last good set of tracepoints"
        }
    }

    private func replace(_ state: inout State, with entries: [TracepointsDocument.Entry], content: [UInt8]?) {
        state.content = content
        state.entries = entries
        state.version += 1
    }
}
