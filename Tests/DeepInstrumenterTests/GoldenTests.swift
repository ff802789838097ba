import Foundation
import Testing

@testable import DeepInstrumenter

/// Each file in Golden/ is instrumented and compared with its `.expected` twin. To accept a
/// change of output after reading it: `DEEP_UPDATE_GOLDEN=1 swift test --filter GoldenTests`.
@Suite struct GoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    /// The cases; an unreadable folder is a case that fails, never zero cases that pass.
    static let names = Result { try FileManager.default.contentsOfDirectory(atPath: directory.path) }
        .map { $0.filter { $0.hasSuffix(".swift") }.sorted() }

    @Test func theGoldenFolderHoldsCases() throws {
        #expect(try Self.names.get().count >= 10)
    }

    @Test(arguments: (try? names.get()) ?? [])
    func matchesExpectedOutput(name: String) throws {
        let input = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
        let result = try SwiftFileInstrumenter.instrument(
            source: input, originalPath: "/golden/\(name)", isMainFile: name == "main.swift")
        let expectedURL = Self.directory.appendingPathComponent(name.replacingOccurrences(of: ".swift", with: ".expected"))
        if ProcessInfo.processInfo.environment["DEEP_UPDATE_GOLDEN"] == "1" {
            try result.text.write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(result.text == expected)
    }

    /// The rewrite inserts within lines only, and writes some regions twice: each copy starts
    /// on the original's line (the second with a line directive), and removing the inserted
    /// text and the second copies gives the original back.
    @Test(arguments: (try? names.get()) ?? [])
    func everyLineStaysOnItsLine(name: String) throws {
        let input = try String(contentsOf: Self.directory.appendingPathComponent(name), encoding: .utf8)
        let result = try SwiftFileInstrumenter.instrument(
            source: input, originalPath: "/golden/\(name)", isMainFile: name == "main.swift")
        let original = input.components(separatedBy: "\n")
        let output = result.text.components(separatedBy: "\n")
        #expect(output[0] == "#sourceLocation(file: \"/golden/\(name)\", line: 1)")
        let end = try #require(output.lastIndex(of: "#sourceLocation()"))
        let restored = try Self.restoring(Array(output[1..<end]), file: "/golden/\(name)")
        #expect(restored.count == original.count)
        for (index, line) in original.enumerated() {
            #expect(restored.count > index && restored[index] == line, "line \(index + 1)")
        }
    }

    /// The original lines from a rewritten file's: probes removed, then each region written
    /// twice replaced by its second copy, checking that both copies are the same text, that
    /// the line directive before the second names the line the first starts on, and that a
    /// directive after a region names the line that follows it.
    static func restoring(_ lines: [String], file: String) throws -> [String] {
        let opener = #" if __deepOn(_[0-9a-f]+)?\(\d+, 0x[0-9a-f]+\) \{"#
        let middle = "\\} else \\{\n#sourceLocation\\(file: \"\(file)\", line: (\\d+)\\)\n"
        let marked = lines.joined(separator: "\n")
            .replacingOccurrences(of: opener, with: "\u{2}", options: .regularExpression)
            .replacingOccurrences(of: middle, with: "\u{3}$1\u{4}", options: .regularExpression)
            .replacingOccurrences(
                of: "\n#sourceLocation\\(file: \"\(file)\", line: (\\d+)\\)\n", with: "\n\u{5}$1\u{6}",
                options: .regularExpression)
        var text = removingProbes(marked.components(separatedBy: "\n")).joined(separator: "\n")
        // Innermost first: the last opener's second copy holds no other region.
        while let open = text.range(of: "\u{2}", options: .backwards) {
            let mark = try #require(
                text.range(of: #"\x{03}\d+\x{04}"#, options: .regularExpression, range: open.upperBound..<text.endIndex))
            let first = String(text[open.upperBound..<mark.lowerBound])
            let directiveLine = Int(text[mark].dropFirst().dropLast())
            #expect(directiveLine == logicalLine(of: open.lowerBound, in: text), "copy at \(first.prefix(40))")
            let rest = text[mark.upperBound...]
            #expect(rest.hasPrefix(first + "}"), "the copies of \(first.prefix(40)) differ")
            guard rest.hasPrefix(first + "}") else { break }
            text.replaceSubrange(open.lowerBound..<text.index(mark.upperBound, offsetBy: first.count + 1), with: first)
        }
        while let mark = text.firstIndex(of: "\u{5}") {
            let number = text[text.index(after: mark)...].prefix { $0.isNumber }
            #expect(Int(number) == 1 + text[..<mark].count { $0 == "\n" }, "line directive \(number)")
            text.removeSubrange(mark...text.index(mark, offsetBy: number.count + 1))
        }
        return text.components(separatedBy: "\n")
    }

    /// The line a compiler gives `position`: from the last line directive before it (in
    /// `restoring`'s marks) or the file's first line.
    static func logicalLine(of position: String.Index, in text: String) -> Int {
        let before = text[..<position]
        guard let mark = before.lastIndex(where: { $0 == "\u{3}" || $0 == "\u{5}" }) else { return 1 + before.count { $0 == "\n" } }
        let number = before[before.index(after: mark)...].prefix { $0.isNumber }
        return Int(number)! + before[mark...].count { $0 == "\n" }
    }

    /// Lines with the probe text taken out. A probe that wraps an expression may close it on a
    /// later line (`{(PROBE, ` ... `).1`); one that follows a value (`, PROBE).0`) opened it
    /// on an earlier line, at the `(` that the text before it leaves unmatched.
    static func removingProbes(_ lines: [String]) -> [String] {
        var unclosed = 0
        let restored = removingKeptReturns(lines.joined(separator: "\n")).components(separatedBy: "\n").map { line in
            var text = removingProbes(line, unclosed: &unclosed)
            while unclosed > 0, let close = text.range(of: ").1") {
                text.replaceSubrange(close, with: "")
                unclosed -= 1
            }
            return text
        }
        var text = Array(restored.joined(separator: "\n"))
        while let mark = text.firstIndex(of: afterValueMark) {
            text.remove(at: mark)
            var depth = 0
            for index in stride(from: mark - 1, through: 0, by: -1) {
                if text[index] == ")" { depth += 1 }
                if text[index] == "(" {
                    if depth == 0 { text.remove(at: index); break }
                    depth -= 1
                }
            }
        }
        return String(text).components(separatedBy: "\n")
    }

    /// `text` without the wrappers that keep a `return`'s value (`__deepKeep(&__deepReturned,
    /// ON, value)`): each opener and the `)` that closes it (outside string literals).
    static func removingKeptReturns(_ text: String) -> String {
        let opener = #"(/\*\*/)?__deepKeep(_[0-9a-f]+)?\(&__deepReturned, __deepOn(_[0-9a-f]+)?\(\d+, 0x[0-9a-f]+\), "#
        var text = text
        while let open = text.range(of: opener, options: .regularExpression) {
            var depth = 0
            var inString = false
            var index = open.upperBound
            while index < text.endIndex {
                let character = text[index]
                if character == "\"" && text[text.index(before: index)] != "\\" { inString.toggle() }
                if !inString && character == "(" { depth += 1 }
                if !inString && character == ")" {
                    if depth == 0 { break }
                    depth -= 1
                }
                index = text.index(after: index)
            }
            guard index < text.endIndex else { break }
            text.remove(at: index)
            text.removeSubrange(open)
        }
        return text
    }

    /// Stands for a removed `, PROBE).0` until its opening `(` is removed too.
    static let afterValueMark: Character = "\u{1}"

    /// A line with the probe text taken out; `unclosed` counts wrapped expressions left open.
    static func removingProbes(_ line: String, unclosed: inout Int) -> String {
        // A function's exit reads the time of entry first, and may keep what it returns and
        // what it throws (a `do` after the exit's `defer` and a `catch` before the closing brace).
        var text = line.replacingOccurrences(
            of: #"(var __deepReturned: Any\? = nil; )?(var __deepThrown: \(any Swift\.Error\)\? = nil; )?"#
                + #"let __deepStart = __deepOn(_[0-9a-f]+)?\(\d+, 0x[0-9a-f]+\) \? _deepNow\(\) : 0; "#,
            with: "", options: .regularExpression
        )
        .replacingOccurrences(of: "} catch { __deepThrown = error; throw error }", with: "")
        while let start = text.range(of: #"__deepOn(_[0-9a-f]+)?\("#, options: .regularExpression) {
            // The probe's own parentheses and brackets balance; it ends at ` : ()`.
            guard let end = text.range(of: " : ()", range: start.upperBound..<text.endIndex) else { break }
            var lower = start.lowerBound
            var upper = end.upperBound
            if text[..<lower].hasSuffix("defer { let _ = "), text[upper...].hasPrefix(" }; ") {
                lower = text.index(lower, offsetBy: -16)
                upper = text.index(upper, offsetBy: 4)
                if let opening = text[upper...].prefixMatch(of: #/do( throws\([^{]*\))? \{ /#) { upper = opening.range.upperBound }
            } else if text[..<lower].hasSuffix("let _ = "), text[upper...].hasPrefix("; ") {
                lower = text.index(lower, offsetBy: -8)
                upper = text.index(upper, offsetBy: 2)
            } else if text[..<lower].hasSuffix(", "), text[upper...].hasPrefix(").0") {
                text.replaceSubrange(text.index(lower, offsetBy: -2)..<text.index(upper, offsetBy: 3), with: String(Self.afterValueMark))
                continue
            } else if text[..<lower].hasSuffix("; let _ = ") {
                lower = text.index(lower, offsetBy: -10)
            } else if text[..<lower].hasSuffix("("), text[upper...].hasPrefix(", ") {
                lower = text.index(before: lower)
                upper = text.index(upper, offsetBy: 2)
                text.replaceSubrange(lower..<upper, with: "")
                if let close = text.range(of: ").1", range: lower..<text.endIndex) {
                    text.replaceSubrange(close, with: "")
                } else {
                    unclosed += 1
                }
                continue
            }
            text.replaceSubrange(lower..<upper, with: "")
        }
        return text
    }
}
