import DeepModel
import Foundation

/// The tracepoints file, read and changed without losing anything in it: entries this
/// version cannot decode are kept as they are, and a file that is not JSON is never
/// overwritten. Changes are made under a lock file and land with one rename, so the
/// runtime reads either the old file or the new one.
struct TracepointsFile {
    let path: String

    /// The decoded tracepoints and the entries that do not decode, in file order.
    func entries() throws(Failure) -> [TracepointsDocument.Entry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        do {
            return try JSONDecoder().decode(TracepointsDocument.self, from: data).tracepoints
        } catch {
            throw .malformed("\(path): \(DecodingErrorText.describe(error)); fix or remove the file")
        }
    }

    /// The valid tracepoints.
    func tracepoints() throws(Failure) -> [Tracepoint] {
        try entries().compactMap { if case .valid(let tracepoint) = $0 { tracepoint } else { nil } }
    }

    /// Applies `change` to the file's raw entries (JSON values, in order, kept as they are
    /// whatever they hold) under the lock.
    func update(_ change: (inout [Any]) throws(Failure) -> Void) throws(Failure) {
        let directory = ServiceFiles.directory(of: path)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(directory): \(error.localizedDescription)")
        }
        let lock = open(path + ".lock", O_CREAT | O_RDWR, 0o644)
        guard lock >= 0 else { throw .io("cannot open \(path).lock: \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        flock(lock, LOCK_EX)
        defer { flock(lock, LOCK_UN) }

        var document: [String: Any] = [:]
        if let data = FileManager.default.contents(atPath: path), !data.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
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
        do {
            let data = try JSONSerialization.data(
                withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            let temporary = path + ".\(getpid()).tmp"
            try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        } catch {
            throw .io("cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// The id of a raw entry, if it is an object that has one.
    static func id(of entry: Any) -> String? {
        (entry as? [String: Any])?["id"] as? String
    }

    /// A tracepoint as a JSON object, in the file's field names.
    static func object(_ tracepoint: Tracepoint) -> [String: Any] {
        let data = (try? JSONEncoder().encode(tracepoint)) ?? Data("{}".utf8)
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }
}
