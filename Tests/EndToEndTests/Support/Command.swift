import DeepModel
import Foundation

/// Runs programs for the tests: to completion, or interactively through stdin and stdout.
enum Command {
    struct Result {
        var status: Int32
        var output: String
        var error: String = ""
    }

    /// Runs `tool` (found on PATH) to completion in `directory`; standard error goes into
    /// `output` too unless `separateErrors`.
    static func run(
        _ tool: String, _ arguments: [String], in directory: URL? = nil,
        separateErrors: Bool = false
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("deep-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardError = try separateErrors ? FileHandle(forWritingTo: errors) : pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: data, as: UTF8.self),
            error: (try? String(contentsOf: errors, encoding: .utf8)) ?? "")
    }
}

/// A fixture program running in its own directory, with its own tracepoints and snapshots
/// files, driven line by line.
final class RunningProgram: @unchecked Sendable {
    let directory: URL
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let lock = NSLock()
    private var outputLines: [String] = []
    private var partial = ""
    /// Standard error so far. Read as it comes: a pipe nobody reads holds 64 KiB, and a
    /// program that logs more would stop in its next write (the runtime's log lines too).
    private var errorData = Data()

    var tracepointsFile: URL { directory.appendingPathComponent(".deep/tracepoints.json") }
    var snapshotsFile: URL { directory.appendingPathComponent(".deep/snapshots.jsonl") }

    /// Prepares a directory; `tracepoints` (the JSON file's content) is written before start.
    /// With `readingErrors` false, standard error is a pipe nobody reads: writes past its
    /// 64 KiB block.
    init(
        _ executable: URL, tracepoints: String? = nil, environment: [String: String] = [:], arguments: [String] = [],
        readingErrors: Bool = true
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("deep-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(".deep"), withIntermediateDirectories: true)
        if let tracepoints { try writeTracepoints(tracepoints) }
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var variables = ProcessInfo.processInfo.environment
        variables.removeValue(forKey: "DEEP_TRACEPOINTS")
        variables.removeValue(forKey: "DEEP_SNAPSHOTS")
        variables.removeValue(forKey: "DEEP_DISABLED")
        process.environment = variables.merging(environment) { $1 }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        output.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.partial += String(decoding: data, as: UTF8.self)
            while let newline = self.partial.firstIndex(of: "\n") {
                self.outputLines.append(String(self.partial[..<newline]))
                self.partial = String(self.partial[self.partial.index(after: newline)...])
            }
            self.lock.unlock()
        }
        if readingErrors {
            errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.lock()
                self.errorData += data
                self.lock.unlock()
            }
        }
        try process.run()
    }

    func writeTracepoints(_ json: String) throws {
        try json.write(to: tracepointsFile, atomically: true, encoding: .utf8)
    }

    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return outputLines
    }

    /// Closes standard input: the fixtures end when they read its end.
    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    /// Closes standard input and waits for the program to exit.
    @discardableResult
    func finish() -> (status: Int32, output: [String], errors: String) {
        closeInput()
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
        let rest = output.fileHandleForReading.readDataToEndOfFile()
        lock.lock()
        partial += String(decoding: rest, as: UTF8.self)
        outputLines += partial.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
        partial = ""
        lock.unlock()
        errors.fileHandleForReading.readabilityHandler = nil
        let restOfErrors = errors.fileHandleForReading.readDataToEndOfFile()
        lock.lock()
        errorData += restOfErrors
        let errorText = String(decoding: errorData, as: UTF8.self)
        lock.unlock()
        return (process.terminationStatus, lines, errorText)
    }

    /// The snapshots written so far.
    func snapshots() throws -> [Snapshot] { try readSnapshots(snapshotsFile) }

    /// This process's status file; nil until it is written.
    func status() throws -> ProcessStatus? {
        let file = directory.appendingPathComponent(".deep/status-\(process.processIdentifier).json")
        guard let data = try? Data(contentsOf: file) else { return nil }
        return try JSONDecoder().decode(ProcessStatus.self, from: data)
    }

    /// Waits up to `seconds` for `condition`, checking every 20 ms.
    func wait(upTo seconds: Double = 10, for what: String, until condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw FixtureError("timed out after \(seconds) s waiting for \(what)")
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: directory)
    }
}
