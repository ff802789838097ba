import DeepModel
import DeepProbeABI
import Foundation
import Testing

@testable import DeepInstrumenter

@Suite struct InstrumenterTests {
    private func instrument(_ source: String, main: Bool = false) throws -> InstrumentedFile {
        try SwiftFileInstrumenter.instrument(source: source, originalPath: "/src/File.swift", isMainFile: main)
    }

    @Test func reportsTheFirstSyntaxErrorWithItsPosition() {
        #expect(throws: InstrumentationError.doesNotParse(path: "/src/File.swift", detail: "1:16: expected '}' to end function")) {
            try instrument("func broken() {\n")
        }
    }

    /// Wrappers that start or end at one offset nest by where their other end lies, whatever
    /// order they are given in; text that wraps nothing goes outside them.
    @Test func wrappersAtOneOffsetNest() {
        let source = Array("value\n}".utf8)  // a body's value (0..<5) and its closing brace (6)
        let inner = [
            TextInsertion(offset: 0, rank: 1, otherEnd: 5, text: "(P, "), TextInsertion(offset: 5, rank: 0, otherEnd: 0, text: ").1"),
        ]
        let outer = [
            TextInsertion(offset: 0, rank: 1, otherEnd: 6, text: "("), TextInsertion(offset: 6, rank: 0, otherEnd: 0, text: ", Q).0"),
        ]
        let statement = TextInsertion(offset: 0, rank: 1, text: "S; ")
        for insertions in [inner + outer + [statement], [statement] + outer + inner] {
            #expect(String(decoding: TextInsertion.apply(insertions, to: source, prefix: ""), as: UTF8.self) == "S; ((P, value).1\n, Q).0}")
        }
    }

    @Test func countsWhatItSkipsAndWhy() throws {
        let result = try instrument(
            """
            func b(_ n: Int) throws -> Int {
                let v = switch n {
                case 0:
                    print("zero")
                    0
                default: n
                }
                return v
            }
            """)
        #expect(result.skipped == [.expressionBranchWithStatements: 2])
        #expect(result.probedLines == [1, 2, 6, 8, 9])  // with the function's entry and exit
        #expect(result.executableLines == 7)
        #expect(result.statements == 5)
    }

    /// A body whose one statement is a `do` (or a loop) holds statements, not a value: every
    /// line gets its probe (it was once taken for a `do` expression and skipped).
    @Test func aBodyThatIsOneDoStatementIsProbed() throws {
        let result = try instrument(
            """
            func parsed(_ text: String) -> Int {
                do {
                    return try Int(text, format: .number)
                } catch {
                    return 0
                }
            }
            """)
        #expect(result.skipped.isEmpty)
        #expect(result.probedLines == [1, 2, 3, 4, 5, 7])
    }

    @Test func topLevelCodeIsProbedOnlyInMainFiles() throws {
        #expect(try instrument("let a = 1\nprint(a)\n", main: true).probedLines == [1, 2])
        // Elsewhere a global is initialized on first use: its initial value gets the probe.
        let global = try instrument("let a = 1\n", main: false)
        #expect(global.probedLines == [1])
        #expect(global.text.contains("let a = (__deepOn("))
    }

    @Test func oneProbePerLine() throws {
        let result = try instrument("func f() {\n    let a = 1; let b = a\n    [a, b].forEach { print($0) }\n}\n")
        #expect(result.probedLines == [1, 2, 3, 4])  // the function's entry and exit, then one per line
        // In the probed copy; + the exit's read of the entry time, + the check that picks the
        // copy, + the helper's definition.
        #expect(result.text.components(separatedBy: "__deepOn(").count - 1 == 4 + 1 + 1 + 1)
    }

    /// Bodies that run as written get two copies; a loop gets a check per iteration only
    /// when an iteration may run long (deep_probe.h, "Two copies").
    @Test(arguments: [
        ("func f(_ xs: [Int]) -> Int {\n    var t = 0\n    for x in xs { t += x }\n    return t\n}\n", 1),
        ("func f(_ xs: inout [Int]) {\n    while xs.count < 9 {\n        xs.append(xs.count)\n    }\n}\n", 1),
        ("func f() {\n    while let line = readLine() {\n        print(line)\n    }\n}\n", 2),
        ("func g() {}\nfunc f() {\n    for _ in 0..<3 {\n        g()\n    }\n}\n", 3),
        ("struct S { func g() {} }\nfunc f(_ s: S) {\n    for _ in 0..<3 {\n        s.g()\n    }\n}\n", 3),
        ("func f(_ s: AsyncStream<Int>) async {\n    for await x in s {\n        _ = x\n    }\n}\n", 2),
        ("func f() -> Int {\n    1 + 2\n}\n", 0),
        ("@Builder func f() -> [Int] {\n    1\n    2\n}\n", 0),
        ("let c = { (x: Int) in\n    let y = x\n    print(y)\n}\n", 0),
        ("let c = { (x: Int) -> Int in\n    let y = x\n    return y\n}\n", 1),
    ])
    func twoCopiesWhereTheyRunAsWritten(source: String, copies: Int) throws {
        let result = try instrument(source)
        #expect(result.text.components(separatedBy: " if __deepOn(").count - 1 == copies, "\(result.text)")
    }

    @Test func theRecordDescribesTheFile() throws {
        let layout = ProbeRecordLayout(path: "/src/App/Orders.swift", maxLine: 130, language: DEEP_LANGUAGE_SWIFT)
        let words = layout.words(probedLines: [3, 64, 129])
        #expect(words[0] == 0x3143_4552_5045_4544)  // "DEEPREC1"
        #expect(words[1] == UInt64("/src/App/Orders.swift".utf8.count) | 3 << 32)
        let pathWords = (21 + 7) / 8
        let probeMap = Array(words[(3 + pathWords)...].prefix(3))
        #expect(probeMap == [1 << 3, 1 << 0, 1 << 1])
        #expect(words.count == 3 + pathWords + 3 + 3 + 1)  // header, path, maps, no regions, no functions
        #expect(words.suffix(4) == [0, 0, 0, 0])

        let withRegions = ProbeRecordLayout(
            path: "/src/App/Orders.swift", maxLine: 130, language: DEEP_LANGUAGE_SWIFT,
            regions: [3...20, 64...129])
        let regionWords = withRegions.words(probedLines: [3, 64, 129])
        #expect(regionWords[2] == 3 | 1 << 16 | 2 << 32)  // version, language, regions
        #expect(Array(regionWords.suffix(4)) == [0, 3 | 20 << 32, 64 | 129 << 32, 0] as [UInt64])  // region map, table, functions
        #expect(withRegions.regionBit(index: 1) == (3 + pathWords + 3 + 3, 1 << 1))

        let functions = [
            ProbedFunction(name: "Orders.place(_:)", line: 3, endLine: 20, exits: true),
            ProbedFunction(name: "Orders.total.get", line: 64, endLine: 64, exits: false),
        ]
        let withFunctions = ProbeRecordLayout(
            path: "/src/App/Orders.swift", maxLine: 130, language: DEEP_LANGUAGE_SWIFT, regions: [3...20], functions: functions)
        var written = withFunctions.words(probedLines: [3, 20, 64])
        #expect(written.count == withFunctions.wordCount)
        let read = try #require(ProbeRecordLayout(reading: &written, length: written.count))
        #expect(read.functions == functions && read.regions == [3...20] && read.wordCount == written.count)
        #expect(ProbeRecordLayout(reading: &written, length: written.count - 1) == nil)  // the names cut short
    }

    /// A C region is written twice only when each copy sees the same preprocessor: its
    /// conditionals open and close inside it, and it includes nothing.
    @Test(arguments: [
        ("x++;\n#ifdef A\n  y();\n#else\n  z();\n#endif\n", true),
        ("x++;\n  #  if A\n#define B 1\n# endif\n", true),
        ("x++;\n#else\n  z();\n", false),
        ("x++;\n#endif\n", false),
        ("#if A\n  x++;\n", false),
        ("#include \"more.inc\"\n", false),
        ("#line 40 \"parser.y\"\n", false),
        ("# 40 \"parser.y\"\n", false),
    ])
    func cRegionsAreCopiedOnlyWithBalancedDirectives(text: String, copies: Bool) {
        let bytes = Array(text.utf8)
        #expect(CCopyRules.directivesAllowCopy(bytes, 0..<bytes.count) == copies)
    }

    /// C functions are written twice only in an optimised build: at -O0 the second copy
    /// would only grow each frame (jansson's recursion-depth test ran out of stack).
    @Test(arguments: [(["-O2"], true), (["-O2", "-O0"], false), (["-std=c11"], false), (["-Os"], true)])
    func cFunctionsAreWrittenTwiceOnlyWhenTheBuildOptimises(flags: [String], copies: Bool) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("deep-copies-\(UUID().uuidString).c")
        try "int twice(int n) {\n    n += 1;\n    return n * 2;\n}\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let (result, errors) = try CFileInstrumenter.instrument(path: file.path, arguments: flags)
        #expect(errors.isEmpty)
        // The entry, on the line that names the function; the exit, on its closing brace's.
        #expect(result.probedLines == [1, 2, 3, 4])
        #expect(result.functions == [ProbedFunction(name: "twice", line: 1, endLine: 4, exits: true)])
        #expect(String(decoding: result.contents, as: UTF8.self).contains("DEEP_C_PROBED") == copies)
    }

    @Test func summaryLineNamesEveryReason() {
        var summary = TreeInstrumenter.Summary(manifest: Manifest(root: "/", files: []))
        summary.files = 2
        summary.statements = 14
        summary.probes = 9
        summary.executableLines = 12
        summary.skipped = [.macroArgument: 1, .expressionBranchWithStatements: 2]
        #expect(
            summary.line
                == "2 files, 14 statements, 9 probes on 9 of 12 executable lines (75.0%); skipped 3: 2 if/switch expression branch with statements, 1 macro argument"
        )
    }
}
