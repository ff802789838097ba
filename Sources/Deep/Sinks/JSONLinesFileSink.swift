#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Appends each snapshot as one JSON object per line (the default, `DEEP_SNAPSHOTS`).
///
/// The file is opened for appending on each drain, so it may be rotated or deleted while
/// the program runs; one line is written with one `write`, so readers never see half a line.
public final class JSONLinesFileSink: SnapshotSink, @unchecked Sendable {
    public let path: String
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    private var pending: [UInt8] = []

    public init(path: String) { self.path = path }

    public func write(_ snapshot: Snapshot) {
        guard let line = try? encoder.encode(snapshot) else { return }
        pending += line
        pending.append(UInt8(ascii: "\n"))
    }

    public func flush() {
        guard !pending.isEmpty else { return }
        defer { pending.removeAll(keepingCapacity: true) }
        Files.append(pending, to: path)
    }
}
