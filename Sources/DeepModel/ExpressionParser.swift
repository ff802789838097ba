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
package struct ExpressionParser {
    private let characters: [Character]
    private var offset = 0

    package static func parse(_ text: String) throws(ExpressionSyntaxError) -> Expression {
        var parser = ExpressionParser(characters: Array(text))
        let expression = try parser.parseOr()
        parser.skipSpaces()
        guard parser.offset == parser.characters.count else {
            throw parser.error("unexpected `\(parser.characters[parser.offset])`")
        }
        return expression
    }

    private init(characters: [Character]) { self.characters = characters }

    private mutating func parseOr() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseAnd()
        while consume("||") { left = .binary(.or, left, try parseAnd()) }
        return left
    }

    private mutating func parseAnd() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseComparison()
        while consume("&&") { left = .binary(.and, left, try parseComparison()) }
        return left
    }

    private mutating func parseComparison() throws(ExpressionSyntaxError) -> Expression {
        let left = try parseSum()
        for op in [Expression.BinaryOperator.equal, .notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater]
        where consume(op.rawValue) {
            return .binary(op, left, try parseSum())
        }
        return left
    }

    private mutating func parseSum() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseProduct()
        while true {
            if consume("+") { left = .binary(.add, left, try parseProduct()) }
            else if consume("-") { left = .binary(.subtract, left, try parseProduct()) }
            else { return left }
        }
    }

    private mutating func parseProduct() throws(ExpressionSyntaxError) -> Expression {
        var left = try parseUnary()
        while true {
            if consume("*") { left = .binary(.multiply, left, try parseUnary()) }
            else if consume("/") { left = .binary(.divide, left, try parseUnary()) }
            else if consume("%") { left = .binary(.remainder, left, try parseUnary()) }
            else { return left }
        }
    }

    private mutating func parseUnary() throws(ExpressionSyntaxError) -> Expression {
        if peek("!") && !peek("!=") { _ = consume("!"); return .unary(.not, try parseUnary()) }
        if consume("-") { return .unary(.negate, try parseUnary()) }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws(ExpressionSyntaxError) -> Expression {
        var base = try parsePrimary()
        while true {
            if consume(".") {
                guard let name = name() else { throw error("expected a field name after `.`") }
                base = .member(base, name)
            } else if consume("[") {
                let index = try parseOr()
                guard consume("]") else { throw error("expected `]`") }
                base = .subscripted(base, index)
            } else {
                return base
            }
        }
    }

    private mutating func parsePrimary() throws(ExpressionSyntaxError) -> Expression {
        skipSpaces()
        guard offset < characters.count else { throw error("expected a value, found the end") }
        let character = characters[offset]
        if consume("(") {
            let inner = try parseOr()
            guard consume(")") else { throw error("expected `)`") }
            return inner
        }
        if character == "\"" { return .literal(.string(try stringLiteral())) }
        if character.isNumber { return .literal(try number()) }
        if let name = name() {
            switch name {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "nil", "null": return .literal(.null)
            default: return .variable(name)
            }
        }
        throw error("unexpected `\(character)`")
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
        if isDecimal, let value = Double(text) { return .decimal(value) }
        if let value = Int64(text) { return .integer(value) }
        offset = start
        throw error("number `\(text)` is out of range")
    }

    private mutating func name() -> String? {
        skipSpaces()
        let start = offset
        while offset < characters.count,
              characters[offset].isLetter || characters[offset] == "_" || characters[offset] == "$"
                || (offset > start && characters[offset].isNumber) {
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
