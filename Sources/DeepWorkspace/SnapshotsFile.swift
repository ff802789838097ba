import DeepModel
import Foundation

/// The snapshots file: one JSON snapshot per line, appended by running processes.
package struct SnapshotsFile: Sendable {
    package let path: String

    package init(path: String) { self.path = path }

    /// Every snapshot in the file. Lines that are not snapshots are skipped with a note.
    package func all() throws(Failure) -> [Snapshot] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .missing("no snapshots yet: \(path) does not exist; set a tracepoint with `deep set` and make the code run")
        }
        var reader = Reader(path: path)
        return reader.snapshots(in: data, final: true)
    }

    /// Calls `body` with each snapshot in the file, then with each one appended, until killed.
    package func follow(_ body: (Snapshot) -> Void) -> Never {
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

    /// Snapshots read from the end of the file back, as their JSON text, newest first.
    package struct Page: Sendable {
        package var lines: [String] = []
        /// Where the oldest line read starts: `before` for the page older than this one.
        package var start: UInt64 = 0
        /// Where the newest whole line read ends: `after` for what is appended next.
        package var end: UInt64 = 0
    }

    /// Up to `limit` snapshots that lie between byte `after` and byte `before` (the end of
    /// the last whole line by default), newest first: one page of a file of any size. Only
    /// what the page needs is read. A file shorter than `after` was replaced or truncated,
    /// and is read from its start; a file that does not exist has an empty page.
    package func page(after: UInt64 = 0, before: UInt64? = nil, limit: Int) throws(Failure) -> Page {
        guard let handle = FileHandle(forReadingAtPath: path) else { return Page() }
        defer { try? handle.close() }
        do {
            let size = try handle.seekToEnd()
            let floor = after <= size ? after : 0
            var position = min(before ?? size, size)
            var buffer = Data()
            var page = Page()
            // Reads back in chunks until `limit` whole lines are in hand or the floor is reached.
            while position > floor {
                let count = min(65_536, position - floor)
                position -= count
                try handle.seek(toOffset: position)
                buffer = (try handle.read(upToCount: Int(count)) ?? Data()) + buffer
                if page.end == 0 {
                    // Only whole lines: a line still being written is left for the next read.
                    guard let last = buffer.lastIndex(of: UInt8(ascii: "\n")) else { continue }
                    page.end = position + UInt64(last - buffer.startIndex) + 1
                    buffer = buffer[..<(last + 1)]
                }
                if buffer.dropLast().filter({ $0 == UInt8(ascii: "\n") }).count >= limit { break }
            }
            guard page.end > 0 else { return Page(start: floor, end: floor) }
            var lines = buffer.dropLast().split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            if position > floor { lines.removeFirst() }  // begins before what was read
            page.start = page.end
            let decoder = JSONDecoder()
            for line in lines.reversed() where page.lines.count < limit {
                page.start -= UInt64(line.count + 1)
                if (try? decoder.decode(Snapshot.self, from: Data(line))) != nil {
                    page.lines.append(String(decoding: line, as: UTF8.self))
                }
            }
            return page
        } catch {
            throw .io("\(path): cannot read it: \(error)")
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
