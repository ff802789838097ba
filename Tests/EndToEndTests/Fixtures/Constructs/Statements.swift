// Statement forms: each function returns a value main.swift prints, so a build that
// changed behaviour prints something else.

func guards(_ values: [Int?]) -> Int {
    var sum = 0
    for value in values {
        guard let value else { continue }
        guard value >= 0,
              value < 100
        else {
            sum -= 1
            continue
        }
        sum += value
    }
    return sum
}

func switches(_ value: Int) -> String {
    var result = ""
    switch value {
    case 0: result = "zero"
    case 1, 2:
        result = "small"
        fallthrough
    case 3:
        result += "!"
    case let n where n < 0:
        result = "negative \(n)"
    default:
        break
    }
    return result
}

func loops() -> [Int] {
    var out: [Int] = []
    outer: for i in 0..<4 {
        var j = 0
        while j < 4 {
            defer { j += 1 }
            if j == i { continue outer }
            out.append(i * 10 + j)
        }
    }
    var k = 3
    repeat {
        k -= 1
        out.append(k)
    } while k > 0
    for case let x? in [1, nil, 3] as [Int?] where x > 1 { out.append(x) }
    return out
}

enum Failure: Error { case bad(Int) }

func throwing(_ n: Int) throws(Failure) -> Int {
    if n < 0 { throw .bad(n) }
    return n * 2
}

/// Its only way out is a `throw` over several lines: the probed copy's `catch` goes on the
/// `throw`'s last line, which a debug build's line table then keeps (found in
/// swift-argument-parser).
func refuse(_ reason: String) throws(Failure) {
    throw Failure.bad(
        reason.count
    )
}

/// Its last statement is an `if` whose block does not run to its end: the probe after it
/// reads the locals, so it must stay inside the `do` that keeps the error (found in
/// swift-argument-parser).
func validate(_ values: [Int]) throws {
    let negatives = values.filter { $0 < 0 }
    if !negatives.isEmpty {
        throw Failure.bad(negatives.count)
    }
}

func errors() -> [String] {
    var log: [String] = []
    do {
        log.append("\(try throwing(2))")
        _ = try throwing(-1)
    } catch .bad(let n) {
        log.append("bad \(n)")
    } catch {
        log.append("other")
    }
    do {
        try { () throws -> Void in throw Failure.bad(7) }()
    } catch {
        log.append("caught \(error)")
    }
    do { try refuse("no") } catch { log.append("refused \(error)") }
    do { try validate([1, -2, -3]) } catch { log.append("invalid \(error)") }
    let maybe = try? throwing(-3)
    log.append("\(String(describing: maybe))")
    return log
}

func deferredInitialisation(_ flag: Bool) -> Int {
    let x: Int
    if flag {
        x = 1
    } else {
        x = 2
    }
    var y: Int
    y = x + 1
    return x + y
}

func multiLine(_ items: [Int]) -> Int {
    let total = items
        .filter { $0 % 2 == 0 }
        .map { value in
            value * 3
        }
        .reduce(0, +)
    if total > 10,
       items.count > 2 {
        return total
    }
    return -total
}

func expressions(_ n: Int) -> (String, Int, String) {
    let size = if n > 10 { "big" } else if n > 5 { "medium" } else { "small" }
    let parity = switch n % 2 {
    case 0:
        0
    default:
        1
    }
    let word = n > 3
        ? "many"
        : "few"
    return (size, parity, word)
}

func implicitIf(_ n: Int) -> String {
    if n > 0 {
        "positive"
    } else if n < 0 {
        "negative"
    } else {
        "zero"
    }
}

func implicitSwitch(_ n: Int) -> Int {
    switch n {
    case 0: 100
    case 1:
        200
    default:
        throwingDefault(n)
    }
}

func throwingDefault(_ n: Int) -> Int { n }

func returnsIf(_ flag: Bool) -> Int {
    return if flag {
        1
    } else {
        2
    }
}

func neverReturns() -> Never {
    fatalError("unreachable")
}

func tuples() -> Int {
    let (a, b) = (1, 2)
    var (c, _) = (3, 4)
    c += a + b
    let nested = ((1, 2), 3)
    let ((d, e), f) = nested
    return c + d + e + f
}

func strings(_ name: String) -> String {
    let banner = """
        Hello, \(name)!
        Lines: \(
            name.count
        )
        """
    return banner
}

#if DEBUG || !DEBUG
func conditionalCompilation() -> Int {
    var value = 1
    #if os(Linux) || os(macOS)
    let platform = 2
    value += platform
    #else
    value += 100
    #endif
    return value
}
#endif

func labelled() -> Int {
    var count = 0
    loop: while true {
        count += 1
        if count > 3 { break loop }
    }
    return count
}

func optionalChains(_ text: String?) -> Int {
    let length = text?.count ?? 0
    if case .some(let t) = text, t.hasPrefix("a") {
        return length * 2
    }
    return length
}

enum Token { case option(String), value }
enum Part { case whole, sub }
struct Piece { var token: Token; var part: Part; var index: Int }

/// The closing brace of the `else` block holds only the jump to the end of the `switch`: a
/// probe in the block used to move the jump away, taking that line out of the line table.
func blockEnds(_ elements: [Piece], _ fallback: [String]) -> [String] {
    elements.map { element -> String in
        let text: String
        switch element.part {
        case .whole:
            text = fallback[element.index]
        case .sub:
            if case .option(let option) = element.token {
                text = String(describing: option)
            } else {
                text = fallback[element.index]
            }
        }
        return text
    }
}

/// Entry and exit: the declaration's line fires on every call; the closing brace on every
/// return, early or at the end, and on every throw.
func frames(_ value: Int) throws -> Int { // tp: frame-entry
    if value < 0 { throw FrameError.negative }
    if value == 0 { return 0 }
    let doubled = value * 2
    switch doubled {
    case 6:
        return doubled + 1
    default:
        return doubled
    }
} // tp: frame-exit

enum FrameError: Error { case negative }

/// Lines inside a statement: an argument's line fires just before the argument is computed,
/// with the statement's names; a stored property's initial value fires as an instance is made;
/// a single-expression body's closing brace fires once its value is computed.
struct Scaler {
    var scale = 2 // tp: lines-initial-value

    func scaled(_ value: Int) -> Int {
        value * scale
    } // tp: lines-value-exit
}

func repeated(_ value: Int) -> String {
    let prefix = "n"
    return String(
        repeating: prefix,
        count: Scaler().scaled(value)) // tp: lines-argument
}

/// Operands that start a line: after `??`, a ternary's branches (an implicit member, `nil`),
/// and a value after `=` that starts with `try`, which covers what follows it too: wrapped on
/// its own, `checked(1)` would be a throwing call outside the `try`.
enum Shade { case light, dark }

func shade(_ level: Int?, dark: Bool) throws -> String {
    let chosen: Shade? = dark
        ? .dark
        : nil
    let base = level
        ?? Int("7")
        ?? 0
    var total = 0
    total =
        try checked(base) ?? checked(1) ?? 0
    return "\(chosen ?? .light) \(total)"
}

func checked(_ value: Int) throws -> Int? { value > 100 ? nil : value }

/// A closure that is one expression gets probes on the lines inside it (here a literal on a
/// line of its own) and at its closing brace, once its value is computed.
func padded(_ words: [String], width: Int) -> [String] {
    words.map { (word: String) in
        word + String(
            repeating: "-",
            count: max(
                0, // tp: lines-closure-literal
                width - word.count))
    } // tp: lines-closure-exit
}

/// A key path passed as a function on a line of its own: wrapped in a tuple, it would become a
/// throwing function, which the `rethrows` call would then reject (found in swift-argument-parser).
func firstEmpty(_ words: [String]) -> Int? {
    words.firstIndex(
        where: \.isEmpty)
}

/// In a `rethrows` function, a function parameter or a closure passed on a line of its own stays
/// bare: through a tuple the compiler could no longer see that it throws only through them
/// (found in swift-algorithms).
func firstMatch(_ words: [String], _ predicate: (String) throws -> Bool) rethrows -> Int? {
    let index = try words.firstIndex(
        where: predicate)
    return try index ?? words.lastIndex(
        where: { try predicate($0) && !$0.isEmpty })
}

/// `#function` and `#line` as default values name the caller; wrapped in a tuple they would
/// name this function (found in swift-argument-parser's snapshot helper).
func caller(function: String = #function, line: Int = #line, label: String = String(
    "caller")) -> String {
    "\(label) \(function) \(line > 0)"
}

func callsCaller() -> String { caller() }

/// What a function returns is kept for its exit probe: a value that touches `return`, and a
/// `return` inside a loop that makes calls (written twice, also inside the function's plain
/// copy).
func popValue(_ values: inout [Int]) -> Int? { values.popLast() }

func firstRepeat(_ list: [Int]) -> Int? {
    var values = list
    var seen: Set<Int> = []
    while let value = popValue(&values) {
        if !seen.insert(value).inserted {
            return value
        }
    }
    return.none
}

/// A metatype result is returned as written, not kept (found by corpus-check in
/// swift-argument-parser): in Swift 5 mode, an existential metatype passed to a generic is
/// opened, and the result erased to the wrong type.
protocol Figure { static var corners: Int { get } }
protocol Polygon: Figure {}
struct Tile: Polygon { static let corners = 4 }

func firstPolygon(_ shapes: [Figure.Type]) -> Polygon.Type? {
    for shape in shapes {
        if let polygon = shape as? Polygon.Type {
            return polygon
        }
    }
    return nil
}

/// Getters whose exits report what they return (`return`), or threw (`exception`). (Not in
/// Types.swift, which declares a noncopyable type: no return is kept in such a file.)
extension Point {
    var quadrant: Int {
        let right = x >= 0
        return right ? (y >= 0 ? 1 : 4) : (y >= 0 ? 2 : 3)
    }

    subscript(scaled axis: Int) -> Int {
        let value = self[axis]
        return value * 10
    }

    var checkedLength: Int {
        get throws {
            guard x >= 0, y >= 0 else { throw PointError.negative }
            return length
        }
    }
}

enum PointError: Error { case negative }

/// A body that is one `do` statement: statements, every line probed (not a `do` expression).
func rangedOrMinusOne(_ text: String) -> Int {
    do {
        return try Ranged(text: text).value
    } catch {
        return -1
    }
}
