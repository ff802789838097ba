/// The instrumented files of this process, and how a tracepoint's location finds one.
struct FileRegistry: Sendable {
    let records: [ProbeRecord]

    /// A location that names a probe.
    struct Location: Equatable, Sendable {
        let record: ProbeRecord
        let line: Int
        static func == (lhs: Location, rhs: Location) -> Bool { lhs.record.base == rhs.record.base && lhs.line == rhs.line }
    }

    /// Why a location names no probe. The message says what to do instead.
    enum LocationError: Error, Equatable, CustomStringConvertible {
        case unknownFile(path: String)
        case ambiguous(path: String, candidates: [String])
        case noCode(line: Int, nearest: [Int], path: String)

        var description: String {
            switch self {
            case .unknownFile(let path):
                return "no instrumented file matches `\(path)`; give a path that ends with whole path components of an instrumented file"
            case .ambiguous(let path, let candidates):
                return "`\(path)` matches \(candidates.count) files: \(candidates.joined(separator: ", ")); give more of the path"
            case .noCode(let line, let nearest, let path):
                let hint = nearest.isEmpty ? "the file has no probed lines"
                    : nearest.count == 1 ? "nearest is \(nearest[0])"
                    : "nearest probed lines are \(nearest[0]) and \(nearest[1])"
                return "no code at line \(line) of \(path); \(hint)"
            }
        }
    }

    /// Finds the file whose original path ends with `path` on path-component boundaries
    /// (`Model.swift`, `App/Model.swift` and `/src/Sources/App/Model.swift` all find
    /// `/src/Sources/App/Model.swift`), then checks that `line` has a probe.
    func resolve(path: String, line: Int) -> Result<Location, LocationError> {
        let wanted = Self.components(path)
        guard !wanted.isEmpty else { return .failure(.unknownFile(path: path)) }
        let matches = records.filter { Self.components($0.path).reversed().starts(with: wanted.reversed()) }
        guard let record = matches.first else { return .failure(.unknownFile(path: path)) }
        guard matches.count == 1 else {
            return .failure(.ambiguous(path: path, candidates: matches.map(\.path).sorted()))
        }
        guard record.probedLines.contains(line) else {
            return .failure(.noCode(line: line, nearest: Self.nearest(line, in: record.probedLines), path: record.path))
        }
        return .success(Location(record: record, line: line))
    }

    static func components(_ path: String) -> [Substring] {
        path.split(separator: "/").filter { $0 != "." }
    }

    /// The closest probed line before and after `line` (one of them when on an edge).
    static func nearest(_ line: Int, in lines: [Int]) -> [Int] {
        let before = lines.last { $0 < line }
        let after = lines.first { $0 > line }
        return [before, after].compactMap { $0 }
    }
}
