struct Shapes {
    var sides: [Int]

    var count: Int { sides.count }

    var first: Int {
        get { sides[0] }
        set { sides[0] = newValue }
    }

    subscript(index: Int) -> Int { sides[index] }

    func perimeter() -> Int { sides.reduce(0, +) }

    func log() { print(sides) }

    func describe(_ n: Int) -> String {
        let size = if n > 10 { "big" } else { "small" }
        let kind = switch n {
        case 3:
            "triangle"
        case 4:
            "square"
        default:
            if n > 100 {
                "circle"
            } else {
                "polygon"
            }
        }
        return size + kind
    }

    func classify(_ n: Int) -> String {
        if n > 0 {
            "positive"
        } else if n < 0 {
            "negative"
        } else {
            "zero"
        }
    }

    func explicit(_ flag: Bool) -> Int {
        return if flag {
            1
        } else {
            2
        }
    }

    func branchWithStatements(_ n: Int) throws -> Int {
        let value = switch n {
        case 0:
            throw ShapeError.empty
        default:
            n
        }
        return value
    }
}

enum ShapeError: Error { case empty }

func closures(_ items: [Int]) {
    var seen = Set<Int>()
    items.forEach { seen.insert($0) }
    let doubled = items.map { value in
        value * 2
    }
    var count = 0
    let bump = {
        count += 1
    }
    let explicit: (Int) -> Int = { n in
        return n + 1
    }
    let sign: (Int) -> String = { n in
        if n > 0 {
            "+"
        } else {
            "-"
        }
    }
    bump()
    print(doubled, explicit(1), sign(1), seen)
}

func statementSwitch(_ n: Int) -> Int {
    switch n {
    case 0: return 10
    case 1:
        let doubled = n * 2
        return doubled
    default:
        return n
    }
}

let handlers: [(Int) -> String] = [{ n in
    if n > 0 {
        let text = "up"
        return text
    } else {
        return "down"
    }
}]
