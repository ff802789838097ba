import DeepModel
import Foundation

/// Snapshots as text: a header, the log line, and each variable as an indented tree with
/// its type; whatever a limit cut is marked `… (why)`.
///
///     ── 5e1f…93ab  big-cart  Store.swift:42  Store.checkout(customer:quantity:)  2026-11-21 18:00:00.123 UTC
///     log: ada buys 3 x 2.0
///     quantity: Int = 3
///     cart: Array<Item> = 3 elements
///       [0]: Item
///         sku: String = "sku-3"
enum SnapshotText {
    /// The header, log, variables and watches; `full` adds the thread, frames and attributes.
    static func render(_ snapshot: Snapshot, full: Bool) -> String {
        var lines = [header(snapshot, full: full)]
        if let log = snapshot.log { lines.append("log: " + log) }
        if let truncated = snapshot.truncated { lines.append("… (\(truncated): the rest of the variables were left out)") }
        for variable in snapshot.variables { tree(variable, indent: "", into: &lines) }
        if snapshot.variables.isEmpty, snapshot.log == nil, snapshot.watches.isEmpty { lines.append("(no variables)") }
        if !snapshot.watches.isEmpty {
            lines.append("watches:")
            for watch in snapshot.watches {
                if let value = watch.value {
                    tree(value, indent: "  ", into: &lines)
                } else {
                    lines.append("  \(watch.expression): error: \(watch.error ?? "no value")")
                }
            }
        }
        guard full else { return lines.joined(separator: "\n") }
        lines.append("thread: " + snapshot.thread)
        lines.append("frames:")
        for frame in snapshot.frames {
            let place =
                frame.path.map { "\($0):\(frame.line ?? 0)" } ?? [frame.image, frame.address].compactMap { $0 }.joined(separator: " ")
            lines.append("  \(frame.function)" + (place.isEmpty ? "" : "  \(place)"))
        }
        lines.append("attributes:")
        for (key, value) in snapshot.attributes.sorted(by: { $0.key < $1.key }) { lines.append("  \(key) = \(value)") }
        return lines.joined(separator: "\n")
    }

    private static func header(_ snapshot: Snapshot, full: Bool) -> String {
        let id = full ? snapshot.id : String(snapshot.id.prefix(12))
        let file = full ? snapshot.path : (snapshot.path as NSString).lastPathComponent
        return "── \(id)  \(snapshot.tracepointID)  \(file):\(snapshot.line)  \(snapshot.function)  \(time(snapshot.timestampNanos))"
    }

    private static func tree(_ node: VariableNode, indent: String, into lines: inout [String]) {
        var line = "\(indent)\(node.name): \(node.type)"
        if node.value != node.type { line += " = " + shown(node) }
        if let truncated = node.truncated { line += "  … (\(truncated))" }
        lines.append(line)
        for child in node.children { tree(child, indent: indent + "  ", into: &lines) }
    }

    /// Strings in quotes, so `"nil"` and `nil` differ; everything else as captured.
    private static func shown(_ node: VariableNode) -> String {
        let textTypes = ["String", "Substring", "Character", "Optional<String>", "Optional<Substring>"]
        guard textTypes.contains(node.type), node.value != "nil" || !node.type.hasPrefix("Optional"),
            node.value != "<redacted>"
        else { return node.value }
        return "\""
            + node.value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    static func time(_ nanos: UInt64) -> String {
        let date = Date(timeIntervalSince1970: Double(nanos / 1_000_000) / 1000)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSS 'UTC'"
        return formatter.string(from: date)
    }
}
