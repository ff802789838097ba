// What a tuple cannot hold stays unwrapped; the module imports Deep itself.
import Deep
import Synchronization

struct Badge: ~Copyable {
    let id: Int
}

final class Gauge {
    let hits = Synchronization.Atomic<Int>(0)
    var lock: Mutex<Int> = .init(0)
    let badge = Badge(id: 1)
    let name = "gauge"
}

func badge() -> Badge { Badge(id: 2) }
