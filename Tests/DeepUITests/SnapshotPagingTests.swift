import DeepModel
import DeepWorkspace
import Foundation
import Testing

/// A snapshots file of any size answers a page at a time, newest first, from its end: the
/// page loads the latest, pages back, and picks up what is appended.
@Suite struct SnapshotPagingTests {
    /// One snapshot's JSON line, numbered.
    static func line(_ number: Int) -> String {
        let snapshot = Snapshot(
            id: "s\(number)", tracepointID: "tp", timestampNanos: UInt64(number), path: "/App/Orders.swift", line: 3,
            function: "Orders.price(_:)", thread: "main",
            variables: [VariableNode(name: "total", type: "Int", value: String(number))], watches: [], log: nil,
            frames: [], attributes: [:], truncated: nil)
        return JSONText.encode(snapshot)
    }

    static func ids(_ page: SnapshotsFile.Page) -> [String] {
        page.lines.map { line in
            (try? JSONDecoder().decode(Snapshot.self, from: Data(line.utf8)).id) ?? "not a snapshot: \(line)"
        }
    }

    @Test func aHundredThousandLinesArePagedFromTheEnd() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("snapshots-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let count = 100_000
        // Lines that are not snapshots are skipped, and a line still being written is left out.
        let text = (1...count).map(Self.line).joined(separator: "\n") + "\nnot json\n" + #"{"id":"half"#
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let file = SnapshotsFile(path: path)

        let newest = try file.page(limit: 50)
        #expect(Self.ids(newest) == (count - 49...count).reversed().map { "s\($0)" })
        #expect(newest.end == UInt64(text.utf8.count - #"{"id":"half"#.utf8.count))

        // Back to the first line, one page after another; nothing twice, nothing missed.
        var seen = Self.ids(newest)
        var before = newest.start
        while before > 0 {
            let page = try file.page(before: before, limit: 500)
            #expect(page.start < before)
            seen += Self.ids(page)
            before = page.start
        }
        #expect(seen == (1...count).reversed().map { "s\($0)" })

        // What is appended after a page's end, and only that.
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(("\",\"x\":1}\n" + Self.line(count + 1) + "\n").utf8))
        try handle.close()
        let appended = try file.page(after: newest.end, limit: 50)
        #expect(Self.ids(appended) == ["s\(count + 1)"])
        #expect(try file.page(after: appended.end, limit: 50).lines.isEmpty)

        // A file replaced by a shorter one is read from its start.
        try (Self.line(7) + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let replaced = try file.page(after: appended.end, limit: 50)
        #expect(Self.ids(replaced) == ["s7"])
        #expect(replaced.start == 0)
    }

    @Test func noFileIsAnEmptyPage() throws {
        let page = try SnapshotsFile(path: "/nonexistent/snapshots.jsonl").page(limit: 10)
        #expect(page.lines.isEmpty && page.start == 0 && page.end == 0)
    }
}
