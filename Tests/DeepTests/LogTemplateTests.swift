import Testing

@testable import Deep

@Suite struct LogTemplateTests {
    let scope = variables(["order": Order(), "person": Person(name: "Ada", age: 36), "note": String?.none as Any])

    private func render(_ template: String) throws -> String {
        try CompiledLogTemplate(LogTemplate(parsing: template), redaction: Redaction()).render(scope)
    }

    @Test func replacesPlaceholdersWithValues() throws {
        #expect(try render("order {order.id}: {order.items.count} items, first {order.items[0].sku}") == "order 7: 2 items, first pen")
        #expect(try render("{person.name} is {person.age}") == "Ada is 36")
        #expect(try render("total {order.items[0].price * 2}") == "total 3.0")
        #expect(try render("note={note} status={order.status}") == "note=nil status=.paid(amount: 7.0)")
    }

    @Test func rendersCompositesOnOneLine() throws {
        #expect(try render("{order.items[0]}") == "Item(sku: pen, price: 1.5, quantity: 2)")
        #expect(try render("{order.tags}") == "[rush: 1]")
    }

    @Test func bracesCanBeEscaped() throws {
        #expect(try render("{{literal}} {order.id}}}") == "{literal} 7}")
    }

    @Test func anErrorInOnePlaceholderStaysInIt() throws {
        #expect(try render("a {missing} b {order.id}") == "a <error: unknown name `missing`; in scope: order, person, note> b 7")
    }

    @Test func syntaxErrorsHaveTheirPositionInTheTemplate() {
        #expect(throws: ExpressionSyntaxError(message: "`{` has no matching `}`", offset: 6)) { try LogTemplate(parsing: "total {order") }
        #expect(throws: ExpressionSyntaxError(message: "in `{a +}`: expected a value, found the end", offset: 13)) {
            try LogTemplate(parsing: "value is {a +}")
        }
    }
}
