import DeepProbeABI
import Testing

@testable import Deep
@testable import DeepInstrumenter

/// A probe record in memory, laid out by the instrumenter's own renderer.
final class RecordInMemory {
    let words: UnsafeMutablePointer<UInt64>
    let count: Int
    let record: ProbeRecord

    init(path: String, lines: [Int]) {
        let layout = ProbeRecordLayout(path: path, maxLine: (lines.max() ?? 0) + 10, language: DEEP_LANGUAGE_SWIFT).words(probedLines: lines)
        count = layout.count
        words = .allocate(capacity: layout.count)
        words.initialize(from: layout, count: layout.count)
        record = ProbeRecord(at: words, length: layout.count)!
    }

    deinit { words.deallocate() }
}

@Suite struct RegistryTests {
    let model = RecordInMemory(path: "/src/Sources/App/Model.swift", lines: [3, 40, 43, 130])
    let billing = RecordInMemory(path: "/src/Sources/Billing/Rules.swift", lines: [5])
    let shipping = RecordInMemory(path: "/src/Sources/Shipping/Rules.swift", lines: [5])
    var registry: FileRegistry { FileRegistry(records: [model.record, billing.record, shipping.record]) }

    @Test func recordsReadBackWhatTheInstrumenterWrote() {
        #expect(model.record.path == "/src/Sources/App/Model.swift")
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
        let record = model.record
        record.setEnabledLines([40, 130])
        let base = UnsafeRawPointer(record.base)
        let path = Int64("/src/Sources/App/Model.swift".utf8.count)
        let enabled = deep_record_enabled_word(Int(path), deep_record_bitmap_words(140))
        for line in [3, 40, 43, 130] {
            let on = deep_probe_enabled(base, enabled + line / 64, 1 << UInt64(line % 64))
            #expect(on == [40, 130].contains(line), "line \(line)")
        }
        record.setEnabledLines([])
        #expect(!deep_probe_enabled(base, enabled + 40 / 64, 1 << 40))
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
        #expect(result == .failure(.ambiguous(path: "Rules.swift",
            candidates: ["/src/Sources/Billing/Rules.swift", "/src/Sources/Shipping/Rules.swift"])))
        #expect("\(LocationError.ambiguous(path: "Rules.swift", candidates: ["/a/Rules.swift", "/b/Rules.swift"]))"
            == "`Rules.swift` matches 2 files: /a/Rules.swift, /b/Rules.swift; give more of the path")
        #expect((try? registry.resolve(path: "Billing/Rules.swift", line: 5).get()) != nil)
    }

    @Test func aLineWithoutAProbeNamesTheNearestOnes() {
        let path = "/src/Sources/App/Model.swift"
        #expect(registry.resolve(path: "Model.swift", line: 41) == .failure(.noCode(line: 41, nearest: [40, 43], path: path)))
        #expect("\(LocationError.noCode(line: 41, nearest: [40, 43], path: "M.swift"))"
            == "no code at line 41 of M.swift; nearest probed lines are 40 and 43")
        #expect("\(LocationError.noCode(line: 1, nearest: [3], path: "M.swift"))"
            == "no code at line 1 of M.swift; nearest is 3")
        #expect(registry.resolve(path: "Model.swift", line: 500) == .failure(.noCode(line: 500, nearest: [130], path: path)))
    }
}
