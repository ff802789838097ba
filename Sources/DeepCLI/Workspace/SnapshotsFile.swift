import DeepModel
import Foundation

/// The snapshots file: one JSON snapshot per line, appended by running processes.
struct SnapshotsFile {
    let path: String

    /// Every snapshot in the file. Lines that are not snapshots are skipped with a note.
    func all() throws(Failure) -> [Snapshot] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .missing("no snapshots yet: \(path) does not exist; set a tracepoint with `deep set` and make the code run")
        }
        var reader = Reader(path: path)
        return reader.snapshots(in: data, final: true)
    }

    /// Calls `body` with each snapshot in the file, then with each one appended, until killed.
    func follow(_ body: (Snapshot) -> Void) -> Never {
        var reader = Reader(path: path)
        var offset: UInt64 = 0
        while true {
            if let handle = FileHandle(forReadingAtPath: path) {
                let size = (try? handle.seekToEnd()) ?? 0
                if size < offset { offset = 0 }  // the file was replaced or truncated
                try? handle.seek(toOffset: offset)
                let data = (try? handle.readToEnd()) ?? Data()
                try? handle.close()
                offset += UInt64(data.count)
                reader.snapshots(in: data, final: false).forEach(body)
                Output.flush()
            }
            usleep(200_000)
        }
    }

    /// Splits data into lines and decodes them, keeping an unfinished last line for later.
    private struct Reader {
        let path: String
        var pending = Data()
        var lineNumber = 0

        mutating func snapshots(in data: Data, final: Bool) -> [Snapshot] {
            pending += data
            var lines = pending.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            pending = final ? Data() : Data(lines.removeLast())
            let decoder = JSONDecoder()
            return lines.compactMap { line in
                lineNumber += 1
                guard !line.isEmpty else { return nil }
                do {
                    return try decoder.decode(Snapshot.self, from: Data(line))
                } catch {
                    Output.error("deep: \(path):\(lineNumber) is not a snapshot (\(DecodingErrorText.describe(error))); skipped")
                    return nil
                }
            }
        }
    }
}
