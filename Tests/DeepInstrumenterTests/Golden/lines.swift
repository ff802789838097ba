// Lines inside a multi-line statement get a probe on the value that starts them; stored
// properties' initial values and single-expression bodies' closing braces get one too.
struct Row {
    var cells = [String]()
    var width: Int = 80, height = Row.defaultHeight()
    static let separator: Character = "|"
    lazy var label = describe(
        cells,
        width)

    static func defaultHeight() -> Int { 1 }

    func describe(_ cells: [String], _ width: Int) -> String {
        cells.joined(separator: String(Row.separator))
    }

    var total: Int {
        width * height
    }
}

let globalRows = [Row]()

func render(rows: inout [Row], limit: Int = max(
    1, 2)) async throws -> String {
    var text = String(
        repeating: "-",
        count: limit)
    append(
        &text,
        rows.count)
    let widths = [
        rows.first?.width ?? 0,
        10,
        limit,
    ]
    let names = [
        "first": rows.first?.cells,
        "last": rows.last?.cells,
    ]
    if let first = rows.first,
       first.width > 0,
       let last = rows.last,
       case let height = last.height {
        text += String(height)
    }
    let sum = widths.reduce(0, +)
        + limit
        - 1
    let choice = sum > limit
        ? widths.count
        : 0
    let report = """
        rows: \(rows.count)
        widths: \(widths) and \(names.count)
        """
    struct Local {
        var value = String(
            repeating: "x",
            count: 2)
    }
    return text + report + String(choice) + Local().value
}

func append(_ text: inout String, _ count: Int) {
    text += String(count)
}

enum Failure: Error { case empty }

// Chains continued on a call's result, closures' and switches' closing braces, `catch` and
// `else if` lines, `} while` conditions.
func ends(_ words: [String], _ mode: Int) -> [String] {
    var count = 0
    let sorted = words.filter { !$0.isEmpty }
        .sorted()
        .map { word in
            count += 1
            return word.uppercased()
        }
    let lengths = words
        .map(\.count)
    words.forEach { word in
        count += word.count
        print(word)
    }
    switch mode {
    case 0:
        count += 1
    default:
        break
    }
    do {
        try check(words)
    } catch Failure.empty {
        count = 0
    } catch {
        count = -1
    }
    if mode > 2 {
        count += 2
    } else if mode > 1,
              count > 0 {
        count += 1
    }
    repeat {
        count -= 1
    } while count > 10
    let optional = words.first?.lowercased()
        .count
    return sorted + lengths.map(String.init) + [String(count), String(optional ?? 0)]
}

func check(_ words: [String]) throws {
    if words.isEmpty { throw Failure.empty }
}

// Values that start a line of their own; parameters' default values.
public func values(_ words: [String], separator: String = " ", limit: Int = Int(
    3)) -> String {
    let joined =
        words.joined(separator: separator)
    for word in
        words.prefix(limit) {
        print(word)
    }
    let kind = if joined.isEmpty { "empty" } else { "full" }
    return
        joined + kind
}


// A closure that is one expression: the lines inside it (a literal too, but not a string
// literal) and its closing brace.
func padded(_ words: [String], width: Int) -> [String] {
    words.map { (word: String) in
        word + String(
            repeating: "-",
            count: max(
                0,
                width - word.count))
    }
}

// A closure whose value never returns gets no exit probe (it would never run).
func stop() throws -> Never { fatalError() }

func failing() -> () throws -> Int {
    let handler: () throws -> Int = {
        try stop()
    }
    return handler
}
