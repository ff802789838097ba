/// How long to wait before the next attempt after failures in a row: doubling from
/// `initial` up to `cap`, and a random part of it ("equal jitter": between half and all
/// of it), so a fleet that lost its server does not come back all at once.
struct Backoff: Sendable {
    var initial: Duration
    var cap: Duration

    /// The wait after `failures` failures in a row (1 or more); `random` is in 0...1.
    func delay(afterFailures failures: Int, random: Double = .random(in: 0...1)) -> Duration {
        let doublings = min(max(failures - 1, 0), 30)
        let full = min(cap, initial * (1 << doublings))
        let nanoseconds = Double(full.components.seconds) * 1e9 + Double(full.components.attoseconds) / 1e9
        return .nanoseconds(Int64(nanoseconds * (0.5 + 0.5 * min(max(random, 0), 1))))
    }
}
