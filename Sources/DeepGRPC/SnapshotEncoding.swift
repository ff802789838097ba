import DeepModel

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A snapshot of ours as Deep's `Snapshot` message.
///
/// Variables go into `var_lookup` under ids "1", "2", ... in the order they are met; the
/// frame, the watches and other variables refer to them by `VariableID`. An object met
/// twice (the same `ref`) is stored once, so shared objects and cycles stay small.
enum SnapshotEncoding {
    static func encode(_ snapshot: Snapshot, tracepoint: WireTracePointConfig?, resource: [WireKeyValue]) -> WireSnapshot {
        var table = VariableTable()
        var message = WireSnapshot()
        message.id = identifier(snapshot.id)
        if let tracepoint { message.tracepoint = tracepoint } else { message.tracepoint.id = snapshot.tracepointID }
        message.tsNanos = snapshot.timestampNanos
        message.durationNanos = snapshot.durationNanos ?? 0
        let variables = snapshot.variables.map { table.add($0) }
        message.frames = snapshot.frames.enumerated().map { index, frame in
            var wire = WireStackFrame()
            wire.fileName = frame.path ?? frame.image ?? ""
            wire.methodName = frame.function
            wire.lineNumber = UInt32(clamping: frame.line ?? 0)
            // Frames with a source location are the program's own; the others come from
            // libraries without line tables.
            wire.appFrame = frame.path != nil
            if index == 0 { wire.variables = variables }
            return wire
        }
        message.watches = snapshot.watches.map { watch in
            var wire = WireWatchResult()
            wire.expression = watch.expression
            wire.source = .watch
            if let value = watch.value {
                var named = value
                named.name = watch.expression
                wire.goodResult = table.add(named)
            } else {
                wire.errorResult = watch.error ?? "no value"
            }
            return wire
        }
        message.varLookup = table.lookup
        var attributes = snapshot.attributes
        attributes["tracepoint"] = snapshot.tracepointID
        attributes["path"] = snapshot.path
        attributes["function"] = snapshot.function
        attributes["thread_name"] = snapshot.thread
        if let truncated = snapshot.truncated { attributes["truncated"] = truncated }
        message.attributes = WireKeyValue.list(attributes) + [WireKeyValue("line", snapshot.line)]
        message.resource = resource
        if let log = snapshot.log { message.logMsg = log }
        return message
    }

    /// Our 32 hex digits as Deep's 16-byte id.
    static func identifier(_ hex: String) -> Data {
        var bytes: [UInt8] = []
        var digits = hex.utf8.makeIterator()
        while let high = digits.next(), let low = digits.next(),
            let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
        {
            bytes.append(value)
        }
        return Data(bytes.count == 16 ? bytes : (0..<16).map { _ in UInt8.random(in: 0...255) })
    }

    /// `var_lookup` as it is built.
    struct VariableTable {
        private(set) var lookup: [String: WireVariable] = [:]
        private var idsByReference: [String: String] = [:]

        /// Stores `node` and its children, and returns the reference to it.
        mutating func add(_ node: VariableNode) -> WireVariableID {
            var reference = WireVariableID()
            reference.name = node.name
            if let ref = node.ref, let id = idsByReference[ref] {
                reference.id = id
                return reference
            }
            let id = String(lookup.count + 1)
            reference.id = id
            if let ref = node.ref { idsByReference[ref] = id }
            lookup[id] = WireVariable()
            var variable = WireVariable()
            variable.type = node.type
            variable.value = node.value
            variable.hash = node.ref ?? ""
            variable.children = node.children.map { add($0) }
            if node.truncated != nil { variable.truncated = true }
            lookup[id] = variable
            return reference
        }
    }
}
