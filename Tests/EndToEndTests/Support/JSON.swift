import DeepModel
import Foundation

/// The records of a JSON-lines file, one per complete line, each made by `decode`; none when
/// there is no file. A line a program is still appending is left for a later read.
func readJSONLines<Record>(_ file: URL, _ decode: (Data) throws -> Record) throws -> [Record] {
    guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
    let complete = text.hasSuffix("\n") ? text[...] : text[..<(text.lastIndex(of: "\n") ?? text.startIndex)]
    return try complete.split(separator: "\n").map { line in
        do {
            return try decode(Data(line.utf8))
        } catch {
            throw FixtureError("a line of \(file.path) does not decode (\(error)): \(line)")
        }
    }
}

/// The snapshots in a snapshots file (`.deep/snapshots.jsonl`).
func readSnapshots(_ file: URL) throws -> [Snapshot] {
    let decoder = JSONDecoder()
    return try readJSONLines(file) { try decoder.decode(Snapshot.self, from: $0) }
}

/// Reads nested JSON that no DeepModel type describes (the Deep server's protobuf JSON,
/// `deep list --format json` rows): `value(json, "processes", 0, "status")`.
func value(_ object: Any?, _ path: Any...) -> Any? {
    var current = object
    for key in path {
        switch key {
        case let name as String: current = (current as? [String: Any])?[name]
        case let index as Int:
            guard let array = current as? [Any], array.indices.contains(index) else { return nil }
            current = array[index]
        default: return nil
        }
    }
    return current
}
