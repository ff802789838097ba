import DeepModel

/// One instrumented source file as the probe manifests describe it.
package struct ProbedSource: Codable, Sendable {
    /// The original path, as snapshots and probe records name it.
    package let path: String
    /// The lines that take a tracepoint, ascending.
    package let lines: [Int]
    /// Its functions, as method tracepoints name them.
    package let functions: [ProbedFunction]
}
