import DeepModel
import DeepProbeABI
import SwiftSyntax

/// Renders the text the rewriter inserts: probes, the `#sourceLocation` header and the
/// trailer that declares the file's probe record and its two helpers.
///
/// A probe reads, on one line:
///
///     let _ = __deepOn(7, 0x400) ? __deepHit(42, "Orders.place(_:)", { $0.capture("order", order) }) : (); stmt
///
/// `__deepOn` is the hot path: one relaxed load of word 7 of this file's record and a test
/// against a constant mask (deep_probe.h). The closure shows the runtime the variables in
/// scope (`_DeepVariables`); it runs only when a tracepoint there needs them, and as far as it
/// needs, so a condition reads the names it uses and copies nothing else.
/// It is marked unlikely (`_slowPath`), so the compiler moves each probe's capture code out
/// of line: a disabled probe then falls through instead of jumping over it (the Swift kernels
/// of `Benchmarks/run` measure the difference; docs/performance.md).
///
/// A body or loop iteration with copies (CopyRegion) reads:
///
///     func place(_ order: Order) { if __deepOn(9, 0x4) { PROBED } else {
///     #sourceLocation(file: "/src/Orders.swift", line: 41)
///     AS WRITTEN }}
///
/// `__deepOn(9, 0x4)` tests the region's bit (deep_probe.h, "Two copies"); the line
/// directive puts the plain copy back on the lines of the probed one.
///
/// In a file with probes in inlinable code (`@inlinable`, `@_alwaysEmitIntoClient`...), which
/// other modules compile too, the record and helpers are `@usableFromInline` instead of
/// private, named uniquely in the module (`__deepOn_9f3a2c11`), and Deep is imported publicly.
/// A client module that inlines such code reads the record through its addressor, a call
/// per probe, instead of one load.
struct ProbeRenderer {
    let originalPath: String
    let maxLine: Int
    /// Whether inlinable code in the file has probes.
    let exportsHelpers: Bool
    /// Whether the module's own code imports Deep with no access level: the trailer's import
    /// then has none either (`ModuleDeclarations.importsDeepImplicitly`).
    let importsDeepImplicitly: Bool
    /// The regions written twice, in the order of their bits.
    var regions: [CopyRegion] = []
    /// The functions the record lists for method tracepoints.
    var functions: [ProbedFunction] = []

    private var layout: ProbeRecordLayout {
        ProbeRecordLayout(
            path: originalPath, maxLine: maxLine, language: DEEP_LANGUAGE_SWIFT, regions: regions.map(\.lines), functions: functions)
    }
    private var suffix: String { exportsHelpers ? "_" + layout.fileID : "" }
    private var record: String { "__deepRecord" + suffix }
    private var on: String { "__deepOn" + suffix }
    private var hit: String { "__deepHit" + suffix }
    private var keep: String { "__deepKeep" + suffix }

    /// `since`: for a function's exit, the variable that holds when it was entered.
    func probe(_ site: ProbeSite, since start: String? = nil) -> String {
        var captures = site.captures.map { "$0.capture(\(Self.literal($0.display)), \($0.spelling))" }
        if case .onExit(_, let keepsReturn, let keepsError) = site.form {
            if keepsReturn { captures.append("$0.returned(__deepReturned)") }
            if keepsError { captures.append("$0.thrown(__deepThrown)") }
        }
        let variables = captures.isEmpty ? "{ _ in }" : "{ \(captures.joined(separator: "; ")) }"
        let since = start.map { ", since: \($0)" } ?? ""
        return "\(enabled(site.line)) ? \(hit)(\(site.line), \(Self.literal(site.function)), \(variables)\(since)) : ()"
    }

    /// The text a probe inserts, and where. At one offset, text that closes an expression goes
    /// before text that opens one, and wrappers nest by where their other end lies.
    func insertions(for site: ProbeSite) -> [TextInsertion] {
        let probe = probe(site)
        func opening(_ offset: AbsolutePosition, _ text: String, closedAt end: AbsolutePosition? = nil) -> TextInsertion {
            TextInsertion(offset: offset.utf8Offset, rank: 1, otherEnd: end?.utf8Offset, text: text, owner: site.owner)
        }
        func closing(_ offset: AbsolutePosition, _ text: String, openedAt start: AbsolutePosition) -> TextInsertion {
            TextInsertion(offset: offset.utf8Offset, rank: 0, otherEnd: start.utf8Offset, text: text, owner: site.owner)
        }
        switch site.form {
        case .statement:
            return [opening(site.position, "let _ = \(probe); ")]
        case .expression(let end):
            return [opening(site.position, "(\(probe), ", closedAt: end), closing(end, ").1", openedAt: site.position)]
        case .afterValue(let start):
            return [opening(start, "(", closedAt: site.position), closing(site.position, ", \(probe)).0", openedAt: start)]
        case .afterStatement:
            return [opening(site.position, "; let _ = \(probe)")]
        case .onExit(timed: false, _, _):
            return [opening(site.position, "defer { let _ = \(probe) }; ")]
        case .onExit(timed: true, let keepsReturn, let keepsError):
            // The start time is read only while a tracepoint is on the exit's line, so the
            // exit can tell how long the call took (`method_end`).
            let start = "let __deepStart = \(enabled(site.line)) ? _deepNow() : 0"
            let returned = keepsReturn ? "var __deepReturned: Any? = nil; " : ""
            let thrown = keepsError ? "var __deepThrown: (any Swift.Error)? = nil; " : ""
            return [
                opening(site.position, "\(returned)\(thrown)\(start); defer { let _ = \(self.probe(site, since: "__deepStart")) }; ")
            ]
        }
    }

    /// The text that keeps a `return`'s value for the exit probe, around the value.
    func insertions(for capture: ReturnCapture) -> [TextInsertion] {
        [
            TextInsertion(
                offset: capture.start.utf8Offset, rank: 1, otherEnd: capture.end.utf8Offset,
                text: (capture.touchesKeyword ? "/**/" : "") + "\(keep)(&__deepReturned, \(enabled(capture.exitLine)), ",
                owner: capture.owner, probedCopyOnly: true),
            TextInsertion(
                offset: capture.end.utf8Offset, rank: 0, otherEnd: capture.start.utf8Offset, text: ")", owner: capture.owner,
                probedCopyOnly: true),
        ]
    }

    /// The `do` and `catch` that keep a thrown error for the exit probe, around the body.
    /// The `catch` goes after all else at its offset (rank 2): the last statement's closers
    /// and the probe that follows an `if` (`; let _ = PROBE`), which reads its locals, stay in
    /// the `do`.
    func insertions(for capture: ErrorCapture) -> [TextInsertion] {
        [
            TextInsertion(
                offset: capture.start.utf8Offset, rank: 1, otherEnd: capture.end.utf8Offset, text: "\(capture.catching) { ",
                owner: capture.owner, probedCopyOnly: true),
            TextInsertion(
                offset: capture.end.utf8Offset, rank: 2, text: "} catch { __deepThrown = error; throw error }", owner: capture.owner,
                probedCopyOnly: true),
        ]
    }

    /// The test of `line`'s enabled bit.
    private func enabled(_ line: Int) -> String {
        let (word, mask) = layout.enabledBit(line: line)
        return "\(on)(\(word), \(ProbeRecordLayout.hex(mask)))"
    }

    /// The text that writes region `index` twice.
    func splice(_ index: Int) -> CopySplice {
        let region = regions[index]
        let (word, mask) = layout.regionBit(index: index)
        return CopySplice(
            start: region.start.utf8Offset, end: region.end.utf8Offset, owner: region.owner,
            open: " if \(on)(\(word), \(ProbeRecordLayout.hex(mask))) {",
            middle: "} else {\n" + lineDirective(region.startLine), close: "}")
    }

    /// The line directive that restates the line after region `index`, if it may have one.
    func lineAfter(_ index: Int) -> TextInsertion? {
        regions[index].lineAfter.map { TextInsertion(offset: $0.position.utf8Offset, rank: 0, text: lineDirective($0.line)) }
    }

    var header: String { lineDirective(1) }

    private func lineDirective(_ line: Int) -> String { "#sourceLocation(file: \(Self.literal(originalPath)), line: \(line))\n" }

    func trailer(probedLines: [Int]) -> String {
        let words = layout.words(probedLines: probedLines)
        // Standard library names are qualified: the file's own declarations and imports must
        // not change what they mean (seen in the wild: a record no longer a constant).
        let type = "(" + Array(repeating: "Swift.UInt64", count: words.count).joined(separator: ", ") + ")"
        let values = words.map(ProbeRecordLayout.hex).joined(separator: ", ")
        let (importAccess, access, inlinable, usable) =
            exportsHelpers
            ? ("public ", "internal", "@inlinable ", "@usableFromInline ") : ("private ", "private", "", "")
        return """

            #sourceLocation()
            // Added by deep-instrument: this file's probe record (deep_probe.h) and its probes' helpers.
            \(importsDeepImplicitly ? "" : importAccess)import Deep
            \(usable)@used @section("\(DEEP_RECORD_SECTION)") @exclusivity(unchecked)
            \(access) nonisolated(unsafe) var \(record): \(type) = (\(values))
            \(inlinable)@inline(__always) nonisolated \(access) func \(on)(_ word: Swift.Int, _ mask: Swift.UInt64) -> Swift.Bool {
                Swift._slowPath(Swift.withUnsafeMutablePointer(to: &\(record)) { deep_probe_enabled($0, word, mask) })
            }
            \(inlinable)@inline(__always) nonisolated \(access) func \(keep)<T>(_ kept: inout Any?, _ keeps: Swift.Bool, _ value: T) -> T {
                if keeps { kept = value }
                return value
            }
            \(usable)@inline(never) nonisolated \(access) func \(hit)(
                _ line: Swift.Int, _ function: Swift.StaticString, _ variables: (inout _DeepVariables) -> Swift.Void, since start: Swift.UInt64 = Swift.UInt64.max
            ) {
                Swift.withUnsafeMutablePointer(to: &\(record)) {
                    _deepProbeHit(record: Swift.UnsafeRawPointer($0), line: line, function: function, since: start, variables: variables)
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
