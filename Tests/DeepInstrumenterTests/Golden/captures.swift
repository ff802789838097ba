final class Account {
    var balance = 0

    init(opening: Int) {
        let start = opening
        balance = start
    }

    deinit {
        let last = balance
        print(last)
    }

    func deposit(_ amount: Int, note label: String, _: Bool) {
        let before = balance
        balance += amount
        print(before, label)
    }

    static func make() -> Account {
        let account = Account(opening: 0)
        return account
    }

    func excluded(_ handler: () -> Void, _ later: @escaping () async -> Void, _ view: borrowing String) {
        lazy var expensive = compute()
        unowned let owner = self
        @Wrapped var wrapped = 1
        var computed: Int { 3 }
        async let background = compute()
        let copy = 1
        _ = (expensive, owner, wrapped, computed, copy)
    }

    func compute() -> Int { 1 }

    func handOff(to sink: Sink) async {
        let box = Box()
        let kept = Box()
        await sink.take(box)
        await sink.take(kept)
        print(kept)
    }

    func closures(_ values: [Int]) {
        let factor = 2
        values.forEach { value in
            let scaled = value * factor
            print(scaled)
        }
        let typed = { (first: Int, second: Int) in
            let sum = first + second
            print(sum)
        }
        let listed = { [weak self, factor, unowned account = self] in
            let inner = factor
            print(inner, self as Any, account)
        }
        typed(1, 2)
        listed()
    }

    func packs<each T>(_ values: repeat each T) {
        let count = 1
        print(count)
    }
}

final class Box {}
actor Sink { func take(_ box: Box) {} }

@propertyWrapper struct Wrapped {
    var wrappedValue: Int
}

enum Parsed {
    case value(Int)

    init(text: String) {
        func digits(_ raw: String) -> Int {
            let trimmed = raw.filter(\.isNumber)
            return Int(trimmed) ?? 0
        }
        self = .value(digits(text))
    }
}

func keywords(extension: String, for count: Int, in place: String) -> String {
    let joined = `extension` + place
    return String(repeating: joined, count: count)
}

func shadowing(command: String, flag: Bool) -> [String] {
    let command: [String]
    if flag {
        command = ["a"]
    } else {
        command = ["b"]
    }
    return command
}

typealias Update = (String, inout [String]) throws -> Void

func apply(_ update: Update, stored: @escaping Update, values: inout [String]) throws {
    let count = values.count
    try update("x", &values)
    try stored("y", &values)
    print(count)
}

// What a function returns is kept for its exit (found by corpus-check): a value that touches
// `return` (Yams), and a `return` inside a loop written twice, whose copies sit in the
// function's plain copy too (swift-algorithms).
func popValue(_ values: inout [Int]) -> Int? { values.popLast() }

func nextUnique(_ values: inout [Int], seen: inout Set<Int>) -> Int? {
    while let value = popValue(&values) {
        if seen.insert(value).inserted {
            return value
        }
    }
    return.none
}
