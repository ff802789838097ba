// A closing brace gets a probe when its block runs to its end; braces that end a function
// or a closure, follow a jump, or share their line with more code get none.

func exits(_ code: Int) -> Never { fatalError("exit \(code)") }

func blockEnds(_ values: [Int], flag: Bool) throws -> Int {
    var total = 0
    for value in values {
        let doubled = value * 2
        total += doubled
    }
    if flag {
        total += 1
    } else if total > 10 {
        total -= 1
    } else {
        return total
    }
    while total > 100 {
        total /= 2
        if total == 7 { break }
        continue
    }
    repeat {
        total += 1
    } while total < 3
    do {
        try check(total)
    } catch {
        total = 0
    }
    if total < 0 {
        exits(total)
    }
    if total == 42 {
        fatalError("no")
    }
    guard total != 13 else {
        return 0
    }
    let names = values.map { value in
        let name = "v\(value)"
        return name
    }
    if values.isEmpty { total = 1 }
    return total + names.count
}

func lastBlockJumps(_ values: [Int]) -> Int {
    var total = 0
    for value in values {
        if value > 0 {
            total += value
        } else if value == 0 {
            total += 1
        } else {
            break
        }
        switch value {
        case 1: return 1
        default: return 2
        }
    }
    #if DEBUG
    total += 1
    #endif
    return total
}

func check(_ value: Int) throws {}
