import DeepModel

/// The result of instrumenting one file.
public struct InstrumentedFile: Sendable {
    /// The rewritten source, as bytes: a C file need not be UTF-8, and its bytes are kept.
    public var contents: [UInt8]
    /// Lines that have a probe, ascending.
    public var probedLines: [Int]
    /// Executable statements, probed or not.
    public var statements: Int
    /// Lines that hold an executable statement, probed or not.
    public var executableLines: Int
    /// Executable statements that got no probe, by reason.
    public var skipped: [SkipReason: Int]
    /// Its functions with probes, as method tracepoints name them.
    public var functions: [ProbedFunction] = []

    /// The rewritten source as text.
    public var text: String { String(decoding: contents, as: UTF8.self) }
}
