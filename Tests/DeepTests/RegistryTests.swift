import DeepModel
import DeepProbeABI
import Testing

@testable import Deep

/// A probe record in memory, laid out as the renderers lay it out.
final class RecordInMemory {
    let words: UnsafeMutablePointer<UInt64>
    let count: Int
    let record: ProbeRecord
    private let layout: ProbeRecordLayout

    init(path: String, lines: [Int], regions: [ClosedRange<Int>] = [], functions: [ProbedFunction] = []) {
        let maxLine = (lines.max() ?? 0) + 10
        self.layout = ProbeRecordLayout(
            path: path, maxLine: maxLine, language: DEEP_LANGUAGE_SWIFT, regions: regions, functions: functions)
        let layout = self.layout.words(probedLines: lines)
        count = layout.count
        words = .allocate(capacity: layout.count)
        words.initialize(from: layout, count: layout.count)
        record = ProbeRecord(at: words, length: layout.count)!
    }

    /// Whether the probe on `line` finds its bit set, tested as the probe itself tests it.
    func isEnabled(_ line: Int) -> Bool {
        let (word, mask) = layout.enabledBit(line: line)
        return deep_probe_enabled(UnsafeRawPointer(words), word, mask)
    }

    /// Whether the copy region `index` finds its bit set, tested as its check tests it.
    func isRegionEnabled(_ index: Int) -> Bool {
        let (word, mask) = layout.regionBit(index: index)
        return deep_probe_enabled(UnsafeRawPointer(words), word, mask)
    }

    deinit { words.deallocate() }

    /// A file with one function, `price()`, from line 10 to its exit on line 20.
    static var pricing: RecordInMemory {
        RecordInMemory(
            path: "/app/Pricing.swift", lines: [10, 20], functions: [ProbedFunction(name: "price()", line: 10, endLine: 20, exits: true)])
    }
}

@Suite struct RegistryTests {
    let model = RecordInMemory(
        path: "/src/Sources/App/Model.swift", lines: [3, 40, 43, 130],
        functions: [
            ProbedFunction(name: "Model.price(_:for:)", line: 3, endLine: 40, exits: true),
            ProbedFunction(name: "Model.total.get", line: 43, endLine: 43, exits: false),
        ])
    let billing = RecordInMemory(
        path: "/src/Sources/Billing/Rules.swift", lines: [5],
        functions: [ProbedFunction(name: "apply()", line: 5, endLine: 9, exits: false)])
    let shipping = RecordInMemory(
        path: "/src/Sources/Shipping/Rules.swift", lines: [5],
        functions: [ProbedFunction(name: "apply()", line: 5, endLine: 9, exits: false)])
    var registry: FileRegistry { FileRegistry(records: [model.record, billing.record, shipping.record]) }

    @Test func recordsReadBackWhatTheRenderersWrote() {
        #expect(model.record.path == "/src/Sources/App/Model.swift")
        #expect(model.record.layout.language == DEEP_LANGUAGE_SWIFT)
        #expect(model.record.probedLines == [3, 40, 43, 130])
        #expect(model.record.wordCount == model.count)
    }

    @Test func theWalkSkipsPaddingAndFindsEveryRecord() {
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: model.count + billing.count + 1)
        defer { words.deallocate() }
        words.initialize(from: model.words, count: model.count)
        words[model.count] = 0  // padding between two object files' sections
        (words + model.count + 1).initialize(from: billing.words, count: billing.count)
        let paths = ProbeRecord.walk(words, count: model.count + billing.count + 1).map(\.path)
        #expect(paths == ["/src/Sources/App/Model.swift", "/src/Sources/Billing/Rules.swift"])
    }

    @Test func enabledBitsAreWhatTheProbesTest() {
        model.record.setEnabledLines([40, 130])
        for line in [3, 40, 43, 130] {
            #expect(model.isEnabled(line) == [40, 130].contains(line), "line \(line)")
        }
        model.record.setEnabledLines([])
        #expect(!model.isEnabled(40))
    }

    /// A region's bit is set while a tracepoint is on one of its lines, nested regions and
    /// regions past the 64th included, and cleared with the last.
    @Test func regionBitsFollowTheLinesInThem() {
        let regions = [2...50] + [30...45] + (0..<70).map { 100 + $0...100 + $0 }
        let record = RecordInMemory(path: "/src/Loops.swift", lines: [3, 40, 120, 169], regions: regions)
        #expect(record.record.regions == regions)
        #expect(record.record.wordCount == record.count)
        record.record.setEnabledLines([40, 169])
        #expect(record.isRegionEnabled(0) && record.isRegionEnabled(1))
        #expect(record.isRegionEnabled(71) && !record.isRegionEnabled(70) && !record.isRegionEnabled(20))
        record.record.setEnabledLines([3])
        #expect(record.isRegionEnabled(0) && !record.isRegionEnabled(1) && !record.isRegionEnabled(71))
        record.record.setEnabledLines([])
        #expect(!record.isRegionEnabled(0))
    }

    @Test func recordsOfVersionOneAreStillRead() {
        let words = UnsafeMutablePointer<UInt64>.allocate(capacity: model.count)
        defer { words.deallocate() }
        words.initialize(from: model.words, count: model.count)
        words[2] = 1 | UInt64(DEEP_LANGUAGE_SWIFT.rawValue) << 16  // version 1: no region count
        let record = ProbeRecord(at: words, length: model.count)
        #expect(record?.probedLines == [3, 40, 43, 130])
        #expect(record?.regions == [])
    }

    @Test(arguments: ["Model.swift", "App/Model.swift", "Sources/App/Model.swift", "/src/Sources/App/Model.swift", "./App/Model.swift"])
    func pathsMatchBySuffixOfWholeComponents(path: String) throws {
        let location = try registry.resolve(path: path, line: 40).get()
        #expect(location.path == "/src/Sources/App/Model.swift")
    }

    @Test(arguments: ["odel.swift", "pp/Model.swift", "Other/Model.swift", "Model", ""])
    func partialComponentsDoNotMatch(path: String) {
        #expect(registry.resolve(path: path, line: 40) == .failure(.unknownFile(path: path)))
    }

    @Test func anAmbiguousPathListsTheCandidates() {
        let result = registry.resolve(path: "Rules.swift", line: 5)
        #expect(
            result
                == .failure(
                    .ambiguous(
                        path: "Rules.swift",
                        candidates: ["/src/Sources/Billing/Rules.swift", "/src/Sources/Shipping/Rules.swift"])))
        #expect(
            "\(LocationError.ambiguous(path: "Rules.swift", candidates: ["/a/Rules.swift", "/b/Rules.swift"]))"
                == "`Rules.swift` matches 2 files: /a/Rules.swift, /b/Rules.swift; give more of the path")
        #expect((try? registry.resolve(path: "Billing/Rules.swift", line: 5).get()) != nil)
    }

    /// A method is named whole, without its labels, or without its type; the stage picks the
    /// entry's line or the exit's.
    @Test(arguments: ["Model.price(_:for:)", "Model.price", "price(_:for:)", "price"])
    func methodsAreFoundByName(name: String) throws {
        let entry = try registry.resolve(Tracepoint(id: "t", path: "", line: 0, stage: .methodStart, methodName: name)).get()
        #expect(entry.path == "/src/Sources/App/Model.swift" && entry.line == 3)
        let exit = try registry.resolve(Tracepoint(id: "t", path: "Model.swift", line: 0, stage: .methodEnd, methodName: name)).get()
        #expect(exit.line == 40)
        let around = try registry.resolve(Tracepoint(id: "t", path: "Model.swift", line: 20, stage: .methodEnd)).get()
        #expect(around.line == 40)
    }

    @Test func aMethodThatIsUnknownAmbiguousOrWithoutExitIsRefused() {
        func resolve(_ name: String, _ stage: Tracepoint.Stage = .methodStart, path: String = "") -> LocationError? {
            guard case .failure(let error) = registry.resolve(Tracepoint(id: "t", path: path, line: 0, stage: stage, methodName: name))
            else { return nil }
            return error
        }
        #expect(resolve("prices") == .unknownMethod(name: "prices", nearest: ["Model.price(_:for:)", "Model.total.get", "apply()"]))
        #expect(
            resolve("apply")
                == .ambiguousMethod(
                    name: "apply",
                    candidates: ["apply() (/src/Sources/Billing/Rules.swift:5)", "apply() (/src/Sources/Shipping/Rules.swift:5)"]))
        #expect(resolve("apply", path: "Billing/Rules.swift") == nil)
        #expect(resolve("Model.total.get", .methodEnd) == .noExit(function: "Model.total.get"))
        #expect(resolve("price", .lineEnd) == .unsupportedStage(.lineEnd))
        #expect(resolve("price", path: "Other.swift") == .unknownFile(path: "Other.swift"))
        // A huge name is refused at once, without suggestions to work out.
        let huge = String(repeating: "p", count: 1_000_000)
        #expect(resolve(huge) == .unknownMethod(name: huge, nearest: []))
    }

    @Test func aLineWithoutAProbeNamesTheNearestOnes() {
        let path = "/src/Sources/App/Model.swift"
        #expect(registry.resolve(path: "Model.swift", line: 41) == .failure(.noCode(line: 41, nearest: [40, 43], path: path)))
        #expect(
            "\(LocationError.noCode(line: 41, nearest: [40, 43], path: "M.swift"))"
                == "no code at line 41 of M.swift; nearest probed lines are 40 and 43")
        #expect(
            "\(LocationError.noCode(line: 1, nearest: [3], path: "M.swift"))"
                == "no code at line 1 of M.swift; nearest is 3")
        #expect(registry.resolve(path: "Model.swift", line: 500) == .failure(.noCode(line: 500, nearest: [130], path: path)))
    }
}
