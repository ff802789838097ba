import DeepModel
import Foundation

/// The tracepoints file, read and changed without losing anything in it: entries this
/// version cannot decode are kept as they are, and a file that is not JSON is never
/// overwritten. Changes are made under a lock file and land with one rename, so the
/// runtime reads either the old file or the new one.
package struct TracepointsFile: Sendable {
    package let path: String

    package init(path: String) { self.path = path }

    /// The file's bytes; none when it does not exist.
    private func content() throws(Failure) -> [UInt8] {
        do throws(Files.Failure) {
            guard case .bytes(let bytes) = try Files.read(path, limit: TracepointsDocument.maximumBytes) else { return [] }
            return bytes
        } catch {
            throw .io("the tracepoints file \(error)")
        }
    }

    /// The decoded tracepoints and the entries that do not decode, in file order.
    package func entries() throws(Failure) -> [TracepointsDocument.Entry] {
        let data = try content()
        do {
            return try TracepointsDocument.decode(data)
        } catch {
            throw .malformed("\(path): \(DecodingErrorText.describe(error)); fix or remove the file")
        }
    }

    /// The valid tracepoints.
    package func tracepoints() throws(Failure) -> [Tracepoint] {
        try entries().compactMap { if case .valid(let tracepoint) = $0 { tracepoint } else { nil } }
    }

    /// Applies `change` to the file's raw entries (JSON values, in order, kept as they are
    /// whatever they hold) under the lock.
    package func update(_ change: (inout [Any]) throws(Failure) -> Void) throws(Failure) {
        do throws(Files.Failure) { try Files.makeDirectory(of: path) } catch { throw .io("\(error)") }
        let lock = open(path + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard lock >= 0 else { throw .io("\(path).lock: cannot open it: \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        flock(lock, LOCK_EX)
        defer { flock(lock, LOCK_UN) }

        var document: [String: Any] = [:]
        let data = try content()
        if data.contains(where: { !TracepointsDocument.isSpace($0) }) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(data)) as? [String: Any] else {
                throw .malformed("\(path) is not a JSON object; fix or remove it (nothing was changed)")
            }
            document = object
        }
        var entries: [Any] = []
        if let list = document["tracepoints"] {
            guard let list = list as? [Any] else {
                throw .malformed("\(path): `tracepoints` is not a list; fix or remove it (nothing was changed)")
            }
            entries = list
        }
        try change(&entries)
        document["tracepoints"] = entries
        guard
            let encoded = try? JSONSerialization.data(
                withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else {
            throw .malformed("\(path): its entries cannot be written back as JSON (nothing was changed)")
        }
        do throws(Files.Failure) {
            try Files.replace(path, with: [UInt8](encoded) + [UInt8(ascii: "\n")])
        } catch {
            throw .io("the tracepoints file \(error) (nothing was changed)")
        }
    }

    /// Deletes the tracepoints `ids` (every one with `ids` nil) and says which it deleted;
    /// refuses, deleting nothing, when an id is not in the file.
    package func delete(_ ids: [String]?) throws(Failure) -> [String] {
        var deleted: [String] = []
        try update { entries throws(Failure) in
            let present = entries.compactMap(Self.id(of:))
            let unknown = (ids ?? []).filter { !present.contains($0) }
            guard unknown.isEmpty else {
                let known = present.isEmpty ? "there are no tracepoints" : "the ids are " + present.joined(separator: ", ")
                throw .refused("no tracepoint \(unknown.map { "`\($0)`" }.joined(separator: ", ")); \(known) (nothing was deleted)")
            }
            deleted = ids ?? present
            entries.removeAll { Self.id(of: $0).map(deleted.contains) ?? (ids == nil) }
        }
        return deleted
    }

    /// The id of a raw entry, if it is an object that has one.
    package static func id(of entry: Any) -> String? {
        (entry as? [String: Any])?["id"] as? String
    }

    /// A tracepoint as a JSON object, in the file's field names.
    package static func object(_ tracepoint: Tracepoint) -> [String: Any] {
        let data = (try? JSONEncoder().encode(tracepoint)) ?? Data("{}".utf8)
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }
}
