import Foundation
import Testing

@testable import Deep

/// Input the runtime parses is bounded in length and depth, so hostile input gets an error
/// and never a crash, on a thread with a small stack too.
@Suite struct InputBoundsTests {
    /// Runs `body` on a thread with a 128 KiB stack (a tenth of what a Swift task or a
    /// default pthread gets), and waits for it.
    private func onSmallStack(_ body: @escaping @Sendable () -> Void) {
        final class Box { let body: @Sendable () -> Void; init(_ body: @escaping @Sendable () -> Void) { self.body = body } }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 128 * 1024)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        let created = pthread_create(&thread, &attributes, { context in
            Unmanaged<Box>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
        #expect(created == 0)
        pthread_join(thread, nil)
        pthread_attr_destroy(&attributes)
    }

    private static func syntaxError(_ source: String) -> String? {
        do {
            _ = try ExpressionParser.parse(source)
            return nil
        } catch {
            return error.message
        }
    }

    @Test(arguments: [
        ("parentheses", String(repeating: "(", count: 50_000) + "order.id < 0" + String(repeating: ")", count: 50_000)),
        ("negations", String(repeating: "!", count: 100_000) + "true"),
        ("subscripts", "a" + String(repeating: "[a", count: 400) + String(repeating: "]", count: 400)),
        ("a chain of operators", Array(repeating: "a", count: 400).joined(separator: " + ") + " > 0"),
        ("a chain of fields", "a" + String(repeating: ".b", count: 400)),
    ])
    func hostileExpressionsAreRejectedNotFatal(kind: String, source: String) {
        onSmallStack {
            let message = Self.syntaxError(source)
            #expect(message?.contains("nested more than 32 levels") == true
                || message?.contains("longer than 1000 characters") == true, "\(kind): \(message ?? "accepted")")
        }
    }

    @Test func theDeepestAcceptedExpressionEvaluatesOnASmallStack() {
        let depth = ExpressionParser.maximumDepth
        // `!` nests one level each; the comparison and its operands take two more.
        let source = String(repeating: "!", count: depth - 2) + "(count == 3)"
        onSmallStack {
            let scope = variables(["count": 3])
            let result = Result { try ExpressionEvaluator(variables: scope, redaction: Redaction())
                .isTrue(ExpressionParser.parse(source)) }
            #expect((try? result.get()) == true)
            #expect(Self.syntaxError("!" + source)?.contains("nested more than 32 levels deep") == true)
        }
    }

    @Test func aLogTemplateIsBoundedAndItsBracesBalanced() {
        #expect(throws: ExpressionSyntaxError(message: "`}` has no matching `{`; write `}}` for a brace", offset: 7)) {
            try LogTemplate(parsing: "total: } {count}")
        }
        let long = String(repeating: "x", count: LogTemplate.maximumLength + 1)
        #expect(throws: ExpressionSyntaxError.self) { try LogTemplate(parsing: long) }
        onSmallStack {
            let nested = "{" + String(repeating: "(", count: 20_000) + "a" + String(repeating: ")", count: 20_000) + "}"
            #expect(throws: ExpressionSyntaxError.self) { try LogTemplate(parsing: nested) }
        }
    }
}
