/// The quotas that can pause a tracepoint, as the status file names them.
enum Throttle: Int {
    case none, snapshotRate, logRate, byteRate, conditionCPU

    func describe(_ quotas: Quotas) -> String {
        switch self {
        case .none: return ""
        case .snapshotRate: return "the process-wide snapshot rate (\(Self.format(quotas.snapshotsPerSecond))/s)"
        case .logRate: return "the log rate per tracepoint (\(Self.format(quotas.logsPerSecondPerTracepoint))/s)"
        case .byteRate: return "the process-wide byte rate (\(Self.format(quotas.bytesPerSecond)) bytes/s)"
        case .conditionCPU:
            return "the CPU budget for conditions (\(Self.format(quotas.conditionCPUShare * 100))% of a core, all tracepoints together)"
        }
    }

    private static func format(_ number: Double) -> String {
        number == number.rounded() ? String(Int(number)) : String(number)
    }
}
