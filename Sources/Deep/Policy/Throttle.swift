/// The quotas that can pause a tracepoint, as the status file names them, and the queue to
/// the sinks, whose room is one too.
enum Throttle: Int {
    case none, snapshotRate, logRate, byteRate, conditionCPU, fullQueue

    /// How long a full queue pauses a tracepoint: the agent empties it at its next tick.
    static let fullQueuePauseNanos: UInt64 = 10_000_000

    func describe(_ quotas: Quotas) -> String {
        switch self {
        case .none: return ""
        case .snapshotRate: return "the process-wide snapshot rate (\(Self.format(quotas.snapshotsPerSecond))/s)"
        case .logRate: return "the log rate per tracepoint (\(Self.format(quotas.logsPerSecondPerTracepoint))/s)"
        case .byteRate: return "the process-wide byte rate (\(Self.format(quotas.bytesPerSecond)) bytes/s)"
        case .conditionCPU:
            return
                "the CPU budget for conditions and metrics (\(Self.format(quotas.conditionCPUShare * 100))% of a core, all tracepoints together)"
        case .fullQueue:
            return "a full queue to the sinks (the agent is behind; \(Self.fullQueuePauseNanos / 1_000_000) ms)"
        }
    }

    private static func format(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(number)
    }
}
