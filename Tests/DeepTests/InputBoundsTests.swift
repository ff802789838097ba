import Foundation
import Testing

@testable import Deep

/// Input the runtime parses is bounded in length and depth, so hostile input gets an error
/// and never a crash, on a thread with a small stack too.
@Suite struct InputBoundsTests {
    /// Runs `body` on a thread with a 512 KiB stack (a sixteenth of a default pthread's), in
    /// this debug build, and returns what it returned.
    private func onSmallStack(_ body: @escaping @Sendable () -> String?) -> String? {
        let run = SmallStackRun(body)
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        pthread_attr_setstacksize(&attributes, 512 * 1024)
        var thread = pthread_t()
        let created = pthread_create(
            &thread, &attributes,
            { context in
                let run = Unmanaged<SmallStackRun>.fromOpaque(context!).takeUnretainedValue()
                run.result = run.body()
                return nil
            }, Unmanaged.passUnretained(run).toOpaque())
        precondition(created == 0)
        pthread_join(thread, nil)
        pthread_attr_destroy(&attributes)
        return run.result
    }

    private static func syntaxError(_ source: String) -> String? {
        do {
            _ = try ExpressionParser.parse(source)
            return nil
        } catch {
            return error.message
        }
    }

    private static let tooDeep = "nested more than 32 levels deep; split it into simpler expressions"

    /// Within the length bound, each way of nesting reaches the depth bound.
    @Test(arguments: [
        ("parentheses", String(repeating: "(", count: 450) + "a" + String(repeating: ")", count: 450)),
        ("negations", String(repeating: "!", count: 900) + "true"),
        ("subscripts", "a" + String(repeating: "[a", count: 300) + String(repeating: "]", count: 300)),
        ("a chain of operators", Array(repeating: "a", count: 200).joined(separator: " + ") + " > 0"),
        ("a chain of fields", "a" + String(repeating: ".b", count: 400)),
    ])
    func deepExpressionsAreRejectedNotFatal(kind: String, source: String) {
        #expect(source.count <= ExpressionParser.maximumLength)
        #expect(onSmallStack { Self.syntaxError(source) } == Self.tooDeep, "\(kind)")
    }

    @Test func longExpressionsAreRejectedBeforeParsing() {
        let nested = String(repeating: "(", count: 50_000) + "order.id < 0" + String(repeating: ")", count: 50_000)
        #expect(onSmallStack { Self.syntaxError(nested) } == "longer than 1000 characters (100012); split it or shorten it")
    }

    @Test func theDeepestAcceptedExpressionEvaluatesOnASmallStack() {
        let depth = ExpressionParser.maximumDepth
        // `!` nests one level each; the comparison and its operands take two more.
        let source = String(repeating: "!", count: depth - 2) + "(count == 3)"
        let result = onSmallStack {
            (try? compile(source).isTrue(variables(["count": 3]))).map { "\($0)" }
        }
        #expect(result == "true")
        #expect(onSmallStack { Self.syntaxError("!" + source) } == Self.tooDeep)
    }

    @Test func aLogTemplateIsBoundedAndItsBracesBalanced() {
        #expect(throws: ExpressionSyntaxError(message: "`}` has no matching `{`; write `}}` for a brace", offset: 7)) {
            try LogTemplate(parsing: "total: } {count}")
        }
        let long = String(repeating: "x", count: LogTemplate.maximumLength + 1)
        #expect(throws: ExpressionSyntaxError.self) { try LogTemplate(parsing: long) }
        let nested = "{" + String(repeating: "(", count: 400) + "a" + String(repeating: ")", count: 400) + "}"
        let message = onSmallStack { () -> String? in
            do throws(ExpressionSyntaxError) { _ = try LogTemplate(parsing: nested); return nil } catch { return error.message }
        }
        #expect(message?.hasSuffix(Self.tooDeep) == true, "\(message ?? "accepted")")
    }
}

/// A body to run on another thread, and what it returned.
private final class SmallStackRun: @unchecked Sendable {
    let body: @Sendable () -> String?
    var result: String?
    init(_ body: @escaping @Sendable () -> String?) { self.body = body }
}
