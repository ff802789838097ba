actor Ledger {
    var entries: [Int] = []

    func add(_ value: Int) -> Int {
        entries.append(value)
        return entries.count
    }
}

@MainActor
final class Screen {
    var title = ""

    func show(_ text: String) {
        let old = title
        title = old + text
    }
}

struct Handle: ~Copyable {
    var descriptor: Int
}

func ownership(_ shared: borrowing Handle, _ owned: consuming Handle) -> Int {
    let local = Handle(descriptor: 3)
    let moved = consume owned
    return shared.descriptor + local.descriptor + moved.descriptor
}

func tasks(_ ledger: Ledger) async -> Int {
    var pending = 0
    let task = Task {
        let inner = 2
        return inner
    }
    async let later = ledger.add(1)
    pending += await task.value
    let total = await later + pending
    return total
}
