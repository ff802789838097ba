@resultBuilder
struct Lines {
    static func buildBlock(_ parts: [String]...) -> [String] { parts.flatMap { $0 } }
    static func buildExpression(_ line: String) -> [String] { [line] }
    static func buildEither(first lines: [String]) -> [String] { lines }
    static func buildEither(second lines: [String]) -> [String] { lines }
    static func buildArray(_ groups: [[String]]) -> [String] { groups.flatMap { $0 } }
}

@Lines
func report(_ items: [Int], verbose: Bool) -> [String] {
    "header"
    let count = items.count
    if verbose {
        "count \(count)"
    } else {
        "terse"
    }
    for item in items {
        "item \(item)"
    }
}
