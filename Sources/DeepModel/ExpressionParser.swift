/// Parses the tracepoint expression language (see `Expression`).
///
///     or      := and ("||" and)*
///     and     := compare ("&&" compare)*
///     compare := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?
///     sum     := product (("+" | "-") product)*
///     product := unary (("*" | "/" | "%") unary)*
///     unary   := ("!" | "-") unary | postfix
///     postfix := primary ("." name | "[" or "]")*
///     primary := literal | name | "(" or ")"
///
/// Input is bounded: an expression is at most `maximumLength` characters and its tree at
/// most `maximumDepth` levels deep, so that parsing, evaluating and freeing it take bounded
/// time and stack on any thread. Both are checked while parsing, before any recursion could
/// go deeper, and rejected as syntax errors.
package struct ExpressionParser {
    /// The longest expression accepted, in characters.
    package static let maximumLength = 1000
    /// The deepest tree accepted: each operator, `.field` and `[index]` adds a level; nor may
    /// parentheses, subscripts and prefix operators nest deeper than this.
    package static let maximumDepth = 32

    private let characters: [Character]
    private var offset = 0
    /// How many parentheses, subscripts and prefix operators enclose the current position.
    private var nesting = 0

    /// A parsed subexpression and the depth of its tree.
    private struct Parsed {
        var expression: Expression
        var depth: Int
    }

    package static func parse(_ text: String) throws(ExpressionSyntaxError) -> Expression {
        guard text.count <= maximumLength else {
            throw ExpressionSyntaxError(
                message: "longer than \(maximumLength) characters (\(text.count)); split it or shorten it", offset: 0)
        }
        var parser = ExpressionParser(characters: Array(text))
        let parsed = try parser.parseOr()
        parser.skipSpaces()
        guard parser.offset == parser.characters.count else {
            throw parser.error("unexpected `\(parser.characters[parser.offset])`")
        }
        return parsed.expression
    }

    private init(characters: [Character]) { self.characters = characters }

    private mutating func parseOr() throws(ExpressionSyntaxError) -> Parsed {
        var left = try parseAnd()
        while consume("||") { left = try binary(.or, left, parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(ExpressionSyntaxError) -> Parsed {
        var left = try parseComparison()
        while consume("&&") { left = try binary(.and, left, parseComparison()) }
        return left
    }

    private mutating func parseComparison() throws(ExpressionSyntaxError) -> Parsed {
        let left = try parseSum()
        for op in [Expression.BinaryOperator.equal, .notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater]
        where consume(op.rawValue) {
            return try binary(op, left, parseSum())
        }
        return left
    }

    private mutating func parseSum() throws(ExpressionSyntaxError) -> Parsed {
        var left = try parseProduct()
        while true {
            if consume("+") {
                left = try binary(.add, left, parseProduct())
            } else if consume("-") {
                left = try binary(.subtract, left, parseProduct())
            } else {
                return left
            }
        }
    }

    private mutating func parseProduct() throws(ExpressionSyntaxError) -> Parsed {
        var left = try parseUnary()
        while true {
            if consume("*") {
                left = try binary(.multiply, left, parseUnary())
            } else if consume("/") {
                left = try binary(.divide, left, parseUnary())
            } else if consume("%") {
                left = try binary(.remainder, left, parseUnary())
            } else {
                return left
            }
        }
    }

    private mutating func parseUnary() throws(ExpressionSyntaxError) -> Parsed {
        let op: Expression.UnaryOperator
        if peek("!") && !peek("!=") { op = .not } else if peek("-") { op = .negate } else { return try parsePostfix() }
        offset += 1
        let operand = try nested { parser throws(ExpressionSyntaxError) in try parser.parseUnary() }
        return try node(.unary(op, operand.expression), above: operand)
    }

    private mutating func parsePostfix() throws(ExpressionSyntaxError) -> Parsed {
        var base = try parsePrimary()
        while true {
            if consume(".") {
                guard let name = name() else { throw error("expected a field name after `.`") }
                base = try node(.member(base.expression, name), above: base)
            } else if consume("[") {
                let index = try nested { parser throws(ExpressionSyntaxError) in try parser.parseOr() }
                guard consume("]") else { throw error("expected `]`") }
                base = try node(.subscripted(base.expression, index.expression), above: base, index)
            } else {
                return base
            }
        }
    }

    private mutating func parsePrimary() throws(ExpressionSyntaxError) -> Parsed {
        skipSpaces()
        guard offset < characters.count else { throw error("expected a value, found the end") }
        let character = characters[offset]
        if consume("(") {
            let inner = try nested { parser throws(ExpressionSyntaxError) in try parser.parseOr() }
            guard consume(")") else { throw error("expected `)`") }
            return inner
        }
        if character == "\"" { return Parsed(expression: .literal(.string(try stringLiteral())), depth: 1) }
        if character.isNumber { return Parsed(expression: .literal(try number()), depth: 1) }
        if let name = name() {
            switch name {
            case "true": return Parsed(expression: .literal(.bool(true)), depth: 1)
            case "false": return Parsed(expression: .literal(.bool(false)), depth: 1)
            case "nil", "null": return Parsed(expression: .literal(.null), depth: 1)
            default: return Parsed(expression: .variable(name), depth: 1)
            }
        }
        throw error("unexpected `\(character)`")
    }

    /// Parses what parentheses, a subscript or a prefix operator enclose, one level deeper.
    private mutating func nested(
        _ body: (inout ExpressionParser) throws(ExpressionSyntaxError) -> Parsed
    ) throws(ExpressionSyntaxError) -> Parsed {
        guard nesting < Self.maximumDepth else { throw tooDeep() }
        nesting += 1
        defer { nesting -= 1 }
        return try body(&self)
    }

    private func binary(_ op: Expression.BinaryOperator, _ left: Parsed, _ right: Parsed) throws(ExpressionSyntaxError) -> Parsed {
        try node(.binary(op, left.expression, right.expression), above: left, right)
    }

    /// A node one level above its deepest child, or an error past the depth bound.
    private func node(_ expression: Expression, above children: Parsed...) throws(ExpressionSyntaxError) -> Parsed {
        let depth = 1 + children.map(\.depth).max()!
        guard depth <= Self.maximumDepth else { throw tooDeep() }
        return Parsed(expression: expression, depth: depth)
    }

    private func tooDeep() -> ExpressionSyntaxError {
        error("nested more than \(Self.maximumDepth) levels deep; split it into simpler expressions")
    }

    private mutating func stringLiteral() throws(ExpressionSyntaxError) -> String {
        let start = offset
        offset += 1
        var text = ""
        while offset < characters.count {
            let character = characters[offset]
            offset += 1
            switch character {
            case "\"": return text
            case "\\":
                guard offset < characters.count else { break }
                let escaped = characters[offset]
                offset += 1
                switch escaped {
                case "n": text.append("\n")
                case "t": text.append("\t")
                default: text.append(escaped)
                }
            default: text.append(character)
            }
        }
        offset = start
        throw error("unterminated string")
    }

    private mutating func number() throws(ExpressionSyntaxError) -> Expression.Literal {
        let start = offset
        while offset < characters.count, characters[offset].isNumber || characters[offset] == "_" { offset += 1 }
        var isDecimal = false
        if offset + 1 < characters.count, characters[offset] == ".", characters[offset + 1].isNumber {
            isDecimal = true
            offset += 1
            while offset < characters.count, characters[offset].isNumber { offset += 1 }
        }
        let text = String(characters[start..<offset].filter { $0 != "_" })
        if let unit = durationUnit() {
            // A duration, in nanoseconds (what `duration` holds): `50ms`, `1.5s`.
            let nanoseconds = (Double(text) ?? .infinity) * Double(unit.nanoseconds)
            guard nanoseconds < 0x1p63, nanoseconds == nanoseconds.rounded() else {
                offset = start
                throw error("duration `\(text)\(unit.name)` is out of range or not a whole number of nanoseconds")
            }
            return .integer(Int64(nanoseconds))
        }
        if offset < characters.count, characters[offset].isLetter {
            var end = offset
            while end < characters.count, characters[end].isLetter || characters[end].isNumber { end += 1 }
            throw error("unknown unit `\(String(characters[offset..<end]))` (a duration takes ns, us, ms or s)")
        }
        if isDecimal, let value = Double(text) { return .decimal(value) }
        if let value = Int64(text) { return .integer(value) }
        offset = start
        throw error("number `\(text)` is out of range")
    }

    /// The units a number may carry to be a duration.
    private static let durationUnits: [(name: String, nanoseconds: Int64)] = [
        ("ns", 1), ("us", 1_000), ("µs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000),
    ]

    /// A duration unit right after a number (and not the start of a longer name), consumed.
    private mutating func durationUnit() -> (name: String, nanoseconds: Int64)? {
        for unit in Self.durationUnits {
            let end = offset + unit.name.count
            guard end <= characters.count, String(characters[offset..<end]) == unit.name else { continue }
            if end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" { continue }
            offset = end
            return unit
        }
        return nil
    }

    private mutating func name() -> String? {
        skipSpaces()
        let start = offset
        while offset < characters.count,
            characters[offset].isLetter || characters[offset] == "_" || characters[offset] == "$"
                || (offset > start && characters[offset].isNumber)
        {
            offset += 1
        }
        return offset > start ? String(characters[start..<offset]) : nil
    }

    private mutating func skipSpaces() {
        while offset < characters.count, characters[offset].isWhitespace { offset += 1 }
    }

    private mutating func peek(_ token: String) -> Bool {
        skipSpaces()
        let end = offset + token.count
        return end <= characters.count && String(characters[offset..<end]) == token
    }

    private mutating func consume(_ token: String) -> Bool {
        // Two-character operators are tried before their one-character prefixes.
        guard peek(token) else { return false }
        offset += token.count
        return true
    }

    private func error(_ message: String) -> ExpressionSyntaxError {
        ExpressionSyntaxError(message: message, offset: offset)
    }
}
