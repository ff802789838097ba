// Closures in every shape a probe meets: single expressions, Void contexts, captures,
// non-escaping and typealiased function parameters, autoclosures, result builders.

typealias Transform = (Int) -> Int

func apply(_ value: Int, _ transform: Transform, _ check: () -> Bool, _ lazyValue: @autoclosure () -> Int) -> Int {
    guard check() else { return lazyValue() }
    return transform(value)
}

func closures() -> [String] {
    var out: [String] = []
    var seen = Set<Int>()
    [3, 1, 3, 2].forEach { seen.insert($0) }
    out.append("\(seen.sorted())")
    let doubled = [1, 2, 3].map { $0 * 2 }
    out.append("\(doubled)")
    let labelled = [1, 2].map { value in
        "v\(value)"
    }
    out.append(labelled.joined())
    let classify: (Int) -> String = { n in
        if n > 0 { "up" } else { "down" }
    }
    out.append(classify(1) + classify(-1))
    let pick: (Int) -> String = { n in
        switch n {
        case 0: "none"
        default: "some"
        }
    }
    out.append(pick(0) + pick(1))
    let explicit: (Int) -> Int = { n in
        return n + 1
    }
    out.append("\(explicit(1))")
    var counter = 0
    let increment = { counter += 1 }
    increment()
    increment()
    out.append("\(counter)")
    out.append("\(apply(2, { $0 * 5 }, { true }, 99))")
    out.append("\(apply(2, { $0 * 5 }, { false }, 99))")
    let multi: (Int, Int) -> Int = {
        a, b
        in
        let sum = a + b
        return sum * 2
    }
    out.append("\(multi(1, 2))")
    let sorted = ["pear", "fig", "apple"].sorted {
        $0.count < $1.count
    }
    out.append(sorted.joined(separator: ","))
    return out
}

final class Counter {
    var value = 0
    var onChange: (() -> Void)?

    func start() -> Int {
        onChange = { [weak self] in
            guard let self else { return }
            self.value += 1
        }
        onChange?()
        let captured = { [unowned self, step = 2] in
            self.value += step
        }
        captured()
        return value
    }
}

@resultBuilder
struct Lines {
    static func buildBlock(_ parts: [String]...) -> [String] { parts.flatMap { $0 } }
    static func buildExpression(_ line: String) -> [String] { [line] }
    static func buildOptional(_ lines: [String]?) -> [String] { lines ?? [] }
    static func buildEither(first lines: [String]) -> [String] { lines }
    static func buildEither(second lines: [String]) -> [String] { lines }
    static func buildArray(_ groups: [[String]]) -> [String] { groups.flatMap { $0 } }
}

@Lines
func report(_ items: [Int], verbose: Bool) -> [String] {
    "header"
    let count = items.count
    "count \(count)"
    if verbose {
        "verbose"
    } else {
        "terse"
    }
    for item in items {
        "item \(item)"
    }
}

func builderClosure() -> [String] {
    func make(@Lines _ body: () -> [String]) -> [String] { body() }
    return make {
        "a"
        "b"
    } + make { "single" }
}

func variadic(_ values: Int..., scale: inout Int) -> Int {
    let total = values.reduce(0, +)
    scale *= 2
    return total * scale
}

/// An entry on the line of the first statement: `method_capture` takes the frame there.
func halved(_ value: inout Int) -> Int { value /= 2
    return value
}
