func statements(_ values: [Int?], flag: Bool) throws -> Int {
    var sum = 0
    guard !values.isEmpty else { return 0 }
    for value in values {
        guard let value else { continue }
        if let doubled = Optional(value * 2), doubled > 4 {
            sum += doubled
        } else if value < 0 {
            sum -= 1
        }
        switch value {
        case 0: sum += 100
        case 1, 2:
            sum += 10
            fallthrough
        case let n where n > 10:
            sum += n
        default:
            break
        }
    }
    defer { sum = 0 }
    outer: while sum > 1000 {
        repeat { sum -= 1 } while sum > 2000
        break outer
    }
    do {
        try check(sum)
    } catch let problem as Problem {
        print(problem)
    } catch {
        print(error)
    }
    let deferred: Int
    if flag { deferred = 1 } else { deferred = 2 }
    let total = values
        .compactMap { $0 }
        .reduce(0, +)
    let a = 1; let b = 2
    return sum + deferred + total + a + b
}

struct Problem: Error {}
func check(_ value: Int) throws {}
