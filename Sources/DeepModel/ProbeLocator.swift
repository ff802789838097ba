/// How a tracepoint's `path:line` finds a probe, the same way in the runtime (over the
/// probe records linked into a process) and in the `deep` command (over probe manifests).
///
/// A path names a file when the file's original path ends with it on path-component
/// boundaries: `Model.swift`, `App/Model.swift` and `/src/Sources/App/Model.swift` all name
/// `/src/Sources/App/Model.swift`; `odel.swift` names nothing.
package struct ProbeLocator<File: Sendable>: Sendable {
    package typealias Entry = (path: String, probedLines: [Int], file: File)
    private let entries: [Entry]

    /// `probedLines` must be ascending.
    package init(_ entries: [Entry]) { self.entries = entries }

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
        }
    }
}
