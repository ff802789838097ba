// Values a tuple cannot hold, and a file that imports Deep itself (the rewriter's own
// import of it must not clash: "ambiguous implicit access level").

import Deep
import Synchronization

/// A ticket that cannot be copied.
struct Ticket: ~Copyable {
    let id: Int
}

/// Stored values built by noncopyable types: their initial values stay bare.
final class Tally: Sendable {
    let count = Atomic<Int>(0)
    let names: Mutex<[String]> = .init([])
    let ticket = Ticket(id: 4)

    func add(_ name: String) -> Int {
        names.withLock { $0.append(name) }
        let total = count.add(1, ordering: .relaxed).newValue
        return total + ticket.id
    }
}

func makeTicket() -> Ticket { Ticket(id: 9) }

func tally() -> String {
    let tally = Tally()
    _ = tally.add("a")
    let total = tally.add("b")
    let ticket = makeTicket()
    return "\(total) \(ticket.id) \(Deep.version.isEmpty)"
}
