import Foundation
import Testing

@testable import Deep

/// The runtime under bad files and failing writes: every problem is named in the status,
/// nothing is lost silently, and the last good set of tracepoints stays installed.
extension TracepointTests {
    private func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("deep-faults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    private func status(in directory: URL) throws -> ProcessStatus {
        let data = try Data(contentsOf: directory.appendingPathComponent("status-\(getpid()).json"))
        return try JSONDecoder().decode(ProcessStatus.self, from: data)
    }

    @Test func tracepointsBeyondTheLimitsAreRefusedWithAStatus() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let entries = [("a", 10), ("b", 10), ("c", 10), ("d", 20), ("e", 20)]
            .map { #"{"id": "\#($0.0)", "path": "Orders.swift", "line": \#($0.1)}"# }
        let tracepoints = directory.appendingPathComponent("tracepoints.json")
        try Data(
            #"{"tracepoints": [\#(entries.joined(separator: ", ")), {"id": "f", "path": "Orders.swift", "line": 10, "conditon": "count > 1"}]}"#
                .utf8
        )
        .write(to: tracepoints)
        var limited = Deep.Configuration(tracepointsPath: tracepoints.path, sinks: [])
        limited.quotas.maxTracepoints = 3
        limited.quotas.maxTracepointsPerLine = 2
        let agent = Agent(configuration: limited, registry: FileRegistry(records: [file.record]))
        agent.start()
        agent.stop(exiting: false)
        let statuses = Dictionary(uniqueKeysWithValues: try status(in: directory).tracepoints.map { ($0.id, $0) })
        #expect(["a", "b", "d"].allSatisfy { statuses[$0]?.state == .installed })
        #expect(statuses["c"]?.message == "too many tracepoints on this line: at most 2 (DEEP_MAX_TRACEPOINTS_PER_LINE); delete some")
        #expect(statuses["e"]?.message == "too many tracepoints: this process installs at most 3 (DEEP_MAX_TRACEPOINTS); delete some")
        let typo = try #require(statuses["f"]?.message)
        #expect(
            typo.hasPrefix(
                "invalid tracepoint: `tracepoints.[5].conditon` is not a tracepoint field; the fields are id, path, line, condition"),
            "\(typo)")
    }

    @Test func aMissingOrEmptyFileMeansNoTracepointsAndABadOneKeepsTheLastGoodSet() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tracepoints.json").path
        let source = TracepointsFileSource(path: path)
        #expect(source.tracepoints(after: 0) == nil, "no file: nothing to apply")

        func write(_ text: String) throws {
            try? FileManager.default.removeItem(atPath: path)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
        try write(#"{"tracepoints": [{"id": "a", "path": "Orders.swift", "line": 10}]}"#)
        let first = try #require(source.tracepoints(after: 0))
        #expect(first.entries.count == 1 && source.problem == nil)

        // Neither a directory nor a pipe (which could block the agent) is read.
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(source.tracepoints(after: first.version) == nil)
        #expect(source.problem == "\(path): is not a regular file; keeping the last good set of tracepoints")
        try FileManager.default.removeItem(atPath: path)
        #expect(mkfifo(path, 0o644) == 0)
        #expect(source.tracepoints(after: first.version) == nil)
        #expect(source.problem?.hasSuffix("is not a regular file; keeping the last good set of tracepoints") == true)

        try write(String(repeating: " ", count: TracepointsDocument.maximumBytes + 1))
        #expect(source.tracepoints(after: first.version) == nil)
        #expect(
            source.problem
                == "\(path): is \(TracepointsDocument.maximumBytes + 1) bytes; at most \(TracepointsDocument.maximumBytes) are read; keeping the last good set of tracepoints"
        )

        try write(#"{"tracepoints": ["#)
        #expect(source.tracepoints(after: first.version) == nil)
        #expect(source.problem?.contains("keeping the last good set of tracepoints") == true)

        try write("\n  \n")
        let emptied = try #require(source.tracepoints(after: first.version), "an empty file means no tracepoints")
        #expect(emptied.entries.isEmpty && source.problem == nil)
    }

    @Test func appendsIsolateACutLastLine() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("nested/snapshots.jsonl")
        try Files.append(Array("{\"a\": 1}\n".utf8), to: file.path)
        // A writer killed in the middle of a line leaves it cut.
        let handle = try FileHandle(forWritingTo: file)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"cut\": ".utf8))
        try handle.close()
        let long = String(repeating: "x", count: 100)
        try Files.append(Array("{\"b\": 2}\n{\"c\": \"\(long)\"}\n".utf8), to: file.path, batchBytes: 16)
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines == ["{\"a\": 1}", "{\"cut\": ", "{\"b\": 2}", "{\"c\": \"\(long)\"}", ""])
    }

    /// The file is opened at each flush: deleted (or rotated away) while the program runs,
    /// it is made anew.
    @Test func aDeletedSnapshotsFileIsMadeAnew() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("snapshots.jsonl").path
        let sink = JSONLinesFileSink(path: path)
        let snapshot = Snapshot(
            id: "1", tracepointID: "t", timestampNanos: 0, path: "/a.swift", line: 1, function: "f()",
            thread: "", variables: [], watches: [], log: nil, frames: [], attributes: [:], truncated: nil)
        sink.write(snapshot)
        sink.flush()
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.removeItem(at: directory)
        sink.write(snapshot)
        sink.flush()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1 && sink.writeError == nil)
    }

    @Test func aSinkThatCannotWriteCountsWhatItLost() throws {
        let sink = JSONLinesFileSink(path: "/dev/full")
        let snapshot = Snapshot(
            id: "1", tracepointID: "t", timestampNanos: 0, path: "/a.swift", line: 1, function: "f()",
            thread: "", variables: [], watches: [], log: nil, frames: [], attributes: [:], truncated: nil)
        sink.write(snapshot)
        sink.write(snapshot)
        sink.flush()
        sink.write(snapshot)
        sink.flush()
        let error = try #require(sink.writeError)
        #expect(error.target == "snapshots to /dev/full")
        #expect(error.message == "/dev/full: cannot write to it: No space left on device")
        #expect(error.failures == 2 && error.lostSnapshots == 3)
    }
}
