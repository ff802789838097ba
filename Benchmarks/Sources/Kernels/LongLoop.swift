/// A frame that loops until told to stop, calling out on every round: the "set → first
/// snapshot" benchmark sets a tracepoint on its marked line while it runs, and times how
/// long the running frame takes to send a snapshot from there (deep_probe.h, "Two copies").
public func spin(until stop: () -> Bool) -> Int {
    var rounds = 0
    while !stop() {
        rounds &+= 1  // bench: spin
    }
    return rounds
}
