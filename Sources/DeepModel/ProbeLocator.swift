/// How a tracepoint's `path:line` finds a probe, the same way in the runtime (over the
/// probe records linked into a process) and in the `deep` command (over probe manifests).
///
/// A path names a file when the file's original path ends with it on path-component
/// boundaries: `Model.swift`, `App/Model.swift` and `/src/Sources/App/Model.swift` all name
/// `/src/Sources/App/Model.swift`; `odel.swift` names nothing. A method tracepoint names a
/// function instead of a line (see `ProbedFunction.isNamed`), and fires on its entry's or
/// exit's line (`method_capture`: takes the entry's and sends at the exit's).
package struct ProbeLocator<File: Sendable>: Sendable {
    package typealias Entry = (path: String, probedLines: [Int], functions: [ProbedFunction], file: File)
    private let entries: [Entry]

    /// `probedLines` must be ascending.
    package init(_ entries: [Entry]) { self.entries = entries }

    /// The files and the line `tracepoint` fires on, and for `method_capture` the entry's line,
    /// or why it names no probe.
    package func resolve(_ tracepoint: Tracepoint) -> Result<(files: [File], line: Int, entryLine: Int?), LocationError> {
        let stage = tracepoint.stage
        guard stage == .lineStart || stage.isMethodStage else { return .failure(.unsupportedStage(stage)) }
        guard stage.isMethodStage else {
            return resolve(path: tracepoint.path, line: tracepoint.line).map { (files: $0, line: tracepoint.line, entryLine: nil) }
        }
        let function: ProbedFunction
        let path: String
        switch self.function(tracepoint) {
        case .success(let found): (function, path) = found
        case .failure(let error): return .failure(error)
        }
        guard stage == .methodStart || function.exits else { return .failure(.noExit(function: function.name)) }
        let line = stage == .methodStart ? function.line : function.endLine
        let entryLine = stage == .methodCapture ? function.line : nil
        let copies = entries.filter { entry in
            entry.path == path && entry.probedLines.contains(line) && entryLine.map(entry.probedLines.contains) != false
        }
        guard !copies.isEmpty else { return .failure(.noEntry(function: function.name)) }
        return .success((files: copies.map(\.file), line: line, entryLine: entryLine))
    }

    /// The function a method tracepoint names: by `methodName` in the files its path names
    /// (every file when the path is empty), or the innermost one around its line.
    private func function(_ tracepoint: Tracepoint) -> Result<(ProbedFunction, path: String), LocationError> {
        let files: [Entry]
        if tracepoint.path.isEmpty {
            files = entries
        } else {
            let wanted = Self.components(tracepoint.path)
            files = entries.filter { Self.components($0.path).reversed().starts(with: wanted.reversed()) }
            guard !files.isEmpty else { return .failure(.unknownFile(path: tracepoint.path)) }
        }
        let functions = files.flatMap { file in file.functions.map { (function: $0, path: file.path) } }
        guard let name = tracepoint.methodName else {
            let around = functions.filter { ($0.function.line...max($0.function.line, $0.function.endLine)).contains(tracepoint.line) }
            guard let innermost = around.max(by: { $0.function.line < $1.function.line }) else {
                return .failure(.noFunction(line: tracepoint.line, path: tracepoint.path))
            }
            return .success(innermost)
        }
        var found: [(function: ProbedFunction, path: String)] = []
        for candidate in functions
        where candidate.function.isNamed(name) && !found.contains(where: { $0.function == candidate.function && $0.path == candidate.path })
        {
            found.append(candidate)
        }
        guard let match = found.first else {
            return .failure(.unknownMethod(name: name, nearest: Self.nearest(name, in: functions.map(\.function))))
        }
        guard found.count == 1 else {
            return .failure(.ambiguousMethod(name: name, candidates: found.map { "\($0.function.name) (\($0.path):\($0.function.line))" }))
        }
        return .success(match)
    }

    /// Up to five names of `functions` closest to `name`: by the edit distance to the
    /// nearest way of naming each (`ProbedFunction.spellings`). None for a name longer than
    /// any function's could be: the distances cost its length times each name's, and the
    /// runtime works them out on its agent thread.
    private static func nearest(_ name: String, in functions: [ProbedFunction]) -> [String] {
        guard name.utf8.count <= 256 else { return [] }
        let query = Array(name.lowercased())
        var distances: [String: Int] = [:]
        for function in functions {
            let distance = function.spellings.map { editDistance(query, Array($0.lowercased())) }.min() ?? .max
            distances[function.name] = min(distances[function.name] ?? .max, distance)
        }
        return distances.sorted { ($0.value, $0.key) < ($1.value, $1.key) }.prefix(5).map(\.key)
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var row = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var previous = row[0]
            row[0] = i + 1
            for (j, y) in b.enumerated() {
                let substitution = previous + (x == y ? 0 : 1)
                previous = row[j + 1]
                row[j + 1] = min(substitution, row[j] + 1, row[j + 1] + 1)
            }
        }
        return row[b.count]
    }

    /// The files `path:line` names, or why it names no probe. Several entries with the same
    /// path are copies of one file (a C file #included into another, a library linked into
    /// two images): all of them are returned.
    package func resolve(path: String, line: Int) -> Result<[File], LocationError> {
        let wanted = Self.components(path)
        guard !wanted.isEmpty else { return .failure(.unknownFile(path: path)) }
        let matches = entries.filter { Self.components($0.path).reversed().starts(with: wanted.reversed()) }
        guard let match = matches.first else { return .failure(.unknownFile(path: path)) }
        let paths = Set(matches.map(\.path))
        guard paths.count == 1 else { return .failure(.ambiguous(path: path, candidates: paths.sorted())) }
        let copies = matches.filter { $0.probedLines.contains(line) }
        guard !copies.isEmpty else {
            return .failure(.noCode(line: line, nearest: Self.nearest(line, in: match.probedLines), path: match.path))
        }
        return .success(copies.map(\.file))
    }

    private static func components(_ path: String) -> [Substring] {
        path.split(separator: "/").filter { $0 != "." }
    }

    /// The closest probed line before and after `line` (one of them when on an edge).
    private static func nearest(_ line: Int, in lines: [Int]) -> [Int] {
        let before = lines.last { $0 < line }
        let after = lines.first { $0 > line }
        return [before, after].compactMap { $0 }
    }
}

/// Why a location names no probe. The message says what to do instead.
package enum LocationError: Error, Equatable, CustomStringConvertible {
    case unknownFile(path: String)
    case ambiguous(path: String, candidates: [String])
    case noCode(line: Int, nearest: [Int], path: String)
    case unsupportedStage(Tracepoint.Stage)
    case noFunction(line: Int, path: String)
    case unknownMethod(name: String, nearest: [String])
    case ambiguousMethod(name: String, candidates: [String])
    case noEntry(function: String)
    case noExit(function: String)

    package var description: String {
        switch self {
        case .unknownFile(let path):
            return "no instrumented file matches `\(path)`; give a path that ends with whole path components of an instrumented file"
        case .ambiguous(let path, let candidates):
            return "`\(path)` matches \(candidates.count) files: \(candidates.joined(separator: ", ")); give more of the path"
        case .noCode(let line, let nearest, let path):
            let hint =
                nearest.isEmpty
                ? "the file has no probed lines"
                : nearest.count == 1
                    ? "nearest is \(nearest[0])"
                    : "nearest probed lines are \(nearest[0]) and \(nearest[1])"
            return "no code at line \(line) of \(path); \(hint)"
        case .unsupportedStage(let stage):
            return "stage \(stage.rawValue) is not supported yet; use line_start, method_start, method_end or method_capture"
        case .noFunction(let line, let path):
            return "line \(line) of \(path) is in no instrumented function; give method_name, or a line inside a function"
        case .unknownMethod(let name, let nearest):
            let hint = nearest.isEmpty ? "no function's name is near it" : "nearest are " + nearest.joined(separator: ", ")
            return "no instrumented function is named `\(name)`; \(hint)"
        case .ambiguousMethod(let name, let candidates):
            return "`\(name)` names \(candidates.count) functions: \(candidates.joined(separator: ", ")); give more of the name"
        case .noEntry(let function):
            return
                "\(function) has no entry probe (its body is not instrumented, or it is C built declarations first, where no"
                + " statement may open a body); set a line tracepoint inside it"
        case .noExit(let function):
            return
                "\(function) has no exit probe (its closing brace shares a line, its value is an if/switch expression, a result builder"
                + " may transform it, a C macro writes one of its `return`s, or it never returns); use method_start or a line tracepoint"
        }
    }
}
