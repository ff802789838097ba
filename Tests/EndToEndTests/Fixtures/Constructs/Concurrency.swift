// Concurrency: actors, global actors, async let, task groups, sending values.

actor Ledger {
    private var entries: [Int] = []

    func add(_ value: Int) -> Int {
        entries.append(value)
        let total = entries.reduce(0, +)
        return total
    }

    nonisolated func name() -> String {
        let label = "ledger"
        return label
    }
}

@MainActor
final class ViewModel {
    var title = "start"

    func update(to text: String) {
        let old = title
        title = old + "->" + text
    }
}

final class Box {
    var value: Int
    init(value: Int) { self.value = value }
}

actor Sink {
    var boxes: [Box] = []
    func take(_ box: Box) { boxes.append(box) }
    func count() -> Int { boxes.count }
}

func sendBox(to sink: Sink) async -> Int {
    let box = Box(value: 5)
    box.value += 1
    await sink.take(box)
    let after = 1
    return after + (await sink.count())
}

func concurrency() async -> [String] {
    var out: [String] = []
    let ledger = Ledger()
    _ = await ledger.add(1)
    let total = await ledger.add(2)
    out.append("\(total) \(ledger.name())")
    async let first = slowSquare(3)
    async let second = slowSquare(4)
    let both = await first + second
    out.append("\(both)")
    let sum = await withTaskGroup(of: Int.self) { group in
        for n in 1...3 {
            group.addTask {
                let squared = n * n
                return squared
            }
        }
        var acc = 0
        for await value in group {
            acc += value
        }
        return acc
    }
    out.append("\(sum)")
    let task = Task {
        let inner = 40
        return inner + 2
    }
    out.append("\(await task.value)")
    let model = await MainActor.run { ViewModel() }
    await model.update(to: "next")
    out.append(await model.title)
    out.append("\(await sendBox(to: Sink()))")
    let value = await withCheckedContinuation { continuation in
        let result = 7
        continuation.resume(returning: result)
    }
    out.append("\(value)")
    return out
}

/// An `async` function that throws after a suspension.
func slowChecked(_ n: Int) async throws -> Int {
    await Task.yield()
    if n < 0 { throw Failure.bad(n) }
    return n
}

func slowSquare(_ n: Int) async -> Int {
    let result = n * n
    return result
}
