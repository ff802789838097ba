/// What one metric of a tracepoint has recorded in this process, for the status file. It
/// also bounds what the metric may record: at most `maximumLabelSets` distinct sets of label
/// values, so that a label whose values never repeat (an order id) grows neither this
/// process's memory nor the backend's; a value with a new set beyond them is refused.
final class MetricTally: Sendable {
    static let maximumLabelSets = 100

    private struct State {
        var labelSets: Set<[String]> = []
        var recorded = 0
        var sum = 0.0
        var last: Double?
        var refused = 0
        var error: String?
    }

    private let state = Locked(State())

    /// Counts `value` under `labels`, or refuses it when `labels` are a new set beyond the
    /// limit. Held for a set lookup: a fire's cost, not a hit's.
    func admit(_ value: Double, labels: [String]) -> Bool {
        state.withLock { state in
            if !state.labelSets.contains(labels) {
                guard state.labelSets.count < Self.maximumLabelSets else {
                    state.refused += 1
                    state.error = "more than \(Self.maximumLabelSets) distinct label sets; new ones are not recorded"
                    return false
                }
                state.labelSets.insert(labels)
            }
            state.recorded += 1
            state.sum += value
            state.last = value
            return true
        }
    }

    /// Counts a value that could not be worked out, and why.
    func refuse(_ error: String) {
        state.withLock { state in
            state.refused += 1
            state.error = error
        }
    }

    func status(of metric: TracepointMetric) -> MetricStatus {
        state.withLock { state in
            MetricStatus(
                name: metric.qualifiedName, type: metric.type, recorded: state.recorded, sum: state.sum, last: state.last,
                labelSets: state.labelSets.count, refused: state.refused, error: state.error)
        }
    }
}
