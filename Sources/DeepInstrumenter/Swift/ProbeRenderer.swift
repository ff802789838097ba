import DeepProbeABI

/// Renders the text the rewriter inserts: probes, the `#sourceLocation` header and the
/// trailer that declares the file's probe record and its two helpers.
///
/// A probe reads, on one line:
///
///     let _ = __deepOn(7, 0x400) ? __deepHit(42, "Orders.place(_:)", [_deepCapture("order", order)]) : (); stmt
///
/// `__deepOn` is the hot path: one relaxed load of word 7 of this file's record and a test
/// against a constant mask (deep_probe.h). The captures are evaluated only when it is true.
/// It is marked unlikely (`_slowPath`), so the compiler moves each probe's capture code out
/// of line: a disabled probe then falls through instead of jumping over it (the Swift kernels
/// of `Benchmarks/run` measure the difference; docs/performance.md).
struct ProbeRenderer {
    let originalPath: String
    let maxLine: Int

    private var layout: ProbeRecordLayout { ProbeRecordLayout(path: originalPath, maxLine: maxLine, language: DEEP_LANGUAGE_SWIFT) }

    func probe(_ site: ProbeSite) -> String {
        let (word, mask) = layout.enabledBit(line: site.line)
        let captures = site.captures
            .map { "_deepCapture(\(Self.literal($0.display)), \($0.spelling))" }
            .joined(separator: ", ")
        return "__deepOn(\(word), \(ProbeRecordLayout.hex(mask))) ? __deepHit(\(site.line), \(Self.literal(site.function)), [\(captures)]) : ()"
    }

    /// The text inserted before and after the probed statement or expression.
    func insertions(for site: ProbeSite) -> (before: String, after: String?) {
        switch site.form {
        case .statement: return ("let _ = \(probe(site)); ", nil)
        case .expression: return ("(\(probe(site)), ", ").1")
        case .afterStatement: return ("; let _ = \(probe(site))", nil)
        }
    }

    var header: String { "#sourceLocation(file: \(Self.literal(originalPath)), line: 1)\n" }

    func trailer(probedLines: [Int]) -> String {
        let words = layout.words(probedLines: probedLines)
        // Standard library names are qualified: the file's own declarations and imports must
        // not change what they mean (seen in the wild: a record no longer a constant).
        let type = "(" + Array(repeating: "Swift.UInt64", count: words.count).joined(separator: ", ") + ")"
        let values = words.map(ProbeRecordLayout.hex).joined(separator: ", ")
        return """

            #sourceLocation()
            // Added by deep-instrument: this file's probe record (deep_probe.h) and its probes' helpers.
            private import Deep
            @used @section("\(DEEP_RECORD_SECTION)") @exclusivity(unchecked)
            private nonisolated(unsafe) var __deepRecord: \(type) = (\(values))
            @inline(__always) nonisolated private func __deepOn(_ word: Swift.Int, _ mask: Swift.UInt64) -> Swift.Bool {
                Swift._slowPath(Swift.withUnsafeMutablePointer(to: &__deepRecord) { deep_probe_enabled($0, word, mask) })
            }
            @inline(never) nonisolated private func __deepHit(_ line: Swift.Int, _ function: Swift.StaticString, _ variables: [_DeepVariable]) {
                Swift.withUnsafeMutablePointer(to: &__deepRecord) {
                    _deepProbeHit(record: Swift.UnsafeRawPointer($0), line: line, function: function, variables: variables)
                }
            }

            """
    }

    /// A Swift string literal for `text`.
    static func literal(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
